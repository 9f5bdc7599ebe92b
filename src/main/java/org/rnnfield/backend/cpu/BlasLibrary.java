package org.rnnfield.backend.cpu;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * Chooses the CPU GEMM provider. Measured on the 2-core CI machine (bench/README.md): native OpenBLAS
 * through dev.ludovic.netlib's JNI binding is 5-10x faster than the pure-Java kernels, so it is the
 * default; the pure-Java BLAS of the same library is the fallback and announces itself.
 * System property {@code rnnfield.blas=native|java} forces a choice (benchmarks use it).
 */
public final class BlasLibrary {
    private static volatile BlasLibrary instance;
    /** netlib logs a warning for each pure-Java variant it cannot load; we report the choice ourselves. */
    private static final java.util.logging.Logger NETLIB_LOG = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

    static {
        NETLIB_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final BLAS blas;
    private final String description;
    private final boolean nativeLibrary;

    private BlasLibrary(BLAS blas, String description, boolean nativeLibrary) {
        this.blas = blas;
        this.description = description;
        this.nativeLibrary = nativeLibrary;
    }

    public static BlasLibrary get() {
        BlasLibrary b = instance;
        if (b == null) {
            synchronized (BlasLibrary.class) {
                if (instance == null) {
                    instance = choose(System.getProperty("rnnfield.blas", "auto"));
                }
                b = instance;
            }
        }
        return b;
    }

    private static BlasLibrary choose(String wanted) {
        if (!wanted.equals("java")) {
            try {
                NativeBLAS nb = NativeBLAS.getInstance();
                return new BlasLibrary(nb, "native BLAS (libblas.so.3, e.g. OpenBLAS) via netlib JNI", true);
            } catch (Throwable e) {
                if (wanted.equals("native")) {
                    throw new IllegalStateException("rnnfield.blas=native but the native BLAS did not load: " + e.getMessage(), e);
                }
                System.err.println("rnnfield: native BLAS (libblas.so.3, Debian package libopenblas0-pthread) not found;"
                        + " using the pure-Java BLAS, which is several times slower");
            }
        }
        JavaBLAS jb = JavaBLAS.getInstance();
        return new BlasLibrary(jb, "pure-Java BLAS (" + jb.getClass().getSimpleName() + ")", false);
    }

    BLAS blas() {
        return blas;
    }

    /**
     * y = alpha op(A) x + beta y with A column-major (m x n, leading dimension m): BLAS DGEMV as it is. For Krylov
     * bases outside the Backend, stored as vectors laid end to end (the columns of A).
     */
    public void dgemv(boolean transA, int m, int n, double alpha, double[] a, double[] x, double beta, double[] y) {
        if (m == 0 || n == 0) {
            return;
        }
        blas.dgemv(transA ? "T" : "N", m, n, alpha, a, 0, Math.max(1, m), x, 0, 1, beta, y, 0, 1);
    }

    /**
     * C = op(A) op(B) for row-major double arrays (C is m x n, op(A) m x k, op(B) k x n): the column-major BLAS call
     * on the transposes, C^T = op(B)^T op(A)^T. For small dense algebra outside the Backend (the D x D saddle-point
     * equations), where native DGEMM is ~10x EJML's kernels at D ~ 100.
     */
    public void dgemmRowMajor(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
        if (m == 0 || n == 0) {
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        blas.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1.0, b, 0, Math.max(1, ldb), a, 0, Math.max(1, lda),
                0.0, c, 0, Math.max(1, n));
    }

    public String description() {
        return description;
    }

    public boolean isNative() {
        return nativeLibrary;
    }

    /**
     * The BLAS shared libraries this process has mapped (from /proc/self/maps, so the alternative Debian
     * resolved libblas.so.3 to, e.g. .../openblas-pthread/libblas.so.3), or the description where that
     * cannot be read or nothing native is loaded.
     */
    public String loadedLibraries() {
        if (!nativeLibrary) {
            return description;
        }
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            java.util.List<String> libs = lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(path -> path.startsWith("/") && path.toLowerCase(java.util.Locale.ROOT).contains("blas"))
                    // the JNI shim netlib unpacks to a temporary file: not the BLAS, and a different name per run
                    .filter(path -> !path.contains("netlibblasjni"))
                    .distinct().sorted().toList();
            return libs.isEmpty() ? description : String.join(", ", libs);
        } catch (java.io.IOException | RuntimeException e) {
            return description;
        }
    }
}
