package org.rnnfield.dmft.training;

import org.rnnfield.array.NdArray;

/**
 * The solved training DMFT.
 *
 * @param loss          L_n for n = 0..S (the loss of the weights after n updates)
 * @param normalized    L_n divided by the mean over the scored window of |y*|^2
 * @param outputs       y_n, (S+1, P, T, D_out): the output at times 1..T of every trial after n updates
 * @param phi           activity kernel over the full index (step, time 0..T, trial), see {@link SiteLayout}
 * @param adjoint       adjoint kernel G over the full index (zero when neither J nor U learns)
 * @param finalStates   single-site samples x at the last step, (M, (T+1) P), column t P + mu
 * @param iterations    inner iterations spent on each training step
 * @param flooredPivots pinned field directions of each step's committed factor whose innovation was raised to the
 *                      DROP floor (theory.md eq. 3.5b; 0 where pinning changed nothing)
 * @param finalChange   relative change of each step's kernels at its last iteration
 * @param converged     whether every step reached the tolerance
 */
public record TrainingDmftResult(SiteLayout layout, double[] loss, double[] normalized, NdArray outputs, NdArray phi,
                                 NdArray adjoint, NdArray finalStates, int[] iterations, int[] flooredPivots, double[] finalChange,
                                 boolean converged, double seconds) {

    /** The training steps whose inner iteration stopped at or above {@code tolerance} (its last iterate was kept). */
    public int[] unconvergedSteps(double tolerance) {
        return java.util.stream.IntStream.range(0, finalChange.length).filter(n -> !(finalChange[n] < tolerance)).toArray();
    }

    /** Phi(t, s) of trials (mu, nu) at training step n as a ((T+1) P) x ((T+1) P) block. */
    public NdArray phiAtStep(int n) {
        return block(phi, n);
    }

    public NdArray adjointAtStep(int n) {
        return block(adjoint, n);
    }

    private NdArray block(NdArray k, int n) {
        int w = layout.passWidth();
        int full = layout.full();
        NdArray out = NdArray.zeros(w, w);
        for (int i = 0; i < w; i++) {
            System.arraycopy(k.data(), (n * w + i) * full + n * w, out.data(), i * w, w);
        }
        return out;
    }

    /** The output after n updates as (P, T, D_out), the layout of a network's outputs. */
    public NdArray outputAtStep(int n) {
        int p = layout.trials();
        int t = layout.times();
        int d = outputs.dim(3);
        NdArray out = NdArray.zeros(p, t, d);
        System.arraycopy(outputs.data(), n * p * t * d, out.data(), 0, p * t * d);
        return out;
    }
}
