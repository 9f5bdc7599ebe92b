package org.rnnfield.backend;

import org.rnnfield.array.NdArray;
import org.rnnfield.model.Phi;

/**
 * The numerical engine every algorithm (trainer, DMFT solver, analyses) is written against.
 * Implementations: the CPU reference ({@code backend.cpu}) and CUDA ({@code backend.cuda}).
 * Operations are batched: a state is an N x B tensor, so one Euler step is one GEMM.
 * Fused operations exist where a GPU would fuse them into one kernel.
 */
public interface Backend extends AutoCloseable {

    /** One line naming the device, precision and matrix library, for summaries and logs. */
    String describe();

    Precision precision();

    Tensor zeros(int rows, int cols);

    /**
     * The largest N whose N x N matrices this backend can hold as one tensor, memory aside: the CPU keeps a tensor in
     * one Java array (N <= 46340); CUDA indexes with 64 bits and checks memory when it allocates.
     */
    int maxNetworkWidth();

    /** Bytes of the tensors this backend has made and not released (benchmarks report it as memory used vs N). */
    long allocatedBytes();

    /**
     * Returns a tensor's storage now rather than at {@link #close()}: device memory on a GPU (on the CPU the
     * garbage collector reclaims it anyway). Only a whole tensor from zeros/upload, not a view; neither it nor
     * its views may be used afterwards. Algorithms that make tensors inside an iteration release them, so a
     * long solve does not grow on the device.
     */
    void release(Tensor t);

    /**
     * Opens a scope: every tensor made until it closes (and not released before) is released then. Wrap a
     * computation that returns host results in one, so a run that repeats it (experiments, sweeps) does not
     * accumulate device memory. Scopes nest and close innermost first.
     */
    Scope scope();

    /** An open region of tensor lifetimes, see {@link #scope()}. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Copies a 2-D host array (rows x cols, row-major) into an existing tensor of that shape. */
    void write(NdArray matrix, Tensor dst);

    /** Copies a 2-D host array (rows x cols, row-major) to a new tensor. */
    default Tensor upload(NdArray matrix) {
        if (matrix.ndim() != 2) {
            throw new IllegalArgumentException("upload needs a 2-D array, got shape " + matrix.shapeString());
        }
        Tensor t = zeros(matrix.dim(0), matrix.dim(1));
        write(matrix, t);
        return t;
    }

    /** Copies a tensor to a new 2-D host array (rows x cols, row-major). */
    NdArray download(Tensor t);

    void copy(Tensor src, Tensor dst);

    void fill(Tensor t, double value);

    /** C = alpha op(A) op(B) + beta C, op = transpose when the flag is set. */
    void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c);

    /** out = phi(x) elementwise. */
    void applyPhi(Phi phi, Tensor x, Tensor out);

    /**
     * The Euler step of DESIGN.md section 1 given the summed input:
     * {@code xNext = (1 - alpha) x + alpha drive}, and {@code phiNext = phi(xNext)}.
     */
    void leakyStep(Phi phi, double alpha, Tensor x, Tensor drive, Tensor xNext, Tensor phiNext);

    /**
     * The BPTT adjoint step: {@code lambda = phi'(x) .* source + (1 - alpha) lambdaNext},
     * with phi'(x) computed from {@code phiX = phi(x)} stored by the forward pass.
     */
    void adjointStep(Phi phi, double alpha, Tensor phiX, Tensor source, Tensor lambdaNext, Tensor lambda);

    /**
     * The tangent (forward-mode derivative) of {@link #adjointStep} along a change dX of x and dSource of
     * the source: {@code dLambda = phi'(x) .* dSource + phi''(x) .* dX .* source + (1 - alpha) dLambdaNext},
     * phi' and phi'' from {@code phiX = phi(x)}. The training DMFT's pathwise responses use it
     * (docs/theory.md eq. 3.9).
     */
    void adjointTangentStep(Phi phi, double alpha, Tensor phiX, Tensor dX, Tensor source, Tensor dSource,
                            Tensor dLambdaNext, Tensor dLambda);

    /**
     * Fills t with standard normals: element i in column-major order gets
     * {@link org.rnnfield.array.Philox#normal Philox.normal(seed, stream, i)}, on every backend.
     */
    void fillNormal(Tensor t, long seed, long stream);

    /** y += a x; x and y may be the same tensor (it is then scaled by 1 + a). */
    void axpy(double a, Tensor x, Tensor y);

    /** Sum of squares of all entries (NaN/Inf propagate). */
    double sumSquares(Tensor t);

    /**
     * {@code out[i] = sum_k x[i, k]^2} for every row i of x (out: rows x 1), accumulated in double over k in
     * order. The site chains' acceptance uses it so that only one number per chain leaves the device
     * (docs/theory.md eq. 5.17).
     */
    void rowSumsOfSquares(Tensor x, Tensor out);

    /** Row i of dst becomes row i of src wherever {@code mask[i] != 0} (mask: rows x 1); other rows stay. */
    void copyRowsWhere(Tensor mask, Tensor src, Tensor dst);

    /**
     * One Adam update (Kingma and Ba 2015) with bias correction at iteration {@code step} (1-based):
     * m = b1 m + (1-b1) grad; v = b2 v + (1-b2) grad^2; param -= lr mhat / (sqrt(vhat) + eps).
     */
    void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2,
                    double eps, long step);

    /** Waits for queued device work (a no-op on the CPU); for timing. */
    default void synchronize() {
    }

    @Override
    void close();
}
