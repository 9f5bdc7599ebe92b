package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npy;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code rnnfield task}: generates a task and writes it as .npy files (readable by the npy task) with PNGs of its targets. */
@Command(name = "task", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate a task (e.g. --task reach) on the grid --dt and write inputs.npy (B, T, D_in),",
                "targets.npy (B, T, D_out), mask.npy (B, T), task.json and targets.png to --out."})
public final class TaskCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;
    @Mixin
    TaskOptions taskFlags;

    @Override
    public Integer call() throws IOException {
        RunConfig config = options.validated(taskFlags);
        TaskData task = config.task.build().generate(config.dt);
        OutputDirectory dir = OutputDirectory.prepare(options.out);
        Npy.write(dir.file("inputs.npy"), task.inputs());
        Npy.write(dir.file("targets.npy"), task.targets());
        Npy.write(dir.file("mask.npy"), task.mask());
        ObjectNode s = Json.object();
        s.put("command", "task");
        s.put("trials", task.trials());
        s.put("time_steps", task.steps());
        s.put("input_dim", task.inputDim());
        s.put("output_dim", task.outputDim());
        s.put("dt", config.dt);
        s.set("task", Json.MAPPER.valueToTree(config.task));
        Json.write(dir.file("task.json"), s);
        writeTargets(dir.file("targets.png"), task, config.dt, 0);
        if (task.trials() > 1) {
            writeConditions(dir.file("targets_by_condition.png"), task, config.dt, 0);
        }
        System.out.println("task " + config.task.name + ": " + task.trials() + " trials x " + task.steps() + " steps -> " + options.out);
        return 0;
    }

    private static double[] time(TaskData task, double dt) {
        double[] t = new double[task.steps()];
        for (int k = 0; k < t.length; k++) {
            t[k] = (k + 1) * dt;
        }
        return t;
    }

    /** Every output dimension of one trial. */
    static void writeTargets(Path file, TaskData task, double dt, int trial) throws IOException {
        LinePlot p = new LinePlot("Targets of trial " + trial + " (one line per output)", "time (tau)", "target");
        for (int a = 0; a < task.outputDim(); a++) {
            p.line(time(task, dt), series(task.targets(), trial, a), "output " + a);
        }
        p.write(file);
    }

    /** One output dimension across up to 8 trials. */
    static void writeConditions(Path file, TaskData task, double dt, int output) throws IOException {
        LinePlot p = new LinePlot("Target " + output + " across conditions", "time (tau)", "target");
        int count = Math.min(8, task.trials());
        for (int b = 0; b < count; b++) {
            int trial = b * task.trials() / count;
            p.line(time(task, dt), series(task.targets(), trial, output), "condition " + trial);
        }
        p.write(file);
    }

    private static double[] series(NdArray a, int trial, int dim) {
        double[] y = new double[a.dim(1)];
        for (int k = 0; k < y.length; k++) {
            y[k] = a.get(trial, k, dim);
        }
        return y;
    }
}
