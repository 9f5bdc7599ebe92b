package org.rnnfield.dynamics;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.NetworkSpec;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
 * This is THEORY.md section 1 with r = -W N gamma lambda. {@link #descend} folds a gradient-descent step into the
 * gradient GEMMs (w += -rate dL/dw with beta = 1 into the weight itself), so plain GD needs no gradient buffers and
 * saves a pass over J (write dL/dJ, read it back for the update): 5-8% of a step at N = 4000, B = 16.
 */
public final class Backprop {
    private Backprop() {
    }

    /** dL/dw into {@code out} for each of its weights. */
    public static void run(DeviceNetwork net, TaskBatch task, Trajectory traj, NdArray dLdy, Gradients out) {
        backpropagate(net, task, traj, dLdy, out.weights(), w -> new Destination(out.get(w), 1.0, 0.0));
    }

    /**
     * One gradient-descent step w -= rates(w) dL/dw for each weight in {@code rates}, written straight into the
     * weights (after the adjoint recursion, which is the last use of J). A non-finite gradient makes the weights
     * non-finite, which the next forward pass's loss shows.
     */
    public static void descend(DeviceNetwork net, TaskBatch task, Trajectory traj, NdArray dLdy, Map<Weight, Double> rates) {
        backpropagate(net, task, traj, dLdy, rates.keySet(), w -> new Destination(net.tensor(w), -rates.get(w), 1.0));
    }

    /** Where dL/dw goes: dst = beta dst + scale dL/dw. */
    private record Destination(Tensor dst, double scale, double beta) {
    }

    private static void backpropagate(DeviceNetwork net, TaskBatch task, Trajectory traj, NdArray dLdy, Set<Weight> weights,
                                      Function<Weight, Destination> destination) {
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
        // the adjoint recursion is needed only for J and U; dL/dV uses phi and dL/dy alone
        boolean needAdjoint = weights.contains(Weight.J) || weights.contains(Weight.U);
        if (needAdjoint) {
            be.gemm(false, false, s.readoutScale(), net.v, dy, 0.0, source);
        }
        Tensor lambda = traj.lambda;
        Tensor zero = traj.zeroState;
        for (int k = needAdjoint ? steps - 1 : -1; k >= 0; k--) {
            Tensor src = source.columns(k * b, b);
            Tensor lamNext = k == steps - 1 ? zero : lambda.columns((k + 1) * b, b);
            if (k < steps - 1) {
                be.gemm(true, false, alpha * c, net.j, lamNext, 1.0, src);
            }
            be.adjointStep(s.phi(), alpha, traj.phi(k + 1), src, lamNext, lambda.columns(k * b, b));
        }
        for (Weight w : weights) {
            Destination d = destination.apply(w);
            switch (w) {
                case J -> be.gemm(false, true, d.scale() * alpha * c, lambda, traj.phi.columns(0, b * steps), d.beta(), d.dst());
                case U -> {
                    if (task.inputs != null) {
                        be.gemm(false, true, d.scale() * alpha, lambda, task.inputs, d.beta(), d.dst());
                    } else if (d.beta() == 0.0) {
                        be.fill(d.dst(), 0.0);
                    }
                }
                case V -> be.gemm(false, true, d.scale() * s.readoutScale(), traj.phi.columns(b, b * steps), dy, d.beta(), d.dst());
            }
        }
    }
}
