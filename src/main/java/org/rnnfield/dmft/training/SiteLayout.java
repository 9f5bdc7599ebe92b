package org.rnnfield.dmft.training;

/**
 * Index bookkeeping of the training DMFT (docs/theory.md section 2). A site's path is stored like a
 * network trajectory, step after step: column {@code n (T+1) P + t P + mu} holds time t = 0..T of trial
 * mu at training step n = 0..S ("full" index). The Gaussian fields use only the times that exist in the
 * finite network: the forward field u_n(t) = (g/sqrt N) J0 phi(x_n(t)) for t = 0..T-1 ("u index",
 * {@code n T P + t P + mu}) and the backward field v_n(t) = (g/sqrt N) J0^T r_n(t) for t = 1..T
 * ("v index", {@code n T P + (t-1) P + mu}). Both are ordered by training step first, so a
 * lower-triangular (Cholesky) factor is causal in the training step.
 */
public record SiteLayout(int trainingSteps, int times, int trials) {

    /** Number of forward passes, S + 1 (the weights after 0..S updates). */
    public int passes() {
        return trainingSteps + 1;
    }

    /** Columns of one pass, (T + 1) P. */
    public int passWidth() {
        return (times + 1) * trials;
    }

    /** Columns of one pass in field coordinates, T P. */
    public int fieldWidth() {
        return times * trials;
    }

    public int full() {
        return passes() * passWidth();
    }

    public int fields() {
        return passes() * fieldWidth();
    }

    /** Full index of u-field index i: time t = 0..T-1. */
    public int fullOfU(int i) {
        int n = i / fieldWidth();
        int rest = i % fieldWidth();
        return n * passWidth() + rest;
    }

    /** Full index of v-field index i: time t = 1..T. */
    public int fullOfV(int i) {
        int n = i / fieldWidth();
        int rest = i % fieldWidth();
        return n * passWidth() + trials + rest;
    }
}
