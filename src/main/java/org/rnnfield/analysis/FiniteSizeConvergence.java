package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.task.TaskData;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Finite random networks against the DMFT: for each N and seed, simulate the task, take the
 * population kernel Phi_N and its relative Frobenius distance to the DMFT kernel; fit
 * log(distance) = a + slope log N (expected slope -1/2: seed-to-seed fluctuations of a
 * self-averaging kernel), and test single neurons x_i(t) against the Gaussian marginal N(0, C(t, t)).
 */
public final class FiniteSizeConvergence {
    private FiniteSizeConvergence() {
    }

    /** One network's distance. */
    public record Point(int n, long seed, double distance) {
    }

    /** Single-neuron marginal at one (time, trial 0) against the DMFT Gaussian. */
    public record Marginal(int time, double[] samples, double variance, double ks, double pValue) {
    }

    /** Every network's distance, their mean per size with its power law in N, and the largest network's marginals. */
    public record Result(List<Point> points, SizeScaling scaling, List<Marginal> marginals) {
        public int[] sizes() {
            return scaling.sizes();
        }

        public double[] meanDistance() {
            return scaling.mean();
        }

        public double[] stdErr() {
            return scaling.stdErr();
        }

        public double slope() {
            return scaling.slope();
        }

        public double slopeStdErr() {
            return scaling.slopeStdErr();
        }
    }

    /**
     * @param specFor network spec for each N (same g, tau, dt, phi, q0 as the DMFT problem)
     * @param reference the DMFT Phi over (t, trial), index t P + mu
     * @param referenceC the DMFT C, for the single-neuron marginals of the largest network
     */
    public static Result run(Backend backend, IntFunction<NetworkSpec> specFor, TaskData task, NdArray reference,
                             NdArray referenceC, int[] sizes, int seeds, int[] marginalTimes) {
        try (Backend.Scope scope = backend.scope()) {
            List<Point> points = new ArrayList<>();
            double[][] errors = new double[sizes.length][];
            List<Marginal> marginals = new ArrayList<>();
            for (int si = 0; si < sizes.length; si++) {
                double[] d = new double[seeds];
                errors[si] = d;
                for (int s = 0; s < seeds; s++) {
                    NetworkSpec spec = specFor.apply(sizes[si]);
                    Trajectory traj = new Trajectory(backend, spec.n(), task.trials(), task.steps(), spec.outputDim());
                    ForwardPass.run(new DeviceNetwork(backend, spec, Parameters.initialize(spec, task.trials(), 1000L + s)),
                            new TaskBatch(backend, task), traj);
                    d[s] = PopulationKernels.relativeDistance(PopulationKernels.of(backend, traj).phi(), reference);
                    points.add(new Point(spec.n(), 1000L + s, d[s]));
                    if (si == sizes.length - 1 && s == 0) {
                        NdArray x = traj.statesToHost(backend);
                        for (int t : marginalTimes) {
                            double[] xs = new double[spec.n()];
                            for (int i = 0; i < xs.length; i++) {
                                xs[i] = x.get(0, t, i);
                            }
                            double var = referenceC.get(t * task.trials(), t * task.trials());
                            double ks = Statistics.ksStatisticNormal(xs, var);
                            marginals.add(new Marginal(t, xs, var, ks, Statistics.ksPValue(ks, xs.length)));
                        }
                    }
                }
            }
            return new Result(points, SizeScaling.fit(sizes, errors), marginals);
        }
    }
}
