package org.rnnfield.backend;

import org.rnnfield.array.NdArray;

/** Shape checks and host layout conversions shared by the backends (tensors are column-major). */
public final class Layout {
    private Layout() {
    }

    /** A 2-D row-major host array as column-major values, checked against the tensor's shape. */
    public static double[] columnMajor(NdArray m, Tensor dst) {
        if (m.ndim() != 2 || m.dim(0) != dst.rows() || m.dim(1) != dst.cols()) {
            throw new IllegalArgumentException("write: host shape " + m.shapeString() + " != tensor " + dst.rows() + "x" + dst.cols());
        }
        int r = m.dim(0);
        int c = m.dim(1);
        double[] d = m.data();
        double[] col = new double[r * c];
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < r; i++) {
                col[j * r + i] = d[i * c + j];
            }
        }
        return col;
    }

    /** Column-major values as a 2-D row-major host array. */
    public static NdArray rowMajor(double[] col, int r, int c) {
        NdArray a = NdArray.zeros(r, c);
        double[] d = a.data();
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < r; i++) {
                d[i * c + j] = col[j * r + i];
            }
        }
        return a;
    }

    /** {m, n, k} of C = op(A) op(B), or an error naming the mismatch. */
    public static int[] gemmDims(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.rows() + "x" + c.cols());
        }
        return new int[]{m, n, k};
    }

    /** Checks that columns [start, start + count) lie inside the tensor (for column views). */
    public static void checkColumns(Tensor t, int start, int count) {
        if (start < 0 || count < 0 || start + count > t.cols()) {
            throw new IndexOutOfBoundsException("columns [" + start + ", " + (start + count) + ") of a tensor with " + t.cols());
        }
    }

    public static void sameShape(String op, Tensor... ts) {
        for (Tensor t : ts) {
            if (t.rows() != ts[0].rows() || t.cols() != ts[0].cols()) {
                throw new IllegalArgumentException(op + ": shape " + t.rows() + "x" + t.cols() + " != " + ts[0].rows() + "x" + ts[0].cols());
            }
        }
    }

    /** A per-row vector of matrix: vector must be matrix.rows() x 1. */
    public static void rowVector(String op, Tensor matrix, Tensor vector) {
        if (vector.rows() != matrix.rows() || vector.cols() != 1) {
            throw new IllegalArgumentException(op + ": per-row vector is " + vector.rows() + "x" + vector.cols() + ", expected "
                    + matrix.rows() + "x1");
        }
    }
}
