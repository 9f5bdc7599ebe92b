package org.rnnfield.analysis;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.rnnfield.array.NdArray;

/**
 * Similarity of two populations' condition- and time-resolved responses (THEORY.md section 5):
 * soft-normalize each unit, reduce each population to its top k principal components, then
 * <ul>
 * <li>cross-validated CCA over conditions: for each held-out condition, CCA is fit on the others and
 * the canonical variates of the held-out condition are projected; the score is the mean over the k
 * components of the correlation of the pooled held-out variates. Identical populations score 1;
 * independent ones score about 0 (held-out correlations of unrelated data, spread ~ 1/sqrt(rows)).</li>
 * <li>Procrustes shape distance (Williams et al. 2021): the angle
 * {@code arccos(||A^T B||_*)} between the centred, unit-Frobenius score matrices after the best
 * rotation: 0 for identical (or rotated) data, pi/2 for orthogonal ones; independent Gaussian scores
 * of r rows give about {@code arccos(0.85 sqrt(k / r))}.</li>
 * <li>representational similarity (RSA, Kriegeskorte et al. 2008): each population's condition x condition
 * dissimilarity matrix, 1 - Pearson correlation of two conditions' time-concatenated population vectors, compared
 * by the Spearman correlation of their upper triangles. It needs no alignment of units or PCs (invariant to any
 * relabelling of units): 1 for identical geometry, about 0 for unrelated populations.</li>
 * </ul>
 * PCA uses all conditions (it is unsupervised); only the CCA fit is cross-validated.
 */
public final class PopulationSimilarity {
    /** Ridge added to each covariance, relative to its mean diagonal: keeps CCA defined for rank-deficient data. */
    static final double RIDGE = 1e-8;

    private PopulationSimilarity() {
    }

