package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.dmft.CovarianceFactor;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exact equilibrium DMFT of linear networks (phi = x), docs/theory.md eq. 5.12: the tilted site law
 * stays Gaussian, so the site averages close as D x D matrix equations with no sampling,
 * <pre>
 *   C = g^2 Phi_F (+ Q_in when U is sampled),  K = A^T Phihat A,  F F^T = C
 *   Sigma = F (I - F^T K F)^{-1} F^T                      tilted covariance of the field
 *   Phi   = A Sigma A^T + B M0 B^T,  B = I + A Sigma A^T Phihat    (M0: quenched x(0), frozen U)
 *   recurrent conjugate = g^2 S^T A^T (Phihat Phi Phihat + Phihat) A S
 * </pre>
 * solved by {@link SaddlePointSolver}. It is the reference the sampling solver is tested against.
 */
public final class LinearEquilibriumDmft implements SiteAverages {
    static final String METHOD = "linear exact (eq. 5.12)";
    /**
     * Arclength points allowed past an Anderson stall. Measured on the multi-sine closure (D = 101): 60 points took
     * gamma from 0.30 to 0.437 at beta = 600 (5-7 s each on 2 cores); a bound keeps a branch that creeps toward an
     * asymptote from running for hours.
     */
    static final int MAX_ARCLENGTH_POINTS = 400;
    /** Arclength points allowed on a Newton homotopy (eq. 5.20); the multi-sine low-loss state took ~40 (78 s at D = 101 on 2 cores; ~430 s from the random kernel). */
    static final int MAX_HOMOTOPY_POINTS = 1000;
    /**
     * Halvings of a start kernel's readout conjugate tried before the homotopy gives up: 2^-40 ~ 1e-12 leaves the
     * tilt far below round-off of the untilted law, which is always normalizable, so the bound is never met in practice.
     */
    static final int START_HALVINGS = 40;
    /** Start conjugates (each 4x smaller than the last) tried by {@link #solveFrom} before it reports failure. */
    static final int HOMOTOPY_STARTS = 3;
    private final EquilibriumProblem problem;
    private final EquilibriumSettings settings;
    private final NdArray filter;
    private final NdArray inputCovariance;
    private final NdArray quenchedCovariance;

    /**
     * The constants of the Newton-Krylov, arclength and homotopy solvers of the exact closure (eqs. 5.19-5.20), by name,
     * for the summaries' provenance beside {@link EquilibriumSettings} (each is documented where it is declared).
     */
    public static java.util.Map<String, Number> continuationConstants() {
        java.util.Map<String, Number> c = new java.util.LinkedHashMap<>();
        c.put("newton_tolerance_relative", BranchFollower.TOLERANCE);
        c.put("newton_steps_max", BranchFollower.NEWTON_STEPS);
        c.put("first_arclength_step", BranchFollower.FIRST_STEP);
        c.put("max_arclength_step", BranchFollower.MAX_STEP);
        c.put("min_arclength_step", BranchFollower.MIN_STEP);
        c.put("grow_step_below_newton_steps", BranchFollower.GROW_BELOW);
        c.put("first_parameter_step_fraction", BranchFollower.FIRST_GAMMA_STEP);
        c.put("finite_difference_step", NewtonKrylov.FD_STEP);
        c.put("gmres_reduction", NewtonKrylov.GMRES_REDUCTION);
        c.put("gmres_vectors_max", NewtonKrylov.GMRES_MAX);
        c.put("backtracks_max", NewtonKrylov.BACKTRACKS);
        c.put("arclength_points_max", MAX_ARCLENGTH_POINTS);
        c.put("homotopy_points_max", MAX_HOMOTOPY_POINTS);
        c.put("homotopy_start_halvings_max", START_HALVINGS);
        c.put("homotopy_starts", HOMOTOPY_STARTS);
        return c;
    }

    public LinearEquilibriumDmft(EquilibriumProblem problem, EquilibriumSettings settings) {
        if (problem.phi() != Phi.LINEAR) {
            throw ConfigException.field("phi", problem.phi().label(), "linear (the exact solver closes only for phi = x)");
        }
        this.problem = problem;
        this.settings = settings;
        this.filter = problem.eulerFilter();
        this.inputCovariance = problem.inputCovariance();
        NdArray m0 = problem.initialStateCovariance();
        if (!problem.trainU()) {
            m0 = Dense.plus(m0, 1.0, Dense.congruence(Dense.transpose(filter), inputCovariance));
        }
        this.quenchedCovariance = m0;
    }

    public EquilibriumResult solve() {
        return solve(SaddlePointListener.NONE);
    }

