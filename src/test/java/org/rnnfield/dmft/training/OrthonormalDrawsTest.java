package org.rnnfield.dmft.training;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orthonormal draws (docs/theory.md eq. 3.10): the field normals' Gram over all M sites, divided by M, is the
 * identity to round-off, across blocks and antithetic pairs; raw Philox normals are only O(M^-1/2) close to it.
 */
class OrthonormalDrawsTest {

    @Test
    void fieldNormalsAreOrthonormalOverTheSites() {
        TrainingDmftProblem problem = new TrainingDmftProblem(TrainingDmftTest.spec(Phi.TANH, 1.5, 1.0), TrainingDmftTest.sine(),
                new TrainSpec(1.0, 3, Optimizer.GD, EnumSet.of(Weight.J, Weight.V), 0, 0));
        try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
            // 600 sites in blocks of 128 (pairs of unequal last blocks): the Gram is accumulated across all of them
            double raw = distanceFromIdentity(new SitePopulation(be, problem, 600, 128, 3, ResponseEstimator.PATHWISE, 1, false)
                    .fieldNormalGram());
            double ortho = distanceFromIdentity(new SitePopulation(be, problem, 600, 128, 3, ResponseEstimator.PATHWISE, 1, true)
                    .fieldNormalGram());
            assertTrue(raw > 0.05, "raw normals are not orthonormal at M = 600: " + raw);
            assertTrue(ortho < 1e-10, "orthonormal draws: Gram / M - I = " + ortho);
            // 3 steps x 25 times = 75 directions need more than 75 distinct sites
            assertThrows(ConfigException.class, () -> new SitePopulation(be, problem, 60, 128, 3, ResponseEstimator.PATHWISE, 1, true));
        }
    }

    private static double distanceFromIdentity(NdArray g) {
        double worst = 0;
        for (int i = 0; i < g.dim(0); i++) {
            for (int j = 0; j < g.dim(1); j++) {
                worst = Math.max(worst, Math.abs(g.get(i, j) - (i == j ? 1 : 0)));
            }
        }
        return worst;
    }
}
