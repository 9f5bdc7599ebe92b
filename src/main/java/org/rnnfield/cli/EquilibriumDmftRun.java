package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.analysis.SingleNeuronStatistics;
import org.rnnfield.analysis.SizeScaling;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.PerturbationGrowth;
import org.rnnfield.dmft.equilibrium.ContinuationStage;
import org.rnnfield.dmft.equilibrium.EquilibriumProblem;
import org.rnnfield.dmft.equilibrium.EquilibriumResult;
import org.rnnfield.dmft.equilibrium.EquilibriumSettings;
import org.rnnfield.dmft.equilibrium.LinearEquilibriumDmft;
import org.rnnfield.dmft.equilibrium.ReadoutPosterior;
import org.rnnfield.dmft.equilibrium.SaddlePointException;
import org.rnnfield.dmft.equilibrium.SaddlePointListener;
import org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.report.Heatmap;
import org.rnnfield.report.LinePlot;
import org.rnnfield.sample.LangevinSampler;
import org.rnnfield.sample.LangevinSpec;
import org.rnnfield.sample.SampleSummary;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code rnnfield dmft --equilibrium}: the saddle point of the Gibbs measure of training (docs/theory.md section 5). */
final class EquilibriumDmftRun {
    private EquilibriumDmftRun() {
    }

