package org.rnnfield.dmft.equilibrium;

/**
 * Pseudo-arclength continuation of a branch of solutions of R(x; gamma) = 0 up to a target gamma
 * (docs/theory.md eq. 5.19): in z = (x / s, gamma), s = |x| at the last point, each point is predicted along the secant
 * of the last two and corrected by Newton-Krylov on the bordered system [R(x; gamma) / s; t . (z - z1) - ds] = 0, so a branch that
 * turns steep in gamma (dx/dgamma large, where a continuation in gamma alone stalls) is followed, and a fold (gamma
 * turning back) is detected instead of stepped over. The last step lands on the target by Newton at fixed gamma.
 */
final class BranchFollower {
    /**
     * Newton tolerance on |R| / s, 100x below the Anderson stages' 1e-6. Measured on the multi-sine closure at beta = 60,
     * gamma ~ 1.28: below ~1e-8 the finite-difference Jacobian makes Newton converge only linearly (|R| halving per step).
     */
    static final double TOLERANCE = 1e-8;
    /** First arclength step in z, and its cap: at D = 101 (docs/theory.md 5.7) ds 0.02-0.05 took 4-5 Newton steps. */
    static final double FIRST_STEP = 0.02;
    static final double MAX_STEP = 1.0;
    /** Steps below this mean the branch cannot be followed (its corrector fails however close the prediction). */
    static final double MIN_STEP = 1e-6;
    /** Newton steps per corrector; a step accepted in at most GROW_BELOW of them lets ds grow by 1.5. */
    static final int NEWTON_STEPS = 12;
    static final int GROW_BELOW = 5;
    /** Gamma increment of the secant's second point, relative to the start. */
    static final double FIRST_GAMMA_STEP = 0.01;

    interface Residual {
        /** G(x; gamma) - x, or null where the map cannot be evaluated (a site law that is not normalizable). */
        double[] apply(double[] x, double gamma);
    }

    /** A point of the branch. */
    record Point(double[] x, double gamma) {
    }

    /**
     * The follower's parameter u for a branch followed from {@code start} toward {@code target}: it always increases,
     * so down in gamma is up in u = start + 1/2 - gamma (u = 1/2 at the start, whose first step is then a fraction
     * of the way, as up in gamma).
     */
    record Direction(double start, boolean down) {
        static Direction of(double start, double target) {
            return new Direction(start, target < start);
        }

        /** gamma of the follower's parameter u (and u of gamma: the map is its own inverse). */
        double gamma(double u) {
            return down ? start + 0.5 - u : u;
        }
    }

    /** The branch did not reach the target: why, and the largest gamma on it. */
    static final class Stopped extends Exception {
        final double reachedGamma;
        final int points;
        /** The branch turned back in its parameter (a fold), rather than the solver failing on it. */
        final boolean fold;

        Stopped(String message, double reachedGamma, int points) {
            this(message, reachedGamma, points, false);
        }

        Stopped(String message, double reachedGamma, int points, boolean fold) {
            super(message);
            this.reachedGamma = reachedGamma;
            this.points = points;
            this.fold = fold;
        }
    }

    interface PointListener {
        /** A point of the branch was accepted after newtonSteps corrector steps (point 0: the secant's second point). */
        void onPoint(Point p, int index, int newtonSteps);
    }

    private final Residual residual;
    private final int maxPoints;
    private final PointListener listener;
    private int points;
    private boolean passFolds;
    private String parameter = "gamma";

    BranchFollower(Residual residual, int maxPoints) {
        this(residual, maxPoints, (p, index, steps) -> {
        });
    }

    BranchFollower(Residual residual, int maxPoints, PointListener listener) {
        this.residual = residual;
        this.maxPoints = maxPoints;
        this.listener = listener;
    }

    /**
     * Follow the path through turning points instead of reporting them (a homotopy path may turn back in its parameter
     * and come forward again; a branch in gamma that folds has no solution beyond, so the default reports it).
     */
    BranchFollower passingFolds() {
        passFolds = true;
        return this;
    }

    /** The name of the followed parameter in messages ("gamma" unless set). */
    BranchFollower named(String name) {
        parameter = name;
        return this;
    }

    /** Arclength points taken by the last {@link #follow}. */
    int points() {
        return points;
    }

