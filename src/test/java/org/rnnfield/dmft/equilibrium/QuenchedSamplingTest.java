package org.rnnfield.dmft.equilibrium;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.rnnfield.array.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class QuenchedSamplingTest {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    /** Latin hypercube: every one of the G equiprobable strata holds exactly one draw, in a seeded order. */
    @Test
    void latinHypercubePutsOneDrawInEachStratum() {
        int count = 500;
        double[] v = QuenchedSampling.LATIN_HYPERCUBE.draws(Rng.stream(4, "x"), count);
        int[] hits = new int[count];
        for (double x : v) {
            hits[(int) Math.floor(NORMAL.cumulativeProbability(x) * count)]++;
        }
        for (int q = 0; q < count; q++) {
            assertEquals(1, hits[q], "stratum " + q);
        }
        assertArrayEquals(v, QuenchedSampling.LATIN_HYPERCUBE.draws(Rng.stream(4, "x"), count));
        // not sorted: the strata are paired at random across coordinates
        int ascending = 0;
        for (int q = 1; q < count; q++) {
            ascending += v[q] > v[q - 1] ? 1 : 0;
        }
        assertEquals(0.5, ascending / (count - 1.0), 0.1);
    }

    /** I.i.d. draws leave strata empty (about G / e of them), which is the variance the hypercube removes. */
    @Test
    void independentDrawsLeaveStrataEmpty() {
        int count = 500;
        int[] hits = new int[count];
        for (double x : QuenchedSampling.INDEPENDENT.draws(Rng.stream(4, "x"), count)) {
            hits[(int) Math.floor(NORMAL.cumulativeProbability(x) * count)]++;
        }
        long empty = java.util.Arrays.stream(hits).filter(h -> h == 0).count();
        assertEquals(count / Math.E, empty, 40);
    }
}
