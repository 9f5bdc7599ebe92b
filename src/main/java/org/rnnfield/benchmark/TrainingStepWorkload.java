package org.rnnfield.benchmark;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.dynamics.Backprop;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.LossEvaluation;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;

/**
 * The benchmarked work, shared by JMH (bench/jmh) and {@code rnnfield bench}: a tanh network of N
 * neurons, B trials, T steps, one input and one output. {@link #forwardStep} is one Euler step
 * (one N x N x B GEMM + the fused leak/phi); {@link #trainingStep} is forward + loss + BPTT + a GD
 * update of J and V, about {@code 6 N^2 B T} flops.
 */
public final class TrainingStepWorkload {
    private final Backend backend;
    private final NetworkSpec spec;
    private final DeviceNetwork net;
    private final TaskBatch batch;
    private final Trajectory traj;
    private static final java.util.Map<Weight, Double> RATES = java.util.Map.of(Weight.J, 1e-6, Weight.V, 1e-6);
    private final TaskData task;
    private final int trials;
    private final Tensor drive;
    private final int steps;
    /** Adjoint-shaped operand of {@link #gemmsOnly} (zeros: GEMM time does not depend on the values). */
    private final Tensor adjoints;

    public TrainingStepWorkload(Backend backend, int n, int trials, int steps) {
        this.backend = backend;
        this.trials = trials;
        this.spec = new NetworkSpec(n, 1.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        Rng r = new Rng(7);
        NdArray mask = NdArray.zeros(trials, steps);
        java.util.Arrays.fill(mask.data(), 1.0);
        this.task = new TaskData(r.normal(1.0, trials, steps, 1), r.normal(1.0, trials, steps, 1), mask);
        // drawn on the device: no N x N host array, so a GPU benchmarks N beyond Parameters.MAX_HOST_N (N = 65536)
        this.net = DeviceNetwork.drawnOnDevice(backend, spec, trials, 1);
        this.batch = new TaskBatch(backend, task);
        this.traj = new Trajectory(backend, n, trials, steps, 1);
        this.drive = backend.zeros(n, trials);
        this.steps = steps;
        this.adjoints = backend.zeros(n, trials * steps);
        ForwardPass.run(net, batch, traj);
    }

    /** Flops of one training step as counted for throughput, 6 N^2 B T. */
    public static double trainingFlops(int n, int trials, int steps) {
        return 6.0 * n * (double) n * trials * steps;
    }

    public void forwardStep() {
        backend.gemm(false, false, spec.recurrentScale(), net.tensor(Weight.J), traj.phi(0), 0.0, drive);
        backend.leakyStep(spec.phi(), spec.alpha(), traj.x(0), drive, traj.x(1), traj.phi(1));
    }

    /** One full training step; returns the loss so the work cannot be optimized away. */
    public double trainingStep() {
        ForwardPass.run(net, batch, traj);
        LossEvaluation eval = LossEvaluation.of(backend, traj, task);
        // the trainer's GD step (folded into the gradient GEMMs); a tiny rate keeps the weights (and so the work)
        // statistically the same across iterations
        Backprop.descend(net, batch, traj, eval.dLdy(), RATES);
        return eval.loss();
    }

    /**
     * The GEMMs of {@link #trainingStep} alone, same shapes and order (T forward N x N x B, T - 1 transposed ones of
     * the adjoint recursion, the N x N x BT gradient added into J), without the element-wise work, loss or readout:
     * the step's BLAS-bound ceiling. Its rate is counted with the same 6 N^2 B T flops, so step time over this time
     * is the share of a step that is not GEMM. J is left unchanged (zero adjoints).
     */
    public void gemmsOnly() {
        Tensor j = net.tensor(Weight.J);
        double c = spec.recurrentScale();
        for (int k = 0; k < steps; k++) {
            backend.gemm(false, false, c, j, traj.phi(k), 0.0, drive);
        }
        for (int k = steps - 1; k > 0; k--) {
            backend.gemm(true, false, c, j, adjoints.columns(k * trials, trials), 1.0, drive);
        }
        backend.gemm(false, true, -1e-6 * spec.alpha() * c, adjoints, traj.activations().columns(0, trials * steps), 1.0, j);
    }

    public int trials() {
        return trials;
    }
}
