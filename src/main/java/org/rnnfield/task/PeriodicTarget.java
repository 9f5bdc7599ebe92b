package org.rnnfield.task;

import org.rnnfield.array.NdArray;
import org.rnnfield.model.ConfigException;

/**
 * Autonomous generation of a sum of sines: a brief input pulse at t = 0 (to break the symmetry of
 * x(0) = 0 and to mark time zero), then the network must produce
 * {@code y*(t) = sum_k a_k sin(2 pi f_k t)} inside the training window. Used by the {@code sine}
 * (one frequency) and {@code multisine} tasks.
 */
public final class PeriodicTarget implements Task {
    private final String name;
    private final double[] freqs;
    private final double[] amplitudes;
    private final double duration;
    private final double windowStart;
    private final double pulseWidth;
    private final double pulseAmplitude;
    private final int trials;

    public PeriodicTarget(String name, double[] freqs, double[] amplitudes, double duration, double windowStart,
                          double pulseWidth, double pulseAmplitude, int trials) {
        if (freqs.length == 0) {
            throw ConfigException.field("task.freqs", "[]", "one or more frequencies > 0");
        }
        for (double f : freqs) {
            if (!(f > 0) || Double.isInfinite(f)) {
                throw ConfigException.field("task.freqs", f, "finite frequency > 0 (cycles per time unit)");
            }
        }
        if (amplitudes.length != freqs.length) {
            throw ConfigException.field("task.amplitudes", amplitudes.length + " values",
                    "one amplitude per frequency (" + freqs.length + ")");
        }
        if (!(duration > 0) || Double.isInfinite(duration)) {
            throw ConfigException.field("task.duration", duration, "finite number > 0");
        }
        if (!(windowStart >= 0) || windowStart >= duration) {
            throw ConfigException.field("task.windowStart", windowStart, "0 <= windowStart < duration = " + duration);
        }
        if (!(pulseWidth >= 0) || pulseWidth > duration) {
            throw ConfigException.field("task.pulseWidth", pulseWidth, "0 <= pulseWidth <= duration");
        }
        if (trials < 1) {
            throw ConfigException.field("task.trials", trials, "integer >= 1");
        }
        this.name = name;
        this.freqs = freqs.clone();
        this.amplitudes = amplitudes.clone();
        this.duration = duration;
        this.windowStart = windowStart;
        this.pulseWidth = pulseWidth;
        this.pulseAmplitude = pulseAmplitude;
        this.trials = trials;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TaskData generate(double dt) {
        int steps = (int) Math.round(duration / dt);
        if (steps < 1) {
            throw ConfigException.field("task.duration", duration, "at least one time step dt = " + dt);
        }
        NdArray inputs = NdArray.zeros(trials, steps, 1);
        NdArray targets = NdArray.zeros(trials, steps, 1);
        NdArray mask = NdArray.zeros(trials, steps);
        for (int b = 0; b < trials; b++) {
            for (int k = 0; k < steps; k++) {
                double tIn = k * dt;
                double tOut = (k + 1) * dt;
                if (tIn < pulseWidth) {
                    inputs.set(pulseAmplitude, b, k, 0);
                }
                double y = 0;
                for (int i = 0; i < freqs.length; i++) {
                    y += amplitudes[i] * Math.sin(2 * Math.PI * freqs[i] * tOut);
                }
                targets.set(y, b, k, 0);
                mask.set(tOut > windowStart + 1e-12 ? 1.0 : 0.0, b, k);
            }
        }
        return new TaskData(inputs, targets, mask);
    }
}
