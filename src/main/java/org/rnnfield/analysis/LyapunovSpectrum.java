package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;

/**
 * The K largest Lyapunov exponents of the discrete network map (DESIGN.md section 1) by Benettin's
 * method with QR re-orthonormalization (THEORY.md section 4). The tangent map of one Euler step is
 * {@code dx' = (1 - alpha) dx + alpha (g/sqrt N) J (phi'(x) .* dx)}; K tangent vectors ride on K
 * identical copies of the state so that phi'(x) .* Q is one backend adjoint step. Exponents are in
 * units of 1/tau: {@code lambda_i = sum log R_ii / (steps dt)}.
 */
public final class LyapunovSpectrum {
    /** Steps between re-orthonormalizations: growth over 5 steps stays far from overflow for g <= 10. */
    public static final int REORTHONORMALIZE_EVERY = 5;

    /**
     * @param exponents the K exponents, largest first (1/tau)
     * @param running   the running estimate of the largest after each re-orthonormalization
     * @param time      the measured window in units of tau
     */
    public record Result(double[] exponents, double[] running, double time) {
        public double largest() {
            return exponents[0];
        }
    }

    private LyapunovSpectrum() {
    }

    /**
     * @param x0        the starting state (length N)
     * @param drive     the input for K copies at each step (see {@link Rollout#trialRepeated}), or {@link Rollout.Drive#NONE}
     * @param warmup steps run and discarded before measuring
     * @param steps     measured steps (rounded up to a multiple of {@link #REORTHONORMALIZE_EVERY})
     */
    public static Result compute(Backend be, NetworkSpec spec, Parameters p, double[] x0, Rollout.Drive drive,
                                 int warmup, int steps, int k, long seed) {
        try (Backend.Scope scope = be.scope()) {
            if (k < 1 || k > spec.n()) {
                throw ConfigException.field("lyapunov.vectors", k, "1.." + spec.n());
            }
            if (steps < 1) {
                throw ConfigException.field("lyapunov.steps", steps, "integer >= 1");
            }
            Rollout r = new Rollout(be, spec, p, Rollout.repeatColumns(x0, k));
            r.advance(drive, 0, warmup);
            NdArray q = Rng.stream(seed, "lyapunov").normal(1.0, spec.n(), k);
            orthonormalize(q);
            Tensor tangent = be.upload(q);
            Tensor next = be.zeros(spec.n(), k);
            Tensor scaled = be.zeros(spec.n(), k);
            Tensor zero = be.zeros(spec.n(), k);
            double alpha = spec.alpha();
            int blocks = (steps + REORTHONORMALIZE_EVERY - 1) / REORTHONORMALIZE_EVERY;
            double[] sums = new double[k];
            double[] running = new double[blocks];
            int done = 0;
            for (int blk = 0; blk < blocks; blk++) {
                for (int s = 0; s < REORTHONORMALIZE_EVERY; s++) {
                    be.adjointStep(spec.phi(), alpha, r.phi(), tangent, zero, scaled);
                    be.gemm(false, false, alpha * spec.recurrentScale(), r.j(), scaled, 0.0, next);
                    be.axpy(1 - alpha, tangent, next);
                    Tensor t = tangent;
                    tangent = next;
                    next = t;
                    r.step(drive.at(warmup + done));
                    done++;
                }
                NdArray m = be.download(tangent);
                double[] logR = orthonormalize(m);
                for (int i = 0; i < k; i++) {
                    if (!Double.isFinite(logR[i])) {
                        throw new ArithmeticException("Lyapunov: tangent vector " + i + " is " + logR[i] + " at step " + done);
                    }
                    sums[i] += logR[i];
                }
                be.write(m, tangent);
                running[blk] = sums[0] / (done * spec.dt());
            }
            double time = done * spec.dt();
            double[] exps = new double[k];
            for (int i = 0; i < k; i++) {
                exps[i] = sums[i] / time;
            }
            return new Result(exps, running, time);
        }
    }

    /** Modified Gram-Schmidt on the columns of q (N x K, row-major), in place; returns log R_ii. */
    static double[] orthonormalize(NdArray q) {
        int n = q.dim(0);
        int k = q.dim(1);
        double[] a = q.data();
        double[] logR = new double[k];
        for (int c = 0; c < k; c++) {
            for (int prev = 0; prev < c; prev++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += a[i * k + c] * a[i * k + prev];
                }
                for (int i = 0; i < n; i++) {
                    a[i * k + c] -= dot * a[i * k + prev];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += a[i * k + c] * a[i * k + c];
            }
            norm = Math.sqrt(norm);
            logR[c] = Math.log(norm);
            for (int i = 0; i < n; i++) {
                a[i * k + c] /= norm;
            }
        }
        return logR;
    }
}
