package org.rnnfield.experiment;

import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;

/** The tasks, networks and training rules the experiments share (tau = 1, x(0) ~ N(0, 1), J and V trained by GD). */
final class Tasks {
    private Tasks() {
    }

    static TaskData sine(double freq, double duration, double dt) {
        TaskConfig c = new TaskConfig();
        c.freq = freq;
        c.duration = duration;
        return c.build().generate(dt);
    }

    static TaskData multisine(double[] freqs, double duration, double dt) {
        TaskConfig c = new TaskConfig();
        c.name = "multisine";
        c.freqs = freqs;
        c.duration = duration;
        return c.build().generate(dt);
    }

    static NetworkSpec spec(int n, double g, double gamma, double dt, Phi phi, TaskData task) {
        return new NetworkSpec(n, g, gamma, 1.0, dt, phi, InitialState.GAUSSIAN, 1.0, task.inputDim(), task.outputDim());
    }

    /** Full-batch GD on J and V with learning rate eta0 gamma^2 N. */
    static TrainSpec gd(double eta0, int steps) {
        return new TrainSpec(eta0, steps, Optimizer.GD, EnumSet.of(Weight.J, Weight.V), 0, 0);
    }
}
