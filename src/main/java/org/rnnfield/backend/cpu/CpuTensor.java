package org.rnnfield.backend.cpu;

import org.rnnfield.backend.Layout;
import org.rnnfield.backend.Tensor;

/**
 * Column-major host storage of the CPU backend. Element access goes through {@link #get}/{@link #set}
 * so the elementwise operations are written once for both precisions; only GEMM, where the time is
 * spent, dispatches on the concrete array type.
 */
abstract sealed class CpuTensor implements Tensor permits CpuTensor.F64, CpuTensor.F32 {
    final int rows;
    final int cols;
    final int offset;

    CpuTensor(int rows, int cols, int offset) {
        this.rows = rows;
        this.cols = cols;
        this.offset = offset;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    int length() {
        return rows * cols;
    }

    /** Element i of this view in column-major order. */
    abstract double get(int i);

    abstract void set(int i, double v);

    abstract CpuTensor view(int start, int count);

    @Override
    public Tensor columns(int start, int count) {
        Layout.checkColumns(this, start, count);
        return view(start, count);
    }

    static final class F64 extends CpuTensor {
        final double[] data;

        F64(double[] data, int rows, int cols, int offset) {
            super(rows, cols, offset);
            this.data = data;
        }

        @Override
        double get(int i) {
            return data[offset + i];
        }

        @Override
        void set(int i, double v) {
            data[offset + i] = v;
        }

        @Override
        CpuTensor view(int start, int count) {
            return new F64(data, rows, count, offset + start * rows);
        }

    }

    static final class F32 extends CpuTensor {
        final float[] data;

        F32(float[] data, int rows, int cols, int offset) {
            super(rows, cols, offset);
            this.data = data;
        }

        @Override
        double get(int i) {
            return data[offset + i];
        }

        @Override
        void set(int i, double v) {
            data[offset + i] = (float) v;
        }

        @Override
        CpuTensor view(int start, int count) {
            return new F32(data, rows, count, offset + start * rows);
        }

    }
}
