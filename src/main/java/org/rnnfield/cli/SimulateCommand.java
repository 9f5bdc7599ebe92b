package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.LossEvaluation;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnnfield simulate}: runs a (random or trained) network on a task's inputs and records it. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate a network (random, or trained via --weights) on a task's inputs.",
                "Writes summary.json, trajectory.npz (x, y, time), activity.png, output.png to --out."})
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;
    @Mixin
    ModelOptions model;

    @Option(names = "--weights", description = "weights.npz of a trained network (default: random weights from --seed)")
    Path weights;

    @Option(names = "--record", description = "neurons whose x(t) is saved (default: 100, at most N)")
    int record = 100;

    @Override
    public Integer call() throws IOException {
        RunConfig config = options.validated(model);
        if (record < 0) {
            throw ConfigException.field("record", record, "integer >= 0");
        }
        TaskData task = config.task.build().generate(config.dt);
        NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim());
        Parameters params = weights == null ? Parameters.initialize(spec, task.trials(), config.seed) : loadWeights(spec, task);
        return OutputDirectory.run(options.out, config, false, (dir, backend) -> execute(dir, backend, config, task, spec, params));
    }

    private Integer execute(OutputDirectory dir, Backend backend, RunConfig config, TaskData task, NetworkSpec spec, Parameters params) throws IOException {
        long t0 = System.nanoTime();
        DeviceNetwork net = new DeviceNetwork(backend, spec, params);
        Trajectory traj = new Trajectory(backend, spec.n(), task.trials(), task.steps(), spec.outputDim());
        ForwardPass.run(net, new TaskBatch(backend, task), traj);
        LossEvaluation loss = LossEvaluation.of(backend, traj, task);
        double wall = (System.nanoTime() - t0) * 1e-9;

        NdArray x = traj.statesToHost(backend);
        int kept = Math.min(record, spec.n());
        NdArray xr = firstNeurons(x, kept);
        NdArray y = traj.outputsToHost(backend);
        double[] time = new double[task.steps() + 1];
        for (int k = 0; k < time.length; k++) {
            time[k] = k * spec.dt();
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("x", xr);
        arrays.put("y", y);
        arrays.put("time", new NdArray(new int[]{time.length}, time));
        Npz.write(dir.file("trajectory.npz"), arrays);

        ObjectNode s = Json.object();
        s.put("command", "simulate");
        s.put("loss", loss.loss());
        s.put("normalized_loss", loss.normalized());
        s.put("mean_square_activity", meanSquare(x));
        s.put("recorded_neurons", kept);
        s.put("weights", weights == null ? "random (seed " + config.seed + ")" : weights.toString());
        dir.writeSummary(s, wall, backend, config);

        LinePlot p = new LinePlot("Activity of 5 neurons (trial 0)", "time", "x_i(t)");
        for (int i = 0; i < Math.min(5, kept); i++) {
            double[] xi = new double[time.length];
            for (int k = 0; k < time.length; k++) {
                xi[k] = xr.get(0, k, i);
            }
            p.line(time, xi, "neuron " + i);
        }
        p.write(dir.file("activity.png"));
        TrainCommand.writeOutputPlot(dir.file("output.png"), task, y, spec.dt(), "Network output");
        System.out.printf(java.util.Locale.ROOT, "loss %.6e normalized_loss %.6g (%s)%n", loss.loss(), loss.normalized(), options.out);
        return 0;
    }

    private Parameters loadWeights(NetworkSpec spec, TaskData task) {
        try {
            Parameters p = Parameters.fromMap(Npz.read(weights), weights.toString());
            if (p.x0().ndim() == 2 && p.x0().dim(1) != task.trials()) {
                throw new ConfigException("weights: x0 in " + weights + " has " + p.x0().dim(1) + " trials but the task has "
                        + task.trials() + " (allowed: the same number of trials as at training)");
            }
            return p;
        } catch (IOException e) {
            throw new ConfigException("weights: " + e.getMessage());
        }
    }

    private static NdArray firstNeurons(NdArray x, int kept) {
        int b = x.dim(0);
        int t = x.dim(1);
        int n = x.dim(2);
        NdArray r = NdArray.zeros(b, t, kept);
        for (int i = 0; i < b * t; i++) {
            System.arraycopy(x.data(), i * n, r.data(), i * kept, kept);
        }
        return r;
    }

    private static double meanSquare(NdArray x) {
        double s = 0;
        for (double v : x.data()) {
            s += v * v;
        }
        return s / x.size();
    }
}
