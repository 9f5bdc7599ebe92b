package org.rnnfield.array;

import java.util.Arrays;

/**
 * A dense host array in C (row-major) order, held in double precision. It is the exchange format
 * between tasks, I/O and backends; backends keep their own device-side layout.
 */
public final class NdArray {
    private final int[] shape;
    private final double[] data;

    public NdArray(int[] shape, double[] data) {
        long size = sizeOf(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " elements, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public static NdArray zeros(int... shape) {
        long size = sizeOf(shape);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " is too large");
        }
        return new NdArray(shape, new double[(int) size]);
    }

    public static long sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        return size;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The backing C-order storage (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int... index) {
        return data[flat(index)];
    }

    public void set(double value, int... index) {
        data[flat(index)] = value;
    }

    private int flat(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index rank " + index.length + " != array rank " + shape.length);
        }
        int f = 0;
        for (int a = 0; a < shape.length; a++) {
            if (index[a] < 0 || index[a] >= shape[a]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside " + Arrays.toString(shape));
            }
            f = f * shape[a] + index[a];
        }
        return f;
    }

    /** Column c of a 2-D array. */
    public double[] column(int c) {
        if (ndim() != 2) {
            throw new IllegalArgumentException("column needs a 2-D array, got shape " + shapeString());
        }
        int rows = dim(0);
        int cols = dim(1);
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = data[i * cols + c];
        }
        return out;
    }

    public NdArray copy() {
        return new NdArray(shape, data.clone());
    }

    public NdArray reshape(int... newShape) {
        return new NdArray(newShape, data);
    }

    public String shapeString() {
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }
}
