package org.rnnfield.backend.cuda;

import jcuda.driver.CUdeviceptr;
import org.rnnfield.backend.Layout;
import org.rnnfield.backend.Tensor;

/** A column-major matrix in device memory: a base allocation plus an element offset (for column views). */
final class CudaTensor implements Tensor {
    final CUdeviceptr base;
    final long offset;
    final int rows;
    final int cols;
    final int elementBytes;

    CudaTensor(CUdeviceptr base, long offset, int rows, int cols, int elementBytes) {
        this.base = base;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.elementBytes = elementBytes;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Tensor columns(int start, int count) {
        Layout.checkColumns(this, start, count);
        return new CudaTensor(base, offset + (long) start * rows, rows, count, elementBytes);
    }

    /** The device address of element 0 of this view. */
    CUdeviceptr pointer() {
        return base.withByteOffset(offset * elementBytes);
    }

    long length() {
        return (long) rows * cols;
    }

    long bytes() {
        return length() * elementBytes;
    }
}
