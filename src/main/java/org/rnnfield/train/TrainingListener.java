package org.rnnfield.train;

/** Observes training, e.g. to draw a progress bar. */
@FunctionalInterface
public interface TrainingListener {
    /** Called after the loss of the weights after {@code step} updates is known. */
    void onStep(int step, int totalSteps, double loss, double normalizedLoss);

    TrainingListener NONE = (step, total, loss, normalized) -> {
    };
}
