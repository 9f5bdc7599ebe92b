package org.rnnfield.dmft;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.model.Phi;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The causal recursion against an independent matrix formulation of the same Gaussian process. */
class CausalKernelRecursionTest {

    /**
     * Matrix form for one trial: x = d x0 + L xi with d_t = (1-a)^t, L(t, k) = a (1-a)^(t-1-k) (k < t),
     * so K = q0 d d^T + L (g^2 Phi(K) + I I^T) L^T, iterated to its fixed point (causality makes T+1
     * iterations exact).
     */
    static NdArray matrixFormKernel(DmftProblem p, Phi phi, GaussHermite quad) {
        int steps = p.steps();
        int n = steps + 1;
        double a = p.alpha();
        double[][] l = new double[n][steps];
        double[] d = new double[n];
        for (int t = 0; t < n; t++) {
            d[t] = Math.pow(1 - a, t);
            for (int k = 0; k < t; k++) {
                l[t][k] = a * Math.pow(1 - a, t - 1 - k);
            }
        }
        double[][] kern = new double[n][n];
        for (int it = 0; it <= n + 1; it++) {
            double[][] q = new double[steps][steps];
            for (int i = 0; i < steps; i++) {
                for (int j = 0; j < steps; j++) {
                    double ph = phi == Phi.LINEAR ? kern[i][j]
                            : quad.pairExpectation(Math::tanh, kern[i][i], kern[j][j], kern[i][j]);
                    q[i][j] = p.g() * p.g() * ph + p.inputCovariance(i, 0, j, 0);
                }
            }
            double[][] next = new double[n][n];
            for (int t = 0; t < n; t++) {
                for (int s = 0; s < n; s++) {
                    double v = p.q0() * d[t] * d[s];
                    for (int i = 0; i < t; i++) {
                        for (int j = 0; j < s; j++) {
                            v += l[t][i] * q[i][j] * l[s][j];
                        }
                    }
                    next[t][s] = v;
                }
            }
            kern = next;
        }
        NdArray out = NdArray.zeros(n, n);
        for (int t = 0; t < n; t++) {
            System.arraycopy(kern[t], 0, out.data(), t * n, n);
        }
        return out;
    }

    private static DmftProblem driven(Phi phi, double g) {
        NdArray inputs = new Rng(3).normal(0.5, 1, 12, 2);
        return new DmftProblem(g, 1.0, 0.2, phi, 0.7, inputs);
    }

    @Test
    void linearAndTanhMatchTheMatrixForm() {
        for (Phi phi : Phi.values()) {
            for (double g : new double[]{0.0, 0.9, 1.8}) {
                DmftProblem p = driven(phi, g);
                NdArray expected = matrixFormKernel(p, phi, new GaussHermite(24));
                NdArray got = new CausalKernelRecursion(p, 24).solve().c();
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.data()[i], got.data()[i], 1e-11 * (1 + Math.abs(expected.data()[i])),
                            phi + " g=" + g + " entry " + i);
                }
            }
        }
    }

    @Test
    void trialsAreCoupledOnlyThroughSharedInputWeightsAndCouplings() {
        // two trials with identical inputs and independent x(0): cross-trial covariance = K minus the x(0) part
        NdArray one = new Rng(5).normal(1.0, 1, 10, 1);
        NdArray two = NdArray.zeros(2, 10, 1);
        for (int k = 0; k < 10; k++) {
            two.set(one.get(0, k, 0), 0, k, 0);
            two.set(one.get(0, k, 0), 1, k, 0);
        }
        DmftProblem p = new DmftProblem(1.3, 1.0, 0.1, Phi.LINEAR, 0.0, two);
        NdArray k = new CausalKernelRecursion(p, 16).solve().c();
        // with q0 = 0 and equal inputs the two trials are the same process: K(mu, nu) blocks all equal
        for (int t = 0; t <= 10; t++) {
            assertEquals(k.get(2 * t, 2 * t), k.get(2 * t, 2 * t + 1), 1e-12);
            assertEquals(k.get(2 * t, 2 * t), k.get(2 * t + 1, 2 * t + 1), 1e-12);
        }
    }
}
