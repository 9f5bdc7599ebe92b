package org.rnnfield.dynamics;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.NetworkSpec;

/**
 * Exact backpropagation through time of the Euler recursion. With lambda(t) = dL/dx(t),
 * e(t) = (1/(N gamma)) V dL/dy(t) and c = g/sqrt N:
 * <pre>
 *   lambda(T) = phi'(x(T)) .* e(T)
 *   lambda(t) = phi'(x(t)) .* (e(t) + alpha c J^T lambda(t+1)) + (1 - alpha) lambda(t+1)
 *   dL/dJ = alpha c sum_t lambda(t+1) phi(x(t))^T     (t = 0..T-1, all trials: one GEMM)
 *   dL/dU = alpha     sum_t lambda(t+1) I(t)^T
 *   dL/dV = (1/(N gamma)) sum_t phi(x(t)) dL/dy(t)^T  (t = 1..T)
 * </pre>
 * This is THEORY.md section 1 with r = -W N gamma lambda.
 */
public final class Backprop {
    private Backprop() {
    }

    public static void run(DeviceNetwork net, TaskBatch task, Trajectory traj, NdArray dLdy, Gradients out) {
        Backend be = net.backend();
        NetworkSpec s = net.spec();
        int b = traj.trials;
        int steps = traj.steps;
        double c = s.recurrentScale();
        double alpha = s.alpha();
        Tensor dy = traj.readoutGradient;
        be.write(dLdy, dy);
        // the readout source of every step at once: scratch column block k holds e(k+1)
        Tensor source = traj.scratch;
        if (out.weights().contains(Weight.J) || out.weights().contains(Weight.U)) {
            be.gemm(false, false, s.readoutScale(), net.v, dy, 0.0, source);
        }
        Tensor lambda = traj.lambda;
        Tensor zero = traj.zeroState;
        // the adjoint recursion is needed only for J and U; dL/dV uses phi and dL/dy alone
        boolean needAdjoint = out.weights().contains(Weight.J) || out.weights().contains(Weight.U);
        for (int k = needAdjoint ? steps - 1 : -1; k >= 0; k--) {
            Tensor src = source.columns(k * b, b);
            Tensor lamNext = k == steps - 1 ? zero : lambda.columns((k + 1) * b, b);
            if (k < steps - 1) {
                be.gemm(true, false, alpha * c, net.j, lamNext, 1.0, src);
            }
            be.adjointStep(s.phi(), alpha, traj.phi(k + 1), src, lamNext, lambda.columns(k * b, b));
        }
        for (Weight w : out.weights()) {
            Tensor g = out.get(w);
            switch (w) {
                case J -> be.gemm(false, true, alpha * c, lambda, traj.phi.columns(0, b * steps), 0.0, g);
                case U -> {
                    if (task.inputs != null) {
                        be.gemm(false, true, alpha, lambda, task.inputs, 0.0, g);
                    } else {
                        be.fill(g, 0.0);
                    }
                }
                case V -> be.gemm(false, true, s.readoutScale(), traj.phi.columns(b, b * steps), dy, 0.0, g);
            }
        }
    }
}
