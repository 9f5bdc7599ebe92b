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
    private final EquilibriumProblem problem;
    private final EquilibriumSettings settings;
    private final NdArray filter;
    private final NdArray inputCovariance;
    private final NdArray quenchedCovariance;

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
        // phi' = 1: the slope kernel of eq. 7.4 is all ones
        return r.withSiteLaw(null, org.rnnfield.dmft.PerturbationGrowth.linearSlopes(problem.dim()), null);
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
        int size = last[0].size();
        ReadoutPosterior readout = new ReadoutPosterior(problem);
        BranchFollower follower = new BranchFollower((x, gamma) -> residual(x, gamma, readout), MAX_ARCLENGTH_POINTS);
        List<ContinuationStage> stages = new ArrayList<>(stalled.stages());
        BranchFollower.Point end;
        try {
            end = follower.follow(flat(last), stalled.reachedGamma(), problem.gamma());
        } catch (BranchFollower.Stopped e) {
            stages.add(new ContinuationStage(e.reachedGamma, e.points, false, "pseudo-arclength (eq. 5.19): " + e.getMessage()));
            listener.onStage(stages.get(stages.size() - 1));
            throw new SaddlePointException(stalled.getMessage() + "; followed from there by pseudo-arclength continuation"
                    + " (eq. 5.19) to gamma = " + e.reachedGamma + ", where " + e.getMessage(), stages, stalled.reachedGamma());
        }
        String how = String.format(java.util.Locale.ROOT, "pseudo-arclength Newton-Krylov from gamma = %.6g (eq. 5.19)",
                stalled.reachedGamma());
        stages.add(new ContinuationStage(problem.gamma(), follower.points(), true, how));
        listener.onStage(stages.get(stages.size() - 1));
        NdArray phi = new NdArray(last[0].shape(), Arrays.copyOfRange(end.x(), 0, size));
        NdArray hat = new NdArray(last[0].shape(), Arrays.copyOfRange(end.x(), size, 2 * size));
        double[] r = residual(end.x(), problem.gamma(), readout);
        double change = r == null ? Double.NaN : NewtonKrylov.norm(r) / NewtonKrylov.norm(end.x());
        int iterations = follower.points();
        for (ContinuationStage stage : stalled.stages()) {
            iterations += stage.iterations();
        }
        NdArray a = readout.dual(phi);
        double loss = readout.loss(a);
        return new EquilibriumResult(phi, hat, readout.meanOutput(phi, a), loss, loss / problem.task().meanSquaredTarget(),
                List.of(change), iterations, change < settings.tolerance(), 1.0, METHOD + "; " + how, List.copyOf(stages),
                null, null, null);
    }

    /** G(X) - X for X = (Phi, Phihat) flattened, at richness gamma; null where the site law is not normalizable. */
    double[] residual(double[] x, double gamma, ReadoutPosterior readout) {
        int size = x.length / 2;
        int[] shape = {problem.dim(), problem.dim()};
        NdArray phi = new NdArray(shape, Arrays.copyOfRange(x, 0, size));
        NdArray hat = new NdArray(shape, Arrays.copyOfRange(x, size, 2 * size));
        try {
            Moments m = evaluate(phi, hat);
            NdArray hatNew = Dense.plus(m.recurrentConjugate(), 1.0, readout.conjugate(readout.dual(m.phi()), gamma));
            double[] out = flat(new NdArray[]{m.phi(), hatNew});
            for (int i = 0; i < out.length; i++) {
                out[i] -= x[i];
            }
            return out;
        } catch (NotNormalizable | IllegalStateException e) {
            return null;
        }
    }

    private static double[] flat(NdArray[] pair) {
        int size = pair[0].size();
        double[] out = new double[2 * size];
        System.arraycopy(pair[0].data(), 0, out, 0, size);
        System.arraycopy(pair[1].data(), 0, out, size, size);
        return out;
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
