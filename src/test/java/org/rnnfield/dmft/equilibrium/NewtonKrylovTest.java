package org.rnnfield.dmft.equilibrium;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GMRES and Newton-Krylov against direct solutions. */
class NewtonKrylovTest {

    /** A nonsymmetric system, I + a random matrix of spectral radius ~0.9: GMRES equals the LU solution. */
    @Test
    void gmresSolvesANonsymmetricSystemAsLuDoes() {
        int n = 60;
        Random rng = new Random(3);
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a.set(i, j, (i == j ? 1.0 : 0.0) + 0.9 * rng.nextGaussian() / Math.sqrt(n));
            }
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        assertTrue(CommonOps_DDRM.solve(a.copy(), new DMatrixRMaj(n, 1, true, b), x));
        NewtonKrylov.Operator op = v -> {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[i] += a.get(i, j) * v[j];
                }
            }
            return out;
        };
        double[] g = NewtonKrylov.gmres(op, b, 1e-12 * NewtonKrylov.norm(b), n + 1);
        for (int i = 0; i < n; i++) {
            assertEquals(x.get(i), g[i], 1e-9, "component " + i);
        }
        // a loose tolerance stops early with the residual below it
        double tolerance = 1e-2 * NewtonKrylov.norm(b);
        double[] loose = NewtonKrylov.gmres(op, b, tolerance, n + 1);
        double[] ax = op.apply(loose);
        double res = 0;
        for (int i = 0; i < n; i++) {
            res += (b[i] - ax[i]) * (b[i] - ax[i]);
        }
        assertTrue(Math.sqrt(res) < tolerance * 1.0001, "residual " + Math.sqrt(res) + " vs tolerance " + tolerance);
    }

    /** Newton-Krylov on a small nonlinear system with a known root, x_i^3 + x_i - c_i = 0 coupled weakly. */
    @Test
    void newtonKrylovFindsTheRootOfASmoothSystem() {
        int n = 20;
        double[] root = new double[n];
        for (int i = 0; i < n; i++) {
            root[i] = 0.1 * i - 0.7;
        }
        NewtonKrylov.Residual f = x -> {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                double coupling = 0.2 * (x[(i + 1) % n] - root[(i + 1) % n]);
                r[i] = x[i] * x[i] * x[i] + x[i] - (root[i] * root[i] * root[i] + root[i]) + coupling;
            }
            return r;
        };
        int[] steps = new int[1];
        double[] x = NewtonKrylov.solve(f, new double[n], 1e-10, 30, steps);
        assertTrue(x != null, "Newton-Krylov failed");
        for (int i = 0; i < n; i++) {
            assertEquals(root[i], x[i], 1e-8);
        }
        assertTrue(steps[0] <= 12, "Newton steps " + steps[0]);
    }
}
