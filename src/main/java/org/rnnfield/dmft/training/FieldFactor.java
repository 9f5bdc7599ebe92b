package org.rnnfield.dmft.training;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;

/**
 * The lower-triangular Cholesky factor L (and L^{-1}) of a Gaussian field's covariance over all
 * training steps, built one step at a time (theory.md eq. 3.2). With fields ordered by step, the field
 * of step n is {@code w_n = L_{n,<n} z_{<n} + L_{nn} z_n}: earlier steps' fields never change when a later
 * step is solved, and the normal z_k moves only fields at or after k, so responses to z are exactly
 * causal (eq. 3.4). Rows are extended from the covariance between step n and steps <= n:
 * {@code L_{n,<n} = Sigma_{n,<n} L_{<n}^{-T}}, {@code L_nn = chol(Sigma_nn - L_{n,<n} L_{n,<n}^T)}.
 *
 * <p>Each direction k gets a weight {@code p_k^2 / (p_k^2 + RIDGE var_k)} (p_k its pivot, var_k the field's
 * variance) that multiplies its whitened response before L^{-1} is applied (theory.md eq. 3.5). A
 * response is estimated as (1/M) sum f z_k, with noise O(M^{-1/2}), and L^{-1} divides it by p_k: for a
 * direction that is (nearly) a repeat of earlier fields - phi(x(0)) is the same at every step, and
 * consecutive steps differ only by what one update changed - the noise would be amplified without
 * bound. The soft weight drops directions whose innovation is below ~0.3% of the field's standard
 * deviation (whose responses are then carried by the earlier occurrence) and is smooth in the
 * kernels, which the fixed-point iteration needs. Measured (docs/theory.md section 4): RIDGE = 1e-4
 * biased tanh networks at gamma = 1 by 3-8%; 1e-6 fits tanh best but lets sampling noise bias linear
 * networks by 10-30% after 4 steps; 1e-5 keeps both within ~3% over 6 steps. The smaller values are
 * stable only because the kept set is pinned per step (TrainingDmftSettings.pinAfter).
 */
final class FieldFactor {
    private final double ridge;
    private final double drop;
    private final double silentField;
    private final int width;
    private final DMatrixRMaj lower;
    private final DMatrixRMaj inverse;
    private final double[] weights;
    private final int repeated;
    private final boolean[] active;

    /**
     * Candidate rows of one step, not yet committed.
     *
     * @param floored pinned directions whose innovation variance fell below DROP of their field's variance and was
     *                raised to it (eq. 3.5b)
     */
    record Rows(int step, DMatrixRMaj lower, DMatrixRMaj inverse, double[] weights, boolean[] active, int floored) {
    }

    /**
     * @param repeated the number of leading fields of each step (after step 0) that are exact repeats of
     *                 step 0's: u_n(t = 0) = (g/sqrt N) J0 phi(x(0)) for every n, since x(0) is frozen. They
     *                 copy step 0's row of L and take no part in the inverse.
     */
    FieldFactor(int steps, int width, int repeated, TrainingDmftSettings settings) {
        this.ridge = settings.ridge();
        this.drop = settings.drop();
        this.silentField = settings.silentField();
        this.width = width;
        this.repeated = repeated;
        int d = steps * width;
        this.lower = new DMatrixRMaj(d, d);
        this.inverse = new DMatrixRMaj(d, d);
        this.weights = new double[d];
        this.active = new boolean[d];
    }

    /**
     * Rows of step n from {@code sigma} = the covariance of step n's fields with those of steps 0..n
     * (width x (n+1) width, already scaled by g^2).
     */
    Rows rows(int n, DMatrixRMaj sigma) {
        return rows(n, sigma, null);
    }

