package org.rnnfield.backend;

/**
 * A matrix owned by a {@link Backend}, stored column-major (one column = one trial's state of N
 * neurons), so a block of consecutive columns - e.g. the states of all B trials at one time step
 * inside a whole trajectory - is a contiguous view. Only the backend that made it may use it.
 */
public interface Tensor {
    int rows();

    int cols();

    /** A view of columns [start, start + count) sharing storage with this tensor. */
    Tensor columns(int start, int count);

    default long size() {
        return (long) rows() * cols();
    }
}
