package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;

/**
 * Per-neuron features of a response, to compare the distribution over a network's neurons with the
 * DMFT's single sites beyond x at one time (issue 6: "and of per-neuron response features").
 */
public final class ResponseFeatures {
    private ResponseFeatures() {
    }

    /**
     * Each row's oscillation amplitude at frequency f over times t = 1..T of one trial, after removing
     * its mean over that window: |(2/T) sum_t (x(t) - mean) exp(-2 pi i f t dt)|, which is A for
     * x(t) = A cos(2 pi f t dt + p) + c when the window holds whole periods.
     *
     * @param states rows x ((T+1) P), column t P + mu (the layout of TrainedNetwork and TrainingDmftResult)
     */
    public static double[] amplitudeAt(NdArray states, int trials, int trial, double freq, double dt) {
        int rows = states.dim(0);
        int steps = states.dim(1) / trials - 1;
        if (steps < 1 || trial < 0 || trial >= trials || states.dim(1) != (steps + 1) * trials) {
            throw new IllegalArgumentException("states of shape " + states.shapeString() + " do not hold trial " + trial
                    + " of " + trials + " over (T+1) times");
        }
        double[] cos = new double[steps];
        double[] sin = new double[steps];
        for (int t = 1; t <= steps; t++) {
            double angle = 2 * Math.PI * freq * t * dt;
            cos[t - 1] = Math.cos(angle);
            sin[t - 1] = Math.sin(angle);
        }
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double mean = 0;
            for (int t = 1; t <= steps; t++) {
                mean += states.get(i, t * trials + trial);
            }
            mean /= steps;
            double re = 0;
            double im = 0;
            for (int t = 1; t <= steps; t++) {
                double v = states.get(i, t * trials + trial) - mean;
                re += v * cos[t - 1];
                im -= v * sin[t - 1];
            }
            out[i] = 2.0 / steps * Math.hypot(re, im);
        }
        return out;
    }
}
