package org.rnnfield.analysis;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-neuron statistics and population similarity on data with known answers. */
class PopulationStatisticsTest {

    @Test
    void gaussianHasZeroKurtosisInsideItsIntervalAndLaplaceDoesNot() {
        double[] gauss = Rng.stream(1, "g").normal(2.0, 4000).data();
        SingleNeuronStatistics g = SingleNeuronStatistics.of(gauss, Rng.stream(2, "g").normal(2.0, 4000).data(), 3);
        assertTrue(g.kurtosisLow() < 0 && g.kurtosisHigh() > 0, "0 in [" + g.kurtosisLow() + ", " + g.kurtosisHigh() + "]");
        assertTrue(g.ksGaussianP() > 0.01, "Gaussian vs Gaussian p " + g.ksGaussianP());
        assertTrue(g.ksSiteP() > 0.01, "same distribution p " + g.ksSiteP());
        Rng rng = Rng.stream(4, "laplace");
        double[] laplace = new double[4000];
        for (int i = 0; i < laplace.length; i++) {
            double u = rng.uniform() - 0.5;
            laplace[i] = -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
        }
        SingleNeuronStatistics l = SingleNeuronStatistics.of(laplace, gauss, 3);
        assertEquals(3.0, l.kurtosis(), 0.8, "Laplace excess kurtosis is 3");
        assertTrue(l.kurtosisLow() > 1.5, "interval excludes 0: " + l.kurtosisLow());
        assertTrue(l.ksGaussianP() < 1e-3 && l.ksSiteP() < 1e-3, "KS rejects Gaussian: " + l.ksGaussianP() + ", " + l.ksSiteP());
        assertTrue(!g.kurtosisOverlaps(l));
    }

    /**
     * Values in groups that share a draw (as equilibrium sites share x(0) and U): resampling single values makes
     * intervals that miss the true kurtosis; resampling whole groups covers it. 40 data sets of 300 groups of 10,
     * x = a_group + e, a Laplace (variance 1), e ~ N(0, 1/4): excess kurtosis 3 / 1.25^2 = 1.92.
     */
    @Test
    void blockBootstrapCoversClusteredValues() {
        int groups = 300;
        int size = 10;
        double truth = 3 / (1.25 * 1.25);
        int blockCovers = 0;
        int singleCovers = 0;
        int sets = 40;
        for (int k = 0; k < sets; k++) {
            Rng rng = Rng.stream(k, "clustered");
            double[] x = new double[groups * size];
            for (int gi = 0; gi < groups; gi++) {
                double u = rng.uniform() - 0.5;
                double a = -Math.signum(u) * Math.log(1 - 2 * Math.abs(u)) / Math.sqrt(2);
                for (int j = 0; j < size; j++) {
                    x[gi * size + j] = a + 0.5 * rng.normal();
                }
            }
            double[] block = SingleNeuronStatistics.bootstrapKurtosis(x, size, 400, k);
            double[] single = SingleNeuronStatistics.bootstrapKurtosis(x, 1, 400, k);
            blockCovers += block[0] <= truth && truth <= block[1] ? 1 : 0;
            singleCovers += single[0] <= truth && truth <= single[1] ? 1 : 0;
        }
        System.out.printf("block bootstrap covers %d / %d, single values %d / %d%n", blockCovers, sets, singleCovers, sets);
        // measured: 30 / 40 and 15 / 40 (a percentile interval of a heavy-tailed kurtosis from 300 independent groups
        // undercovers 95% even when it resamples the right units; resampling single values halves the coverage)
        assertTrue(blockCovers >= 0.7 * sets, "block bootstrap covers " + blockCovers + " / " + sets);
        assertTrue(singleCovers <= 0.5 * sets, "single-value bootstrap covers " + singleCovers + " / " + sets);
        // block 1 is the plain bootstrap, draw for draw
        double[] x = Rng.stream(9, "g").normal(1.0, 500).data();
        assertArrayEquals(SingleNeuronStatistics.bootstrapKurtosis(x, 200, 5), SingleNeuronStatistics.bootstrapKurtosis(x, 1, 200, 5));
        assertEquals(size, SingleNeuronStatistics.ofBlocks(x, size, null, 1).bootstrapBlock());
    }

    private static NdArray responses(long seed, int conditions, int times, int units) {
        return Rng.stream(seed, "resp").normal(1.0, conditions, times, units);
    }

    /** A latent trajectory seen through two different random mixings plus a little private noise. */
    private static NdArray mixed(NdArray latent, int units, long seed, double noise) {
        int c = latent.dim(0);
        int t = latent.dim(1);
        int d = latent.dim(2);
        NdArray w = Rng.stream(seed, "mix").normal(1.0, d, units);
        NdArray e = Rng.stream(seed, "noise").normal(noise * noise, c, t, units);
        NdArray out = NdArray.zeros(c, t, units);
        for (int a = 0; a < c; a++) {
            for (int k = 0; k < t; k++) {
                for (int u = 0; u < units; u++) {
                    double s = e.get(a, k, u);
                    for (int j = 0; j < d; j++) {
                        s += latent.get(a, k, j) * w.get(j, u);
                    }
                    out.set(s, a, k, u);
                }
            }
        }
        return out;
    }

