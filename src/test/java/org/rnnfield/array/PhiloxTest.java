package org.rnnfield.array;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhiloxTest {
    /** Known-answer vectors of Random123's philox4x32-10 (kat_vectors). */
    @Test
    void matchesRandom123KnownAnswers() {
        int[] out = new int[4];
        Philox.block(0, 0, 0, 0, 0, 0, out);
        assertArrayEquals(new int[]{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
        Philox.block(-1, -1, -1, -1, -1, -1, out);
        assertArrayEquals(new int[]{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
        Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
        assertArrayEquals(new int[]{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    @Test
    void fillAgreesWithSingleDrawsAndIsStandardNormal() {
        double[] z = new double[200_001];
        Philox.fill(42, 3, 7, z);
        for (int i = 0; i < 50; i++) {
            assertEquals(Philox.normal(42, 3, 7 + i), z[i]);
        }
        double m = 0;
        double v = 0;
        double k = 0;
        for (double x : z) {
            m += x;
        }
        m /= z.length;
        for (double x : z) {
            v += (x - m) * (x - m);
            k += Math.pow(x - m, 4);
        }
        v /= z.length;
        k = k / z.length / (v * v);
        // standard errors at n = 2e5: mean 0.0022, variance 0.0032, kurtosis 0.011
        assertTrue(Math.abs(m) < 0.01, "mean " + m);
        assertTrue(Math.abs(v - 1) < 0.015, "variance " + v);
        assertTrue(Math.abs(k - 3) < 0.06, "kurtosis " + k);
    }
}
