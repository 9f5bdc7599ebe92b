package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.task.TaskData;

import java.util.Locale;

/**
 * Where does the branch of the exact linear closure (eq. 5.12) go past the gamma where the Anderson continuation
 * stalls (docs/theory.md 5.7)? Follows it by pseudo-arclength continuation ({@link BranchFollower}, eq. 5.19) from the
 * Anderson solution at gammaStart and prints every point. A harness, not a test.
 * Usage: LinearArclengthMeasurement beta gammaStart points gammaMax
 */
public final class LinearArclengthMeasurement {
    public static void main(String[] args) {
        double beta = Double.parseDouble(args[0]);
        double start = Double.parseDouble(args[1]);
        int points = Integer.parseInt(args[2]);
        double gammaMax = Double.parseDouble(args[3]);
        TaskData task = LinearEdgeMeasurement.task();
        EquilibriumProblem p0 = LinearEdgeMeasurement.problem(task, start, beta);
        EquilibriumResult r = new LinearEquilibriumDmft(p0, EquilibriumSettings.defaults(1)).solve();
        int size = r.phi().size();
        int side = r.phi().shape()[0];
        double[] x0 = LinearNewtonMeasurement.flat(new NdArray[]{r.phi(), r.phiHat()});
        LinearEquilibriumDmft site = new LinearEquilibriumDmft(p0, EquilibriumSettings.defaults(1));
        ReadoutPosterior readout = new ReadoutPosterior(p0);
        long t0 = System.nanoTime();
        BranchFollower follower = new BranchFollower((x, gamma) -> site.residual(x, gamma, readout), points, (point, k, steps) -> {
            NdArray[] s = LinearNewtonMeasurement.unflat(point.x(), size);
            EquilibriumProblem p = LinearEdgeMeasurement.problem(task, point.gamma(), beta);
            NdArray a = readout.dual(s[0]);
            System.out.printf(Locale.ROOT, "point %d: gamma %.5f, normalized loss %.5g, tr Phi / D %.4g, Phi(T,T) %.4g, margin %.4g,"
                            + " |Phihat| %.4g (%d Newton steps, %.0f s)%n", k, point.gamma(), readout.loss(a) / task.meanSquaredTarget(),
                    LinearEdgeMeasurement.trace(s[0]) / side, s[0].get(side - 1, side - 1), LinearEdgeMeasurement.margin(p, s[0], s[1]),
                    Dense.maxAbs(s[1]), steps, (System.nanoTime() - t0) / 1e9);
        });
        try {
            follower.follow(x0, start, gammaMax);
            System.out.println("reached gamma = " + gammaMax);
        } catch (BranchFollower.Stopped e) {
            System.out.println("stopped: " + e.getMessage());
        }
    }
}
