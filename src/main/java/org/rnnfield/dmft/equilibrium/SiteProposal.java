package org.rnnfield.dmft.equilibrium;

/**
 * Where the sampling solver draws its site fields (docs/theory.md eq. 5.15). Fields are u = F z with
 * F F^T = g^2 Phi_F, so the prior is N(0, I) in the whitened coordinates z whatever the kernel.
 */
public enum SiteProposal {
    /** z ~ N(0, I): importance weights exp(psi) (eq. 5.14). */
    PRIOR,
    /**
     * z from the defensive mixture q = alpha N(0, I) + (1 - alpha) N(m, S), with m, S the tilted mean and
     * covariance of z fitted after each accepted continuation stage; weights exp(psi) N(z; 0, I) / q(z).
     * Unbiased like PRIOR (any proposal with the prior's support is), but the weights stay even where the
     * tilt moves the fields far from the prior; the prior share alpha bounds them by exp(psi) / alpha.
     */
    ADAPTED;

    /** Prior share alpha of the defensive mixture. */
    public static final double DEFENSIVE_FRACTION = 0.1;
}
