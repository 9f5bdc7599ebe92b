package org.rnnfield.task;

import org.rnnfield.model.ConfigException;

/**
 * Parameters of the synthetic delayed-reach task (THEORY.md section 5), in milliseconds with the
 * network's tau given by {@link #tauMs}: a step of dt (in units of tau) lasts dt * tauMs ms.
 * Defaults follow Sussillo et al. (2015): 27 conditions, tau = 50 ms, 300 ms hold, EMG from 100 to
 * 600 ms after the go cue, 900 ms per trial (T = 90 at dt = 0.2 = 10 ms).
 */
public final class ReachConfig {
    /** 27 (9 angles x 3 curvatures) or 8 (8 angles, straight reaches; the DMFT size). */
    public int conditions = 27;
    public int muscles = 8;
    public double tauMs = 50;
    public double holdMs = 300;
    /** EMG starts this long after the go cue. */
    public double emgDelayMs = 100;
    public double emgDurationMs = 500;
    public double trialMs = 900;
    /** Rotations of the latent (z1, z2) during the movement. */
    public double rotationCycles = 1.0;
    /** Gain of the muscle drive inside the softplus. */
    public double gain = 2.0;
    /** Seed of the muscle mixing vectors and biases (the task is otherwise deterministic). */
    public long seed = 1;

    void validate() {
        if (conditions != 27 && conditions != 8) {
            throw ConfigException.field("task.reach.conditions", conditions, "27 (9 angles x 3 curvatures) or 8 (8 angles)");
        }
        if (muscles < 1 || muscles > 64) {
            throw ConfigException.field("task.reach.muscles", muscles, "integer 1..64");
        }
        positive("task.reach.tauMs", tauMs);
        positive("task.reach.emgDurationMs", emgDurationMs);
        positive("task.reach.rotationCycles", rotationCycles);
        positive("task.reach.gain", gain);
        if (!(holdMs >= 0)) {
            throw ConfigException.field("task.reach.holdMs", holdMs, "number >= 0");
        }
        if (!(emgDelayMs >= 0)) {
            throw ConfigException.field("task.reach.emgDelayMs", emgDelayMs, "number >= 0");
        }
        double end = holdMs + emgDelayMs + emgDurationMs;
        if (!(trialMs >= end)) {
            throw ConfigException.field("task.reach.trialMs", trialMs, ">= holdMs + emgDelayMs + emgDurationMs = " + end);
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw ConfigException.field(field, v, "finite number > 0");
        }
    }
}