    /**
     * As {@link #rows(int, DMatrixRMaj)}, with the set of kept directions given ({@code pinned}, from an
     * earlier call at the same step; null: decided here). Pinning the set during a step's inner
     * iteration keeps the map continuous: a direction near the drop threshold would otherwise flip
     * between kept and dropped from one iterate to the next, and the whitened coordinates with it.
     */
    Rows rows(int n, DMatrixRMaj sigma, boolean[] pinned) {
        int before = n * width;
        int[] past = activeBefore(before);
        int first = n == 0 ? 0 : repeated;
        int[] cur = new int[width - first];
        for (int j = first; j < width; j++) {
            cur[j - first] = j;
        }
        DMatrixRMaj own = gather(sigma, cur, cur, before);
        DMatrixRMaj lCross = new DMatrixRMaj(cur.length, past.length);
        DMatrixRMaj invPast = gatherSquare(inverse, past);
        if (past.length > 0) {
            CommonOps_DDRM.multTransB(gather(sigma, cur, past, 0), invPast, lCross);
        }
        DMatrixRMaj schur = own.copy();
        if (past.length > 0) {
            CommonOps_DDRM.multAddTransB(-1.0, lCross, lCross, schur);
        }
        symmetrize(schur);
        double maxOwn = 0;
        for (int a = 0; a < cur.length; a++) {
            maxOwn = Math.max(maxOwn, own.get(a, a));
        }
        boolean[] kept = new boolean[cur.length];
        boolean[] pin = null;
        if (pinned != null) {
            pin = new boolean[cur.length];
            for (int a = 0; a < cur.length; a++) {
                pin[a] = pinned[cur[a]];
            }
        }
        int[] floored = new int[1];
        DMatrixRMaj lOwn = choleskyDropping(schur, own, maxOwn, kept, pin, floored);
        int[] keptIdx = indices(kept);
        DMatrixRMaj lKept = gatherSquare(lOwn, keptIdx);
        DMatrixRMaj lKeptInv = lKept.copy();
        TriangularSolver_DDRM.invertLower(lKeptInv.data, keptIdx.length);
        // inverse rows of the kept fields: z = L_kk^{-1} (w - L_cross,k z_past), z_past = invPast w_past
        DMatrixRMaj left = new DMatrixRMaj(keptIdx.length, past.length);
        if (past.length > 0 && keptIdx.length > 0) {
            DMatrixRMaj crossKept = new DMatrixRMaj(keptIdx.length, past.length);
            for (int a = 0; a < keptIdx.length; a++) {
                for (int b = 0; b < past.length; b++) {
                    crossKept.set(a, b, lCross.get(keptIdx[a], b));
                }
            }
            DMatrixRMaj tmp = new DMatrixRMaj(keptIdx.length, past.length);
            CommonOps_DDRM.mult(crossKept, invPast, tmp);
            CommonOps_DDRM.mult(-1.0, lKeptInv, tmp, left);
        }
        DMatrixRMaj rowL = new DMatrixRMaj(width, before + width);
        DMatrixRMaj rowInv = new DMatrixRMaj(width, before + width);
        for (int j = 0; j < first; j++) {
            for (int c = 0; c < width; c++) {
                rowL.set(j, c, lower.get(j, c));
            }
        }
        boolean[] activeLocal = new boolean[width];
        double[] weight = new double[width];
        for (int a = 0; a < cur.length; a++) {
            int j = cur[a];
            for (int b = 0; b < past.length; b++) {
                rowL.set(j, past[b], lCross.get(a, b));
            }
            for (int b = 0; b < cur.length; b++) {
                rowL.set(j, before + cur[b], lOwn.get(a, b));
            }
            if (kept[a]) {
                double v = own.get(a, a);
                double p2 = lOwn.get(a, a) * lOwn.get(a, a);
                weight[j] = p2 / (p2 + ridge * v);
                activeLocal[j] = true;
            }
        }
        for (int a = 0; a < keptIdx.length; a++) {
            int j = cur[keptIdx[a]];
            for (int b = 0; b < past.length; b++) {
                rowInv.set(j, past[b], left.get(a, b));
            }
            for (int b = 0; b < keptIdx.length; b++) {
                rowInv.set(j, before + cur[keptIdx[b]], lKeptInv.get(a, b));
            }
        }
        return new Rows(n, rowL, rowInv, weight, activeLocal, floored[0]);
    }

    private static int[] indices(boolean[] flags) {
        int count = 0;
        for (boolean f : flags) {
            count += f ? 1 : 0;
        }
        int[] out = new int[count];
        for (int k = 0, c = 0; k < flags.length; k++) {
            if (flags[k]) {
                out[c++] = k;
            }
        }
        return out;
    }

