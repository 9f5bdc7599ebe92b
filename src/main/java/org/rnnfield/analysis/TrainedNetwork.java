package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Trainer;
import org.rnnfield.train.TrainSpec;
import org.rnnfield.train.TrainingListener;
import org.rnnfield.train.TrainingResult;

/**
 * One finite network trained by the engine, reduced to what the training DMFT predicts: the loss
 * curve, the final output, the final population kernel Phi_N over (time 0..T, trial) (index t P + mu)
 * and the single neurons' states x_i(t) after training.
 *
 * @param loss        L_n, n = 0..S
 * @param outputs     final y, (P, T, D_out)
 * @param phi         final Phi_N, ((T+1) P)^2
 * @param states      final x, (N, (T+1) P), column t P + mu
 * @param params      the trained weights
 */
public record TrainedNetwork(int n, long seed, double[] loss, NdArray outputs, NdArray phi, NdArray states,
                             Parameters params) {

    public static TrainedNetwork train(Backend backend, NetworkSpec spec, TaskData task, TrainSpec train, long seed) {
        try (Backend.Scope scope = backend.scope()) {
            Parameters init = Parameters.initialize(spec, task.trials(), seed);
            TrainingResult result = new Trainer(backend, spec, task, train).train(init, null, TrainingListener.NONE);
            Trajectory traj = new Trajectory(backend, spec.n(), task.trials(), task.steps(), spec.outputDim());
            ForwardPass.run(new DeviceNetwork(backend, spec, result.params()), new TaskBatch(backend, task), traj);
            return new TrainedNetwork(spec.n(), seed, result.history().losses(), result.outputs(),
                    PopulationKernels.of(backend, traj).phi(), backend.download(traj.states()), result.params());
        }
    }

    /** phi(x_i(t)) of every neuron in every trial after training, (P, T, N) for t = 1..T: the responses a recording would see. */
    public NdArray responses(org.rnnfield.model.Phi phi) {
        int trials = outputs.dim(0);
        int steps = outputs.dim(1);
        NdArray r = NdArray.zeros(trials, steps, n);
        for (int b = 0; b < trials; b++) {
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    r.set(phi.apply(states.get(i, (t + 1) * trials + b)), b, t, i);
                }
            }
        }
        return r;
    }

    /** x_i at full-layout column (t P + mu) for all neurons i. */
    public double[] neuronsAt(int column) {
        return states.column(column);
    }
}
