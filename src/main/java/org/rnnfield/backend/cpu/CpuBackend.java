package org.rnnfield.backend.cpu;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Philox;
import org.rnnfield.backend.AccountedBackend;
import org.rnnfield.backend.Layout;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.Phi;

/** The CPU reference backend: GEMM through {@link BlasLibrary}, element-wise work in {@link Elementwise} (all cores). */
public final class CpuBackend extends AccountedBackend {
    private final BlasLibrary blas;

    public CpuBackend(Precision precision) {
        super(precision);
        this.blas = BlasLibrary.get();
    }

    @Override
    public String describe() {
        return "cpu " + precision().label() + ", " + blas.description();
    }

    @Override
    public void release(Tensor t) {
        ledger.released(cpu(t));
    }

    /** floor(sqrt(Integer.MAX_VALUE - 8)): the longest Java array, as {@link #zeros} enforces. */
    public static final int MAX_NETWORK_WIDTH = 46_340;

    @Override
    public int maxNetworkWidth() {
        return MAX_NETWORK_WIDTH;
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        long n = (long) rows * cols;
        if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of " + rows + " x " + cols + " is larger than a Java array allows");
        }
        CpuTensor t = precision() == Precision.FLOAT64
                ? new CpuTensor.F64(new double[(int) n], rows, cols, 0)
                : new CpuTensor.F32(new float[(int) n], rows, cols, 0);
        ledger.made(t, n * elementBytes());
        return t;
    }

    @Override
    public void write(NdArray matrix, Tensor dst) {
        CpuTensor t = cpu(dst);
        double[] col = Layout.columnMajor(matrix, t);
        for (int i = 0; i < col.length; i++) {
            t.set(i, col[i]);
        }
    }

    @Override
    public NdArray download(Tensor tensor) {
        CpuTensor t = cpu(tensor);
        double[] col = new double[t.length()];
        for (int i = 0; i < col.length; i++) {
            col[i] = t.get(i);
        }
        return Layout.rowMajor(col, t.rows, t.cols);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CpuTensor s = cpu(src);
        CpuTensor d = cpu(dst);
        Layout.sameShape("copy", s, d);
        if (s instanceof CpuTensor.F64 a && d instanceof CpuTensor.F64 b) {
            System.arraycopy(a.data, a.offset, b.data, b.offset, a.length());
        } else if (s instanceof CpuTensor.F32 a && d instanceof CpuTensor.F32 b) {
            System.arraycopy(a.data, a.offset, b.data, b.offset, a.length());
        } else {
            for (int i = 0; i < s.length(); i++) {
                d.set(i, s.get(i));
            }
        }
    }

    @Override
    public void fill(Tensor t, double value) {
        Elementwise.fill(cpu(t), value);
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        CpuTensor ta = cpu(a);
        CpuTensor tb = cpu(b);
        CpuTensor tc = cpu(c);
        int[] mnk = Layout.gemmDims(transA, transB, ta, tb, tc);
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        if (m == 0 || n == 0) {
            return;
        }
        String opA = transA ? "T" : "N";
        String opB = transB ? "T" : "N";
        int lda = Math.max(1, ta.rows);
        int ldb = Math.max(1, tb.rows);
        int ldc = Math.max(1, tc.rows);
        if (ta instanceof CpuTensor.F64 da && tb instanceof CpuTensor.F64 db && tc instanceof CpuTensor.F64 dc) {
            blas.blas().dgemm(opA, opB, m, n, k, alpha, da.data, da.offset, lda, db.data, db.offset, ldb,
                    beta, dc.data, dc.offset, ldc);
        } else if (ta instanceof CpuTensor.F32 fa && tb instanceof CpuTensor.F32 fb && tc instanceof CpuTensor.F32 fc) {
            blas.blas().sgemm(opA, opB, m, n, k, (float) alpha, fa.data, fa.offset, lda, fb.data, fb.offset, ldb,
                    (float) beta, fc.data, fc.offset, ldc);
        } else {
            throw new IllegalArgumentException("gemm operands mix precisions");
        }
    }

    @Override
    public void applyPhi(Phi phi, Tensor x, Tensor out) {
        CpuTensor tx = cpu(x);
        CpuTensor to = cpu(out);
        Layout.sameShape("applyPhi", tx, to);
        Elementwise.applyPhi(phi, tx, to);
    }

    @Override
    public void leakyStep(Phi phi, double alpha, Tensor x, Tensor drive, Tensor xNext, Tensor phiNext) {
        CpuTensor tx = cpu(x);
        CpuTensor td = cpu(drive);
        CpuTensor tn = cpu(xNext);
        CpuTensor tp = cpu(phiNext);
        Layout.sameShape("leakyStep", tx, td, tn, tp);
        Elementwise.leakyStep(phi, alpha, tx, td, tn, tp);
    }

    @Override
    public void adjointStep(Phi phi, double alpha, Tensor phiX, Tensor source, Tensor lambdaNext, Tensor lambda) {
        CpuTensor tp = cpu(phiX);
        CpuTensor ts = cpu(source);
        CpuTensor tn = cpu(lambdaNext);
        CpuTensor tl = cpu(lambda);
        Layout.sameShape("adjointStep", tp, ts, tn, tl);
        Elementwise.adjointStep(phi, alpha, tp, ts, tn, tl);
    }

    @Override
    public void adjointTangentStep(Phi phi, double alpha, Tensor phiX, Tensor dX, Tensor source, Tensor dSource,
                                   Tensor dLambdaNext, Tensor dLambda) {
        CpuTensor[] t = {cpu(phiX), cpu(dX), cpu(source), cpu(dSource), cpu(dLambdaNext), cpu(dLambda)};
        Layout.sameShape("adjointTangentStep", t);
        Elementwise.adjointTangentStep(phi, alpha, t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    /** Normals per parallel task of {@link #fillNormal} (even). */
    private static final int NORMAL_CHUNK = 1 << 14;

    @Override
    public void fillNormal(Tensor t, long seed, long stream) {
        CpuTensor c = cpu(t);
        int length = (int) c.length();
        // even-length chunks (a Philox block holds a pair) filled on all cores: index-based, so the numbers do not
        // depend on the thread count
        int chunks = (length + NORMAL_CHUNK - 1) / NORMAL_CHUNK;
        java.util.stream.IntStream.range(0, chunks).parallel().forEach(k -> {
            int from = k * NORMAL_CHUNK;
            double[] z = new double[Math.min(NORMAL_CHUNK, length - from)];
            Philox.fill(seed, stream, from, z);
            for (int i = 0; i < z.length; i++) {
                c.set(from + i, z[i]);
            }
        });
    }

    @Override
    public void axpy(double a, Tensor x, Tensor y) {
        CpuTensor tx = cpu(x);
        CpuTensor ty = cpu(y);
        Layout.sameShape("axpy", tx, ty);
        Elementwise.axpy(a, tx, ty);
    }

    @Override
    public double sumSquares(Tensor t) {
        return Elementwise.sumSquares(cpu(t));
    }

    @Override
    public void rowSumsOfSquares(Tensor x, Tensor out) {
        Layout.rowVector("rowSumsOfSquares", x, out);
        Elementwise.rowSumsOfSquares(cpu(x), cpu(out));
    }

    @Override
    public void copyRowsWhere(Tensor mask, Tensor src, Tensor dst) {
        Layout.sameShape("copyRowsWhere", src, dst);
        Layout.rowVector("copyRowsWhere", src, mask);
        Elementwise.copyRowsWhere(cpu(mask), cpu(src), cpu(dst));
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2,
                           double eps, long step) {
        CpuTensor tp = cpu(param);
        CpuTensor tg = cpu(grad);
        CpuTensor tm = cpu(m);
        CpuTensor tv = cpu(v);
        Layout.sameShape("adamUpdate", tp, tg, tm, tv);
        double c1 = 1.0 - Math.pow(beta1, step);
        double c2 = 1.0 - Math.pow(beta2, step);
        for (int i = 0; i < tp.length(); i++) {
            double g = tg.get(i);
            double mi = beta1 * tm.get(i) + (1 - beta1) * g;
            double vi = beta2 * tv.get(i) + (1 - beta2) * g * g;
            tm.set(i, mi);
            tv.set(i, vi);
            tp.set(i, tp.get(i) - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps));
        }
    }

    @Override
    public void close() {
        // host memory is garbage-collected
    }

    private static CpuTensor cpu(Tensor t) {
        if (t instanceof CpuTensor c) {
            return c;
        }
        throw new IllegalArgumentException("tensor " + t + " does not belong to the CPU backend");
    }
}
