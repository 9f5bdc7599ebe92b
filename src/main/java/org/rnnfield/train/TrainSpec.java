package org.rnnfield.train;

import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.MeanFieldScaling;
import org.rnnfield.model.NetworkSpec;

import java.util.EnumSet;
import java.util.Set;

/**
 * How to train: base rate eta0, number of full-batch steps, optimizer, trained matrices, early stop
 * at {@code targetLoss}, checkpoint period (0 = never).
 */
public record TrainSpec(double eta0, int steps, Optimizer optimizer, Set<Weight> trained, double targetLoss,
                        int checkpointEvery, double divergenceFactor) {
    /**
     * A loss 100x its initial value means outputs ~10x the target's size: no schedule recovers from that, while
     * the transient rises of a stable run stay within a few times the initial loss (eta0 up to 2 in the
     * sweep behind RunConfig's default eta0); eta0 = 100 passes 100x within a few steps on its way to 1e186.
     */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 100;
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;
    public static final double ADAM_EPS = 1e-8;

    public TrainSpec {
        if (!(eta0 > 0) || Double.isInfinite(eta0)) {
            throw ConfigException.field("eta0", eta0, "finite number > 0");
        }
        if (steps < 0) {
            throw ConfigException.field("steps", steps, "integer >= 0");
        }
        if (!(targetLoss >= 0)) {
            throw ConfigException.field("targetLoss", targetLoss, "number >= 0 (0 = train all steps)");
        }
        if (checkpointEvery < 0) {
            throw ConfigException.field("checkpointEvery", checkpointEvery, "integer >= 0 (0 = no checkpoints)");
        }
        if (!(divergenceFactor > 1)) {
            throw ConfigException.field("divergenceFactor", divergenceFactor, "number > 1 (Infinity = only NaN/Inf counts)");
        }
        if (trained.isEmpty()) {
            throw ConfigException.field("train", "[]", "a non-empty subset of J, U, V");
        }
        trained = EnumSet.copyOf(trained);
    }

    /** With the default divergence factor. */
    public TrainSpec(double eta0, int steps, Optimizer optimizer, Set<Weight> trained, double targetLoss, int checkpointEvery) {
        this(eta0, steps, optimizer, trained, targetLoss, checkpointEvery, DEFAULT_DIVERGENCE_FACTOR);
    }

    /**
     * Learning rate of one matrix. Gradient descent: {@code eta = eta0 gamma^2 N} for every matrix
     * (DESIGN.md section 1), so the output moves at an N- and gamma-independent rate eta0 and each
     * neuron's recurrent input by O(gamma). Adam's step is already O(lr) per entry, so the same
     * scaling reads: J entries move by {@code eta0 gamma / sqrt N}, U and V entries by {@code eta0 gamma}.
     */
    public double learningRate(Weight w, NetworkSpec spec) {
        return switch (optimizer) {
            case GD -> MeanFieldScaling.gradientStep(eta0, spec.gamma(), spec.n());
            case ADAM -> MeanFieldScaling.adamStep(eta0, spec.gamma(), spec.n(), w == Weight.J);
        };
    }
}
