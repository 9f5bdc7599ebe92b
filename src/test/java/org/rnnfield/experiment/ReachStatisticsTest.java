package org.rnnfield.experiment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ReachStatisticsTest {
    /**
     * Two statistics over three gammas (two seeds each): their seed means 0, 1, 2 (spread 1) and 10, 20, 30 (spread 10)
     * against recorded 1 and 15 give z = (-1, 0, 1) and (-0.5, 0.5, 1.5), so distances sqrt((z1^2 + z2^2) / 2).
     */
    @Test
    void statisticsDistanceWeighsEachStatisticByItsSpreadOverGamma() {
        double[][] first = {{-0.5, 0.5}, {1, 1}, {1.5, 2.5}};
        double[][] second = {{10, 10}, {15, 25}, {30, 30}};
        double[] d = ReachExperiment.statisticsDistance(new double[]{1, 15}, first, second);
        assertArrayEquals(new double[]{Math.sqrt(1.25 / 2), Math.sqrt(0.25 / 2), Math.sqrt(3.25 / 2)}, d, 1e-12);
    }
}
