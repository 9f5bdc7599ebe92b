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
    ADAPTED,
    /**
     * Every site is a Markov chain (preconditioned Crank-Nicolson, reversible for the prior, so it accepts
     * with exp(psi' - psi), eq. 5.17) that samples the tilted law given its own quenched draw; between
     * refreshes the iteration reweights the chains by exp(psi - psi_ref), and when that reweighting's ESS
     * falls the chains are resampled within their quenched group and moved again at the current iterate
     * (eq. 5.18). No importance weight is taken against the prior, so it holds where ESS collapses for
     * PRIOR and ADAPTED (large D). Needs U frozen (an annealed U would have to be part of the chain).
     */
    MCMC;

    /** Prior share alpha of the defensive mixture. */
    public static final double DEFENSIVE_FRACTION = 0.1;
}