    /**
     * Langevin networks of each size beside the theory (docs/theory.md section 5.4): window-averaged loss
     * against L_inf + the finite-size excess of eq. 5.13, relative distances of the mean output and of the
     * kernel, single neurons against the theory's sites, loss_vs_N.png, and with two sizes or more the
     * log-log slopes of each distance in N. Chains that did not mix (output R-hat >= 1.1) are listed in
     * {@code problems}.
     */
    private static ObjectNode networks(OutputDirectory dir, Backend backend, RunConfig config, TaskData task,
                                       EquilibriumProblem problem, EquilibriumResult theory, int[] sizes,
                                       List<String> problems) throws IOException {
        ObjectNode block = Json.object();
        ArrayNode rows = block.putArray("sizes");
        double[] ns = new double[sizes.length];
        double[] networkLoss = new double[sizes.length];
        double[] theoryLoss = new double[sizes.length];
        double[][] lossDeviation = new double[sizes.length][];
        double[][] lossResidual = new double[sizes.length][];
        double[][] outputDistance = new double[sizes.length][];
        double[][] kernelDistance = new double[sizes.length][];
        NdArray largestOutput = null;
        // each size's window-averaged kernel and mean output, for comparisons beyond the summary's distances
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        ReadoutPosterior readout = new ReadoutPosterior(problem);
        LangevinSpec langevin = config.equilibrium.langevin(config.train, config.gamma, config.seed, 0);
        for (int i = 0; i < sizes.length; i++) {
            NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim(), sizes[i]);
            System.err.printf(Locale.ROOT, "  Langevin networks N = %d (%d chains x %d updates)%n", sizes[i],
                    langevin.chains(), langevin.totalSteps());
            List<LangevinSampler.Chain> chains = new LangevinSampler(backend, spec, task, langevin)
                    .run(Parameters.initialize(spec, task.trials(), config.seed), ProgressBar.forStderr());
            SampleSummary sum = SampleSummary.of(chains, task, langevin.burnIn());
            double expected = theory.loss() + readout.finiteSizeExcess(theory.phi(), sizes[i]);
            boolean mixed = sum.mixed();
            if (!mixed) {
                problems.add(String.format(Locale.ROOT, "Langevin networks of N = %d did not mix: output R-hat %.3f >= %.2f"
                        + " (longer window or burn-in)", sizes[i], sum.outputRHatMax(), SampleSummary.MAX_R_HAT));
            }
            ObjectNode o = rows.addObject();
            o.put("N", sizes[i]);
            o.put("mean_loss", sum.loss());
            o.put("mean_loss_stderr", sum.lossStdErr());
            o.put("theory_loss_with_finite_size_excess", expected);
            double outputDist = PopulationKernels.relativeDistance(sum.output(), theory.output());
            double kernelDist = PopulationKernels.relativeDistance(sum.kernel(), theory.phi());
            o.put("output_relative_distance", outputDist);
            o.put("kernel_relative_distance", kernelDist);
            o.put("output_r_hat_max", sum.outputRHatMax());
            o.put("mixed", mixed);
            // single neurons: x_i(T) of trial 0 in every chain's last state, against the theory's tilted sites
            double[] neurons = finalStates(backend, spec, task, chains);
            SingleNeuronStatistics st = SingleNeuronStatistics.of(neurons,
                    theory.siteSamples() == null ? null : theory.siteSamples().column(0), config.seed);
            o.put("neuron_x_T_excess_kurtosis", st.kurtosis());
            o.put("neuron_x_T_excess_kurtosis_low", st.kurtosisLow());
            o.put("neuron_x_T_excess_kurtosis_high", st.kurtosisHigh());
            if (theory.siteSamples() != null) {
                o.put("ks_neurons_vs_sites", st.ksSite());
                o.put("ks_neurons_vs_sites_p", st.ksSiteP());
            }
            ns[i] = sizes[i];
            networkLoss[i] = sum.loss();
            theoryLoss[i] = expected;
            lossDeviation[i] = new double[]{Math.abs(sum.loss() - theory.loss()) / theory.loss()};
            lossResidual[i] = new double[]{Math.abs(sum.loss() - expected) / expected};
            outputDistance[i] = new double[]{outputDist};
            kernelDistance[i] = new double[]{kernelDist};
            largestOutput = sum.output();
            arrays.put("Phi_N" + sizes[i], sum.kernel());
            arrays.put("Phi_stderr_N" + sizes[i], sum.kernelStdErr());
            arrays.put("y_N" + sizes[i], sum.output());
        }
        Npz.write(dir.file("networks.npz"), arrays);
        if (sizes.length >= 2) {
            // one network pair of chains per size: the slopes carry no error bar of their own
            ObjectNode slopes = block.putObject("log_log_slopes_in_N");
            slopes.put("loss_minus_theory", SizeScaling.fit(sizes, lossDeviation).slope());
            slopes.put("loss_minus_theory_with_excess", SizeScaling.fit(sizes, lossResidual).slope());
            slopes.put("output_relative_distance", SizeScaling.fit(sizes, outputDistance).slope());
            slopes.put("kernel_relative_distance", SizeScaling.fit(sizes, kernelDistance).slope());
        }
        new LinePlot("Loss at equilibrium: Langevin networks vs theory (gamma=" + config.gamma + ")",
                "N", "window-averaged loss").logX().logY()
                .points(ns, networkLoss, "networks").dashed(ns, theoryLoss, "theory L_inf + excess (eq. 5.13)")
                .write(dir.file("loss_vs_N.png"));
        int steps = task.steps();
        double[] t = new double[steps];
        double[] yTheory = new double[steps];
        double[] yNet = new double[steps];
        double[] target = new double[steps];
        for (int k = 0; k < steps; k++) {
            t[k] = (k + 1) * config.dt;
            yTheory[k] = theory.output().get(0, k, 0);
            yNet[k] = largestOutput.get(0, k, 0);
            target[k] = task.mask().get(0, k) > 0 ? task.targets().get(0, k, 0) : Double.NaN;
        }
        new LinePlot("Mean output, trial 0: theory vs N = " + sizes[sizes.length - 1], "time", "output")
                .line(t, yTheory, "theory").line(t, yNet, "networks").dashed(t, target, "target")
                .write(dir.file("output_vs_networks.png"));
        return block;
    }

    /**
     * The growth rate of a generic perturbation over the window, per trial, through the random bulk of J with the
     * sites' slopes (docs/theory.md eqs. 7.3-7.4): > 0 chaotic, < 0 ordered, leaving out the learned low-rank part.
     */
    private static void perturbationGrowth(ObjectNode s, EquilibriumProblem problem, EquilibriumResult r) {
        ObjectNode o = s.putObject("perturbation_growth");
        o.put("theory", "bulk of J with the site slope kernel (docs/theory.md eq. 7.4), over the window, 1/tau");
        ArrayNode rates = o.putArray("rate_per_trial");
        for (int mu = 0; mu < problem.trials(); mu++) {
            rates.add(PerturbationGrowth.ofTrial(r.slopeKernel(), problem.trials(), mu, problem.g(),
                    problem.alpha(), problem.dt() / problem.tau(), problem.steps()).rate());
        }
    }

    private static void continuation(ObjectNode s, List<ContinuationStage> list) {
        ArrayNode stages = s.putArray("continuation");
        list.forEach(st -> {
            ObjectNode o = stages.addObject();
            o.put("gamma", st.gamma());
            o.put("iterations", st.iterations());
            o.put("accepted", st.accepted());
            if (st.reason() != null) {
                // an accepted stage carries a reason only when it was reached another way (eq. 5.19)
                o.put(st.accepted() ? "reached_by" : "rejected_because", st.reason());
            }
        });
    }

    /** x_i(T) of trial 0 for every neuron of every chain's final weights. */
    private static double[] finalStates(Backend backend, NetworkSpec spec, TaskData task, List<LangevinSampler.Chain> chains) {
        int n = spec.n();
        double[] out = new double[n * chains.size()];
        for (int c = 0; c < chains.size(); c++) {
            try (Backend.Scope scope = backend.scope()) {
                DeviceNetwork net = new DeviceNetwork(backend, spec, chains.get(c).finalParams());
                Trajectory traj = new Trajectory(backend, n, task.trials(), task.steps(), spec.outputDim());
                ForwardPass.run(net, new TaskBatch(backend, task), traj);
                NdArray states = traj.statesToHost(backend);
                for (int i = 0; i < n; i++) {
                    out[c * n + i] = states.get(0, task.steps(), i);
                }
            }
        }
        return out;
    }

    static EquilibriumProblem problem(RunConfig config, TaskData task) {
        Set<Weight> trained = Weight.parse(config.train);
        if (!trained.contains(Weight.V)) {
            throw ConfigException.field("train", config.train,
                    "a set containing V (the equilibrium theory integrates the sampled readout out, eq. 5.5)");
        }
        double q0 = InitialState.parse(config.init) == InitialState.ZERO ? 0 : config.q0;
        return new EquilibriumProblem(config.g, config.tau, config.dt, Phi.parse(config.phi), q0, config.gamma,
                config.equilibrium.beta, trained.contains(Weight.J), trained.contains(Weight.U), task);
    }

    /** Whether the run is solved by the exact linear closure (linear phi, --sampled not given) rather than by sampled sites. */
    static boolean exactLinear(RunConfig config) {
        return Phi.parse(config.phi) == Phi.LINEAR && !config.equilibrium.sampled;
    }

    static EquilibriumResult solve(Backend backend, EquilibriumProblem problem, EquilibriumSettings settings, boolean exactLinear) {
        return exactLinear ? new LinearEquilibriumDmft(problem, settings).solve(PROGRESS)
                : new SampledEquilibriumDmft(backend, problem, settings).solve(PROGRESS);
    }

    /**
     * The kernel of {@code --start-kernel}: array Phi of an .npz ('sample', 'dmft --equilibrium'), or any array file;
     * checked against the problem's D before any output is written.
     */
    static NdArray readStartKernel(java.nio.file.Path file, RunConfig config) throws IOException {
        NdArray phi = readArray(file);
        int d = problem(config, config.task.build().generate(config.dt)).dim();
        if (phi.ndim() != 2 || phi.dim(0) != d || phi.dim(1) != d) {
            throw ConfigException.field("start-kernel", file + " of shape " + phi.shapeString(),
                    d + " x " + d + " ((T + 1) P of this task and dt)");
        }
        return phi;
    }

    private static NdArray readArray(java.nio.file.Path file) throws IOException {
        if (!file.toString().endsWith(".npz")) {
            return org.rnnfield.io.ArrayFiles.read("start-kernel", file, null);
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw ConfigException.field("start-kernel", file, "an existing kernels.npz, .npy, .mat or .h5 file");
        }
        Map<String, NdArray> arrays = Npz.read(file);
        NdArray phi = arrays.get("Phi");
        if (phi == null) {
            throw ConfigException.field("start-kernel", file, "an .npz holding an array named Phi (it holds " + arrays.keySet() + ")");
        }
        return phi;
    }

    /** One stderr line per continuation stage, and one per 25 iterations within a stage. */
    private static final SaddlePointListener PROGRESS =
            new SaddlePointListener() {
                @Override
                public void onIteration(double gamma, int iteration, double change, double essFraction) {
                    if (iteration > 0 && iteration % 25 == 0) {
                        System.err.printf(Locale.ROOT, "    gamma %.4g: iteration %d, change %.3g, ESS fraction %.3f%n",
                                gamma, iteration, change, essFraction);
                    }
                }

                @Override
                public void onArclengthPoint(String parameter, double value, int point) {
                    if (point % 10 == 0) {
                        System.err.printf(Locale.ROOT, "    %s = %.4g after %d arclength points%n", parameter, value, point);
                    }
                }

                @Override
                public void onStage(ContinuationStage st) {
                    boolean arclength = st.byArclength();
                    System.err.printf(Locale.ROOT, "  gamma %.4g: %s after %d %s%s%n", st.gamma(),
                            st.accepted() ? "converged" : "rejected", st.iterations(), arclength ? "arclength points" : "iterations",
                            st.reason() == null ? "" : " (" + st.reason() + (st.accepted() || arclength ? ")" : "; halving the step)"));
                }
            };

    /**
     * @param start     the kernel the linear closure starts its homotopy from (eq. 5.20), or null for the continuation
     * @param startFile where it was read from, for the summary
     */
    static Integer execute(OutputDirectory dir, Backend backend, RunConfig config, int[] networkSizes,
                           ConvergenceOptions convergence, NdArray start, java.nio.file.Path startFile) throws IOException {
        TaskData task = config.task.build().generate(config.dt);
        EquilibriumProblem problem = problem(config, task);
        EquilibriumSettings settings = config.equilibrium.settings(config.seed, problem);
        System.err.printf(Locale.ROOT, "rnnfield dmft --equilibrium: %s g=%s gamma=%s beta=%s (lambda = %.4g), D = %d, on %s%n",
                problem.phi().label(), config.g, config.gamma, problem.beta(), problem.ridge(), problem.dim(), backend.describe());
        long t0 = System.nanoTime();
        EquilibriumResult r;
        try {
            r = start != null ? new LinearEquilibriumDmft(problem, settings).solveFrom(start, PROGRESS)
                    : solve(backend, problem, settings, exactLinear(config));
        } catch (SaddlePointException e) {
            // a failed solve still leaves its record: what was reached, every stage, every setting
            ObjectNode f = Json.object();
            f.put("command", "dmft");
            f.put("mode", "equilibrium");
            if (Double.isNaN(e.reachedGamma())) {
                f.putNull("reached_gamma");
            } else {
                f.put("reached_gamma", e.reachedGamma());
            }
            continuation(f, e.stages());
            f.set("solver", Json.MAPPER.valueToTree(settings));
            if (exactLinear(config)) {
                f.set("continuation_constants", Json.MAPPER.valueToTree(LinearEquilibriumDmft.continuationConstants()));
            }
            return convergence.failedSolve(dir, f, "dmft --equilibrium", e.getMessage(), (System.nanoTime() - t0) * 1e-9,
                    backend, config);
        }
        double wall = (System.nanoTime() - t0) * 1e-9;

        Map<String, NdArray> kernels = new LinkedHashMap<>();
        kernels.put("Phi", r.phi());
        kernels.put("Phi_hat", r.phiHat());
        if (r.siteSamples() != null) {
            kernels.put("site_x_T", r.siteSamples());
        }
        kernels.put("slope_kernel", r.slopeKernel());
        Npz.write(dir.file("kernels.npz"), kernels);
        Map<String, NdArray> outputs = new LinkedHashMap<>();
        outputs.put("y", r.output());
        outputs.put("target", task.targets());
        outputs.put("mask", task.mask());
        Npz.write(dir.file("outputs.npz"), outputs);

        ObjectNode s = Json.object();
        s.put("command", "dmft");
        s.put("mode", "equilibrium");
        s.put("loss", r.loss());
        s.put("normalized_loss", r.normalizedLoss());
        s.put("converged", r.converged());
        s.put("iterations", r.iterations());
        s.put("effective_sample_fraction_min", r.effectiveSampleFraction());
        s.put("method", r.method());
        if (startFile != null) {
            s.put("start_kernel", startFile.toAbsolutePath().toString());
        }
        s.put("ridge_lambda", problem.ridge());
        if (r.siteSamples() != null) {
            // the single-site law of x(T), trial 0: Gaussian at gamma -> 0, restructured (non-Gaussian) as gamma grows
            SingleNeuronStatistics st = SingleNeuronStatistics.ofBlocks(r.siteSamples().column(0),
                    org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft.siteBlock(problem, settings), null, config.seed);
            ObjectNode site = s.putObject("site_x_T");
            site.put("samples", st.count());
            site.put("variance", st.variance());
            site.put("excess_kurtosis", st.kurtosis());
            site.put("excess_kurtosis_low", st.kurtosisLow());
            site.put("excess_kurtosis_high", st.kurtosisHigh());
            site.put("ks_gaussian", st.ksGaussian());
            site.put("bootstrap_block", st.bootstrapBlock());
        } else {
            s.put("site_x_T", "Gaussian (linear phi: the tilted site law is Gaussian, eq. 5.12)");
        }
        perturbationGrowth(s, problem, r);
        continuation(s, r.stages());
        s.set("solver", Json.MAPPER.valueToTree(settings));
        if (exactLinear(config)) {
            s.set("continuation_constants", Json.MAPPER.valueToTree(LinearEquilibriumDmft.continuationConstants()));
        }
        List<String> problems = new ArrayList<>();
        if (r.chains() != null) {
            // site chains (docs/theory.md eqs. 5.17-5.18): a sampler that did not mix is a failed solve
            s.set("site_chains", Json.MAPPER.valueToTree(r.chains()));
            if (!r.chains().mixed()) {
                problems.add(r.chains().mixingProblem());
            }
        }
        convergence.record(s, problems);
        // written before the (long) network runs, so the theory's result survives a failure there
        dir.writeSummary(s, wall, backend, config);
        if (networkSizes.length > 0) {
            s.set("networks", networks(dir, backend, config, task, problem, r, networkSizes, problems));
            convergence.record(s, problems);
            dir.writeSummary(s, wall, backend, config);
        }
        Heatmap.write(dir.file("kernel.png"), r.phi(), "Equilibrium kernel Phi (gamma=" + config.gamma + ", beta="
                + problem.beta() + ")", "index t P + trial", config.dt);
        TrainCommand.writeOutputPlot(dir.file("output.png"), task, r.output(), config.dt, "Equilibrium DMFT output");
        System.out.printf(Locale.ROOT, "theory loss %.6e normalized %.4g converged %s iterations %d (%s)%n", r.loss(),
                r.normalizedLoss(), r.converged(), r.iterations(), dir.file("summary.json").getParent());
        return convergence.exitCode("dmft --equilibrium", problems);
    }
}