    /**
     * Soft normalization {@code x / (range + softness)} per unit (Churchland et al. 2012 use 5 spikes/s);
     * keeps near-silent units from dominating. @param responses (C, T, n)
     */
    public static NdArray softNormalize(NdArray responses, double softness) {
        int n = responses.dim(2);
        int rows = responses.dim(0) * responses.dim(1);
        double[] a = responses.data();
        double[] out = new double[a.length];
        for (int i = 0; i < n; i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                lo = Math.min(lo, a[r * n + i]);
                hi = Math.max(hi, a[r * n + i]);
            }
            double s = 1.0 / (hi - lo + softness);
            for (int r = 0; r < rows; r++) {
                out[r * n + i] = a[r * n + i] * s;
            }
        }
        return new NdArray(responses.shape(), out);
    }

    /** Top-k principal-component scores of (C, T, n) responses: a (C T) x k matrix, rows condition-major. */
    public static DMatrixRMaj pcaScores(NdArray responses, int k) {
        int n = responses.dim(2);
        int rows = responses.dim(0) * responses.dim(1);
        if (k < 1 || k > Math.min(n, rows)) {
            throw new IllegalArgumentException("similarity.k = " + k + " is not allowed (allowed: 1.." + Math.min(n, rows) + ")");
        }
        DMatrixRMaj x = new DMatrixRMaj(rows, n, true, responses.data().clone());
        centreColumns(x);
        // the top-k eigenpairs of the smaller Gram matrix instead of an SVD of the tall (C T) x n matrix (8-10x
        // faster at 2430 x 300); the scores are U_k s_k either way, up to each column's sign
        boolean unitsFewer = n <= rows;
        DMatrixRMaj gram = new DMatrixRMaj(Math.min(n, rows), Math.min(n, rows));
        if (unitsFewer) {
            CommonOps_DDRM.multTransA(x, x, gram);
        } else {
            CommonOps_DDRM.multTransB(x, x, gram);
        }
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<DMatrixRMaj> eig =
                DecompositionFactory_DDRM.eig(gram.numRows, true, true);
        if (!eig.decompose(gram)) {
            throw new ArithmeticException("eigendecomposition of the response covariance did not converge");
        }
        int m = eig.getNumberOfEigenvalues();
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(eig.getEigenvalue(q).real, eig.getEigenvalue(p).real));
        DMatrixRMaj scores = new DMatrixRMaj(rows, k);
        for (int c = 0; c < k; c++) {
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            if (unitsFewer) {
                // X v: the projection on the c-th principal axis
                for (int r = 0; r < rows; r++) {
                    double acc = 0;
                    for (int i = 0; i < n; i++) {
                        acc += x.data[r * n + i] * v.data[i];
                    }
                    scores.set(r, c, acc);
                }
            } else {
                double sv = Math.sqrt(Math.max(eig.getEigenvalue(order[c]).real, 0));
                for (int r = 0; r < rows; r++) {
                    scores.set(r, c, v.data[r] * sv);
                }
            }
        }
        return scores;
    }

    /** Mean cross-validated canonical correlation of the top-k PCs (leave one condition out). */
    public static double crossValidatedCca(NdArray a, NdArray b, int k) {
        checkConditions(a, b);
        int conditions = a.dim(0);
        int times = a.dim(1);
        if (conditions < 3) {
            throw new IllegalArgumentException("cross-validated CCA needs >= 3 conditions, got " + conditions);
        }
        DMatrixRMaj sa = pcaScores(a, k);
        DMatrixRMaj sb = pcaScores(b, k);
        int rows = conditions * times;
        double[][] heldA = new double[rows][];
        double[][] heldB = new double[rows][];
        for (int c = 0; c < conditions; c++) {
            DMatrixRMaj trainA = dropRows(sa, c * times, times);
            DMatrixRMaj trainB = dropRows(sb, c * times, times);
            double[] meanA = columnMeans(trainA);
            double[] meanB = columnMeans(trainB);
            DMatrixRMaj[] w = canonicalWeights(trainA, trainB, meanA, meanB);
            for (int t = 0; t < times; t++) {
                int r = c * times + t;
                heldA[r] = project(sa, r, meanA, w[0]);
                heldB[r] = project(sb, r, meanB, w[1]);
            }
        }
        double total = 0;
        for (int j = 0; j < k; j++) {
            double ab = 0;
            double aa = 0;
            double bb = 0;
            for (int r = 0; r < rows; r++) {
                ab += heldA[r][j] * heldB[r][j];
                aa += heldA[r][j] * heldA[r][j];
                bb += heldB[r][j] * heldB[r][j];
            }
            total += aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
        }
        return total / k;
    }

    /** Procrustes shape distance (angle in [0, pi/2]) between the top-k PC scores. */
    public static double procrustesAngle(NdArray a, NdArray b, int k) {
        checkConditions(a, b);
        DMatrixRMaj sa = unitFrobenius(pcaScores(a, k));
        DMatrixRMaj sb = unitFrobenius(pcaScores(b, k));
        DMatrixRMaj m = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multTransA(sa, sb, m);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(k, k, false, false, true);
        svd.decompose(m);
        double nuclear = 0;
        for (double s : svd.getSingularValues()) {
            nuclear += s;
        }
        return Math.acos(Math.min(1.0, nuclear));
    }

    private static void checkConditions(NdArray a, NdArray b) {
        if (a.ndim() != 3 || b.ndim() != 3 || a.dim(0) != b.dim(0) || a.dim(1) != b.dim(1)) {
            throw new IllegalArgumentException("responses must be (conditions, times, units) with equal conditions and times, got "
                    + a.shapeString() + " and " + b.shapeString());
        }
    }

    /** {Wa, Wb}: canonical weights (k x k) from the train rows: whiten by Cholesky, SVD of the whitened cross-covariance. */
    private static DMatrixRMaj[] canonicalWeights(DMatrixRMaj a, DMatrixRMaj b, double[] meanA, double[] meanB) {
        DMatrixRMaj ca = centred(a, meanA);
        DMatrixRMaj cb = centred(b, meanB);
        int k = a.numCols;
        DMatrixRMaj laInv = inverseCholesky(covariance(ca, ca));
        DMatrixRMaj lbInv = inverseCholesky(covariance(cb, cb));
        DMatrixRMaj sab = covariance(ca, cb);
        DMatrixRMaj tmp = new DMatrixRMaj(k, k);
        DMatrixRMaj m = new DMatrixRMaj(k, k);
        CommonOps_DDRM.mult(laInv, sab, tmp);
        CommonOps_DDRM.multTransB(tmp, lbInv, m);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(k, k, true, true, false);
        if (!svd.decompose(m)) {
            throw new ArithmeticException("SVD in CCA did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] s = svd.getSingularValues();
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
        DMatrixRMaj wa = new DMatrixRMaj(k, k);
        DMatrixRMaj wb = new DMatrixRMaj(k, k);
        DMatrixRMaj fullA = new DMatrixRMaj(k, k);
        DMatrixRMaj fullB = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multTransA(laInv, u, fullA);
        CommonOps_DDRM.multTransA(lbInv, v, fullB);
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < k; r++) {
                wa.set(r, c, fullA.get(r, order[c]));
                wb.set(r, c, fullB.get(r, order[c]));
            }
        }
        return new DMatrixRMaj[]{wa, wb};
    }

    private static DMatrixRMaj covariance(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numCols, b.numCols);
        CommonOps_DDRM.multTransA(a, b, c);
        CommonOps_DDRM.scale(1.0 / Math.max(1, a.numRows - 1), c);
        return c;
    }

    private static DMatrixRMaj inverseCholesky(DMatrixRMaj s) {
        int k = s.numRows;
        double ridge = RIDGE * Math.max(CommonOps_DDRM.trace(s) / k, Double.MIN_NORMAL);
        for (int i = 0; i < k; i++) {
            s.add(i, i, ridge);
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(k, true);
        if (!chol.decompose(s)) {
            throw new ArithmeticException("covariance in CCA is not positive definite");
        }
        DMatrixRMaj l = chol.getT(null);
        DMatrixRMaj inv = new DMatrixRMaj(k, k);
        CommonOps_DDRM.invert(l, inv);
        return inv;
    }

    private static double[] project(DMatrixRMaj scores, int row, double[] mean, DMatrixRMaj w) {
        int k = w.numCols;
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int r = 0; r < w.numRows; r++) {
                s += (scores.get(row, r) - mean[r]) * w.get(r, c);
            }
            out[c] = s;
        }
        return out;
    }

    private static DMatrixRMaj dropRows(DMatrixRMaj m, int from, int count) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows - count, m.numCols);
        int o = 0;
        for (int r = 0; r < m.numRows; r++) {
            if (r < from || r >= from + count) {
                for (int c = 0; c < m.numCols; c++) {
                    out.set(o, c, m.get(r, c));
                }
                o++;
            }
        }
        return out;
    }

    private static double[] columnMeans(DMatrixRMaj m) {
        double[] mean = new double[m.numCols];
        for (int r = 0; r < m.numRows; r++) {
            for (int c = 0; c < m.numCols; c++) {
                mean[c] += m.get(r, c) / m.numRows;
            }
        }
        return mean;
    }

    private static DMatrixRMaj centred(DMatrixRMaj m, double[] mean) {
        DMatrixRMaj out = m.copy();
        subtractFromColumns(out, mean);
        return out;
    }

    private static void centreColumns(DMatrixRMaj m) {
        subtractFromColumns(m, columnMeans(m));
    }

    private static void subtractFromColumns(DMatrixRMaj m, double[] mean) {
        for (int r = 0; r < m.numRows; r++) {
            for (int c = 0; c < m.numCols; c++) {
                m.add(r, c, -mean[c]);
            }
        }
    }

    private static DMatrixRMaj unitFrobenius(DMatrixRMaj m) {
        centreColumns(m);
        CommonOps_DDRM.scale(1.0 / Math.max(org.ejml.dense.row.NormOps_DDRM.normF(m), Double.MIN_NORMAL), m);
        return m;
    }

    /** Spearman correlation of the two populations' condition dissimilarity matrices (see the class comment). */
    public static double representationalSimilarity(NdArray a, NdArray b) {
        if (a.dim(0) != b.dim(0) || a.dim(0) < 3) {
            throw new IllegalArgumentException("RSA needs the same >= 3 conditions in both populations: " + a.shapeString()
                    + " vs " + b.shapeString());
        }
        double[] ra = dissimilarities(a);
        double[] rb = dissimilarities(b);
        return new org.apache.commons.math3.stat.correlation.SpearmansCorrelation().correlation(ra, rb);
    }

    /** The upper triangle of 1 - corr(condition i, condition j) over time-concatenated population vectors. */
    static double[] dissimilarities(NdArray responses) {
        int c = responses.dim(0);
        int width = responses.dim(1) * responses.dim(2);
        double[] data = responses.data();
        double[][] z = new double[c][width];
        for (int i = 0; i < c; i++) {
            double mean = 0;
            for (int k = 0; k < width; k++) {
                mean += data[i * width + k] / width;
            }
            double norm = 0;
            for (int k = 0; k < width; k++) {
                z[i][k] = data[i * width + k] - mean;
                norm += z[i][k] * z[i][k];
            }
            double scale = 1 / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
            for (int k = 0; k < width; k++) {
                z[i][k] *= scale;
            }
        }
        double[] out = new double[c * (c - 1) / 2];
        int p = 0;
        for (int i = 0; i < c; i++) {
            for (int j = i + 1; j < c; j++) {
                double dot = 0;
                for (int k = 0; k < width; k++) {
                    dot += z[i][k] * z[j][k];
                }
                out[p++] = 1 - dot;
            }
        }
        return out;
    }
}
