package org.rnnfield.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatisticsTest {
    /** Reference values: Phi(1.96) and Phi(-3) from the closed form (tables to 16 digits). */
    @Test
    void normalCdfHasFullPrecision() {
        assertEquals(0.9750021048517795, Statistics.normalCdf(1.96), 1e-15);
        assertEquals(0.0013498980316300946, Statistics.normalCdf(-3), 1e-17);
        assertEquals(0.5, Statistics.normalCdf(0), 0.0);
    }

    /** The Kolmogorov tail Q(1.36) = 2 sum (-1)^(k-1) exp(-2 k^2 1.36^2) = 0.049491 (the 5% critical value). */
    @Test
    void ksPValueIsTheKolmogorovTail() {
        double n = 1e10;
        double d = 1.36 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
        double expected = 2 * (Math.exp(-2 * 1.36 * 1.36) - Math.exp(-8 * 1.36 * 1.36) + Math.exp(-18 * 1.36 * 1.36));
        assertEquals(expected, Statistics.ksPValue(d, n), 1e-9);
        assertEquals(1.0, Statistics.ksPValue(0, 100), 0.0);
    }
}
