package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.Autocorrelation;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.dmft.DmftProblem;
import org.rnnfield.dmft.DmftReplicas;
import org.rnnfield.dmft.MonteCarloDmft;
import org.rnnfield.dmft.MonteCarloSettings;
import org.rnnfield.dmft.ScsSolution;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.report.Heatmap;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnnfield dmft}: the random-network (gamma -> 0) DMFT by Monte Carlo, checked against exact results and a finite network. */
@Command(name = "dmft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Solve the DMFT of the random network (gamma -> 0) by sampling the single-site Gaussian process.",
                "Without --task: the autonomous network's stationary state (compared with Sompolinsky-Crisanti-Sommers 1988).",
                "With --task: the task-driven, non-stationary kernels (compared with the exact causal recursion).",
                "Both are compared with a simulated network of --N neurons. Writes summary.json, kernels.npz, PNGs."})
public final class DmftCommand implements Callable<Integer> {
    /** Transient discarded from the finite-N simulation before measuring stationary statistics. */
    static final double SIMULATION_BURN_IN = 20;
    /** Networks whose autocorrelations are averaged: one network's estimate wanders by several percent. */
    static final int SIMULATED_NETWORKS = 3;

    @Mixin
    RunOptions options;
    @Mixin
    ModelOptions model;
    @Mixin
    DmftOptions dmftFlags;
    @Mixin
    TrainingOptions trainingFlags;
    @Mixin
    TrainedWeightsOptions weightsFlags;

    @Option(names = "--trained", description = "the DMFT of training (docs/theory.md) with the task and training flags "
            + "of 'train' (GD), solved --replicas times (median reported, outliers flagged), next to trained networks "
            + "of --N (or --network-sizes) neurons")
    boolean trained;

    @Option(names = "--equilibrium", description = "the DMFT of the Gibbs (Langevin) equilibrium of training at --gamma"
            + " and --beta (docs/theory.md section 5): kernels and output of converged networks, no training-step axis;"
            + " linear phi is solved exactly")
    boolean equilibrium;

    @Mixin
    EquilibriumOptions equilibriumOptions;

    @Option(names = "--start-kernel", paramLabel = "FILE", description = "with --equilibrium and linear phi: reach the"
            + " saddle point from this kernel by a Newton homotopy (docs/theory.md eq. 5.20) instead of the continuation"
            + " from gamma = 0, e.g. the low-loss state from a network's kernel: a kernels.npz of 'sample' or"
            + " 'dmft --equilibrium' (array Phi), or a D x D .npy")
    java.nio.file.Path startKernel;

    @Mixin
    LangevinOptions langevinOptions;

    @Mixin
    ConvergenceOptions convergence;

    @Option(names = "--network-sizes", split = ",", paramLabel = "N", description = "with --trained: train a network of "
            + "each size beside the DMFT (loss curves for several N; kernels and single neurons from the largest) "
            + "(default: --N); with --equilibrium: sample Langevin networks of each size (--h, --burn-in, --window,"
            + " --chains) beside the theory (default: none)")
    int[] networkSizes;

    private int[] networkSizes(RunConfig config) {
        if (networkSizes == null) {
            return new int[]{config.n};
        }
        for (int n : networkSizes) {
            if (n < 2) {
                throw org.rnnfield.model.ConfigException.field("network-sizes", n, "integers >= 2");
            }
        }
        return java.util.Arrays.stream(networkSizes).sorted().toArray();
    }

    @Override
    public Integer call() throws IOException {
        RunConfig config = options.validated(model, dmftFlags, trainingFlags, weightsFlags, equilibriumOptions, langevinOptions);
        config.equilibrium.validate();
        if (equilibrium && trained) {
            throw ConfigException.field("equilibrium", "with --trained", "one of --equilibrium, --trained");
        }
        if (startKernel != null && !(equilibrium && EquilibriumDmftRun.exactLinear(config))) {
            throw ConfigException.field("start-kernel", startKernel, "only with --equilibrium, --phi linear and the exact solver"
                    + " (the homotopy of eq. 5.20 needs the deterministic closure)");
        }
        if (equilibrium) {
            int[] sizes = networkSizes == null ? new int[0] : networkSizes(config);
            NdArray start = startKernel == null ? null : EquilibriumDmftRun.readStartKernel(startKernel, config);
            return OutputDirectory.run(options.out, config, false,
                    (dir, backend) -> EquilibriumDmftRun.execute(dir, backend, config, sizes, convergence, start, startKernel));
        }
        if (trained) {
            int[] sizes = networkSizes(config);
            return OutputDirectory.run(options.out, config, false,
                    (dir, backend) -> TrainedDmftRun.execute(dir, backend, config, sizes, options.out.toString(), convergence));
        }
        config.dmft.validate(config.dt);
        Phi phi = Phi.parse(config.phi);
        double q0 = org.rnnfield.model.InitialState.parse(config.init) == org.rnnfield.model.InitialState.ZERO ? 0 : config.q0;
        TaskData task = config.dmft.autonomous ? null : config.task.build().generate(config.dt);
        DmftProblem problem = task == null
                ? DmftProblem.autonomous(config.g, config.tau, config.dt, phi, q0, config.dmft.tmax)
                : new DmftProblem(config.g, config.tau, config.dt, phi, q0, task.inputs());
        return OutputDirectory.run(options.out, config, false, (dir, backend) -> execute(dir, backend, config, task, problem));
    }

