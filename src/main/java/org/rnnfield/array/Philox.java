package org.rnnfield.array;

/**
 * Counter-based normal generator: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy
 * as 1, 2, 3", SC 2011) followed by Box-Muller. Normal number {@code i} of stream {@code stream}
 * under {@code seed} depends on nothing else, so any backend (CPU loop, GPU thread per element)
 * produces the same numbers in any order - the basis of reproducible, backend-independent sampling.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final double TWO_POW_M53 = 0x1.0p-53;

    private Philox() {
    }

    /** The four 32-bit outputs for counter (c0..c3) and key (k0, k1), written to out. */
    static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int r = 0; r < 10; r++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** A uniform in (0, 1) from two 32-bit words (53 random bits, never 0). */
    private static double uniform(int hi, int lo) {
        long bits = ((hi & 0xFFFFFFFFL) << 21) ^ ((lo & 0xFFFFFFFFL) >>> 11);
        return ((bits & ((1L << 53) - 1)) + 0.5) * TWO_POW_M53;
    }

    /** Normal number {@code index} of {@code stream}: pairs (2k, 2k+1) share one Philox block. */
    public static double normal(long seed, long stream, long index) {
        int[] out = new int[4];
        long pair = index >>> 1;
        block((int) pair, (int) (pair >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), out);
        double u1 = uniform(out[0], out[1]);
        double u2 = uniform(out[2], out[3]);
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        return (index & 1) == 0 ? radius * Math.cos(angle) : radius * Math.sin(angle);
    }

    /** Fills {@code dst[i] = normal(seed, stream, first + i)}, computing each Philox block once. */
    public static void fill(long seed, long stream, long first, double[] dst) {
        int[] out = new int[4];
        for (int i = 0; i < dst.length; ) {
            long index = first + i;
            long pair = index >>> 1;
            block((int) pair, (int) (pair >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), out);
            double radius = Math.sqrt(-2.0 * Math.log(uniform(out[0], out[1])));
            double angle = 2.0 * Math.PI * uniform(out[2], out[3]);
            if ((index & 1) == 0) {
                dst[i++] = radius * Math.cos(angle);
                if (i < dst.length) {
                    dst[i++] = radius * Math.sin(angle);
                }
            } else {
                dst[i++] = radius * Math.sin(angle);
            }
        }
    }
}
