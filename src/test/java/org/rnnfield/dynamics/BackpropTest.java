package org.rnnfield.dynamics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** BPTT gradients against central finite differences of the loss, in float64. */
class BackpropTest {

    @ParameterizedTest(name = "{0}, D_in={1}, B={2}")
    @CsvSource({"TANH, 2, 3", "TANH, 0, 3", "LINEAR, 2, 3", "LINEAR, 0, 2", "TANH, 1, 1"})
    void gradientsMatchCentralDifferences(Phi phi, int dIn, int trials) {
        int n = 7;
        int steps = 6;
        int dOut = 2;
        NetworkSpec spec = Fixtures.spec(n, phi, dIn, dOut);
        Parameters p = Parameters.initialize(spec, trials, 11);
        TaskData task = Fixtures.randomTask(5, trials, steps, dIn, dOut);
        Forward f = Forward.of(spec, p, task);
        CpuBackend be = f.be();
        Gradients grads = f.gradients(EnumSet.allOf(Weight.class));

        for (Weight w : EnumSet.allOf(Weight.class)) {
            NdArray analytic = be.download(grads.get(w));
            NdArray numeric = finiteDifference(be, spec, p, task, w);
            if (numeric.size() == 0) {
                continue;
            }
            double rel = org.rnnfield.analysis.PopulationKernels.relativeDistance(analytic, numeric);
            assertTrue(be.sumSquares(be.upload(numeric)) > 0, w + ": zero gradient, the check would be vacuous");
            assertTrue(rel < 1e-6, w + ": relative error of BPTT vs finite differences " + rel);
        }
    }

    @org.junit.jupiter.api.Test
    void readoutOnlyGradientSkipsTheAdjointButIsTheSame() {
        NetworkSpec spec = Fixtures.spec(9, Phi.TANH, 1, 2);
        Forward f = Forward.of(spec, Parameters.initialize(spec, 2, 4), Fixtures.randomTask(8, 2, 5, 1, 2));
        Gradients all = f.gradients(EnumSet.allOf(Weight.class));
        Gradients onlyV = f.gradients(EnumSet.of(Weight.V));
        org.junit.jupiter.api.Assertions.assertArrayEquals(f.be().download(all.get(Weight.V)).data(),
                f.be().download(onlyV.get(Weight.V)).data(), 1e-15);
    }

    /** The folded GD step (Backprop.descend) is w - rate dL/dw with dL/dw from Backprop.run, for every weight at once. */
    @org.junit.jupiter.api.Test
    void descendIsOneGradientStepInPlace() {
        NetworkSpec spec = Fixtures.spec(11, Phi.TANH, 2, 2);
        Parameters p = Parameters.initialize(spec, 3, 9);
        Forward f = Forward.of(spec, p, Fixtures.randomTask(3, 3, 6, 2, 2));
        CpuBackend be = f.be();
        Gradients g = f.gradients(EnumSet.allOf(Weight.class));
        java.util.Map<Weight, Double> rates = java.util.Map.of(Weight.J, 0.3, Weight.U, 0.05, Weight.V, 2.0);
        Backprop.descend(f.net(), f.batch(), f.traj(), f.loss().dLdy(), rates);
        for (Weight w : Weight.values()) {
            NdArray before = switch (w) {
                case J -> p.j();
                case U -> p.u();
                case V -> p.v();
            };
            NdArray grad = be.download(g.get(w));
            NdArray after = be.download(f.net().tensor(w));
            double moved = 0;
            for (int i = 0; i < before.size(); i++) {
                double expected = before.data()[i] - rates.get(w) * grad.data()[i];
                org.junit.jupiter.api.Assertions.assertEquals(expected, after.data()[i], 1e-14 * (1 + Math.abs(expected)), w + "[" + i + "]");
                moved = Math.max(moved, Math.abs(after.data()[i] - before.data()[i]));
            }
            assertTrue(moved > 1e-6, w + " moved by " + moved);
        }
    }

    /** One float64 forward pass on the CPU, kept for gradients taken from it. */
    private record Forward(CpuBackend be, NetworkSpec spec, DeviceNetwork net, TaskBatch batch, Trajectory traj, LossEvaluation loss) {
        static Forward of(NetworkSpec spec, Parameters p, TaskData task) {
            CpuBackend be = new CpuBackend(Precision.FLOAT64);
            DeviceNetwork net = new DeviceNetwork(be, spec, p);
            TaskBatch batch = new TaskBatch(be, task);
            Trajectory traj = new Trajectory(be, spec.n(), task.trials(), task.steps(), task.outputDim());
            ForwardPass.run(net, batch, traj);
            return new Forward(be, spec, net, batch, traj, LossEvaluation.of(be, traj, task));
        }

        Gradients gradients(java.util.Set<Weight> weights) {
            Gradients g = new Gradients(be, spec, weights);
            Backprop.run(net, batch, traj, loss.dLdy(), g);
            return g;
        }
    }

    private static NdArray finiteDifference(CpuBackend be, NetworkSpec spec, Parameters p, TaskData task, Weight w) {
        NdArray target = switch (w) {
            case J -> p.j();
            case U -> p.u();
            case V -> p.v();
        };
        NdArray g = NdArray.zeros(target.shape());
        double eps = 1e-6;
        for (int i = 0; i < target.size(); i++) {
            double saved = target.data()[i];
            target.data()[i] = saved + eps;
            double plus = Fixtures.loss(be, spec, p, task);
            target.data()[i] = saved - eps;
            double minus = Fixtures.loss(be, spec, p, task);
            target.data()[i] = saved;
            g.data()[i] = (plus - minus) / (2 * eps);
        }
        return g;
    }
}
