package org.rnnfield.dmft.equilibrium;

/**
 * One stage of the continuation in gamma (docs/theory.md section 5.3): its gamma, the iterations it took
 * and, when it was rejected (the step is then halved), why.
 */
public record ContinuationStage(double gamma, int iterations, boolean accepted, String reason) {
}
