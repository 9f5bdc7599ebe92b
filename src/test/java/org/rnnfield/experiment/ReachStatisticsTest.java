package org.rnnfield.experiment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReachStatisticsTest {
    /**
     * Two statistics over three gammas, two seeds each. First: seed means 0, 1, 2, within-gamma variances 0.5, 0, 0.5
     * (pooled 1/3); second: means 10, 20, 30, variances 0, 50, 0 (pooled 50/3). Against recorded 1 and 15, with the
     * recording counted as one more draw (factor 1 + 1/2): z1 = (-1, 0, 1) / sqrt(1/2), z2 = (-5, 5, 15) / sqrt(25).
     */
    @Test
    void statisticsDistanceCountsSeedSpreads() {
        double[][] first = {{-0.5, 0.5}, {1, 1}, {1.5, 2.5}};
        double[][] second = {{10, 10}, {15, 25}, {30, 30}};
        double[] d = ReachExperiment.statisticsDistance(new double[]{1, 15}, first, second);
        double[] z1 = {-Math.sqrt(2), 0, Math.sqrt(2)};
        double[] z2 = {-1, 1, 3};
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = Math.sqrt((z1[i] * z1[i] + z2[i] * z2[i]) / 2);
        }
        assertArrayEquals(expected, d, 1e-12);
        // one seed has no spread to measure against
        double[] single = ReachExperiment.statisticsDistance(new double[]{1}, new double[][]{{0}, {1}});
        assertTrue(Double.isNaN(single[0]) && Double.isNaN(single[1]));
    }
}
