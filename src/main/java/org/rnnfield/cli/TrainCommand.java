package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Trainer;
import org.rnnfield.train.TrainSpec;
import org.rnnfield.train.TrainingResult;
import org.rnnfield.train.LossHistory;
import org.rnnfield.train.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnnfield train}: trains a network on a task and writes its results to --out. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a rate network by full-batch BPTT with learning rate eta0 gamma^2 N.",
                "Writes summary.json, weights.npz, history.csv, outputs.npz, loss.png, output.png to --out."})
public final class TrainCommand implements Callable<Integer> {
    static final String CONFIG_FILE = "config.json";
    static final String CHECKPOINT_FILE = "checkpoint.npz";

    @Mixin
    RunOptions options;
    @Mixin
    ModelOptions model;
    @Mixin
    TrainingOptions trainingFlags;
    @Mixin
    TrainedWeightsOptions weightsFlags;
    @Mixin
    CheckpointOptions checkpointFlags;

    @Option(names = "--resume", description = "continue the interrupted run in --out from its last checkpoint"
            + " (uses --out's config.json; other flags are ignored)")
    boolean resume;

    @Override
    public Integer call() throws IOException {
        RunConfig config = resume ? RunConfig.read(options.out.resolve(CONFIG_FILE)) : options.resolve(model, trainingFlags, weightsFlags, checkpointFlags);
        return train(config, options.out, resume);
    }

    /** Trains {@code config} into {@code out}, or resumes the run there from its checkpoint (used by sweep too). */
    static int train(RunConfig config, Path out, boolean resume) throws IOException {
        config.validate();
        TaskData task = config.task.build().generate(config.dt);
        NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim());
        TrainSpec trainSpec = config.trainSpec();
        TrainingState start = resume ? checkpoint(out)
                : new TrainingState(0, Parameters.initialize(spec, task.trials(), config.seed), Map.of(), new LossHistory());
        return OutputDirectory.run(out, config, resume, (dir, backend) -> execute(dir, backend, config, task, spec, trainSpec,
                start, out, resume));
    }

    private static TrainingState checkpoint(Path out) throws IOException {
        Path cp = out.resolve(CHECKPOINT_FILE);
        if (!Files.exists(cp)) {
            throw new ConfigException("resume: no " + CHECKPOINT_FILE + " in " + out
                    + " (the run had --checkpoint-every 0, or it finished)");
        }
        return TrainingState.load(cp);
    }

    private static Integer execute(OutputDirectory dir, Backend backend, RunConfig config, TaskData task, NetworkSpec spec,
                                   TrainSpec trainSpec, TrainingState start, Path out, boolean resume) throws IOException {
        Json.write(dir.file(CONFIG_FILE), config);
        System.err.println("rnnfield train: N=" + spec.n() + " g=" + spec.g() + " gamma=" + spec.gamma()
                + " task=" + config.task.name + " on " + backend.describe()
                + (resume ? ", resuming at step " + start.completedSteps() : ""));
        long t0 = System.nanoTime();
        Trainer trainer = new Trainer(backend, spec, task, trainSpec);
        TrainingResult result = trainer.run(start, out.resolve(CHECKPOINT_FILE), ProgressBar.forStderr());
        double wall = (System.nanoTime() - t0) * 1e-9;
        writeOutputs(dir, config, spec, trainSpec, task, result, backend, wall);
        Files.deleteIfExists(out.resolve(CHECKPOINT_FILE));
        System.out.printf(java.util.Locale.ROOT, "final_loss %.6e normalized_loss %.6g steps %d (%s)%n",
                result.finalLoss(), result.finalNormalizedLoss(), result.completedSteps(), out);
        return 0;
    }

    private static void writeOutputs(OutputDirectory dir, RunConfig config, NetworkSpec spec, TrainSpec trainSpec,
                                     TaskData task, TrainingResult result, Backend backend, double wall)
            throws IOException {
        Npz.write(dir.file("weights.npz"), result.params().asMap());
        Map<String, NdArray> outputs = new LinkedHashMap<>();
        outputs.put("y", result.outputs());
        outputs.put("target", task.targets());
        outputs.put("mask", task.mask());
        outputs.put("inputs", task.inputs());
        Npz.write(dir.file("outputs.npz"), outputs);
        result.history().toCsv().write(dir.file("history.csv"));

        ObjectNode s = Json.object();
        s.put("command", "train");
        s.put("final_loss", result.finalLoss());
        s.put("normalized_loss", result.finalNormalizedLoss());
        s.put("initial_loss", result.history().rows().get(0).loss());
        s.put("steps", result.completedSteps());
        s.put("reached_target_loss", result.reachedTarget());
        s.put("loss_definition", "L = 1/(2W) sum_{b,t} mask[b,t] |y_b(t) - y*_b(t)|^2, W = sum mask;"
                + " normalized_loss = L / ((1/W) sum mask |y*|^2), so the zero output scores 0.5");
        ObjectNode lr = s.putObject("learning_rates");
        for (Weight w : trainSpec.trained()) {
            lr.put(w.name(), trainSpec.learningRate(w, spec));
        }
        s.put("trials", task.trials());
        s.put("time_steps", task.steps());
        dir.writeSummary(s, wall, backend, config);

        new LinePlot("Training loss (N=" + spec.n() + ", gamma=" + spec.gamma() + ")", "training step", "loss")
                .logY().line(result.history().steps(), result.history().losses(), "loss").write(dir.file("loss.png"));
        writeOutputPlot(dir.file("output.png"), task, result.outputs(), spec.dt(), "Output after training");
    }

    /** Output vs target of trial 0, every output dimension. */
    static void writeOutputPlot(Path file, TaskData task, NdArray y, double dt, String title) throws IOException {
        int steps = task.steps();
        double[] t = new double[steps];
        for (int k = 0; k < steps; k++) {
            t[k] = (k + 1) * dt;
        }
        LinePlot p = new LinePlot(title + " (trial 0)", "time", "output");
        for (int a = 0; a < Math.min(4, task.outputDim()); a++) {
            double[] out = new double[steps];
            double[] tgt = new double[steps];
            for (int k = 0; k < steps; k++) {
                out[k] = y.get(0, k, a);
                tgt[k] = task.mask().get(0, k) > 0 ? task.targets().get(0, k, a) : Double.NaN;
            }
            p.line(t, out, "y" + a);
            p.dashed(t, tgt, "target " + a);
        }
        p.write(file);
    }
}