    public EquilibriumResult solve(SaddlePointListener listener) {
        EquilibriumResult r;
        try {
            r = new SaddlePointSolver(problem, settings, this, listener).solve(quenchedCovariance, METHOD);
        } catch (SaddlePointException stalled) {
            r = followBranch(stalled, listener);
        }
        return linearSiteLaw(r);
    }

    /**
     * Where the Anderson continuation stalls, the branch often goes on but turns steep in gamma (docs/theory.md 5.7:
     * multi-sine, beta = 600, stall at gamma = 0.375, the branch followed to 0.437): follow it from the last accepted
     * stage by pseudo-arclength Newton-Krylov (eq. 5.19), which the exact closure allows because its map is
     * deterministic. A fold, or a branch that cannot be followed, is reported as the stall was, with both reasons.
     */
    private EquilibriumResult followBranch(SaddlePointException stalled, SaddlePointListener listener) {
        NdArray[] last = stalled.lastSolution();
        if (last == null || !problem.trainJ() || !(stalled.reachedGamma() > 0)) {
            throw stalled;
        }
        ReadoutPosterior readout = new ReadoutPosterior(problem);
        BranchFollower follower = new BranchFollower((x, gamma) -> residual(x, gamma, readout), MAX_ARCLENGTH_POINTS,
                (point, index, steps) -> listener.onArclengthPoint("gamma", point.gamma(), index));
        List<ContinuationStage> stages = new ArrayList<>(stalled.stages());
        BranchFollower.Point end;
        try {
            end = follower.follow(flat(last[0], last[1]), stalled.reachedGamma(), problem.gamma());
        } catch (BranchFollower.Stopped e) {
            stages.add(new ContinuationStage(e.reachedGamma, e.points, false, ContinuationStage.ARCLENGTH + " (eq. 5.19): " + e.getMessage()));
            listener.onStage(stages.get(stages.size() - 1));
            throw new SaddlePointException(stalled.getMessage() + "; followed from there by pseudo-arclength continuation"
                    + " (eq. 5.19) to gamma = " + e.reachedGamma + ", where " + e.getMessage(), stages, stalled.reachedGamma());
        }
        String how = String.format(java.util.Locale.ROOT, ContinuationStage.ARCLENGTH + " Newton-Krylov from gamma = %.6g (eq. 5.19)",
                stalled.reachedGamma());
        stages.add(new ContinuationStage(problem.gamma(), follower.points(), true, how));
        listener.onStage(stages.get(stages.size() - 1));
        int iterations = follower.points();
        for (ContinuationStage stage : stalled.stages()) {
            iterations += stage.iterations();
        }
        return result(end.x(), readout, iterations, how, stages);
    }

    /**
     * The saddle point reached from a given kernel, e.g. a trained network's (`sample`'s kernels.npz), where the
     * continuation from gamma = 0 follows another branch (docs/theory.md 5.7: the low-loss state of the multi-sine task).
     * Newton from (Phi_0, gamma^2 a a^T of Phi_0) rarely converges from a network's kernel, so a Newton homotopy is
     * followed instead (eq. 5.20): R(X, sigma) = G(X) - X - (2 - sigma) R(X_0), exact at sigma = 1, the closure at 2,
     * through its turning points. Where the kernel's own readout conjugate leaves the site law not normalizable (a
     * GD-trained network's kernel), the homotopy starts from a scaled-down conjugate instead. A path that does not
     * reach sigma = 2 is reported.
     */
    public EquilibriumResult solveFrom(NdArray startPhi) {
        return solveFrom(startPhi, SaddlePointListener.NONE);
    }

