package org.rnnfield.array;

import java.util.SplittableRandom;

/**
 * Seeded generator of the project's host-side random numbers. Uses SplittableRandom (whose
 * output is specified) and Box-Muller, so the same seed gives the same numbers on every JVM.
 */
public final class Rng {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream derived from a seed and a purpose tag (e.g. "J", "x0"). */
    public static Rng stream(long seed, String purpose) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return new Rng(h);
    }

    public double uniform() {
        return random.nextDouble();
    }

    public double normal() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1;
        do {
            u1 = random.nextDouble();
        } while (u1 == 0.0);
        double u2 = random.nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        spare = radius * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return radius * Math.cos(2 * Math.PI * u2);
    }

    /** An array of i.i.d. N(0, variance) entries. */
    public NdArray normal(double variance, int... shape) {
        NdArray a = NdArray.zeros(shape);
        double sd = Math.sqrt(variance);
        double[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = sd * normal();
        }
        return a;
    }
}
