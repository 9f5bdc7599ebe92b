package org.rnnfield.dmft;

import org.rnnfield.analysis.LyapunovSpectrum;
import org.rnnfield.analysis.Rollout;
import org.rnnfield.analysis.SlopeKernel;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dmft.equilibrium.EquilibriumProblem;
import org.rnnfield.dmft.equilibrium.EquilibriumResult;
import org.rnnfield.dmft.equilibrium.EquilibriumSettings;
import org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.sample.LangevinSampler;
import org.rnnfield.sample.LangevinSpec;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.TrainingListener;

import java.util.EnumSet;

/**
 * The theory of perturbation growth at the end of training (docs/theory.md eq. 7.4) against Langevin-sampled
 * networks of the same Gibbs measure: per gamma, the theory's bulk rate from the equilibrium sites' slopes, and
 * for each chain's final sample the window Lyapunov exponent and the bulk rate from the network's own slopes.
 * Each chain is measured at g.snapshots points g.segment updates apart after its burn-in (exponents of successive
 * snapshots are correlated; the spread is over snapshots). A harness, not a test:
 * {@code -Dg.gammas=0.05,0.5,2 -Dg.n=400 -Dg.burnIn=3000 -Dg.chains=2 -Dg.snapshots=10 -Dg.segment=2000 -Dg.theory=false}.
 */
