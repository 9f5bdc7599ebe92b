package org.rnnfield.model;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;
import org.rnnfield.train.Trainer;
import org.rnnfield.train.TrainingListener;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The finite network and the DMFT read gamma and N from one place, and their update rules agree. */
class MeanFieldScalingTest {
    /**
     * One GD step of a finite network on V, from the trainer, equals the DMFT's readout update (eq. 2.6):
     * dV_i = -(eta0 gamma / W) sum over scored (t, mu) of err(t, mu) phi_i(t, mu), with the rate the DMFT problem
     * uses, at every N and gamma (the N's of the step eta0 gamma^2 N and of the readout 1 / (N gamma) cancel).
     */
    @Test
    void aFiniteGradientStepOnTheReadoutIsTheDmftReadoutUpdate() {
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 2.0, 0.5, 0.5, 1.0, 2).generate(0.1);
        for (int n : new int[]{40, 160}) {
            for (double gamma : new double[]{0.1, 2.0}) {
                NetworkSpec spec = new NetworkSpec(n, 1.5, gamma, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
                TrainSpec train = new TrainSpec(0.3, 1, Optimizer.GD, EnumSet.of(Weight.V), 0, 0);
                Parameters before = Parameters.initialize(spec, task.trials(), 7);
                CpuBackend be = new CpuBackend(Precision.FLOAT64);
                Parameters after = new Trainer(be, spec, task, train).train(before, null, TrainingListener.NONE).params();
                DeviceNetwork net = new DeviceNetwork(be, spec, before);
                Trajectory traj = new Trajectory(be, n, task.trials(), task.steps(), 1);
                ForwardPass.run(net, new TaskBatch(be, task), traj);
                NdArray x = traj.statesToHost(be);
                NdArray y = traj.outputsToHost(be);
                double rate = new TrainingDmftProblem(spec, task, train).readoutRate();
                assertEquals(MeanFieldScaling.readoutUpdateRate(0.3, gamma, task.maskCount()), rate, 0.0);
                for (int i = 0; i < n; i += 13) {
                    double signal = 0;
                    for (int mu = 0; mu < task.trials(); mu++) {
                        for (int k = 0; k < task.steps(); k++) {
                            double err = y.get(mu, k, 0) - task.targets().get(mu, k, 0);
                            signal += task.mask().get(mu, k) * err * Math.tanh(x.get(mu, k + 1, i));
                        }
                    }
                    double dv = after.v().get(i, 0) - before.v().get(i, 0);
                    assertEquals(-rate * signal, dv, 1e-12 * Math.max(1, Math.abs(dv)), "N=" + n + " gamma=" + gamma + " neuron " + i);
                }
            }
        }
    }
}
