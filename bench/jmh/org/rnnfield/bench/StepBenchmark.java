package org.rnnfield.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Backends;
import org.rnnfield.backend.Precision;
import org.rnnfield.benchmark.TrainingStepWorkload;

import java.util.concurrent.TimeUnit;

/**
 * One Euler step (GEMM N x N x B + fused leak/phi) and one forward+BPTT training step (T = 20) on
 * the CPU backend. Effective GFLOP/s of a training step = 6 N^2 B T / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class StepBenchmark {
    @Param({"500", "1000", "2000", "4000"})
    public int n;
    @Param({"1", "16", "64"})
    public int b;
    @Param({"float32", "float64"})
    public String precision;
    @Param("cpu")
    public String backend;

    public static final int T = 20;
    private TrainingStepWorkload workload;
    private Backend be;

    @Setup
    public void setup() {
        be = Backends.create(backend, Precision.parse(precision));
        workload = new TrainingStepWorkload(be, n, b, T);
    }

    @Benchmark
    public void forwardStep() {
        workload.forwardStep();
    }

    @Benchmark
    public double trainingStep() {
        return workload.trainingStep();
    }
}