public final class PerturbationGrowthMeasurement {
    public static void main(String[] args) {
        double g = Double.parseDouble(System.getProperty("g.g", "2"));
        double beta = Double.parseDouble(System.getProperty("g.beta", "60"));
        double dt = 0.1;
        int n = Integer.getInteger("g.n", 400);
        int burnIn = Integer.getInteger("g.burnIn", 3000);
        int chains = Integer.getInteger("g.chains", 2);
        double h = Double.parseDouble(System.getProperty("g.h", "0.005"));
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0},
                Double.parseDouble(System.getProperty("g.duration", "10")), 0.0, 0.5, 1.0, 1).generate(dt);
        int steps = task.steps();
        CpuBackend be = new CpuBackend(Precision.FLOAT64);
        Rollout.Drive drive = Rollout.trialRepeated(task.inputs(), 0, 1);
        for (String gs : System.getProperty("g.gammas", "0.05,0.5,2").split(",")) {
            double gamma = Double.parseDouble(gs);
            long t0 = System.nanoTime();
            if (Boolean.parseBoolean(System.getProperty("g.theory", "true"))) {
                EquilibriumProblem p = new EquilibriumProblem(g, 1.0, dt, Phi.TANH, 1.0, gamma, beta, true, false, task);
                EquilibriumSettings es = EquilibriumSettings.defaults(Long.getLong("g.theorySeed", 1))
                        .withSamples(Integer.getInteger("g.samples", 16000));
                if (Boolean.getBoolean("g.siteChains")) {
                    // site chains (eq. 5.17) instead of importance weights, in groups of 10 (docs/theory.md 5.3)
                    es = es.withSiteChains(20, 0.5).withGroups(10, org.rnnfield.dmft.equilibrium.QuenchedSampling.LATIN_HYPERCUBE);
                }
                EquilibriumResult r = new SampledEquilibriumDmft(be, p, es).solve();
                NdArray q = PerturbationGrowth.trial(r.slopeKernel(), task.trials(), 0);
                double theory = PerturbationGrowth.of(q, g, dt, dt, steps).rate();
                System.out.printf("gamma %.3g theory: converged %s, normalized loss %.4g, bulk rate %.4f, mean q(t,t) %.4f (%.0f s)%n",
                        gamma, r.converged(), r.normalizedLoss(), theory, meanDiagonal(q, steps), (System.nanoTime() - t0) / 1e9);
            }
            NetworkSpec spec = new NetworkSpec(n, g, gamma, 1.0, dt, Phi.TANH, InitialState.GAUSSIAN, 1.0, task.inputDim(),
                    task.outputDim());
            for (int seed = 1; seed <= Integer.getInteger("g.untrained", 0); seed++) {
                // the untrained draw: the theory's gamma -> 0 limit
                Parameters p0 = Parameters.initialize(spec, 1, seed);
                double[] x0 = p0.x0().column(0);
                NdArray own = SlopeKernel.ofNetwork(be, spec, p0, x0, drive, steps);
                System.out.printf("untrained N = %d seed %d: Lyapunov %.4f, own-slope bulk %.4f, mean q(t,t) %.4f%n", n, seed,
                        LyapunovSpectrum.compute(be, spec, p0, x0, drive, 0, steps, 1, 3).largest(),
                        PerturbationGrowth.of(own, g, dt, dt, steps).rate(), meanDiagonal(own, steps));
            }
            if (burnIn == 0) {
                continue;
            }
            // Chains in segments: one burn-in, then g.snapshots segments of g.segment updates, each measured at its end
            // (exponent, own-slope bulk) and averaged over its updates (loss). Each segment has its own noise seed.
            int snapshots = Integer.getInteger("g.snapshots", 1);
            int segment = Integer.getInteger("g.segment", 200);
            var trainedSet = EnumSet.of(Weight.J, Weight.V);
            for (int c = 0; c < chains; c++) {
                t0 = System.nanoTime();
                LangevinSampler burn = new LangevinSampler(be, spec, task,
                        new LangevinSpec(beta, h, burnIn, 20, chains, trainedSet, 3, 0));
                Parameters state = burn.runChain(burn.initialState(Parameters.initialize(spec, 1, 7), c), c, TrainingListener.NONE)
                        .finalParams();
                double[] lossSum = new double[snapshots];
                double[] lyaps = new double[snapshots];
                double[] bulks = new double[snapshots];
                double[] qs = new double[snapshots];
                for (int k = 0; k < snapshots; k++) {
                    LangevinSampler seg = new LangevinSampler(be, spec, task,
                            new LangevinSpec(beta, h, 0, segment, chains, trainedSet, 1000 + k, 0));
                    var run = seg.runChain(state, c, TrainingListener.NONE);
                    state = run.finalParams();
                    double s = 0;
                    for (double l : run.losses()) {
                        s += l;
                    }
                    lossSum[k] = s / run.losses().length / task.meanSquaredTarget();
                    double[] x0 = state.x0().column(0);
                    lyaps[k] = LyapunovSpectrum.compute(be, spec, state, x0, drive, 0, steps, 1, 3).largest();
                    NdArray own = SlopeKernel.ofNetwork(be, spec, state, x0, drive, steps);
                    bulks[k] = PerturbationGrowth.of(own, g, dt, dt, steps).rate();
                    qs[k] = meanDiagonal(own, steps);
                    System.out.printf("gamma %.3g N = %d h = %.3g chain %d snapshot %d: normalized loss %.4g, Lyapunov %.4f, "
                            + "own-slope bulk %.4f, mean q(t,t) %.4f%n", gamma, n, h, c, k, lossSum[k], lyaps[k], bulks[k], qs[k]);
                }
                System.out.printf("gamma %.3g N = %d h = %.3g chain %d SUMMARY: loss %s, Lyapunov %s, own-slope bulk %s, q %s (%.0f s)%n",
                        gamma, n, h, c, meanSe(lossSum), meanSe(lyaps), meanSe(bulks), meanSe(qs), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private static String meanSe(double[] v) {
        return String.format("%.4g +- %.2g", org.rnnfield.analysis.Statistics.mean(v), org.rnnfield.analysis.Statistics.stdErr(v));
    }

    private static double meanDiagonal(NdArray q, int steps) {
        double s = 0;
        for (int t = 0; t < steps; t++) {
            s += q.get(t, t);
        }
        return s / steps;
    }
}
