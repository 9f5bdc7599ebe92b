package org.rnnfield.dynamics;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;

/**
 * Storage of one forward pass and its adjoint: x and phi(x) for t = 0..T as N x (B (T+1)) tensors
 * (column t B + b), a drive/adjoint-source scratch and the adjoints lambda(1..T), each N x (B T).
 * Allocated once and reused across training steps.
 */
public final class Trajectory {
    final int n;
    final int trials;
    final int steps;
    final Tensor x;
    final Tensor phi;
    final Tensor scratch;
    final Tensor lambda;
    final Tensor readout;
    final Tensor readoutGradient;
    final Tensor zeroState;

    public Trajectory(Backend backend, int n, int trials, int steps, int outputDim) {
        this.n = n;
        this.trials = trials;
        this.steps = steps;
        this.x = backend.zeros(n, trials * (steps + 1));
        this.phi = backend.zeros(n, trials * (steps + 1));
        this.scratch = backend.zeros(n, trials * steps);
        this.lambda = backend.zeros(n, trials * steps);
        this.readout = backend.zeros(outputDim, trials * steps);
        this.readoutGradient = backend.zeros(outputDim, trials * steps);
        this.zeroState = backend.zeros(n, trials);
    }

    /** All states x(0..T), N x (B (T+1)), column t B + b. */
    public Tensor states() {
        return x;
    }

    /** All activations phi(x(0..T)), N x (B (T+1)), column t B + b. */
    public Tensor activations() {
        return phi;
    }

    /** The readout y(1..T), D_out x (T B), column k B + b = y_b(k+1) (the layout {@link LossEvaluation} reads). */
    public Tensor readoutTensor() {
        return readout;
    }

    /** State x(t) of all trials, N x B. */
    public Tensor x(int t) {
        return x.columns(t * trials, trials);
    }

    /** phi(x(t)) of all trials, N x B. */
    public Tensor phi(int t) {
        return phi.columns(t * trials, trials);
    }

    /** The states x(0..T) on the host as (B, T+1, N). */
    public NdArray statesToHost(Backend backend) {
        return TaskBatch.batchMajor(backend.download(x), trials, steps + 1);
    }

    /** The readout y(1..T) on the host as (B, T, D_out). */
    public NdArray outputsToHost(Backend backend) {
        return TaskBatch.batchMajor(backend.download(readout), trials, steps);
    }
}