    /** {@link #solveFrom(NdArray)}, telling the listener each point of the homotopy path. */
    public EquilibriumResult solveFrom(NdArray startPhi, SaddlePointListener listener) {
        int d = problem.dim();
        if (startPhi.ndim() != 2 || startPhi.dim(0) != d || startPhi.dim(1) != d) {
            throw ConfigException.field("start kernel", startPhi.shapeString(), d + " x " + d + " (the problem's (T + 1) P)");
        }
        ReadoutPosterior readout = new ReadoutPosterior(problem);
        double gamma = problem.gamma();
        // the homotopy may start anywhere its residual is defined: where the kernel's own readout conjugate leaves the
        // site law not normalizable (a GD-trained network's kernel, whose loss is below the Gibbs state's), the conjugate
        // is halved until it is (at 0 the site law is the untilted Gaussian, always normalizable)
        NdArray conjugate = readout.conjugate(readout.dual(startPhi), gamma);
        double scale = 1;
        double[] found = residual(flat(startPhi, conjugate), gamma, readout);
        for (int k = 0; found == null && k < START_HALVINGS; k++) {
            scale /= 2;
            found = residual(flat(startPhi, Dense.scaled(conjugate, scale)), gamma, readout);
        }
        if (found == null) {
            throw new SaddlePointException("equilibrium DMFT from the given kernel: the tilted site law is not normalizable there"
                    + " even with its readout conjugate scaled by 2^-" + START_HALVINGS, List.of(), Double.NaN);
        }
        // a homotopy path can end where its corrector fails (it runs into the edge of normalizability); another start
        // conjugate gives another path to the same saddle points (measured: a path from the random network's kernel that
        // failed at sigma = 1.957 after a change of round-off in G), so a few are tried before the failure is reported
        List<ContinuationStage> failed = new ArrayList<>();
        for (int attempt = 0; attempt < HOMOTOPY_STARTS; attempt++, scale /= 4) {
            double[] x0 = flat(startPhi, Dense.scaled(conjugate, scale));
            double[] r0 = attempt == 0 ? found : residual(x0, gamma, readout);
            if (r0 == null) {
                continue;
            }
            BranchFollower follower = new BranchFollower((x, sigma) -> {
                double[] r = residual(x, gamma, readout);
                if (r != null) {
                    for (int i = 0; i < r.length; i++) {
                        r[i] -= (2 - sigma) * r0[i];
                    }
                }
                return r;
            }, MAX_HOMOTOPY_POINTS, (point, index, steps) -> listener.onArclengthPoint("sigma", point.gamma(), index))
                    .passingFolds().named("sigma");
            String how = "Newton homotopy from the given kernel (eq. 5.20)"
                    + (scale < 1 ? String.format(java.util.Locale.ROOT, ", its readout conjugate scaled by %.3g", scale) : "");
            try {
                double[] x = follower.follow(x0, 1.0, 2.0).x();
                List<ContinuationStage> stages = new ArrayList<>(failed);
                stages.add(new ContinuationStage(gamma, follower.points(), true, how));
                return linearSiteLaw(result(x, readout, follower.points(), how, stages));
            } catch (BranchFollower.Stopped e) {
                failed.add(new ContinuationStage(gamma, e.points, false, how + ": " + e.getMessage()));
            }
        }
        StringBuilder why = new StringBuilder();
        for (ContinuationStage stage : failed) {
            why.append(why.length() == 0 ? "" : "; ").append(stage.reason());
        }
        throw new SaddlePointException("equilibrium DMFT from the given kernel: the Newton homotopy (eq. 5.20) stopped from "
                + failed.size() + " start(s): " + why, failed, Double.NaN);
    }

    /**
     * The saddle point at this problem's gamma on the branch through a saddle point {@code start} of the same closure at
     * {@code startGamma} (up or down in gamma), by pseudo-arclength continuation (eq. 5.19): how a saddle point that the
     * continuation from gamma = 0 does not reach (docs/theory.md 5.7: the low-loss state) is carried across a gamma grid.
     * A fold between the two gammas (the branch ends: docs/theory.md 5.7 finds the low-loss branch folding at gamma =
     * 0.931 at beta = 60) or a branch that cannot be followed is reported, with the gamma reached.
     */
    public EquilibriumResult solveAlongBranch(EquilibriumResult start, double startGamma) {
        return solveAlongBranch(start, startGamma, SaddlePointListener.NONE);
    }

    /** {@link #solveAlongBranch(EquilibriumResult, double)}, telling the listener each point (in gamma) of the branch. */
    public EquilibriumResult solveAlongBranch(EquilibriumResult start, double startGamma, SaddlePointListener listener) {
        double target = problem.gamma();
        ReadoutPosterior readout = new ReadoutPosterior(problem);
        BranchFollower.Direction direction = BranchFollower.Direction.of(startGamma, target);
        java.util.function.DoubleUnaryOperator gammaOf = direction::gamma;
        BranchFollower follower = new BranchFollower((x, u) -> residual(x, gammaOf.applyAsDouble(u), readout), MAX_ARCLENGTH_POINTS,
                (point, index, steps) -> listener.onArclengthPoint("gamma", gammaOf.applyAsDouble(point.gamma()), index));
        String how = String.format(java.util.Locale.ROOT, ContinuationStage.ARCLENGTH + " along the branch from the saddle point at"
                + " gamma = %.6g (eq. 5.19)", startGamma);
        try {
            double[] x = follower.follow(flat(start.phi(), start.phiHat()), gammaOf.applyAsDouble(startGamma),
                    gammaOf.applyAsDouble(target)).x();
            return linearSiteLaw(result(x, readout, follower.points(), how,
                    List.of(new ContinuationStage(target, follower.points(), true, how))));
        } catch (BranchFollower.Stopped e) {
            double reached = gammaOf.applyAsDouble(e.reachedGamma);
            String why = e.fold
                    ? String.format(java.util.Locale.ROOT, "the branch folds at gamma = %.6g (no saddle point on it beyond)", reached)
                    : e.getMessage() + String.format(java.util.Locale.ROOT, " (reached gamma = %.6g)", reached);
            throw new SaddlePointException("equilibrium DMFT along the branch from gamma = " + startGamma + " to " + target + ": "
                    + why, List.of(new ContinuationStage(reached, e.points, false, how + ": " + why)), reached);
        }
    }

