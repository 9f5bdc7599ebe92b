package org.rnnfield.cli;

import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Trainer;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Simulated crashes for the resume tests: a run of {@code cfg} that dies after a given step, leaving its checkpoint. */
final class Crashes {
    private Crashes() {
    }

    static void trainAndCrashAfter(RunConfig cfg, Path dir, int crashStep) {
        TaskData task = cfg.task.build().generate(cfg.dt);
        NetworkSpec spec = cfg.networkSpec(task.inputDim(), task.outputDim());
        Trainer trainer = new Trainer(new CpuBackend(cfg.precision()), spec, task, cfg.trainSpec());
        assertThrows(IllegalStateException.class, () -> trainer.train(Parameters.initialize(spec, task.trials(), cfg.seed),
                dir.resolve(TrainCommand.CHECKPOINT_FILE), (step, total, loss, norm) -> {
                    if (step == crashStep) {
                        throw new IllegalStateException("crash");
                    }
                }));
    }
}
