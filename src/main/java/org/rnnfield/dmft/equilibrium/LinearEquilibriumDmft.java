package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.dmft.CovarianceFactor;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;

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
        EquilibriumResult r = new SaddlePointSolver(problem, settings, this, listener)
                .solve(quenchedCovariance, "linear exact (eq. 5.12)");
        // phi' = 1: the slope kernel of eq. 7.4 is all ones
        return r.withSiteLaw(null, org.rnnfield.dmft.PerturbationGrowth.linearSlopes(problem.dim()), null);
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
