package org.rnnfield.task;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.model.ConfigException;

/**
 * Synthetic delayed reach with EMG-like muscle targets (THEORY.md section 5). Conditions: 9 angles x
 * 3 curvatures kappa in {-1, 0, 1} (or 8 angles, kappa = 0).
 * <ul>
 * <li>Inputs (D_in = 8): a condition code held for the whole trial, {cos th, sin th, cos 2th, sin 2th,
 * kappa, kappa cos th, kappa sin th}, each channel scaled to unit RMS over conditions (all-zero
 * channels stay zero), and a hold signal, 1 until the go cue and 0 after.</li>
 * <li>Latent during the movement, s = time since go - emgDelay in [0, D]: envelope
 * e(s) = sin^2(pi s / D); rotation z1 + i z2 = A e(s) exp(i (omega s + phase)) with
 * omega = 2 pi rotationCycles / D, A = 1 + kappa / 4, phase = th + kappa / 2; a condition-invariant
 * burst b(s) = exp(-(s - 0.3 D)^2 / (2 (0.12 D)^2)); and z1 z2. All zero outside the movement.</li>
 * <li>Muscle m: softplus(gain (w_m . [z1, z2, b, z1 z2]) + c_m) with w_m a random unit vector and
 * c_m in [-1.5, -0.5] (seeded), then min-max scaled to [0, 1] over all conditions and times: flat
 * during the hold, multiphasic during the movement.</li>
 * </ul>
 * The mask is 1 everywhere (holding still is part of the task).
 */
public final class ReachTask implements Task {
    public static final int INPUT_DIM = 8;
    private final ReachConfig c;

    public ReachTask(ReachConfig config) {
        config.validate();
        this.c = config;
    }

    @Override
    public String name() {
        return "reach";
    }

    /** {angle, curvature} of each condition. */
    public double[][] conditions() {
        double[][] out = new double[c.conditions][];
        if (c.conditions == 8) {
            for (int i = 0; i < 8; i++) {
                out[i] = new double[]{2 * Math.PI * i / 8, 0};
            }
        } else {
            for (int a = 0; a < 9; a++) {
                for (int k = 0; k < 3; k++) {
                    out[a * 3 + k] = new double[]{2 * Math.PI * a / 9, k - 1};
                }
            }
        }
        return out;
    }

    @Override
    public TaskData generate(double dt) {
        double stepMs = dt * c.tauMs;
        int steps = (int) Math.round(c.trialMs / stepMs);
        if (steps < 2) {
            throw ConfigException.field("dt", dt, "dt * tauMs well below trialMs = " + c.trialMs + " ms");
        }
        double[][] cond = conditions();
        int p = cond.length;
        NdArray inputs = NdArray.zeros(p, steps, INPUT_DIM);
        NdArray targets = NdArray.zeros(p, steps, c.muscles);
        NdArray mask = NdArray.zeros(p, steps);
        java.util.Arrays.fill(mask.data(), 1.0);
        double[][] code = conditionCode(cond);
        Rng rng = Rng.stream(c.seed, "reach-muscles");
        double[][] w = new double[c.muscles][4];
        double[] bias = new double[c.muscles];
        for (int m = 0; m < c.muscles; m++) {
            double norm = 0;
            for (int f = 0; f < 4; f++) {
                w[m][f] = rng.normal();
                norm += w[m][f] * w[m][f];
            }
            for (int f = 0; f < 4; f++) {
                w[m][f] /= Math.sqrt(norm);
            }
            bias[m] = -1.5 + rng.uniform();
        }
        double d = c.emgDurationMs;
        double omega = 2 * Math.PI * c.rotationCycles / d;
        for (int b = 0; b < p; b++) {
            double th = cond[b][0];
            double kappa = cond[b][1];
            for (int k = 0; k < steps; k++) {
                double tIn = k * stepMs;
                for (int i = 0; i < code[b].length; i++) {
                    inputs.set(code[b][i], b, k, i);
                }
                inputs.set(tIn < c.holdMs ? 1.0 : 0.0, b, k, INPUT_DIM - 1);
                // the target of step k is compared with x(k+1), at time (k+1) dt
                double s = (k + 1) * stepMs - c.holdMs - c.emgDelayMs;
                double[] f = new double[4];
                if (s >= 0 && s <= d) {
                    double env = Math.pow(Math.sin(Math.PI * s / d), 2);
                    double amp = 1 + kappa / 4;
                    f[0] = amp * env * Math.cos(omega * s + th + kappa / 2);
                    f[1] = amp * env * Math.sin(omega * s + th + kappa / 2);
                    f[2] = Math.exp(-Math.pow(s - 0.3 * d, 2) / (2 * Math.pow(0.12 * d, 2)));
                    f[3] = f[0] * f[1];
                }
                for (int m = 0; m < c.muscles; m++) {
                    double drive = bias[m];
                    for (int q = 0; q < 4; q++) {
                        drive += c.gain * w[m][q] * f[q];
                    }
                    targets.set(softplus(drive), b, k, m);
                }
            }
        }
        scaleEachMuscle(targets);
        return new TaskData(inputs, targets, mask);
    }

    private double[][] conditionCode(double[][] cond) {
        int p = cond.length;
        double[][] code = new double[p][INPUT_DIM - 1];
        for (int b = 0; b < p; b++) {
            double th = cond[b][0];
            double kappa = cond[b][1];
            code[b] = new double[]{Math.cos(th), Math.sin(th), Math.cos(2 * th), Math.sin(2 * th), kappa,
                    kappa * Math.cos(th), kappa * Math.sin(th)};
        }
        for (int i = 0; i < INPUT_DIM - 1; i++) {
            double ms = 0;
            for (double[] row : code) {
                ms += row[i] * row[i] / p;
            }
            if (ms > 1e-12) {
                for (double[] row : code) {
                    row[i] /= Math.sqrt(ms);
                }
            }
        }
        return code;
    }

    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    private static void scaleEachMuscle(NdArray targets) {
        int p = targets.dim(0);
        int t = targets.dim(1);
        int muscles = targets.dim(2);
        for (int m = 0; m < muscles; m++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int b = 0; b < p; b++) {
                for (int k = 0; k < t; k++) {
                    lo = Math.min(lo, targets.get(b, k, m));
                    hi = Math.max(hi, targets.get(b, k, m));
                }
            }
            double span = hi > lo ? hi - lo : 1;
            for (int b = 0; b < p; b++) {
                for (int k = 0; k < t; k++) {
                    targets.set((targets.get(b, k, m) - lo) / span, b, k, m);
                }
            }
        }
    }
}
