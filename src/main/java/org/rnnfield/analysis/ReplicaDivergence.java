package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;

/**
 * Two replicas of one network under the same input, started {@code epsilon} apart (RMS per neuron):
 * their distance {@code d(t) = |x_a(t) - x_b(t)| / sqrt N} grows like exp(lambda t) when the
 * dynamics is chaotic and shrinks when it is stable (THEORY.md section 4).
 *
 * @param time     t_k = k dt, k = 0..steps
 * @param distance d(t_k)
 */
public record ReplicaDivergence(double[] time, double[] distance, double epsilon) {

    /** @param drive the input for 2 columns at each step (see {@link Rollout#trialRepeated}) */
    public static ReplicaDivergence run(Backend be, NetworkSpec spec, Parameters p, double[] x0, Rollout.Drive drive,
                                        double epsilon, int steps, long seed) {
        try (Backend.Scope scope = be.scope()) {
            int n = spec.n();
            NdArray start = Rollout.repeatColumns(x0, 2);
            NdArray xi = Rng.stream(seed, "replica").normal(1.0, n);
            double norm = 0;
            for (double v : xi.data()) {
                norm += v * v;
            }
            double scale = epsilon * Math.sqrt(n / norm);
            for (int i = 0; i < n; i++) {
                start.set(x0[i] + scale * xi.get(i), i, 1);
            }
            Rollout r = new Rollout(be, spec, p, start);
            double[] time = new double[steps + 1];
            double[] d = new double[steps + 1];
            d[0] = distance(start);
            for (int k = 1; k <= steps; k++) {
                r.step(drive.at(k - 1));
                time[k] = k * spec.dt();
                d[k] = distance(r.state());
            }
            return new ReplicaDivergence(time, d, epsilon);
        }
    }

    private static double distance(NdArray x) {
        int n = x.dim(0);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double diff = x.get(i, 0) - x.get(i, 1);
            s += diff * diff;
        }
        return Math.sqrt(s / n);
    }

    public double finalDistance() {
        return distance[distance.length - 1];
    }

    /** Least-squares growth rate of log d(t) over the points where epsilon < d < 0.1 (before saturation), 1/tau. */
    public double growthRate() {
        java.util.List<double[]> pts = new java.util.ArrayList<>();
        for (int k = 0; k < time.length; k++) {
            if (distance[k] > 0 && distance[k] < 0.1 && (k == 0 || distance[k] >= 1e-3 * epsilon)) {
                pts.add(new double[]{time[k], Math.log(distance[k])});
            }
        }
        if (pts.size() < 3) {
            return Double.NaN;
        }
        double[] t = pts.stream().mapToDouble(a -> a[0]).toArray();
        double[] l = pts.stream().mapToDouble(a -> a[1]).toArray();
        return Statistics.linearFit(t, l)[0];
    }
}
