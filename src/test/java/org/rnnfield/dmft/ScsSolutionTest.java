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
            if (g >= 1.5) {
                // the correlation time grows as g -> 1 (the tail decays as exp(-sqrt(1 - g^2 <phi'>^2) s))
                assertTrue(s.delta(10) < 0.4 * s.delta0(), "g=" + g + " decays: " + s.delta(10));
            }
        }
        // grows with g; near g = 1 the energy condition expands (ln cosh x = x^2/2 - x^4/12 + ...) to
        // Delta0 = (g^2 - 1) / (2 g^2) + O((g - 1)^2)
        assertTrue(new ScsSolution(3.0, 1).delta0() > new ScsSolution(2.0, 1).delta0());
        double g = 1.02;
        double d = new ScsSolution(g, 1).delta0();
        assertEquals((g * g - 1) / (2 * g * g), d, 0.1 * d, "Delta0(g=1.02) = " + d);
    }
}
