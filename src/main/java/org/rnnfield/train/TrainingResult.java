package org.rnnfield.train;

import org.rnnfield.array.NdArray;
import org.rnnfield.model.Parameters;

/**
 * The outcome of training.
 *
 * @param params         final weights
 * @param history        loss per step, including the final weights' loss
 * @param completedSteps updates applied
 * @param reachedTarget  whether training stopped early at the target loss
 * @param outputs        the final network's readout, (B, T, D_out)
 */
public record TrainingResult(Parameters params, LossHistory history, int completedSteps, boolean reachedTarget,
                             NdArray outputs) {
    public double finalLoss() {
        return history.last().loss();
    }

    public double finalNormalizedLoss() {
        return history.last().normalized();
    }
}
