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

    /**
     * The iteration reached (phi, conjugate) where the site's reweighting has lost its effective samples: a site
     * that can re-draw them there (site chains, eq. 5.18) does so and returns true; the map then changes, so the
     * solver restarts its mixer. Default: false (the draws are fixed).
     */
    default boolean refresh(NdArray phi, NdArray conjugate) {
        return false;
    }

    /**
     * The solver rejected a continuation stage: a site whose draws moved during it (site chains) returns them to
     * where they were at the last accepted stage, so a failed stage leaves nothing behind. Default: nothing.
     */
    default void reject() {
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
