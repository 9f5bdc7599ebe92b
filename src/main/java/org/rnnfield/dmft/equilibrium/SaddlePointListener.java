package org.rnnfield.dmft.equilibrium;

/** Observes the saddle-point iteration (docs/theory.md section 5.3), e.g. for progress lines. */
public interface SaddlePointListener {
    /** One iteration of the stage at this gamma: its relative change and mean ESS fraction (1 when exact). */
    default void onIteration(double gamma, int iteration, double change, double essFraction) {
    }

    /** A stage ended: accepted (converged at this gamma) or rejected with the reason. */
    default void onStage(ContinuationStage stage) {
    }

    /** A point of an arclength path was accepted: a homotopy (parameter sigma, eq. 5.20) or a branch in gamma (eq. 5.19). */
    default void onArclengthPoint(String parameter, double value, int point) {
    }

    SaddlePointListener NONE = new SaddlePointListener() {
    };
}
