package org.rnnfield.dmft.training;

import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;
import java.util.Locale;

/**
 * The GD-training DMFT against finite networks over many steps (docs/theory.md section 3.9, issue 14 item 2):
 * sine task, T = 25, dt = 0.2, J and V learning. Prints per step the DMFT loss (one replica), the mean of the
 * networks' losses and the relative gap, then the solver's inner iterations and time.
 * Usage: LongTrainingMeasurement phi g gamma eta0 steps samples seed STEIN|PATHWISE networkN networkSeeds [probes [drop [stopAfter [orthonormal [orthonormalProbes [firstNetworkSeed [weights [tolerance]]]]]]]] (weights: JV, J or V)
 * (samples 0: the networks only)
 */
public final class LongTrainingMeasurement {
    public static void main(String[] args) {
        Phi phi = Phi.valueOf(args[0].toUpperCase(Locale.ROOT));
        double g = Double.parseDouble(args[1]);
        double gamma = Double.parseDouble(args[2]);
        double eta0 = Double.parseDouble(args[3]);
        int steps = Integer.parseInt(args[4]);
        int samples = Integer.parseInt(args[5]);
        long seed = Long.parseLong(args[6]);
        ResponseEstimator responses = ResponseEstimator.valueOf(args[7]);
        int n = Integer.parseInt(args[8]);
        int seeds = Integer.parseInt(args[9]);
        int probes = args.length > 10 ? Integer.parseInt(args[10]) : 1;
        double drop = args.length > 11 ? Double.parseDouble(args[11]) : TrainingDmftSettings.DROP;
        // the march of an S-step problem stopped after this step (the probes' realization depends on S)
        int stopAfter = args.length > 12 ? Integer.parseInt(args[12]) : steps;
        boolean orthonormal = args.length > 13 && Boolean.parseBoolean(args[13]);
        boolean orthonormalProbes = args.length > 14 && Boolean.parseBoolean(args[14]);
        long firstNetworkSeed = args.length > 15 ? Long.parseLong(args[15]) : 1;
        EnumSet<Weight> weights = EnumSet.noneOf(Weight.class);
        for (char c : (args.length > 16 ? args[16] : "JV").toCharArray()) {
            weights.add(Weight.valueOf(String.valueOf(c)));
        }
        TaskData task = TrainingDmftTest.sine();
        double tolerance = args.length > 17 ? Double.parseDouble(args[17]) : TrainingDmftSettings.TOLERANCE;
        NetworkSpec spec = TrainingDmftTest.spec(phi, g, gamma).withN(n);
        TrainSpec train = new TrainSpec(eta0, steps, Optimizer.GD, weights, 0, 0);
        long t0 = System.nanoTime();
        double[] networks = TrainingDmftTest.networkLossCurve(spec, task, train, seeds, firstNetworkSeed);
        double networkSeconds = (System.nanoTime() - t0) / 1e9;
        if (samples == 0) {
            for (int k = 0; k <= steps; k++) {
                System.out.printf(Locale.ROOT, "%d %.6g%n", k, networks[k]);
            }
            return;
        }
        TrainingDmftSettings settings = TrainingDmftSettings.defaults(samples, seed).withResponses(responses).withProbes(probes).withDrop(drop)
                .withOrthonormalDraws(orthonormal).withOrthonormalProbes(orthonormalProbes)
                .withTolerance(tolerance, TrainingDmftSettings.MAX_ITERATIONS);
        TrainingDmftResult r;
        long t1 = System.nanoTime();
        try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
            r = new TrainingDmft(be, new TrainingDmftProblem(spec, task, train), settings).solve((k, total, it, change, loss) -> {
                System.err.printf(Locale.ROOT, "step %d: %d iterations, change %.2g, loss %.5g, %.0f s%n", k, it, change, loss,
                        (System.nanoTime() - t1) / 1e9);
                System.out.printf(Locale.ROOT, "%d %.6g %.6g %+.4f %d%n", k, loss, networks[k], loss / networks[k] - 1, it);
                if (k == stopAfter && stopAfter < steps) {
                    throw new IllegalStateException("stopped after step " + k);
                }
            });
        } catch (RuntimeException e) {
            System.out.println("DMFT failed: " + e.getMessage());
            return;
        }
        double worst = 0;
        System.out.println("step  dmft  networks  gap  iterations  change  floored_pivots");
        for (int k = 0; k <= steps; k++) {
            double gap = r.loss()[k] / networks[k] - 1;
            worst = Math.max(worst, Math.abs(gap));
            System.out.printf(Locale.ROOT, "%d %.6g %.6g %+.4f %d %.2g %d%n", k, r.loss()[k], networks[k], gap, r.iterations()[k],
                    r.finalChange()[k], r.flooredPivots()[k]);
        }
        System.out.printf(Locale.ROOT, "%s %s g %.2f gamma %.2f eta0 %.2f M %d K %d seed %d: largest |gap| %.4f, converged %s,"
                        + " DMFT %.0f s, networks (N = %d x %d) %.0f s%n", responses, phi, g, gamma, eta0, samples, probes, seed, worst,
                r.converged(), (System.nanoTime() - t1) / 1e9, n, seeds, networkSeconds);
    }
}
