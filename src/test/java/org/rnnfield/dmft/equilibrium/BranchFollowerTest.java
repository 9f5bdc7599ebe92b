package org.rnnfield.dmft.equilibrium;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.array.NdArray;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BranchFollowerTest {

    @Test
    void followsASteepBranchAndLandsOnTheTargetGamma() throws BranchFollower.Stopped {
        // x1^3 + x1 = 10 gamma, x2 = x1^2: dx/dgamma grows along the branch; the exact root at gamma = 3 is known
        BranchFollower.Residual r = (x, gamma) -> new double[]{x[0] * x[0] * x[0] + x[0] - 10 * gamma, x[1] - x[0] * x[0]};
        double x0 = root(1.0);
        BranchFollower follower = new BranchFollower(r, 1000);
        BranchFollower.Point end = follower.follow(new double[]{x0, x0 * x0}, 0.1, 3.0);
        double expected = root(30.0);
        assertEquals(3.0, end.gamma(), 0.0);
        assertEquals(expected, end.x()[0], 1e-8);
        assertEquals(expected * expected, end.x()[1], 1e-7);
        assertTrue(follower.points() > 1, "took " + follower.points() + " arclength points");
    }

    /** Down in gamma is up in the follower's parameter, starting at u = 1/2; up in gamma is gamma itself. */
    @Test
    void directionMapsGammaToAnIncreasingParameter() {
        BranchFollower.Direction down = BranchFollower.Direction.of(2.0, 0.9);
        assertEquals(0.5, down.gamma(2.0), 1e-15);
        assertEquals(1.6, down.gamma(0.9), 1e-15);
        assertEquals(0.9, down.gamma(down.gamma(0.9)), 1e-15);
        BranchFollower.Direction up = BranchFollower.Direction.of(0.3, 0.6);
        assertEquals(0.6, up.gamma(0.6), 0);
    }

    @Test
    void reportsAFoldInsteadOfSteppingOverIt() {
        // x^2 + gamma = 1: the branch x = sqrt(1 - gamma) from gamma = 0 folds back at gamma = 1; no solution beyond
        BranchFollower.Residual r = (x, gamma) -> new double[]{x[0] * x[0] + gamma - 1};
        BranchFollower.Stopped e = assertThrows(BranchFollower.Stopped.class,
                () -> new BranchFollower(r, 1000).follow(new double[]{1.0}, 0.01, 2.0));
        assertTrue(e.getMessage().contains("folds back"), e.getMessage());
        assertTrue(e.reachedGamma > 0.95 && e.reachedGamma <= 1.0 + 1e-9, "fold located at " + e.reachedGamma);
    }

    @Test
    void aHomotopyPathIsFollowedThroughBothTurningPointsOfAnSCurve() throws BranchFollower.Stopped {
        // x^3 - 3x = 4 s - 6: from the left branch (s = 0.5) the path turns back at s = 2 (x = -1), forward again at s = 1
        // (x = 1), and reaches s = 3 on the right branch, x^3 - 3x = 6; reporting folds stops at the first one
        BranchFollower.Residual r = (x, s) -> new double[]{x[0] * x[0] * x[0] - 3 * x[0] - 4 * s + 6};
        double x0 = cubicRoot(-4, -3);
        BranchFollower.Stopped e = assertThrows(BranchFollower.Stopped.class,
                () -> new BranchFollower(r, 2000).follow(new double[]{x0}, 0.5, 3.0));
        assertEquals(2.0, e.reachedGamma, 0.1); // located to within one arclength step
        BranchFollower.Point end = new BranchFollower(r, 2000).passingFolds().follow(new double[]{x0}, 0.5, 3.0);
        assertEquals(3.0, end.gamma(), 0.0);
        assertEquals(cubicRoot(6, 2), end.x()[0], 1e-7);
    }

    @Test
    void arclengthLandsOnTheSameSaddlePointAsTheAndersonContinuation() throws BranchFollower.Stopped {
        // linear closure on the short sine task: where Anderson converges, the branch from gamma = 0.3 to 0.6 must end on it
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 3.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        EquilibriumProblem start = new EquilibriumProblem(0.8, 1.0, 0.1, Phi.LINEAR, 1.0, 0.3, 60, true, false, task);
        EquilibriumProblem end = new EquilibriumProblem(0.8, 1.0, 0.1, Phi.LINEAR, 1.0, 0.6, 60, true, false, task);
        EquilibriumSettings settings = EquilibriumSettings.defaults(1);
        EquilibriumResult from = new LinearEquilibriumDmft(start, settings).solve();
        EquilibriumResult anderson = new LinearEquilibriumDmft(end, settings).solve();
        LinearEquilibriumDmft site = new LinearEquilibriumDmft(end, settings);
        ReadoutPosterior readout = new ReadoutPosterior(end);
        int size = from.phi().size();
        double[] x0 = new double[2 * size];
        System.arraycopy(from.phi().data(), 0, x0, 0, size);
        System.arraycopy(from.phiHat().data(), 0, x0, size, size);
        BranchFollower.Point p = new BranchFollower((x, gamma) -> site.residual(x, gamma, readout), 400).follow(x0, 0.3, 0.6);
        NdArray phi = new NdArray(from.phi().shape(), Arrays.copyOfRange(p.x(), 0, size));
        NdArray hat = new NdArray(from.phi().shape(), Arrays.copyOfRange(p.x(), size, 2 * size));
        // Anderson stops at relative change 1e-6, Newton at 1e-9
        assertTrue(PopulationKernels.relativeDistance(phi, anderson.phi()) < 1e-5,
                "kernel distance " + PopulationKernels.relativeDistance(phi, anderson.phi()));
        assertTrue(PopulationKernels.relativeDistance(hat, anderson.phiHat()) < 1e-5,
                "conjugate distance " + PopulationKernels.relativeDistance(hat, anderson.phiHat()));
    }

    /**
     * docs/theory.md 5.7: on the multi-sine task at beta = 600 the Anderson continuation stalls at gamma = 0.375; the
     * exact solver now follows the branch past it by arclength (eq. 5.19) and returns a converged saddle point there.
     */
    @Test
    @Tag("slow")
    void exactLinearSolverGoesPastTheAndersonStallOnTheMultiSineTask() {
        TaskData task = LinearEdgeMeasurement.task();
        EquilibriumProblem p = new EquilibriumProblem(0.8, 1.0, 0.1, Phi.LINEAR, 1.0, 0.40, 600, true, false, task);
        EquilibriumResult r = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1)).solve();
        assertTrue(r.method().contains("pseudo-arclength"), r.method());
        assertTrue(r.converged(), "final relative residual " + r.changes());
        // the arclength harness (LinearArclengthMeasurement, its own corrector) gave 0.08888 at gamma = 0.3977, 0.08856 at 0.4012
        assertEquals(0.0887, r.normalizedLoss(), 0.001);
    }

    private static double root(double c) {
        // x^3 + x = c by Newton
        double x = Math.cbrt(c);
        for (int i = 0; i < 100; i++) {
            x -= (x * x * x + x - c) / (3 * x * x + 1);
        }
        return x;
    }

    private static double cubicRoot(double c, double start) {
        // x^3 - 3x = c by Newton from start
        double x = start;
        for (int i = 0; i < 100; i++) {
            x -= (x * x * x - 3 * x - c) / (3 * x * x - 3);
        }
        return x;
    }
}
