package org.rnnfield.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhiTest {
    @Test
    void fastTanhIsAccurateToAFewUlp() {
        double worst = 0;
        for (double x = -25; x <= 25; x += 1.37e-4) {
            double ref = Math.tanh(x);
            double err = Math.abs(Phi.tanh(x) - ref) / Math.max(Math.abs(ref), Double.MIN_NORMAL);
            worst = Math.max(worst, err);
        }
        for (double x = 1e-300; x < 1; x *= 1.7) {
            worst = Math.max(worst, Math.abs(Phi.tanh(x) - Math.tanh(x)) / Math.tanh(x));
        }
        assertTrue(worst < 1e-14, "max relative error " + worst);
        assertEquals(1.0, Phi.tanh(1e300));
        assertEquals(-1.0, Phi.tanh(-1e300));
        assertEquals(0.0, Phi.tanh(0.0));
    }

    @Test
    void derivativesFromValues() {
        double x = 0.7;
        double h = 1e-6;
        double fd = (Phi.TANH.apply(x + h) - Phi.TANH.apply(x - h)) / (2 * h);
        assertEquals(fd, Phi.TANH.derivativeFromValue(Phi.TANH.apply(x)), 1e-9);
        assertEquals(1.0, Phi.LINEAR.derivativeFromValue(3.0));
    }
}
