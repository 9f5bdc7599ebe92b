package org.rnnfield.dmft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScsSolutionTest {
    @Test
    void gaussHermiteIsExactOnPolynomialsAndPairs() {
        GaussHermite q = new GaussHermite(20);
        assertEquals(1.0, q.expect(z -> 1), 1e-14);
        assertEquals(0.0, q.expect(z -> z * z * z), 1e-12);
        assertEquals(3.0, q.expect(z -> z * z * z * z), 1e-12);
        assertEquals(105.0, q.expect(z -> Math.pow(z, 8)), 1e-9);
        // E[a b] = c and E[a^2 b^2] = va vb + 2 c^2 for Gaussian pairs
        assertEquals(0.3, q.pairExpectation(x -> x, 1.2, 0.7, 0.3), 1e-12);
        assertEquals(1.2 * 0.7 + 2 * 0.09, q.pairExpectation(x -> x * x, 1.2, 0.7, 0.3), 1e-12);
    }

    @Test
    void subcriticalNetworkHasNoActivity() {
        ScsSolution s = new ScsSolution(0.8, 5);
        assertEquals(0.0, s.delta0());
        assertEquals(0.0, s.delta(3));
    }

    @Test
    void chaoticSolutionSatisfiesEnergyConditionAndDecays() {
        for (double g : new double[]{1.2, 1.5, 2.0, 3.0}) {
            ScsSolution s = new ScsSolution(g, 20);
            assertTrue(s.delta0() > 0, "g=" + g);
            assertEquals(0.0, s.energyMismatch(s.delta0()), 1e-10 * s.delta0() * s.delta0());
            double prev = s.delta0();
            for (double lag = 0.5; lag <= 10; lag += 0.5) {
                double d = s.delta(lag);
                assertTrue(d < prev && d > 0, "g=" + g + ": Delta(" + lag + ") = " + d + " after " + prev);
                prev = d;
            }
            assertTrue(s.delta(10) < 0.05 * s.delta0(), "g=" + g + " decays: " + s.delta(10));
        }
        // grows with g; near g = 1 Delta0 ~ 2 (g - 1) (the known small-(g-1) expansion, SCS 1988)
        assertTrue(new ScsSolution(3.0, 1).delta0() > new ScsSolution(2.0, 1).delta0());
        double d = new ScsSolution(1.02, 1).delta0();
        assertEquals(2 * 0.02, d, 0.25 * 2 * 0.02, "Delta0(g=1.02) = " + d);
    }
}
