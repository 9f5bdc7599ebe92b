package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;

/**
 * The tilted single-site averages of docs/theory.md eqs. 5.9-5.10 for a given kernel and conjugate: the
 * part of the saddle point that differs between the exact linear closure and the sampled site law.
 */
interface SiteAverages {

    /**
     * @param phi       the kernel that sets the field covariance g^2 Phi_F
     * @param conjugate Phihat as it tilts the site (zero when J is frozen)
     * @return the site's Phi and the recurrent part of Phihat (second term of eq. 5.10, D x D)
     * @throws NotNormalizable when the tilted site law does not exist at this conjugate
     */
    Moments evaluate(NdArray phi, NdArray conjugate) throws NotNormalizable;

    /**
     * The solver accepted a continuation stage at (phi, conjugate): a sampled site may re-fit its proposal
     * to the tilted law there, for the next stage (within a stage the map must stay fixed). Default: nothing.
     */
    default void accept(NdArray phi, NdArray conjugate) {
    }

    /** What a site average returns; essFraction is 1 where no importance weights are used. */
    record Moments(NdArray phi, NdArray recurrentConjugate, double essFraction) {
    }

    /** The conjugate exceeds what the site law can carry (linear phi: I - F^T K F not positive definite). */
    final class NotNormalizable extends Exception {
        NotNormalizable(String message) {
            super(message);
        }
    }
}
