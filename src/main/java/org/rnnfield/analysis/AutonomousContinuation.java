package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.task.TaskData;

/**
 * A trained network run past its training window (THEORY.md section 4): the task's inputs for the
 * first T steps, then the extended task's (for the periodic tasks: none after the start pulse), its
 * output compared with the target continued beyond the window, and the late dynamics classified.
 *
 * <p>Classification of the last quarter of the run: a <b>fixed point</b> when the RMS speed
 * |dx/dt| / sqrt N falls below {@link #FIXED_POINT_SPEED} (1/tau); otherwise <b>chaotic</b> when the
 * largest Lyapunov exponent of the autonomous dynamics from the final state exceeds
 * {@link #CHAOS_EXPONENT} (1/tau; a limit cycle has exponent 0 along the orbit); otherwise a
 * <b>limit cycle</b> (quasi-periodic orbits included).
 *
 * @param outputs          y of trial 0 at every step of the extended run, (steps, D_out)
 * @param states           x of trial 0 after every step of the extended run, (steps, N)
 * @param trainedSteps     T, the training window's length in steps
 * @param generalization   normalized MSE past the window: mean |y - y*|^2 / mean |y*|^2 over steps >= T
 * @param windowErrors     the same in successive windows of T steps past the training window (the last may be
 *                         shorter): how far into the future the output stays right, and whether a phase drift
 *                         of a slightly detuned limit cycle, not a wrong waveform, makes the overall error
 * @param lyapunov         largest Lyapunov exponent from the final state (1/tau)
 * @param speed            late RMS speed (1/tau)
 * @param regime           "fixed point", "limit cycle" or "chaotic"
 */
public record AutonomousContinuation(NdArray outputs, NdArray states, int trainedSteps, double generalization,
                                     double[] windowErrors, double lyapunov, double speed, String regime) {
    public static final double FIXED_POINT_SPEED = 1e-4;
    public static final double CHAOS_EXPONENT = 0.02;

    /**
     * @param trained  the task the network was trained on (its length is the window)
     * @param extended the same task generated over a longer duration (targets continue past the window)
     */
    public static AutonomousContinuation run(Backend be, NetworkSpec spec, Parameters p, TaskData trained,
                                             TaskData extended, int lyapunovSteps, long seed) {
        try (Backend.Scope scope = be.scope()) {
            int steps = extended.steps();
            int window = trained.steps();
            if (steps <= window) {
                throw new IllegalArgumentException("the extended task (" + steps + " steps) must be longer than the trained one (" + window + ")");
            }
            double[] x0 = p.x0().column(0);
            Rollout r = new Rollout(be, spec, p, Rollout.repeatColumns(x0, 1));
            Rollout.Drive drive = Rollout.trialRepeated(extended.inputs(), 0, 1);
            NdArray states = r.record(drive, 0, steps);
            int n = spec.n();
            int dOut = spec.outputDim();
            NdArray y = NdArray.zeros(steps, dOut);
            double scale = spec.readoutScale();
            for (int k = 0; k < steps; k++) {
                for (int a = 0; a < dOut; a++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += p.v().get(i, a) * spec.phi().apply(states.get(k, i, 0));
                    }
                    y.set(scale * s, k, a);
                }
            }
            double generalization = normalizedError(y, extended, window, steps);
            double[] windows = new double[(steps - window + window - 1) / window];
            for (int w = 0; w < windows.length; w++) {
                int from = window + w * window;
                windows[w] = normalizedError(y, extended, from, Math.min(steps, from + window));
            }
            int tail = Math.max(2, steps / 4);
            double speed = 0;
            for (int k = steps - tail + 1; k < steps; k++) {
                for (int i = 0; i < n; i++) {
                    double d = (states.get(k, i, 0) - states.get(k - 1, i, 0)) / spec.dt();
                    speed += d * d;
                }
            }
            speed = Math.sqrt(speed / ((tail - 1) * (double) n));
            double[] last = new double[n];
            for (int i = 0; i < n; i++) {
                last[i] = states.get(steps - 1, i, 0);
            }
            double lyap = LyapunovSpectrum.compute(be, spec, p, last, Rollout.Drive.NONE, 0, lyapunovSteps, 1, seed).largest();
            String regime = speed < FIXED_POINT_SPEED ? "fixed point" : lyap > CHAOS_EXPONENT ? "chaotic" : "limit cycle";
            return new AutonomousContinuation(y, states.reshape(steps, n), window, generalization, windows, lyap, speed,
                    regime);
        }
    }

    /** mean |y - y*|^2 / mean |y*|^2 over steps from..to-1 of trial 0 (NaN for a zero target). */
    private static double normalizedError(NdArray y, TaskData extended, int from, int to) {
        double err = 0;
        double ref = 0;
        for (int k = from; k < to; k++) {
            for (int a = 0; a < y.dim(1); a++) {
                double target = extended.targets().get(0, k, a);
                double d = y.get(k, a) - target;
                err += d * d;
                ref += target * target;
            }
        }
        return ref > 0 ? err / ref : Double.NaN;
    }
}
