package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.report.LinePlot;
import org.rnnfield.sample.LangevinSampler;
import org.rnnfield.sample.LangevinSpec;
import org.rnnfield.sample.SampleSummary;
import org.rnnfield.task.TaskData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnnfield sample}: Langevin sampling of the Gibbs measure of training (docs/theory.md eqs. 5.1-5.2). */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample trained networks from the Gibbs measure exp(-beta gamma^2 N L) x N(0,1) prior by Langevin"
                + " dynamics (the long-time limit of noisy training), --chains independent chains.",
                "Writes summary.json (window-averaged loss, R-hat, autocorrelation times), kernels.npz, outputs.npz,"
                        + " history.csv, weights.npz (chain 0), loss.png, output.png to --out."})
public final class SampleCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;
    @Mixin
    ModelOptions model;
    @Mixin
    TrainedWeightsOptions weightsFlags;
    @Mixin
    CheckpointOptions checkpointFlags;
    @Mixin
    EquilibriumOptions equilibrium;
    @Mixin
    LangevinOptions langevinOptions;
    @Mixin
    ConvergenceOptions convergence;

    @picocli.CommandLine.Option(names = "--resume", description = "continue the interrupted run in --out (uses --out's"
            + " config.json, its finished chains and its checkpoint; other flags are ignored)")
    boolean resume;

    @Override
    public Integer call() throws IOException {
        RunConfig config = resume ? RunConfig.read(options.out.resolve(TrainCommand.CONFIG_FILE))
                : options.resolve(model, weightsFlags, checkpointFlags, equilibrium, langevinOptions);
        config.validate();
        config.equilibrium.validate();
        TaskData task = config.task.build().generate(config.dt);
        NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim());
        LangevinSpec langevin = config.equilibrium.langevin(config.train, config.gamma, config.seed, config.checkpointEvery);
        if (resume && !java.nio.file.Files.exists(options.out.resolve(LangevinSampler.CHECKPOINT_FILE))
                && !java.nio.file.Files.exists(options.out.resolve(LangevinSampler.finishedFile(0)))) {
            throw new org.rnnfield.model.ConfigException("resume: no " + LangevinSampler.CHECKPOINT_FILE + " in "
                    + options.out + " (the run had --checkpoint-every 0, or it finished)");
        }
        return OutputDirectory.run(options.out, config, resume,
                (dir, backend) -> execute(dir, backend, config, task, spec, langevin, options.out));
    }

    private Integer execute(OutputDirectory dir, Backend backend, RunConfig config, TaskData task, NetworkSpec spec,
                                   LangevinSpec langevin, java.nio.file.Path out) throws IOException {
        Json.write(dir.file(TrainCommand.CONFIG_FILE), config);
        System.err.printf(Locale.ROOT, "rnnfield sample: N=%d g=%s gamma=%s beta=%s h=%s, %d chains x (%d + %d) updates, on %s%n",
                spec.n(), spec.g(), spec.gamma(), langevin.beta(), langevin.h(), langevin.chains(), langevin.burnIn(),
                langevin.window(), backend.describe());
        long t0 = System.nanoTime();
        Parameters network = Parameters.initialize(spec, task.trials(), config.seed);
        java.nio.file.Path folder = langevin.checkpointEvery() > 0 ? out : null;
        List<LangevinSampler.Chain> chains = new LangevinSampler(backend, spec, task, langevin)
                .run(network, ProgressBar.forStderr(), folder);
        if (folder != null) {
            for (int c = 0; c < langevin.chains(); c++) {
                java.nio.file.Files.deleteIfExists(out.resolve(LangevinSampler.finishedFile(c)));
            }
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        SampleSummary sum = SampleSummary.of(chains, task, langevin.burnIn());
        boolean mixed = sum.mixed();

        Map<String, NdArray> kernels = new LinkedHashMap<>();
        kernels.put("Phi", sum.kernel());
        kernels.put("Phi_stderr", sum.kernelStdErr());
        Npz.write(dir.file("kernels.npz"), kernels);
        Map<String, NdArray> outputs = new LinkedHashMap<>();
        outputs.put("y_mean", sum.output());
        outputs.put("y_stderr", sum.outputStdErr());
        outputs.put("target", task.targets());
        outputs.put("mask", task.mask());
        outputs.put("inputs", task.inputs());
        Npz.write(dir.file("outputs.npz"), outputs);
        Npz.write(dir.file("weights.npz"), chains.get(0).finalParams().asMap());
        org.rnnfield.io.CsvTable csv = new org.rnnfield.io.CsvTable("step", "chain", "loss");
        for (int c = 0; c < chains.size(); c++) {
            double[] l = chains.get(c).losses();
            for (int k = 0; k < l.length; k++) {
                csv.row(k, c, l[k]);
            }
        }
        csv.write(dir.file("history.csv"));

        ObjectNode s = Json.object();
        s.put("command", "sample");
        s.put("mean_loss", sum.loss());
        s.put("mean_loss_stderr", sum.lossStdErr());
        s.put("normalized_mean_loss", sum.loss() / task.meanSquaredTarget());
        s.put("loss_r_hat", sum.lossRHat());
        s.put("output_r_hat_max", sum.outputRHatMax());
        s.put("mixed", mixed);
        List<String> problems = mixed ? List.of() : List.of(String.format(Locale.ROOT, "chains did not mix: output R-hat"
                + " %.3f >= %.2f (longer --window, --burn-in or a smaller --h)", sum.outputRHatMax(), SampleSummary.MAX_R_HAT));
        convergence.record(s, problems);
        ArrayNode taus = s.putArray("loss_autocorrelation_times");
        for (double t : sum.lossAutocorrelationTimes()) {
            taus.add(t);
        }
        ObjectNode sampler = s.putObject("sampler");
        sampler.put("beta", langevin.beta());
        sampler.put("h", langevin.h());
        sampler.put("burn_in", langevin.burnIn());
        sampler.put("window", langevin.window());
        sampler.put("chains", langevin.chains());
        sampler.put("batches", LangevinSpec.BATCHES);
        sampler.put("max_r_hat", SampleSummary.MAX_R_HAT);
        sampler.put("equivalent_eta0", langevin.equivalentEta0());
        sampler.put("ridge_lambda", task.maskCount() / langevin.beta());
        dir.writeSummary(s, wall, backend, config);

        LinePlot loss = new LinePlot("Langevin loss (N=" + spec.n() + ", gamma=" + spec.gamma() + ", beta=" + langevin.beta() + ")",
                "update", "loss").logY();
        for (int c = 0; c < chains.size(); c++) {
            double[] l = chains.get(c).losses();
            double[] x = new double[l.length];
            for (int k = 0; k < l.length; k++) {
                x[k] = k;
            }
            loss.line(x, l, "chain " + c);
        }
        loss.write(dir.file("loss.png"));
        TrainCommand.writeOutputPlot(dir.file("output.png"), task, sum.output(), spec.dt(), "Window-averaged output");
        System.out.printf(Locale.ROOT, "mean_loss %.6e +- %.1e normalized %.4g R-hat %.3f (%s)%n", sum.loss(), sum.lossStdErr(),
                sum.loss() / task.meanSquaredTarget(), sum.outputRHatMax(), dir.file("summary.json").getParent());
        return convergence.exitCode("sample", problems);
    }
}
