package org.rnnfield.dmft.equilibrium;

/**
 * How the site chains of {@link SiteProposal#MCMC} moved over a solve (docs/theory.md eq. 5.18).
 *
 * @param refreshes        resample-move refreshes (one per accepted continuation stage, plus those the ESS asked for)
 * @param sweeps           pCN sweeps in all
 * @param lastAcceptance   mean acceptance over the last refresh's sweeps
 * @param step             the adapted pCN step rho at the end
 * @param minMovedFraction the smallest share, over the refreshes of accepted stages, of chains that accepted at least one move: a chain that
 *                         never moved after resampling stays a copy of another
 * @param maxRetainedCorrelation the largest correlation, over the same refreshes, between the chains' states before and after
 *                         their sweeps (1: the moves did not decorrelate them)
 */
public record SiteChainReport(int refreshes, long sweeps, double lastAcceptance, double step, double minMovedFraction,
                              double maxRetainedCorrelation) {
    /**
     * Below this share of moved chains the sampler is reported as not mixing: at the target acceptance 0.25 and
     * 20 sweeps per refresh a chain stays put with probability 0.75^20 = 0.3%, so 10% unmoved means the moves stall.
     */
    public static final double MIN_MOVED_FRACTION = 0.9;

    public boolean mixed() {
        return refreshes == 0 || minMovedFraction >= MIN_MOVED_FRACTION;
    }

    /** Why these chains count as not mixing, or null when they mixed: a solve with such chains is a failed one. */
    public String mixingProblem() {
        return mixed() ? null : String.format(java.util.Locale.ROOT, "site chains did not mix: in one refresh only %.3f of"
                + " them moved (< %.2f; more sweeps per refresh, mcmcSweeps)", minMovedFraction, MIN_MOVED_FRACTION);
    }
}
