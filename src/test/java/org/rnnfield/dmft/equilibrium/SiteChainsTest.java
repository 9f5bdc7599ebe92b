package org.rnnfield.dmft.equilibrium;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.Tensor;
import org.rnnfield.backend.cpu.CpuBackend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The site chains of docs/theory.md eqs. 5.17-5.18 on tilts whose law is known in closed form. */
class SiteChainsTest {
    private static final CpuBackend BACKEND = new CpuBackend(Precision.FLOAT64);
    private static final int M = 4000;
    private static final int DF = 3;
    private static final double[] SHIFT = {1.0, -2.0, 0.5};
    private static final double CURVATURE = 3.0;

    /** psi(z) = a.z - kappa z_0^2 / 2: with the prior N(0, I) the law is N(a_k / (1 + kappa delta_k0), 1 / (1 + kappa delta_k0)). */
    private static double[] psi(Tensor rows) {
        double[] z = BACKEND.download(rows).data();
        double[] out = new double[M];
        for (int i = 0; i < M; i++) {
            double v = -0.5 * CURVATURE * z[i * DF] * z[i * DF];
            for (int k = 0; k < DF; k++) {
                v += SHIFT[k] * z[i * DF + k];
            }
            out[i] = v;
        }
        return out;
    }

    private static SiteChains chains() {
        Tensor z = BACKEND.zeros(M, DF);
        BACKEND.fillNormal(z, 5, 0);
        return new SiteChains(BACKEND, z, 5);
    }

    private static double[] uniform() {
        double[] w = new double[M];
        java.util.Arrays.fill(w, 1.0 / M);
        return w;
    }

    @Test
    void chainsSampleAKnownTiltedGaussian() {
        SiteChains c = chains();
        for (int r = 0; r < 4; r++) {
            c.refresh(uniform(), M, 1, 20, SiteChainsTest::psi);
        }
        double[] z = BACKEND.download(c.states()).data();
        for (int k = 0; k < DF; k++) {
            double precision = 1 + (k == 0 ? CURVATURE : 0);
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < M; i++) {
                mean += z[i * DF + k] / M;
                sq += z[i * DF + k] * z[i * DF + k] / M;
            }
            double variance = sq - mean * mean;
            // standard errors at M = 4000 independent draws: 0.016 (mean), 0.022 (variance, relative)
            assertEquals(SHIFT[k] / precision, mean, 0.06, "mean of coordinate " + k);
            assertEquals(1 / precision, variance, 0.1 / precision, "variance of coordinate " + k);
        }
        SiteChainReport report = c.report();
        assertTrue(report.mixed(), report.toString());
        assertEquals(null, report.mixingProblem());
        SiteChainReport stuck = new SiteChainReport(3, 60, 0.02, 0.1, 0.5, 0.99);
        assertTrue(stuck.mixingProblem().contains("only 0.500 of them moved (< 0.90"), stuck.mixingProblem());
        assertEquals(4, report.refreshes());
        assertEquals(80, report.sweeps());
    }

    /** Resampling follows the weights within each quenched group, and restore() returns the checkpointed chains. */
    @Test
    void resamplingFollowsTheWeightsAndRestoreUndoesARefresh() {
        SiteChains c = chains();
        NdArray before = BACKEND.download(c.states());
        int group = 100;
        int groups = M / group;
        double[] w = new double[M];
        for (int q = 0; q < groups; q++) {
            w[q * group + 7] = 1.0 / groups; // all of group q's weight on its chain 7
        }
        c.refresh(w, group, groups, 0, SiteChainsTest::psi);
        NdArray after = BACKEND.download(c.states());
        for (int i = 0; i < M; i++) {
            int source = (i / group) * group + 7;
            for (int k = 0; k < DF; k++) {
                assertEquals(before.get(source, k), after.get(i, k), 0.0, "chain " + i);
            }
        }
        c.restore();
        assertArrayEquals(before.data(), BACKEND.download(c.states()).data(), 0.0);
    }
}
