package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.dmft.GaussHermite;
import org.rnnfield.dmft.PerturbationGrowth;
import org.rnnfield.model.Phi;

import java.util.stream.IntStream;

/**
 * The site kernel without the tilt, exactly (docs/theory.md eq. 5.16): x is a linear filter of the Gaussian
 * field, input and x(0), so (x_i, x_j) is bivariate normal with covariance
 * {@code C_x = A (g^2 Phi_F + Q_in) A^T + M_x0} and {@code E phi(x_i) phi(x_j)} is a 2-D Gauss-Hermite
 * integral. The sampling solver uses it as a control variate for its kernel estimate.
 */
final class UntiltedKernel {
    /** Order of the product rule: 24 nodes per axis give the 32-node tanh kernel to 5e-6 (20: 2e-5, 28: 1.2e-6; sine, g = 1.5). */
    static final int ORDER = 24;

    private final EquilibriumProblem problem;
    private final NdArray filter;
    private final NdArray inputCovariance;
    private final NdArray initialStates;
    private final GaussHermite quadrature = new GaussHermite(ORDER);

    UntiltedKernel(EquilibriumProblem problem) {
        this.problem = problem;
        this.filter = problem.eulerFilter();
        this.inputCovariance = problem.inputCovariance();
        this.initialStates = problem.initialStateCovariance();
    }

    /** C_x for the field covariance g^2 Phi_F. */
    NdArray stateCovariance(NdArray phi) {
        int df = problem.fieldDim();
        double g2 = problem.g() * problem.g();
        NdArray fields = Dense.plus(Dense.scaled(Dense.leading(phi, df), g2), 1.0, inputCovariance);
        return Dense.plus(Dense.congruence(Dense.transpose(filter), fields), 1.0, initialStates);
    }

    /** E phi'(x_i) phi'(x_j) over the untilted site law at kernel phi (D x D; docs/theory.md eq. 7.2). */
    NdArray slopes(NdArray phi) {
        return PerturbationGrowth.gaussianSlopes(stateCovariance(phi), problem.phi(), ORDER);
    }

    /** E phi(x_i) phi(x_j) over the untilted site law at kernel phi (D x D). */
    NdArray of(NdArray phi) {
        NdArray cx = stateCovariance(phi);
        if (problem.phi() == Phi.LINEAR) {
            return cx;
        }
        int d = problem.dim();
        NdArray out = NdArray.zeros(d, d);
        Phi f = problem.phi();
        IntStream.range(0, d).parallel().forEach(i -> {
            for (int j = 0; j <= i; j++) {
                double v = quadrature.pairExpectation(f::apply, cx.get(i, i), cx.get(j, j), cx.get(i, j));
                out.set(v, i, j);
                out.set(v, j, i);
            }
        });
        return out;
    }
}
