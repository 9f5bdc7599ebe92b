package org.rnnfield.backend.cuda;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.CudaException;
import jcuda.driver.JCudaDriver;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Layout;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.Tensor;
import org.rnnfield.backend.AccountedBackend;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

/**
 * The CUDA backend: our PTX kernels (kernels/*.cu, built by native/build-ptx.sh) loaded through the
 * JCuda driver API, so only the NVIDIA driver (libcuda.so.1) is needed. Tensors stay in device memory;
 * host transfers happen only in upload/write/download. One context per backend, freed with every
 * allocation on close. NOT YET RUN ON A GPU: written in a session without a device; the equivalence
 * tests (CudaEquivalenceTest, tag "gpu") must pass before it is trusted.
 */
public final class CudaBackend extends AccountedBackend {
    private static final int BLOCK = 256;
    private static final String[] MODULES = {"rnn_step", "elementwise", "gemm", "philox_normal"};

    private final String suffix;
    private final CUcontext context = new CUcontext();
    private final List<CUmodule> modules = new ArrayList<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final String deviceName;
    /** cuBLAS where libcublas.so.12 loads, else null (our GEMM kernel); see {@link CublasGemm}. */
    private final CublasGemm cublas;
    private final String cublasAbsent;
    private boolean closed;

    public CudaBackend(Precision precision) {
        super(precision);
        this.suffix = precision == Precision.FLOAT64 ? "_f64" : "_f32";
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        int[] count = {0};
        cuDeviceGetCount(count);
        if (count[0] == 0) {
            throw new IllegalStateException("no CUDA device found");
        }
        CUdevice device = new CUdevice();
        cuDeviceGet(device, 0);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        this.deviceName = new String(name, StandardCharsets.US_ASCII).trim().replace("\0", "");
        int[] major = {0};
        cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        if (major[0] < 8) {
            throw new IllegalStateException(deviceName + " has compute capability " + major[0] + ".x; rnnfield's PTX needs 8.0+");
        }
        cuCtxCreate(context, 0, device);
        String arch = major[0] >= 9 ? "sm_90" : "sm_80";
        for (String m : MODULES) {
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, ptx(m + "." + arch + ".ptx"));
            modules.add(module);
        }
        String[] why = {null};
        this.cublas = CublasGemm.tryCreate(why);
        this.cublasAbsent = why[0];
    }

    /** Whether a CUDA device initializes here (for tests and --backend auto). */
    public static boolean available() {
        try (CudaBackend b = new CudaBackend(Precision.FLOAT32)) {
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    private static String ptx(String resource) {
        try (InputStream in = CudaBackend.class.getResourceAsStream("/org/rnnfield/ptx/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + resource + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII) + "\0";
        } catch (IOException e) {
            throw new IllegalStateException("reading PTX " + resource + ": " + e.getMessage(), e);
        }
    }

    private CUfunction function(String name) {
        return functions.computeIfAbsent(name, n -> {
            for (CUmodule m : modules) {
                CUfunction f = new CUfunction();
                try {
                    cuModuleGetFunction(f, m, n);
                    return f;
                } catch (CudaException e) {
                    // not in this module
                }
            }
            throw new IllegalStateException("kernel " + n + " not found in the PTX modules");
        });
    }

    private void launch(String kernel, long n, Object... args) {
        int blocks = (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, 65535));
        launchGrid(kernel, blocks, 1, BLOCK, 1, args);
    }

    private void launchGrid(String kernel, int gx, int gy, int bx, int by, Object... args) {
        cuCtxSetCurrent(context);
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof CudaTensor t) {
                params[i] = Pointer.to(t.pointer());
            } else if (a instanceof Pointer p) {
                params[i] = Pointer.to(p);
            } else if (a instanceof Integer v) {
                params[i] = Pointer.to(new int[]{v});
            } else if (a instanceof Long v) {
                params[i] = Pointer.to(new long[]{v});
            } else if (a instanceof Double v) {
                params[i] = Pointer.to(new double[]{v});
            } else if (a instanceof Float v) {
                params[i] = Pointer.to(new float[]{v});
            } else {
                throw new IllegalArgumentException("kernel argument " + a);
            }
        }
        cuLaunchKernel(function(kernel), gx, gy, 1, bx, by, 1, 0, null, Pointer.to(params), null);
    }

    /** A scalar argument in the tensor precision. */
    private Object scalar(double v) {
        return precision() == Precision.FLOAT64 ? (Object) v : (Object) (float) v;
    }

    private static CudaTensor cuda(Tensor t) {
        if (t instanceof CudaTensor c) {
            return c;
        }
        throw new IllegalArgumentException("tensor " + t + " does not belong to the CUDA backend");
    }

    @Override
    public String describe() {
        return "cuda " + precision().label() + " on " + deviceName + ", rnnfield PTX kernels, GEMM: "
                + (cublas != null ? cublas.version() : "rnnfield kernel (cuBLAS unavailable: " + cublasAbsent + ")");
    }

    @Override
    public void release(Tensor t) {
        CudaTensor c = cuda(t);
        ledger.released(c);
        cuCtxSetCurrent(context);
        cuMemFree(c.base);
    }

    /** Kernels index with 64 bits and GEMM dimensions are ints: device memory is the limit, checked in {@link #zeros}. */
    @Override
    public int maxNetworkWidth() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        long bytes = (long) rows * cols * elementBytes();
        CUdeviceptr p = new CUdeviceptr();
        cuCtxSetCurrent(context);
        try {
            cuMemAlloc(p, Math.max(bytes, 1));
        } catch (CudaException e) {
            if (e.getMessage() != null && e.getMessage().contains(CUresult.stringFor(CUresult.CUDA_ERROR_OUT_OF_MEMORY))) {
                long[] free = {0};
                long[] total = {0};
                cuMemGetInfo(free, total);
                throw new ConfigException(String.format("out of GPU memory: a %d x %d %s tensor needs %.1f MiB, %.1f of %.1f MiB are free",
                        rows, cols, precision().label(), bytes / 1048576.0, free[0] / 1048576.0, total[0] / 1048576.0));
            }
            throw e;
        }
        CudaTensor t = new CudaTensor(p, 0, rows, cols, elementBytes());
        ledger.made(t, bytes);
        fill(t, 0.0);
        return t;
    }

    @Override
    public void write(NdArray matrix, Tensor dst) {
        CudaTensor t = cuda(dst);
        double[] col = Layout.columnMajor(matrix, t);
        cuCtxSetCurrent(context);
        if (precision() == Precision.FLOAT64) {
            cuMemcpyHtoD(t.pointer(), Pointer.to(col), t.bytes());
        } else {
            float[] f = new float[col.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) col[i];
            }
            cuMemcpyHtoD(t.pointer(), Pointer.to(f), t.bytes());
        }
    }

    @Override
    public NdArray download(Tensor tensor) {
        CudaTensor t = cuda(tensor);
        double[] col = new double[(int) t.length()];
        cuCtxSetCurrent(context);
        if (precision() == Precision.FLOAT64) {
            cuMemcpyDtoH(Pointer.to(col), t.pointer(), t.bytes());
        } else {
            float[] f = new float[col.length];
            cuMemcpyDtoH(Pointer.to(f), t.pointer(), t.bytes());
            for (int i = 0; i < f.length; i++) {
                col[i] = f[i];
            }
        }
        return Layout.rowMajor(col, t.rows, t.cols);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        CudaTensor s = cuda(src);
        CudaTensor d = cuda(dst);
        Layout.sameShape("copy", s, d);
        cuCtxSetCurrent(context);
        cuMemcpyDtoD(d.pointer(), s.pointer(), s.bytes());
    }

    @Override
    public void fill(Tensor t, double value) {
        CudaTensor c = cuda(t);
        launch("fill" + suffix, c.length(), c, c.length(), scalar(value));
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        CudaTensor ta = cuda(a);
        CudaTensor tb = cuda(b);
        CudaTensor tc = cuda(c);
        int[] mnk = Layout.gemmDims(transA, transB, ta, tb, tc);
        int m = mnk[0];
        int n = mnk[1];
        int k = mnk[2];
        if (m == 0 || n == 0) {
            return;
        }
        if (cublas != null && k > 0) {
            cuCtxSetCurrent(context);
            cublas.gemm(precision() == Precision.FLOAT64, transA, transB, m, n, k, alpha, ta.pointer(), Math.max(1, ta.rows),
                    tb.pointer(), Math.max(1, tb.rows), beta, tc.pointer(), Math.max(1, tc.rows));
            return;
        }
        Object[] args = {transA ? 1 : 0, transB ? 1 : 0, m, n, k, scalar(alpha), ta, Math.max(1, ta.rows), tb,
                Math.max(1, tb.rows), scalar(beta), tc, Math.max(1, tc.rows)};
        GemmTiling tiling = GemmTiling.of(m, n);
        launchGrid(tiling.kernel() + suffix, tiling.gridX(m, n), tiling.gridY(m, n), tiling.blockX, tiling.blockY, args);
    }

    /** The phi code of the kernels (kernels/*.cu); exhaustive, so a new Phi does not compile until the kernels know it. */
    private static int kind(Phi phi) {
        return switch (phi) {
            case TANH -> 0;
            case LINEAR -> 1;
        };
    }

    @Override
    public void applyPhi(Phi phi, Tensor x, Tensor out) {
        CudaTensor tx = cuda(x);
        CudaTensor to = cuda(out);
        Layout.sameShape("applyPhi", tx, to);
        launch("apply_phi" + suffix, tx.length(), tx, to, tx.length(), kind(phi));
    }

    @Override
    public void leakyStep(Phi phi, double alpha, Tensor x, Tensor drive, Tensor xNext, Tensor phiNext) {
        CudaTensor tx = cuda(x);
        CudaTensor td = cuda(drive);
        CudaTensor tn = cuda(xNext);
        CudaTensor tp = cuda(phiNext);
        Layout.sameShape("leakyStep", tx, td, tn, tp);
        launch("leaky_step" + suffix, tx.length(), tx, td, tn, tp, tx.length(), scalar(alpha), kind(phi));
    }

    @Override
    public void adjointStep(Phi phi, double alpha, Tensor phiX, Tensor source, Tensor lambdaNext, Tensor lambda) {
        CudaTensor tp = cuda(phiX);
        CudaTensor ts = cuda(source);
        CudaTensor tn = cuda(lambdaNext);
        CudaTensor tl = cuda(lambda);
        Layout.sameShape("adjointStep", tp, ts, tn, tl);
        launch("adjoint_step" + suffix, tp.length(), tp, ts, tn, tl, tp.length(), scalar(alpha), kind(phi));
    }

    @Override
    public void adjointTangentStep(Phi phi, double alpha, Tensor phiX, Tensor dX, Tensor source, Tensor dSource,
                                   Tensor dLambdaNext, Tensor dLambda) {
        CudaTensor tp = cuda(phiX);
        CudaTensor[] rest = {cuda(dX), cuda(source), cuda(dSource), cuda(dLambdaNext), cuda(dLambda)};
        Layout.sameShape("adjointTangentStep", tp, rest[0], rest[1], rest[2], rest[3], rest[4]);
        launch("adjoint_tangent_step" + suffix, tp.length(), tp, rest[0], rest[1], rest[2], rest[3], rest[4], tp.length(),
                scalar(alpha), kind(phi));
    }

    @Override
    public void fillNormal(Tensor t, long seed, long stream) {
        CudaTensor c = cuda(t);
        // element i of the view is normal(seed, stream, i): the view's own linear index, as on the CPU
        launch("philox_normal" + suffix, c.length(), c, c.length(), seed, stream);
    }

    @Override
    public void axpy(double a, Tensor x, Tensor y) {
        CudaTensor tx = cuda(x);
        CudaTensor ty = cuda(y);
        Layout.sameShape("axpy", tx, ty);
        launch("axpy" + suffix, tx.length(), scalar(a), tx, ty, tx.length());
    }

    @Override
    public double sumSquares(Tensor t) {
        CudaTensor c = cuda(t);
        int blocks = (int) Math.max(1, Math.min((c.length() + BLOCK - 1) / BLOCK, 1024));
        CUdeviceptr partial = new CUdeviceptr();
        cuCtxSetCurrent(context);
        cuMemAlloc(partial, (long) blocks * 8);
        try {
            launchGrid("sum_squares" + suffix, blocks, 1, BLOCK, 1, c, c.length(), partial);
            double[] host = new double[blocks];
            cuMemcpyDtoH(Pointer.to(host), partial, (long) blocks * 8);
            double s = 0;
            for (double v : host) {
                s += v;
            }
            return s;
        } finally {
            cuMemFree(partial);
        }
    }

    @Override
    public void rowSumsOfSquares(Tensor x, Tensor out) {
        CudaTensor tx = cuda(x);
        CudaTensor to = cuda(out);
        Layout.rowVector("rowSumsOfSquares", tx, to);
        launch("row_sums_of_squares" + suffix, tx.rows(), tx, (long) tx.rows(), (long) tx.cols(), to);
    }

    @Override
    public void copyRowsWhere(Tensor mask, Tensor src, Tensor dst) {
        CudaTensor tm = cuda(mask);
        CudaTensor ts = cuda(src);
        CudaTensor td = cuda(dst);
        Layout.sameShape("copyRowsWhere", ts, td);
        Layout.rowVector("copyRowsWhere", ts, tm);
        launch("copy_rows_where" + suffix, ts.length(), tm, ts, td, (long) ts.rows(), ts.length());
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2,
                           double eps, long step) {
        CudaTensor tp = cuda(param);
        CudaTensor tg = cuda(grad);
        CudaTensor tm = cuda(m);
        CudaTensor tv = cuda(v);
        Layout.sameShape("adamUpdate", tp, tg, tm, tv);
        launch("adam" + suffix, tp.length(), tp, tg, tm, tv, tp.length(), lr, beta1, beta2, eps,
                1.0 - Math.pow(beta1, step), 1.0 - Math.pow(beta2, step));
    }

    @Override
    public void synchronize() {
        cuCtxSetCurrent(context);
        cuCtxSynchronize();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cuCtxSetCurrent(context);
        cuCtxSynchronize();
        if (cublas != null) {
            cublas.close();
        }
        for (Tensor t : ledger.live()) {
            cuMemFree(((CudaTensor) t).base);
        }
        for (CUmodule m : modules) {
            cuModuleUnload(m);
        }
        cuCtxDestroy(context);
    }
}
