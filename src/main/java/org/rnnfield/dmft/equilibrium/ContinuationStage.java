package org.rnnfield.dmft.equilibrium;

/**
 * One stage of the continuation in gamma (docs/theory.md section 5.3): its gamma, the iterations it took
 * and, when it was rejected (the step is then halved), why. The exact linear solver adds one stage for the leg it
 * follows by pseudo-arclength past an Anderson stall (eq. 5.19): iterations are then arclength points and the reason,
 * accepted or not, starts with {@link #ARCLENGTH}.
 */
public record ContinuationStage(double gamma, int iterations, boolean accepted, String reason) {
    static final String ARCLENGTH = "pseudo-arclength";

    /** Whether this stage is the pseudo-arclength leg of eq. 5.19 rather than an Anderson stage. */
    public boolean byArclength() {
        return reason != null && reason.startsWith(ARCLENGTH);
    }
}