    private Integer execute(OutputDirectory dir, Backend backend, RunConfig config, TaskData task, DmftProblem problem) throws IOException {
        System.err.printf(Locale.ROOT, "rnnfield dmft: g=%s %s, M=%d x %d replicas, T=%d steps, on %s%n", config.g,
                task == null ? "autonomous (stationary)" : "task " + config.task.name, config.dmft.samples,
                config.dmft.replicas, problem.steps(), backend.describe());
        long t0 = System.nanoTime();
        MonteCarloSettings settings = config.dmft.settings(config.seed);
        DmftReplicas.Result res;
        try {
            res = DmftReplicas.solve(backend, problem, settings, config.dmft.replicas,
                    (i, change, ph, c) -> System.err.printf(Locale.ROOT, "  iteration %d: relative change %.2e%n", i, change));
        } catch (org.rnnfield.dmft.DmftFailure e) {
            // no iterate to report; the failure and every setting are still recorded
            ObjectNode f = Json.object();
            f.put("command", "dmft");
            f.put("mode", task == null ? "autonomous-stationary" : "task-driven");
            f.putObject("solver").set("settings", Json.MAPPER.valueToTree(settings));
            return convergence.failedSolve(dir, f, "dmft", e.getMessage(), (System.nanoTime() - t0) * 1e-9, backend, config);
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        ObjectNode s = Json.object();
        s.put("command", "dmft");
        s.put("mode", task == null ? "autonomous-stationary" : "task-driven");
        ObjectNode solver = s.putObject("solver");
        solver.set("settings", Json.MAPPER.valueToTree(settings));
        solver.put("samples", config.dmft.samples);
        solver.put("replicas", config.dmft.replicas);
        solver.put("dt", config.dt);
        solver.put("steps", problem.steps());
        solver.put("factor", res.replicas().get(0).factorMethod());
        ArrayNode its = solver.putArray("iterations");
        ArrayNode conv = solver.putArray("converged");
        List<String> problems = new ArrayList<>();
        for (int k = 0; k < res.replicas().size(); k++) {
            MonteCarloDmft.Result r = res.replicas().get(k);
            its.add(r.iterations());
            conv.add(r.converged());
            if (!r.converged()) {
                List<Double> ch = r.changes();
                problems.add(String.format(Locale.ROOT, "DMFT replica seed %d not converged: relative change %.3g after %d"
                        + " iterations (tolerance %.3g); its last iterate is reported", config.seed + k,
                        ch.isEmpty() ? Double.NaN : ch.get(ch.size() - 1), r.iterations(), settings.tolerance()));
            }
        }
        s.put("converged", problems.isEmpty());
        convergence.record(s, problems);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("Phi", res.phi());
        arrays.put("C", res.c());
        arrays.put("Phi_stderr", res.phiStdErr());
        arrays.put("C_stderr", res.cStdErr());
        if (task == null) {
            writeAutonomous(dir, config, problem, res, backend, s);
        } else {
            writeDriven(dir, config, problem, task, res, backend, s, arrays);
        }
        Npz.write(dir.file("kernels.npz"), arrays);
        Heatmap.write(dir.file("kernel.png"), res.c(), "DMFT kernel C(t, s) = <x(t) x(s)>", "time index (t P + trial)",
                res.c().dim(0) - 1);
        dir.writeSummary(s, wall, backend, config);
        System.out.println("dmft done (" + options.out + ")");
        return convergence.exitCode("dmft", problems);
    }

    private static void writeAutonomous(OutputDirectory dir, RunConfig config, DmftProblem problem, DmftReplicas.Result res,
                                        Backend backend, ObjectNode s) throws IOException {
        Autocorrelation ac = Autocorrelation.fromKernel(res.c(), res.cStdErr(), config.dt, config.dmft.maxLag);
        s.put("delta0", ac.values()[0]);
        s.put("delta0_stderr", ac.stdErr()[0]);
        putCurve(s.putObject("autocorrelation"), ac.lags(), ac.values(), ac.stdErr());
        LinePlot plot = new LinePlot("Autocorrelation Delta(s) = <x(t) x(t+s)>, g = " + config.g, "lag s (units of tau)", "Delta(s)")
                .line(ac.lags(), ac.values(), "DMFT (Monte Carlo)");
        if (problem.phi() == Phi.TANH) {
            ScsSolution scs = new ScsSolution(config.g, config.dmft.maxLag + 1);
            double[] v = new double[ac.values().length];
            for (int k = 0; k < v.length; k++) {
                v[k] = scs.delta(k * config.dt);
            }
            ObjectNode o = s.putObject("scs");
            o.put("delta0", scs.delta0());
            putCurve(o, ac.lags(), v, null);
            plot.dashed(ac.lags(), v, "SCS 1988 (continuous time)");
        }
        // finite networks (seeds seed..seed+2): burn-in, then lag averages over the stationary window, averaged
        NetworkSpec spec = config.networkSpec(0, 1);
        int steps = (int) Math.round((SIMULATION_BURN_IN + config.dmft.tmax) / config.dt);
        TaskData none = TaskData.inputsOnly(NdArray.zeros(1, steps, 0));
        int lags = ac.values().length - 1;
        double[] sim = new double[lags + 1];
        for (int k = 0; k < SIMULATED_NETWORKS; k++) {
            Trajectory traj = new Trajectory(backend, spec.n(), 1, steps, 1);
            ForwardPass.run(new DeviceNetwork(backend, spec, Parameters.initialize(spec, 1, config.seed + k)),
                    new TaskBatch(backend, none), traj);
            double[] one = PopulationKernels.windowLagAverages(PopulationKernels.of(backend, traj).c(),
                    (int) Math.round(SIMULATION_BURN_IN / config.dt), lags);
            for (int l = 0; l <= lags; l++) {
                sim[l] += one[l] / SIMULATED_NETWORKS;
            }
        }
        ObjectNode f = s.putObject("finite_n");
        f.put("N", spec.n());
        f.put("networks", SIMULATED_NETWORKS);
        f.put("seeds", config.seed + ".." + (config.seed + SIMULATED_NETWORKS - 1));
        f.put("delta0", sim[0]);
        putCurve(f, ac.lags(), sim, null);
        plot.line(ac.lags(), sim, "networks N = " + spec.n() + " (mean of " + SIMULATED_NETWORKS + ")");
        plot.write(dir.file("autocorrelation.png"));
    }

    private static void writeDriven(OutputDirectory dir, RunConfig config, DmftProblem problem, TaskData task,
                                    DmftReplicas.Result res, Backend backend, ObjectNode s, Map<String, NdArray> arrays)
            throws IOException {
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem).solve();
        arrays.put("Phi_exact", exact.phi());
        arrays.put("C_exact", exact.c());
        ObjectNode cmp = s.putObject("vs_exact_recursion");
        cmp.put("phi_relative_distance", PopulationKernels.relativeDistance(res.phi(), exact.phi()));
        cmp.put("c_relative_distance", PopulationKernels.relativeDistance(res.c(), exact.c()));
        cmp.put("phi_fraction_within_3_stderr", fractionWithin(res.phi(), exact.phi(), res.phiStdErr(), 3));
        NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim());
        Trajectory traj = new Trajectory(backend, spec.n(), task.trials(), task.steps(), spec.outputDim());
        ForwardPass.run(new DeviceNetwork(backend, spec, Parameters.initialize(spec, task.trials(), config.seed)),
                new TaskBatch(backend, task), traj);
        PopulationKernels pk = PopulationKernels.of(backend, traj);
        ObjectNode f = s.putObject("finite_n");
        f.put("N", spec.n());
        f.put("phi_relative_distance_to_exact", PopulationKernels.relativeDistance(pk.phi(), exact.phi()));
        int p = task.trials();
        int points = task.steps() + 1;
        double[] t = new double[points];
        double[] mc = new double[points];
        double[] ex = new double[points];
        double[] sim = new double[points];
        for (int k = 0; k < points; k++) {
            t[k] = k * config.dt;
            mc[k] = res.c().get(k * p, k * p);
            ex[k] = exact.c().get(k * p, k * p);
            sim[k] = pk.c().get(k * p, k * p);
        }
        new LinePlot("Variance <x(t)^2> of trial 0, g = " + config.g, "time (units of tau)", "C(t, t)")
                .line(t, mc, "DMFT (Monte Carlo)").dashed(t, ex, "exact recursion").line(t, sim, "network N = " + spec.n())
                .write(dir.file("variance.png"));
    }

    /** Fraction of entries with a positive standard error whose deviation is below k standard errors. */
    private static double fractionWithin(NdArray a, NdArray b, NdArray err, double k) {
        int n = 0;
        int within = 0;
        for (int i = 0; i < a.size(); i++) {
            double e = err.data()[i];
            if (e > 0) {
                n++;
                if (Math.abs(a.data()[i] - b.data()[i]) < k * e) {
                    within++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) within / n;
    }

    private static void putCurve(ObjectNode o, double[] lags, double[] values, double[] stderr) {
        ArrayNode l = o.putArray("lags");
        ArrayNode v = o.putArray("values");
        for (int k = 0; k < lags.length; k++) {
            l.add(lags[k]);
            v.add(values[k]);
        }
        if (stderr != null) {
            ArrayNode e = o.putArray("stderr");
            for (double x : stderr) {
                e.add(x);
            }
        }
    }
}
