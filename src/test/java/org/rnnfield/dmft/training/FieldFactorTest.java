package org.rnnfield.dmft.training;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldFactorTest {

    private static DMatrixRMaj randomCovariance(int d, long seed) {
        Random r = new Random(seed);
        DMatrixRMaj a = new DMatrixRMaj(d, d + 3);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = r.nextGaussian();
        }
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(a, a, s);
        return s;
    }

    private static FieldFactor build(DMatrixRMaj sigma, int steps, int width, int repeated) {
        FieldFactor f = new FieldFactor(steps, width, repeated, TrainingDmftSettings.defaults(2, 0));
        for (int n = 0; n < steps; n++) {
            DMatrixRMaj rows = CommonOps_DDRM.extract(sigma, n * width, (n + 1) * width, 0, (n + 1) * width);
            f.commit(f.rows(n, rows));
        }
        return f;
    }

    @Test
    void stepwiseRowsAreTheCholeskyFactorAndItsInverse() {
        int steps = 3;
        int width = 4;
        DMatrixRMaj sigma = randomCovariance(steps * width, 5);
        FieldFactor f = build(sigma, steps, width, 0);
        DMatrixRMaj l = f.lower();
        DMatrixRMaj product = new DMatrixRMaj(12, 12);
        CommonOps_DDRM.multTransB(l, l, product);
        DMatrixRMaj identity = new DMatrixRMaj(12, 12);
        CommonOps_DDRM.mult(l, f.inverse(), identity);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals(sigma.get(i, j), product.get(i, j), 1e-10, "L L^T at " + i + "," + j);
                assertEquals(i == j ? 1.0 : 0.0, identity.get(i, j), 1e-9, "L L^-1 at " + i + "," + j);
                if (j > i) {
                    assertEquals(0.0, l.get(i, j), 0.0, "L is lower-triangular");
                }
            }
        }
    }

    @Test
    void repeatedFieldsCopyStepZeroAndDropOut() {
        // field 0 of every step is the same variable (phi(x(0))): its covariance rows repeat step 0's
        int steps = 3;
        int width = 3;
        Random r = new Random(9);
        DMatrixRMaj loadings = new DMatrixRMaj(steps * width, steps * width + 3);
        for (int i = 0; i < loadings.data.length; i++) {
            loadings.data[i] = r.nextGaussian();
        }
        for (int n = 1; n < steps; n++) {
            for (int c = 0; c < loadings.numCols; c++) {
                loadings.set(n * width, c, loadings.get(0, c));
            }
        }
        DMatrixRMaj sigma = new DMatrixRMaj(steps * width, steps * width);
        CommonOps_DDRM.multTransB(loadings, loadings, sigma);
        FieldFactor f = build(sigma, steps, width, 1);
        DMatrixRMaj l = f.lower();
        DMatrixRMaj product = new DMatrixRMaj(9, 9);
        CommonOps_DDRM.multTransB(l, l, product);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 9; j++) {
                assertEquals(sigma.get(i, j), product.get(i, j), 1e-9, "L L^T at " + i + "," + j);
            }
        }
        assertEquals(0.0, f.weights()[width], 0.0, "a repeat carries no response of its own");
        assertEquals(0.0, f.weights()[2 * width], 0.0);
        assertEquals(1.0, f.weights()[1], 1e-3, "a well-determined innovation keeps its response");
    }

    @Test
    void pinnedDirectionsKeepThePivotFloorWhenTheirInnovationCollapses() {
        // step 1's second field nearly repeats step 0's second field: innovation 1e-3 of its variance when the set is
        // pinned, 1e-12 a few iterates later. Without the floor its pivot would be 1e-6 of the field's scale and
        // L^{-1} a million times larger than selection allows.
        int width = 2;
        TrainingDmftSettings settings = TrainingDmftSettings.defaults(2, 0).withDrop(1e-4);
        FieldFactor f = new FieldFactor(2, width, 0, settings);
        DMatrixRMaj step0 = new DMatrixRMaj(new double[][]{{1.0, 0.3}, {0.3, 1.0}});
        f.commit(f.rows(0, step0));
        FieldFactor.Rows wide = f.rows(1, nearRepeat(1e-3));
        assertEquals(0, wide.floored());
        assertTrue(wide.active()[1], "innovation 1e-3 > DROP 1e-4: kept");

        FieldFactor.Rows collapsed = f.rows(1, nearRepeat(1e-12), wide.active());
        assertTrue(collapsed.active()[1], "pinned kept stays kept");
        double pivot = collapsed.lower().get(1, width + 1);
        assertEquals(Math.sqrt(1e-4 * 1.0), pivot, 1e-12, "pivot = sqrt(DROP var)");
        double largest = 0;
        for (double x : collapsed.inverse().data) {
            largest = Math.max(largest, Math.abs(x));
        }
        assertTrue(largest < 3 / Math.sqrt(1e-4), "L^{-1} bounded by the floor: " + largest);
        // the floor moves only that direction's variance, by DROP var - innovation
        DMatrixRMaj l = new DMatrixRMaj(2 * width, 2 * width);
        CommonOps_DDRM.insert(f.lower(), l, 0, 0);
        CommonOps_DDRM.insert(collapsed.lower(), l, width, 0);
        DMatrixRMaj product = new DMatrixRMaj(2 * width, 2 * width);
        CommonOps_DDRM.multTransB(l, l, product);
        DMatrixRMaj sigma = nearRepeat(1e-12);
        for (int j = 0; j < 2 * width; j++) {
            double expected = sigma.get(1, j) + (j == width + 1 ? 1e-4 - 1e-12 : 0.0);
            assertEquals(expected, product.get(width + 1, j), 1e-12, "row of the floored field at " + j);
        }
        assertEquals(1, collapsed.floored(), "the floored direction is counted");
    }

    /** Rows of step 1 over steps 0..1: field 0 fresh, field 1 = step 0's field 1 plus an innovation of variance eps. */
    private static DMatrixRMaj nearRepeat(double eps) {
        // step 0: w0 = (a, b), cov [[1, .3], [.3, 1]]; step 1: (c, b + sqrt(eps) e), c independent of b's innovation
        return new DMatrixRMaj(new double[][]{
                {0.5, 0.2, 1.0, 0.2},
                {0.3, 1.0, 0.2, 1.0 + eps}});
    }
}
