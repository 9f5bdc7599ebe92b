package org.rnnfield.dynamics;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;

/** Small random networks and tasks for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static NetworkSpec spec(int n, Phi phi, int dIn, int dOut) {
        return new NetworkSpec(n, 1.3, 0.7, 1.0, 0.2, phi, InitialState.GAUSSIAN, 0.5, dIn, dOut);
    }

    /** Random inputs/targets and a mask with some zeros (first step of every trial excluded). */
    public static TaskData randomTask(long seed, int trials, int steps, int dIn, int dOut) {
        Rng r = new Rng(seed);
        NdArray in = r.normal(1.0, trials, steps, dIn);
        NdArray y = r.normal(0.25, trials, steps, dOut);
        NdArray m = NdArray.zeros(trials, steps);
        for (int b = 0; b < trials; b++) {
            for (int k = 1; k < steps; k++) {
                m.set((k + b) % 4 == 0 ? 0.0 : 1.0, b, k);
            }
        }
        return new TaskData(in, y, m);
    }

    /** The loss of the forward pass with the given parameters. */
    public static double loss(Backend be, NetworkSpec spec, Parameters p, TaskData task) {
        DeviceNetwork net = new DeviceNetwork(be, spec, p);
        TaskBatch batch = new TaskBatch(be, task);
        Trajectory traj = new Trajectory(be, spec.n(), task.trials(), task.steps(), spec.outputDim());
        ForwardPass.run(net, batch, traj);
        return LossEvaluation.of(be, traj, task).loss();
    }
}