    /**
     * Cholesky of the innovation covariance that drops a direction whose innovation variance is below
     * DROP times the field's own variance (or whose field is silent): its pivot and the loadings of later
     * fields on it are set to 0, so the field becomes the exact regression on the kept ones. Without the
     * drop, near-repeats give pivots near zero, L^{-1} becomes huge, and round-off and sampling
     * inconsistencies between steps are amplified into the next step's factor.
     *
     * <p>With the kept set pinned, a kept direction whose innovation has since fallen into (0, DROP var) keeps
     * the pivot sqrt(DROP var) (theory.md eq. 3.5b): the floor is continuous in the kernels, as pinning needs,
     * bounds L^{-1} by the same 1/sqrt(DROP var) that selection enforces, and adds at most DROP var to that
     * direction's variance, the size of what a drop leaves out. Raising a positive pivot keeps the rest of the
     * innovation covariance positive semidefinite (the loadings shrink by p_true / p). A pinned direction whose
     * innovation is not positive (the covariance is inconsistent there by about the tolerance) is dropped: a
     * floored pivot there would carry loadings of an indefinite matrix, which grew without bound in the next
     * columns (measured: tanh gamma = 1, step 1: later innovations fell from -1e-8 to -1e139 within one factor). Counted in
     * {@code floored}.
     */
    private DMatrixRMaj choleskyDropping(DMatrixRMaj s, DMatrixRMaj own, double maxOwn, boolean[] kept,
                                         boolean[] pinned, int[] floored) {
        int m = s.numRows;
        DMatrixRMaj l = new DMatrixRMaj(m, m);
        for (int j = 0; j < m; j++) {
            double v = own.get(j, j);
            double d = s.get(j, j);
            for (int k = 0; k < j; k++) {
                d -= l.get(j, k) * l.get(j, k);
            }
            boolean keep = pinned != null ? pinned[j] && d > 0 : maxOwn > 0 && v > silentField * maxOwn && d > drop * v;
            if (!keep) {
                continue;
            }
            if (d < drop * v) {
                d = drop * v;
                floored[0]++;
            }
            kept[j] = true;
            double pivot = Math.sqrt(d);
            l.set(j, j, pivot);
            for (int i = j + 1; i < m; i++) {
                double x = s.get(i, j);
                for (int k = 0; k < j; k++) {
                    x -= l.get(i, k) * l.get(j, k);
                }
                l.set(i, j, x / pivot);
            }
        }
        return l;
    }

    private int[] activeBefore(int before) {
        int count = 0;
        for (int k = 0; k < before; k++) {
            count += active[k] ? 1 : 0;
        }
        int[] out = new int[count];
        for (int k = 0, c = 0; k < before; k++) {
            if (active[k]) {
                out[c++] = k;
            }
        }
        return out;
    }

    private static DMatrixRMaj gather(DMatrixRMaj m, int[] rows, int[] cols, int colOffset) {
        DMatrixRMaj out = new DMatrixRMaj(rows.length, cols.length);
        for (int a = 0; a < rows.length; a++) {
            for (int b = 0; b < cols.length; b++) {
                out.set(a, b, m.get(rows[a], colOffset + cols[b]));
            }
        }
        return out;
    }

    private static DMatrixRMaj gatherSquare(DMatrixRMaj m, int[] idx) {
        return gather(m, idx, idx, 0);
    }

    void commit(Rows r) {
        int start = r.step() * width;
        CommonOps_DDRM.insert(r.lower(), lower, start, 0);
        CommonOps_DDRM.insert(r.inverse(), inverse, start, 0);
        System.arraycopy(r.weights(), 0, weights, start, width);
        for (int j = 0; j < width; j++) {
            active[start + j] = r.active()[j];
        }
    }

    DMatrixRMaj lower() {
        return lower;
    }

    DMatrixRMaj inverse() {
        return inverse;
    }

    double[] weights() {
        return weights;
    }

    private static void symmetrize(DMatrixRMaj a) {
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, m);
                a.set(j, i, m);
            }
        }
    }
}