    /** PC scores from the smaller Gram matrix's eigenpairs are the SVD's U_k s_k, up to each column's sign. */
    @Test
    void pcaScoresAreTheSingularVectorsTimesSingularValues() {
        for (int[] shape : new int[][]{{6, 20, 9}, {2, 3, 15}}) {  // more rows than units, and fewer
            NdArray r = Rng.stream(shape[2], "pca").normal(1.0, shape);
            // distinct variances per unit so the top PCs are well separated
            for (int i = 0; i < r.size(); i++) {
                r.data()[i] *= 1 + (i % shape[2]);
            }
            int rows = shape[0] * shape[1];
            int k = 4;
            org.ejml.data.DMatrixRMaj scores = PopulationSimilarity.pcaScores(r, k);
            org.ejml.data.DMatrixRMaj x = new org.ejml.data.DMatrixRMaj(rows, shape[2], true, r.data().clone());
            for (int c = 0; c < shape[2]; c++) {
                double m = 0;
                for (int q = 0; q < rows; q++) {
                    m += x.get(q, c) / rows;
                }
                for (int q = 0; q < rows; q++) {
                    x.set(q, c, x.get(q, c) - m);
                }
            }
            var svd = org.ejml.dense.row.factory.DecompositionFactory_DDRM.svd(rows, shape[2], true, false, false);
            assertTrue(svd.decompose(x));
            org.ejml.data.DMatrixRMaj u = svd.getU(null, false);
            double[] sv = svd.getSingularValues();
            Integer[] order = new Integer[sv.length];
            for (int i = 0; i < sv.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (p, q) -> Double.compare(sv[q], sv[p]));
            for (int c = 0; c < k; c++) {
                double sign = Math.signum(scores.get(0, c) * u.get(0, order[c]));
                for (int q = 0; q < rows; q++) {
                    assertEquals(u.get(q, order[c]) * sv[order[c]], sign * scores.get(q, c), 1e-9 * sv[order[0]],
                            "shape " + java.util.Arrays.toString(shape) + " PC " + c + " row " + q);
                }
            }
        }
    }

    @Test
    void identicalPopulationsScoreOneAndZero() {
        NdArray a = responses(1, 8, 30, 40);
        assertEquals(1.0, PopulationSimilarity.crossValidatedCca(a, a, 6), 1e-9);
        assertEquals(0.0, PopulationSimilarity.procrustesAngle(a, a, 6), 1e-6);
        assertEquals(1.0, PopulationSimilarity.representationalSimilarity(a, a), 1e-12);
    }

    /** RSA needs no unit alignment: relabelled units keep it at 1; shared latents score high, unrelated noise near 0. */
    @Test
    void representationalSimilarityComparesConditionGeometry() {
        NdArray a = responses(3, 12, 20, 30);
        NdArray shuffled = NdArray.zeros(12, 20, 30);
        for (int c = 0; c < 12; c++) {
            for (int t = 0; t < 20; t++) {
                for (int u = 0; u < 30; u++) {
                    shuffled.set(a.get(c, t, (u * 7) % 30), c, t, u);
                }
            }
        }
        assertEquals(1.0, PopulationSimilarity.representationalSimilarity(a, shuffled), 1e-12);
        // 1 - corr of conditions 0 and 1, computed by hand
        double[] x = new double[600];
        double[] y = new double[600];
        for (int k = 0; k < 600; k++) {
            x[k] = a.data()[k];
            y[k] = a.data()[600 + k];
        }
        double r = new org.apache.commons.math3.stat.correlation.PearsonsCorrelation().correlation(x, y);
        assertEquals(1 - r, PopulationSimilarity.dissimilarities(a)[0], 1e-12);
        NdArray latent = responses(5, 12, 40, 6);
        double related = PopulationSimilarity.representationalSimilarity(mixed(latent, 50, 1, 0.1), mixed(latent, 80, 2, 0.1));
        assertTrue(related > 0.8, "same latents, different mixing: " + related);
        double chance = PopulationSimilarity.representationalSimilarity(responses(11, 12, 40, 50), responses(12, 12, 40, 50));
        assertEquals(0.0, chance, 0.25, "independent populations: 66 pairs, spread ~ 1/sqrt(66)");
    }

    @Test
    void sharedLatentsScoreHighAndUnrelatedNoiseScoresChance() {
        NdArray latent = responses(5, 10, 40, 6);
        NdArray a = mixed(latent, 50, 1, 0.1);
        NdArray b = mixed(latent, 80, 2, 0.1);
        double related = PopulationSimilarity.crossValidatedCca(a, b, 6);
        assertTrue(related > 0.9, "same latents, different mixing: " + related);
        assertTrue(PopulationSimilarity.procrustesAngle(a, b, 6) < 1.0, "shared latents: small angle");
        NdArray noiseA = responses(11, 10, 40, 50);
        NdArray noiseB = responses(12, 10, 40, 50);
        double chance = PopulationSimilarity.crossValidatedCca(noiseA, noiseB, 6);
        assertEquals(0.0, chance, 0.1, "independent noise: cross-validated correlations around 0");
        double angle = PopulationSimilarity.procrustesAngle(noiseA, noiseB, 6);
        double expected = Math.acos(0.85 * Math.sqrt(6.0 / 400));
        assertEquals(expected, angle, 0.1, "independent noise near arccos(0.85 sqrt(k/r))");
    }
}