    /** The solution at target gamma on the branch through the solution x0 at gamma0 < target. */
    Point follow(double[] x0, double gamma0, double target) throws Stopped {
        points = 0;
        int n = x0.length;
        int[] steps = new int[1];
        double gamma1 = Math.min(target, gamma0 + FIRST_GAMMA_STEP * Math.max(gamma0, target - gamma0));
        double[] first = NewtonKrylov.solve(x -> residual.apply(x, gamma1), x0,
                TOLERANCE * Math.max(NewtonKrylov.norm(x0), 1e-300), NEWTON_STEPS, steps);
        if (first == null) {
            throw new Stopped("Newton-Krylov failed at " + parameter + " = " + gamma1 + " next to the start " + gamma0, gamma0, 0);
        }
        Point previous = new Point(x0, gamma0);
        Point current = new Point(first, gamma1);
        listener.onPoint(current, 0, steps[0]);
        if (gamma1 >= target) {
            return current;
        }
        double highest = gamma1;
        double ds = FIRST_STEP;
        while (points < maxPoints) {
            // rescaled at every point, so ds stays a relative step while the branch's |X| grows (docs/theory.md 5.7)
            double scale = Math.max(NewtonKrylov.norm(current.x()), 1e-300);
            double[] z0 = state(previous, scale);
            double[] z1 = state(current, scale);
            double[] t = minus(z1, z0);
            double tn = NewtonKrylov.norm(t);
            for (int i = 0; i < t.length; i++) {
                t[i] /= tn;
            }
            double[] z = null;
            while (z == null) {
                if (ds < MIN_STEP) {
                    throw new Stopped("the corrector fails for every arclength step down to " + MIN_STEP + " at " + parameter + " = "
                            + current.gamma(), highest, points);
                }
                double[] zp = z1.clone();
                for (int i = 0; i < zp.length; i++) {
                    zp[i] += ds * t[i];
                }
                final double step = ds;
                z = NewtonKrylov.solve(zz -> bordered(zz, z1, t, step, scale, n), zp, TOLERANCE, NEWTON_STEPS, steps);
                if (z == null) {
                    ds /= 2;
                }
            }
            points++;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = z[i] * scale;
            }
            Point next = new Point(x, z[n]);
            listener.onPoint(next, points, steps[0]);
            if (next.gamma() >= target) {
                return land(current, next, target);
            }
            if (next.gamma() < current.gamma() && !passFolds) {
                throw new Stopped(String.format(java.util.Locale.ROOT, "the branch folds back in %s at %s = %.6g"
                        + " (no solution on it beyond)", parameter, parameter, highest), highest, points, true);
            }
            highest = Math.max(highest, next.gamma());
            previous = current;
            current = next;
            if (steps[0] <= GROW_BELOW) {
                ds = Math.min(ds * 1.5, MAX_STEP);
            }
        }
        throw new Stopped("the target " + parameter + " = " + target + " was not reached in " + maxPoints + " arclength points", highest, points);
    }

    /** Newton at fixed gamma = target from the chord between the last two points, which straddle it. */
    private Point land(Point below, Point above, double target) throws Stopped {
        double w = (target - below.gamma()) / (above.gamma() - below.gamma());
        double[] x = new double[below.x().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = below.x()[i] + w * (above.x()[i] - below.x()[i]);
        }
        int[] steps = new int[1];
        double[] solved = null;
        // from the chord first; where the branch bends too much between the two points, from the nearer end point
        double[][] starts = w < 0.5 ? new double[][]{x, below.x(), above.x()} : new double[][]{x, above.x(), below.x()};
        for (int i = 0; i < starts.length && solved == null; i++) {
            solved = NewtonKrylov.solve(xx -> residual.apply(xx, target), starts[i], TOLERANCE * NewtonKrylov.norm(starts[i]),
                    NEWTON_STEPS, steps);
        }
        if (solved == null) {
            throw new Stopped("Newton-Krylov failed to land on the target " + parameter + " = " + target, below.gamma(), points);
        }
        return new Point(solved, target);
    }

    private double[] bordered(double[] z, double[] anchor, double[] tangent, double ds, double scale, int n) {
        double gamma = z[n];
        if (!(gamma > 0)) {
            return null;
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = z[i] * scale;
        }
        double[] r = residual.apply(x, gamma);
        if (r == null) {
            return null;
        }
        double[] f = new double[n + 1];
        for (int i = 0; i < n; i++) {
            f[i] = r[i] / scale;
        }
        f[n] = NewtonKrylov.dot(tangent, minus(z, anchor)) - ds;
        return f;
    }

    private static double[] state(Point p, double scale) {
        double[] z = new double[p.x().length + 1];
        for (int i = 0; i < p.x().length; i++) {
            z[i] = p.x()[i] / scale;
        }
        z[p.x().length] = p.gamma();
        return z;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] - b[i];
        }
        return o;
    }
}