    /** phi' = 1: the slope kernel of eq. 7.4 is all ones. */
    private EquilibriumResult linearSiteLaw(EquilibriumResult r) {
        return r.withSiteLaw(null, org.rnnfield.dmft.PerturbationGrowth.linearSlopes(problem.dim()), null);
    }

    private EquilibriumResult result(double[] x, ReadoutPosterior readout, int iterations, String how, List<ContinuationStage> stages) {
        NdArray[] pair = pair(x);
        NdArray phi = pair[0];
        NdArray hat = pair[1];
        double[] r = residual(x, problem.gamma(), readout);
        double change = r == null ? Double.NaN : NewtonKrylov.norm(r) / NewtonKrylov.norm(x);
        NdArray a = readout.dual(phi);
        double loss = readout.loss(a);
        return new EquilibriumResult(phi, hat, readout.meanOutput(phi, a), loss, loss / problem.task().meanSquaredTarget(),
                List.of(change), iterations, change < settings.tolerance(), 1.0, METHOD + "; " + how, List.copyOf(stages),
                null, null, null);
    }

    /** G(X) - X for X = (Phi, Phihat) flattened, at richness gamma; null where the site law is not normalizable. */
    double[] residual(double[] x, double gamma, ReadoutPosterior readout) {
        NdArray[] pair = pair(x);
        try {
            Moments m = evaluate(pair[0], pair[1]);
            NdArray hatNew = Dense.plus(m.recurrentConjugate(), 1.0, readout.conjugate(readout.dual(m.phi()), gamma));
            double[] out = flat(m.phi(), hatNew);
            for (int i = 0; i < out.length; i++) {
                out[i] -= x[i];
            }
            return out;
        } catch (NotNormalizable | IllegalStateException e) {
            return null;
        }
    }

    /** X = (Phi, Phihat) as one vector, Phi first: the unknowns of the Newton solves (eqs. 5.19-5.20). */
    static double[] flat(NdArray phi, NdArray hat) {
        int size = phi.size();
        double[] out = new double[2 * size];
        System.arraycopy(phi.data(), 0, out, 0, size);
        System.arraycopy(hat.data(), 0, out, size, size);
        return out;
    }

    /** The inverse of {@link #flat}: (Phi, Phihat), each square. */
    static NdArray[] pair(double[] x) {
        int size = x.length / 2;
        int side = (int) Math.round(Math.sqrt(size));
        int[] shape = {side, side};
        return new NdArray[]{new NdArray(shape, Arrays.copyOfRange(x, 0, size)), new NdArray(shape, Arrays.copyOfRange(x, size, 2 * size))};
    }

    @Override
    public Moments evaluate(NdArray phi, NdArray conjugate) throws NotNormalizable {
        int d = problem.dim();
        int df = problem.fieldDim();
        double g2 = problem.g() * problem.g();
        NdArray c = Dense.scaled(Dense.leading(phi, df), g2);
        if (problem.trainU()) {
            c = Dense.plus(c, 1.0, inputCovariance);
        }
        NdArray f = CovarianceFactor.of(c).matrix();
        NdArray k = Dense.congruence(filter, conjugate);
        NdArray precision = Dense.plus(Dense.identity(df), -1.0, Dense.congruence(f, k));
        NdArray chol = Dense.choleskyOrNull(precision);
        if (chol == null) {
            throw new NotNormalizable("the tilted Gaussian site law is not normalizable (I - F^T A^T Phihat A F"
                    + " is not positive definite)");
        }
        NdArray sigma = Dense.congruence(Dense.transpose(f), Dense.inverseFromCholesky(chol));
        NdArray response = Dense.congruence(Dense.transpose(filter), sigma);
        NdArray b = Dense.plus(Dense.identity(d), 1.0, Dense.mult(response, false, conjugate, false));
        NdArray phiNew = Dense.plus(response, 1.0, Dense.congruence(Dense.transpose(b), quenchedCovariance));
        NdArray moment = Dense.plus(Dense.congruence(conjugate, phiNew), 1.0, conjugate);
        NdArray recurrent = Dense.scaled(Dense.embedLeading(Dense.congruence(filter, moment), d), g2);
        return new Moments(phiNew, recurrent, 1.0);
    }
}
