package org.rnnfield.backend.cuda;

import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;

/**
 * GEMM through cuBLAS (jcublas), used only where it loads: jcublas 12.6 needs libcublas.so.12 (CUDA 12
 * libraries), which many driver-only or CUDA 13 machines lack. {@link #tryCreate} returns null there
 * and the backend keeps its own GEMM kernel. cuBLAS runs on the context current to the thread (the
 * backend's) and on the legacy default stream, so it is ordered with our kernels.
 * Set RNNFIELD_CUBLAS=0 to force our kernel (e.g. to benchmark both on one machine).
 */
final class CublasGemm implements AutoCloseable {
    private final cublasHandle handle;
    private final String version;

    private CublasGemm(cublasHandle handle, String version) {
        this.handle = handle;
        this.version = version;
    }

    /** A cuBLAS handle on the current context, or null (with the reason in {@code why[0]}) when cuBLAS does not load. */
    static CublasGemm tryCreate(String[] why) {
        if ("0".equals(System.getenv("RNNFIELD_CUBLAS"))) {
            why[0] = "disabled by RNNFIELD_CUBLAS=0";
            return null;
        }
        try {
            JCublas2.setExceptionsEnabled(true);
            cublasHandle h = new cublasHandle();
            JCublas2.cublasCreate(h);
            int[] v = {0};
            JCublas2.cublasGetVersion(h, v);
            return new CublasGemm(h, "cuBLAS " + v[0]);
        } catch (Throwable e) {
            // JCuda's load error spans pages of nested stack traces; keep the line that names the cause,
            // and remember it: later attempts only see "could not initialize class JCublas2"
            if (firstFailure == null) {
                firstFailure = loadFailure(e);
            }
            why[0] = firstFailure;
            return null;
        }
    }

    private static String firstFailure;

    /** One line: the library that did not open (JCuda's "...: libX.so.N: cannot open ...") or the message's first line. */
    static String loadFailure(Throwable e) {
        String message = String.valueOf(e.getMessage());
        for (String line : message.split("\n")) {
            int at = line.indexOf("cannot open shared object file");
            if (at > 0) {
                String head = line.substring(0, at).replaceAll("[:\\s]+$", "");
                return head.substring(head.lastIndexOf(' ') + 1) + " not found (" + e.getClass().getSimpleName() + ")";
            }
        }
        return e.getClass().getSimpleName() + ": " + message.split("\n", 2)[0];
    }

    String version() {
        return version;
    }

    /** C = alpha op(A) op(B) + beta C on column-major device matrices. */
    void gemm(boolean f64, boolean transA, boolean transB, int m, int n, int k, double alpha, Pointer a, int lda,
              Pointer b, int ldb, double beta, Pointer c, int ldc) {
        int opA = transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opB = transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        if (f64) {
            JCublas2.cublasDgemm(handle, opA, opB, m, n, k, Pointer.to(new double[]{alpha}), a, lda, b, ldb,
                    Pointer.to(new double[]{beta}), c, ldc);
        } else {
            JCublas2.cublasSgemm(handle, opA, opB, m, n, k, Pointer.to(new float[]{(float) alpha}), a, lda, b, ldb,
                    Pointer.to(new float[]{(float) beta}), c, ldc);
        }
    }

    @Override
    public void close() {
        JCublas2.cublasDestroy(handle);
    }
}
