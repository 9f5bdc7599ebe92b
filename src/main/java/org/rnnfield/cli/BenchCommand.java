package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Backends;
import org.rnnfield.backend.Precision;
import org.rnnfield.benchmark.TrainingStepWorkload;
import org.rnnfield.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnnfield bench}: a timed harness (warm-up, then the median of repeats) for the training
 * step, used by the peer comparison in bench/peers. JMH (bench/jmh) is the finer instrument.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time forward+BPTT training steps (median of repeats) and report effective GFLOP/s (6 N^2 B T flops per step).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--N", split = ",", description = "network sizes (default: 1000,4000)")
    int[] sizes = {1000, 4000};
    @Option(names = "--B", split = ",", description = "trials per batch (default: 16,64)")
    int[] batches = {16, 64};
    @Option(names = "--T", description = "time steps (default: 20)")
    int steps = 20;
    @Option(names = "--precision", description = "float32 or float64 (default: float32)")
    String precision = "float32";
    @Option(names = "--backend", description = "auto, cpu or cuda (default: cpu)")
    String backend = "cpu";
    @Option(names = "--repeats", description = "timed repeats (default: 5)")
    int repeats = 5;
    @Option(names = "--warmup", description = "untimed warm-up: at least this many steps and one second (default: 3)")
    int warmup = 3;
    @Option(names = "--json", description = "also write the results to this JSON file")
    Path json;

    @Override
    public Integer call() throws Exception {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        Precision p = Precision.parse(precision);
        for (int n : sizes) {
            for (int b : batches) {
                // a fresh backend per configuration, so its allocations are this workload's memory
                try (Backend be = Backends.create(backend, p)) {
                    if (rows.isEmpty()) {
                        System.err.println("rnnfield bench on " + be.describe());
                    }
                    measure(be, n, b, rows.addObject());
                }
            }
        }
        if (json != null) {
            Json.write(json, rows);
        }
        return 0;
    }

    /** Times one configuration: the median training step (forward + BPTT + update) and forward step. */
    private void measure(Backend be, int n, int b, ObjectNode row) {
        TrainingStepWorkload w = new TrainingStepWorkload(be, n, b, steps);
        // warm up until the JIT has compiled the hot loops: `warmup` steps and at least one second
        long warmStart = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - warmStart < 1_000_000_000L; i++) {
            w.trainingStep();
        }
        double median = medianSeconds(be, w::trainingStep);
        double gflops = TrainingStepWorkload.trainingFlops(n, b, steps) / median * 1e-9;
        // one Euler step (GEMM N x N x B + fused leak/phi), 2 N^2 B flops, timed over `steps` steps
        double forward = medianSeconds(be, () -> {
            for (int s = 0; s < steps; s++) {
                w.forwardStep();
            }
        }) / steps;
        double forwardGflops = 2.0 * n * (double) n * b / forward * 1e-9;
        double gemms = medianSeconds(be, w::gemmsOnly);
        double gemmsGflops = TrainingStepWorkload.trainingFlops(n, b, steps) / gemms * 1e-9;
        System.out.printf(Locale.ROOT, "N=%d B=%d T=%d %s: %.4f s/training step, %.1f GFLOP/s; forward step %.1f GFLOP/s; "
                        + "the step's GEMMs alone %.1f GFLOP/s (%.0f%% of the step's time); %.1f MiB%n",
                n, b, steps, precision, median, gflops, forwardGflops, gemmsGflops, 100 * gemms / median,
                be.allocatedBytes() / 1048576.0);
        row.put("N", n);
        row.put("B", b);
        row.put("T", steps);
        row.put("precision", precision);
        row.put("backend", be.describe());
        row.put("median_seconds", median);
        row.put("gflops", gflops);
        row.put("forward_step_seconds", forward);
        row.put("forward_step_gflops", forwardGflops);
        row.put("gemms_only_seconds", gemms);
        row.put("gemms_only_gflops", gemmsGflops);
        row.put("allocated_bytes", be.allocatedBytes());
    }

    /** Median over {@code repeats} of one call of {@code work} (after one untimed call), synchronized on the device. */
    private double medianSeconds(Backend be, Runnable work) {
        work.run();
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            be.synchronize();
            long t0 = System.nanoTime();
            work.run();
            be.synchronize();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }
}
