package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;

/**
 * What the readout V does at the saddle point, given the kernel Phi (docs/theory.md eqs. 5.5, 5.6, 5.13):
 * integrating V out leaves the ridge problem {@code a_k = (Phi_r + lambda I)^{-1} y*_k} over the scored
 * points r, lambda = W / beta; the mean output is the adaptive-kernel predictor {@code ybar = Phi_{., r} a};
 * the N -> infinity loss is {@code (lambda^2 / 2W) sum_k |a_k|^2}; and the conjugate gets
 * {@code gamma^2 sum_k a_k a_k^T} on the scored block (the derivative of the V-integrated energy, eq. 5.10).
 */
public final class ReadoutPosterior {
    private final EquilibriumProblem problem;
    private final int[] scored;
    private final NdArray targets;

    public ReadoutPosterior(EquilibriumProblem problem) {
        this.problem = problem;
        this.scored = problem.scoredIndices();
        this.targets = problem.scoredTargets();
    }

    /** a (W x D_out), eq. 5.6. */
    NdArray dual(NdArray phi) {
        NdArray phiR = Dense.select(phi, scored, scored);
        return Dense.solveSpd(phiR, problem.ridge(), targets);
    }

    /** gamma^2 sum_k a_k a_k^T placed on the scored indices of a D x D array (first term of eq. 5.10). */
    NdArray conjugate(NdArray a, double gamma) {
        int d = problem.dim();
        int w = scored.length;
        int dOut = a.dim(1);
        double g2 = gamma * gamma;
        double[] ad = a.data();
        double[] out = new double[d * d];
        for (int i = 0; i < w; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < dOut; k++) {
                    s += ad[i * dOut + k] * ad[j * dOut + k];
                }
                out[scored[i] * d + scored[j]] = g2 * s;
                out[scored[j] * d + scored[i]] = g2 * s;
            }
        }
        return new NdArray(new int[]{d, d}, out);
    }

    /** The mean output ybar(t) = sum_r Phi(t, r) a_r at every readout time t = 1..T, shape (P, T, D_out) (eq. 5.6). */
    NdArray meanOutput(NdArray phi, NdArray a) {
        int p = problem.trials();
        int steps = problem.steps();
        int dOut = a.dim(1);
        NdArray y = NdArray.zeros(p, steps, dOut);
        for (int k = 0; k < steps; k++) {
            for (int mu = 0; mu < p; mu++) {
                int row = (k + 1) * p + mu;
                for (int c = 0; c < dOut; c++) {
                    double s = 0;
                    for (int i = 0; i < scored.length; i++) {
                        s += phi.get(row, scored[i]) * a.get(i, c);
                    }
                    y.set(s, mu, k, c);
                }
            }
        }
        return y;
    }

    /** The N -> infinity training loss (lambda^2 / 2W) sum |a|^2, eq. 5.13. */
    double loss(NdArray a) {
        double s = 0;
        for (double v : a.data()) {
            s += v * v;
        }
        double lambda = problem.ridge();
        return lambda * lambda * s / (2 * problem.task().maskCount());
    }

    /**
     * The O(1/N) excess of a finite network's instantaneous loss over {@link #loss}: the posterior
     * fluctuation of V, {@code (D_out lambda / (2 W N gamma^2)) tr[Phi_r (Phi_r + lambda)^{-1}]} (eq. 5.13).
     */
    public double finiteSizeExcess(NdArray phi, int n) {
        NdArray phiR = Dense.select(phi, scored, scored);
        NdArray x = Dense.solveSpd(phiR, problem.ridge(), phiR);
        double tr = 0;
        for (int i = 0; i < scored.length; i++) {
            tr += x.get(i, i);
        }
        double lambda = problem.ridge();
        double gamma = problem.gamma();
        return targets.dim(1) * lambda * tr / (2 * problem.task().maskCount() * n * gamma * gamma);
    }
}
