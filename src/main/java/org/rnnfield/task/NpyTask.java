package org.rnnfield.task;

import org.rnnfield.array.NdArray;
import org.rnnfield.io.Npy;
import org.rnnfield.model.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A task from user files: inputs (B, T, D_in), targets (B, T, D_out) and an optional mask (B, T)
 * (default: every time point trains). A 2-D inputs/targets file (T, D) is one trial.
 */
public final class NpyTask implements Task {
    private final Path inputs;
    private final Path targets;
    private final Path mask;

    public NpyTask(Path inputs, Path targets, Path mask) {
        if (targets == null) {
            throw ConfigException.field("task.targets", "missing", "path to a .npy file of shape (B, T, D_out)");
        }
        this.inputs = inputs;
        this.targets = targets;
        this.mask = mask;
    }

    @Override
    public String name() {
        return "npy";
    }

    @Override
    public TaskData generate(double dt) {
        NdArray y = as3d(load(targets, "task.targets"), "task.targets");
        int b = y.dim(0);
        int t = y.dim(1);
        NdArray x = inputs == null ? NdArray.zeros(b, t, 0) : as3d(load(inputs, "task.inputs"), "task.inputs");
        NdArray m;
        if (mask == null) {
            m = NdArray.zeros(b, t);
            java.util.Arrays.fill(m.data(), 1.0);
        } else {
            m = load(mask, "task.mask");
            if (m.ndim() == 1) {
                m = m.reshape(1, m.dim(0));
            }
        }
        return new TaskData(x, y, m);
    }

    private static NdArray load(Path p, String field) {
        try {
            return Npy.read(p);
        } catch (IOException e) {
            throw new ConfigException(field + ": " + e.getMessage());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new ConfigException(field + ": " + p + ": " + e.getMessage());
        }
    }

    private static NdArray as3d(NdArray a, String field) {
        if (a.ndim() == 2) {
            return a.reshape(1, a.dim(0), a.dim(1));
        }
        if (a.ndim() != 3) {
            throw new ConfigException(field + ": shape " + a.shapeString() + " is not allowed (allowed: (B, T, D) or (T, D))");
        }
        return a;
    }
}
