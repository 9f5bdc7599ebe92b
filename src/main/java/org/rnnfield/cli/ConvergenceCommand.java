package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.FiniteSizeConvergence;
import org.rnnfield.analysis.ReservoirReadout;
import org.rnnfield.analysis.Statistics;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.dmft.DmftProblem;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.io.CsvTable;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;
import org.rnnfield.train.Trainer;
import org.rnnfield.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnfield convergence}: finite random networks approaching the DMFT as N grows. */
@Command(name = "convergence", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate random networks of several N on a task and measure how their population kernel",
                "Phi_N approaches the DMFT kernel (exact causal recursion); fit the log-log slope (expected -1/2).",
                "Also: single-neuron marginals vs the DMFT Gaussian (KS), and with --readout the reservoir",
                "training curve (only V trained) vs kernel gradient descent with the DMFT kernel."})
public final class ConvergenceCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;
    @Mixin
    ModelOptions model;
    @Mixin
    TrainingOptions trainingFlags;

    @Option(names = "--sizes", split = ",", description = "network sizes (default: 250,500,1000,2000,4000)")
    int[] sizes = {250, 500, 1000, 2000, 4000};

    @Option(names = "--seeds", description = "networks per size (default: 5)")
    int seeds = 5;

    @Option(names = "--readout", description = "also compare reservoir training (train V only, --gamma, --eta0, --steps) with the DMFT prediction")
    boolean readout;

    @Override
    public Integer call() throws IOException {
        RunConfig config = options.validated(model, trainingFlags);
        if (seeds < 2) {
            throw ConfigException.field("seeds", seeds, "integer >= 2 (the spread gives the error bars)");
        }
        if (sizes.length < 2) {
            throw ConfigException.field("sizes", sizes.length + " sizes", "at least two sizes for a slope");
        }
        for (int n : sizes) {
            config.networkSpec(0, 1).withN(n);
        }
        TaskData task = config.task.build().generate(config.dt);
        double q0 = InitialState.parse(config.init) == InitialState.ZERO ? 0 : config.q0;
        DmftProblem problem = new DmftProblem(config.g, config.tau, config.dt, Phi.parse(config.phi), q0, task.inputs());
        return OutputDirectory.run(options.out, config, false, (dir, backend) -> execute(dir, backend, config, task, problem));
    }

    private Integer execute(OutputDirectory dir, Backend backend, RunConfig config, TaskData task, DmftProblem problem) throws IOException {
        long t0 = System.nanoTime();
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem).solve();
        int[] times = {task.steps() / 4, task.steps() / 2, task.steps()};
        FiniteSizeConvergence.Result r = FiniteSizeConvergence.run(backend,
                n -> config.networkSpec(task.inputDim(), task.outputDim()).withN(n), task, exact.phi(), exact.c(),
                sizes, seeds, times);
        ObjectNode s = Json.object();
        s.put("command", "convergence");
        s.put("reference", "exact causal recursion of the random-network DMFT (THEORY.md section 3)");
        s.put("kernel_slope", r.slope());
        s.put("kernel_slope_stderr", r.slopeStdErr());
        ArrayNode rows = s.putArray("kernel_distance");
        CsvTable csv = new CsvTable("N", "seed", "relative_distance");
        r.points().forEach(p -> csv.row(p.n(), p.seed(), p.distance()));
        double[] logN = new double[sizes.length];
        double[] fit = new double[sizes.length];
        double intercept = Statistics.linearFit(log(sizes), log(r.meanDistance()))[2];
        for (int i = 0; i < sizes.length; i++) {
            ObjectNode o = rows.addObject();
            o.put("N", sizes[i]);
            o.put("mean", r.meanDistance()[i]);
            o.put("stderr", r.stdErr()[i]);
            logN[i] = sizes[i];
            fit[i] = Math.exp(intercept + r.slope() * Math.log(sizes[i]));
        }
        csv.write(dir.file("convergence.csv"));
        new LinePlot(String.format(Locale.ROOT, "|Phi_N - Phi_DMFT| / |Phi_DMFT|: slope %.3f +- %.3f", r.slope(), r.slopeStdErr()),
                "N", "relative distance").logX().logY().line(logN, r.meanDistance(), "networks (mean of " + seeds + ")")
                .dashed(logN, fit, "fit").write(dir.file("convergence.png"));
        ArrayNode marg = s.putArray("single_neuron_marginals");
        for (FiniteSizeConvergence.Marginal m : r.marginals()) {
            ObjectNode o = marg.addObject();
            o.put("time", m.time() * config.dt);
            o.put("N", sizes[sizes.length - 1]);
            o.put("dmft_variance", m.variance());
            o.put("ks_statistic", m.ks());
            o.put("ks_p_value", m.pValue());
            o.put("excess_kurtosis", Statistics.excessKurtosis(m.samples()));
        }
        writeHistogram(dir.file("marginals.png"), r.marginals().get(r.marginals().size() - 1), config.dt);
        if (readout) {
            readoutPart(config, task, exact, backend, s, dir);
        }
        dir.writeSummary(s, (System.nanoTime() - t0) * 1e-9, backend, config);
        System.out.printf(Locale.ROOT, "kernel distance slope %.3f +- %.3f (%s)%n", r.slope(), r.slopeStdErr(), options.out);
        return 0;
    }

    private void readoutPart(RunConfig config, TaskData task, CausalKernelRecursion.Kernels exact, Backend backend,
                             ObjectNode s, OutputDirectory dir) throws IOException {
        double[] theory = ReservoirReadout.lossCurve(exact.phi(), task, config.eta0, config.steps);
        double[] steps = new double[theory.length];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = i;
        }
        LinePlot plot = new LinePlot("Reservoir training (V only), gamma = " + config.gamma, "training step", "loss")
                .logY().dashed(steps, theory, "DMFT kernel regression");
        double[] dist = new double[sizes.length];
        ArrayNode rows = s.putObject("readout").put("gamma", config.gamma).put("eta0", config.eta0)
                .put("dmft_final_loss", theory[theory.length - 1]).putArray("distance");
        for (int i = 0; i < sizes.length; i++) {
            NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim()).withN(sizes[i]);
            double[] d = new double[seeds];
            for (int sd = 0; sd < seeds; sd++) {
                TrainSpec ts = new TrainSpec(config.eta0, config.steps, Optimizer.GD, EnumSet.of(Weight.V), 0, 0);
                double[] loss = new Trainer(backend, spec, task, ts)
                        .train(Parameters.initialize(spec, task.trials(), 1000L + sd), null, TrainingListener.NONE).history().losses();
                double acc = 0;
                for (int k = 0; k < loss.length; k++) {
                    double rel = (loss[k] - theory[k]) / theory[k];
                    acc += rel * rel;
                }
                d[sd] = Math.sqrt(acc / loss.length);
                if (sd == 0) {
                    plot.line(steps, loss, "N = " + sizes[i]);
                }
            }
            dist[i] = Statistics.mean(d);
            rows.addObject().put("N", sizes[i]).put("rms_relative_loss_error", dist[i]).put("stderr", Statistics.stdErr(d));
        }
        double[] fit = Statistics.linearFit(log(sizes), log(dist));
        ((ObjectNode) s.get("readout")).put("slope", fit[0]).put("slope_stderr", fit[1]);
        plot.write(dir.file("readout.png"));
    }

    private static void writeHistogram(Path file, FiniteSizeConvergence.Marginal m, double dt) throws IOException {
        double[][] h = Statistics.histogram(m.samples(), 40);
        double[] gauss = new double[h[0].length];
        for (int b = 0; b < gauss.length; b++) {
            gauss[b] = Math.exp(-h[0][b] * h[0][b] / (2 * m.variance())) / Math.sqrt(2 * Math.PI * m.variance());
        }
        new LinePlot(String.format(Locale.ROOT, "x_i(t = %.1f) across neurons: KS = %.3f (p = %.2f)", m.time() * dt, m.ks(), m.pValue()),
                "x", "density").line(h[0], h[1], "network (" + m.samples().length + " neurons)")
                .dashed(h[0], gauss, "DMFT Gaussian").write(file);
    }

    private static double[] log(int[] v) {
        double[] l = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = Math.log(v[i]);
        }
        return l;
    }

    private static double[] log(double[] v) {
        double[] l = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = Math.log(v[i]);
        }
        return l;
    }
}
