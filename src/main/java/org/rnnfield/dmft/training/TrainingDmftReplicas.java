package org.rnnfield.dmft.training;

import org.rnnfield.analysis.Statistics;
import org.rnnfield.backend.Backend;
import org.rnnfield.model.ConfigException;
import org.rnnfield.train.DivergenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * R independent solves of the training DMFT, seeds seed..seed+R-1 (docs/theory.md eq. 3.8). The march can
 * end on a spurious fixed point in one replica while every inner iteration converges; independent
 * replicas expose it. Per step: the median loss over replicas, and the replicas whose loss departs from
 * it by more than {@link #OUTLIER_RELATIVE} sqrt(8000 / M) of the median and {@link #OUTLIER_SPREADS} robust
 * spreads (1.4826 x the median absolute deviation, pooled over steps as their median) are flagged.
 * Measured seed-to-seed spread of the loss (8 seeds, linear, 2 steps): 1.5% at M = 8000, 3% at M = 2000,
 * i.e. ~ 1/sqrt(M), so the relative threshold is about 3.3 standard deviations at any M; the spurious
 * steps seen were 26-70% off. A replica that
 * diverges is reported and left out; the solve fails only when every replica diverges.
 */
public final class TrainingDmftReplicas {
    static final double OUTLIER_RELATIVE = 0.05;
    static final double OUTLIER_SPREADS = 6;

    private TrainingDmftReplicas() {
    }

    /**
     * @param medianLoss     per step, the median over replicas
     * @param flagged        per replica, the steps at which it departs from the median (see the class comment)
     * @param representative the replica whose kernels, outputs and sites stand for the solve: flagged at the
     *                       fewest steps, then closest to the median curve
     * @param diverged       one line per replica left out because it diverged
     */
    public record Result(List<TrainingDmftResult> replicas, long[] seeds, double[] medianLoss, List<int[]> flagged,
                         int representative, List<String> diverged) {
        public TrainingDmftResult chosen() {
            return replicas.get(representative);
        }

        /** Whether any replica was flagged at any step. */
        public boolean disagree() {
            return flagged.stream().anyMatch(f -> f.length > 0);
        }

        /** The loss of every replica, [replica][step]. */
        public double[][] losses() {
            return replicas.stream().map(TrainingDmftResult::loss).toArray(double[][]::new);
        }
    }

    /** Solves R replicas; {@code listener} gives each replica's progress listener. */
    public static Result solve(Backend backend, TrainingDmftProblem problem, TrainingDmftSettings settings, int replicas,
                               IntFunction<TrainingDmft.Listener> listener) {
        if (replicas < 1) {
            throw ConfigException.field("replicas", replicas, "integer >= 1");
        }
        List<TrainingDmftResult> results = new ArrayList<>();
        List<Long> solved = new ArrayList<>();
        List<String> diverged = new ArrayList<>();
        DivergenceException first = null;
        for (int r = 0; r < replicas; r++) {
            long seed = settings.seed() + r;
            try {
                results.add(new TrainingDmft(backend, problem, settings.withSeed(seed)).solve(listener.apply(r)));
                solved.add(seed);
            } catch (DivergenceException e) {
                diverged.add("seed " + seed + ": " + e.getMessage());
                first = first == null ? e : first;
            }
        }
        if (results.isEmpty()) {
            throw first;
        }
        long[] seeds = solved.stream().mapToLong(Long::longValue).toArray();
        double[][] losses = results.stream().map(TrainingDmftResult::loss).toArray(double[][]::new);
        double[] median = median(losses);
        List<int[]> flagged = flag(losses, median, settings.samples());
        return new Result(results, seeds, median, flagged, representative(losses, median, flagged), diverged);
    }

    static double[] median(double[][] losses) {
        double[] out = new double[losses[0].length];
        for (int n = 0; n < out.length; n++) {
            out[n] = Statistics.median(column(losses, n));
        }
        return out;
    }

    /** Steps at which each replica departs from the median by more than both thresholds (M sites each). */
    static List<int[]> flag(double[][] losses, double[] median, int samples) {
        double relative = OUTLIER_RELATIVE * Math.sqrt((double) TrainingDmftSettings.VALIDATED_SAMPLES / samples);
        int steps = median.length;
        double[] spreads = new double[steps];
        for (int n = 0; n < steps; n++) {
            double[] dev = column(losses, n);
            for (int r = 0; r < dev.length; r++) {
                dev[r] = Math.abs(dev[r] - median[n]);
            }
            spreads[n] = 1.4826 * Statistics.median(dev);
        }
        double pooled = Statistics.median(spreads);
        List<int[]> out = new ArrayList<>();
        for (double[] l : losses) {
            List<Integer> at = new ArrayList<>();
            for (int n = 0; n < steps; n++) {
                double d = Math.abs(l[n] - median[n]);
                if (!(d <= Math.max(relative * median[n], OUTLIER_SPREADS * pooled))) {
                    at.add(n);
                }
            }
            out.add(at.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    static int representative(double[][] losses, double[] median, List<int[]> flagged) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        int bestFlags = Integer.MAX_VALUE;
        for (int r = 0; r < losses.length; r++) {
            double distance = 0;
            for (int n = 0; n < median.length; n++) {
                distance += Math.abs(losses[r][n] - median[n]);
            }
            int flags = flagged.get(r).length;
            if (flags < bestFlags || (flags == bestFlags && distance < bestDistance)) {
                best = r;
                bestFlags = flags;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static double[] column(double[][] a, int n) {
        double[] out = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            out[r] = a[r][n];
        }
        return out;
    }
}
