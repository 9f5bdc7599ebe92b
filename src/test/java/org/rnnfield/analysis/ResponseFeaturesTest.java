package org.rnnfield.analysis;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResponseFeaturesTest {
    /** Two trials interleaved; trial 1 of row 0 is a shifted cosine of amplitude 3, row 1 another frequency. */
    @Test
    void amplitudeOfACosineOverWholePeriodsIsItsAmplitude() {
        double dt = 0.2;
        double f = 0.25;
        int steps = 40;                       // 8 time units: two periods of f
        int trials = 2;
        NdArray x = NdArray.zeros(3, (steps + 1) * trials);
        for (int t = 0; t <= steps; t++) {
            x.set(7.0, 0, t * trials);        // trial 0: constant, no oscillation
            x.set(3 * Math.cos(2 * Math.PI * f * t * dt + 0.4) + 1.5, 0, t * trials + 1);
            x.set(2 * Math.cos(2 * Math.PI * 2 * f * t * dt), 1, t * trials + 1);   // orthogonal frequency
            x.set(-0.5 * Math.sin(2 * Math.PI * f * t * dt), 2, t * trials + 1);
        }
        double[] a1 = ResponseFeatures.amplitudeAt(x, trials, 1, f, dt);
        assertEquals(3.0, a1[0], 1e-12);
        assertEquals(0.0, a1[1], 1e-12);
        assertEquals(0.5, a1[2], 1e-12);
        assertEquals(0.0, ResponseFeatures.amplitudeAt(x, trials, 0, f, dt)[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ResponseFeatures.amplitudeAt(x, trials, 2, f, dt));
    }
}
