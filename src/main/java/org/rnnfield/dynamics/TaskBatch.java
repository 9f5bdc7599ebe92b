package org.rnnfield.dynamics;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.task.TaskData;

/**
 * A task's inputs on the backend as one D_in x (B T) tensor, column k B + b = I(k) of trial b, so
 * the input drive of all steps is one GEMM; targets and mask stay on the host for the loss.
 */
public final class TaskBatch {
    final TaskData data;
    final Tensor inputs;

    public TaskBatch(Backend backend, TaskData data) {
        this.data = data;
        this.inputs = data.inputDim() == 0 ? null : backend.upload(timeMajor(data.inputs()));
    }

    public TaskData data() {
        return data;
    }

    public int trials() {
        return data.trials();
    }

    public int steps() {
        return data.steps();
    }

    /** (B, T, D) host array to the D x (T B) layout with column k B + b (also the DMFT's (time, trial) order). */
    public static NdArray timeMajor(NdArray a) {
        int b = a.dim(0);
        int t = a.dim(1);
        int d = a.dim(2);
        NdArray out = NdArray.zeros(d, t * b);
        double[] src = a.data();
        double[] dst = out.data();
        for (int bi = 0; bi < b; bi++) {
            for (int k = 0; k < t; k++) {
                for (int c = 0; c < d; c++) {
                    dst[c * (t * b) + k * b + bi] = src[(bi * t + k) * d + c];
                }
            }
        }
        return out;
    }

    /** Inverse of {@link #timeMajor}: D x (T B) to (B, T, D). */
    public static NdArray batchMajor(NdArray m, int b, int t) {
        int d = m.dim(0);
        NdArray out = NdArray.zeros(b, t, d);
        double[] src = m.data();
        double[] dst = out.data();
        for (int bi = 0; bi < b; bi++) {
            for (int k = 0; k < t; k++) {
                for (int c = 0; c < d; c++) {
                    dst[(bi * t + k) * d + c] = src[c * (t * b) + k * b + bi];
                }
            }
        }
        return out;
    }
}
