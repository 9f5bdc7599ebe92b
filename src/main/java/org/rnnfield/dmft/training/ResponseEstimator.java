package org.rnnfield.dmft.training;

/**
 * How the training DMFT estimates the response functions A = <d phi / d v> and B = <d r / d u> (docs/theory.md
 * eqs. 2.9-2.10).
 */
public enum ResponseEstimator {
    /**
     * Stein's lemma on the sampled fields, A = <phi z_v^T> L_v^{-1} (eq. 3.3): divides by the causal factor,
     * whose pivots are small along near-repeated fields, hence the DROP / RIDGE / PIN regularization of eq. 3.5.
     */
    STEIN,
    /**
     * Forward-mode tangents of each site's own path in its fields, probed by an independent normal vector per
     * site, A = <(d phi / d v) xi_v xi_v^T> (eq. 3.9): no factor is inverted, so no pivot is divided by.
     */
    PATHWISE
}
