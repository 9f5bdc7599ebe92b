package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;

import java.util.List;

/**
 * A solved saddle point (docs/theory.md section 5).
 *
 * @param phi        the kernel Phi, D x D over (t = 0..T, trial), index t P + mu (eq. 5.9)
 * @param phiHat     its conjugate (eq. 5.10)
 * @param output     the mean output ybar at t = 1..T, (P, T, D_out) (eq. 5.6)
 * @param loss       the N -> infinity training loss (eq. 5.13)
 * @param normalizedLoss loss / mean |y*|^2 over the window
 * @param changes    relative change of (Phi, Phi_hat) per iteration
 * @param converged  the last change fell below the tolerance
 * @param effectiveSampleFraction the smallest, over iterations, mean effective sample size of the
 *                   importance weights per quenched group divided by the group size (1 for the exact solver)
 * @param method     which solver produced it
 * @param stages     the continuation in gamma: each stage's gamma, iterations and why it was rejected
 * @param siteSamples x(T) of single sites drawn from the tilted law (quenched mixture), (M, P), for
 *                   single-neuron statistics; null from the exact linear solver (its site law is Gaussian)
 * @param slopeKernel E_q < phi'(x) phi'(x)^T >_tilted over the same (t, trial) indices as phi, the slope kernel
 *                   of the perturbation growth (docs/theory.md eq. 7.4); all ones for linear phi
 * @param chains     how the site chains moved (proposal MCMC), else null
 */
public record EquilibriumResult(NdArray phi, NdArray phiHat, NdArray output, double loss, double normalizedLoss,
                                List<Double> changes, int iterations, boolean converged,
                                double effectiveSampleFraction, String method,
                                List<ContinuationStage> stages, NdArray siteSamples, NdArray slopeKernel,
                                SiteChainReport chains) {

    EquilibriumResult withSiteLaw(NdArray samples, NdArray slopes, SiteChainReport report) {
        return new EquilibriumResult(phi, phiHat, output, loss, normalizedLoss, changes, iterations, converged,
                effectiveSampleFraction, method, stages, samples, slopes, report);
    }
}
