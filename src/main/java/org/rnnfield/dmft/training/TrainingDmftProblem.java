package org.rnnfield.dmft.training;

import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.MeanFieldScaling;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

/**
 * What the training DMFT describes: the network of {@code spec} (its N is irrelevant - the theory is
 * the N -> infinity limit) trained on {@code task} by {@code train} (full-batch gradient descent,
 * eta = eta0 gamma^2 N, the loss of {@link org.rnnfield.dynamics.LossEvaluation}).
 */
public record TrainingDmftProblem(NetworkSpec spec, TaskData task, TrainSpec train) {

    public TrainingDmftProblem {
        if (train.optimizer() != Optimizer.GD) {
            throw ConfigException.field("optimizer", train.optimizer(), "gd (the DMFT describes gradient descent)");
        }
        if (train.targetLoss() > 0) {
            throw ConfigException.field("targetLoss", train.targetLoss(), "0 (the DMFT runs a fixed number of steps)");
        }
        if (task.inputDim() != spec.inputDim() || task.outputDim() != spec.outputDim()) {
            throw new ConfigException("task has " + task.inputDim() + " inputs / " + task.outputDim()
                    + " outputs, the network " + spec.inputDim() + " / " + spec.outputDim());
        }
        if (task.maskCount() <= 0) {
            throw ConfigException.field("task.mask", "all zero", "at least one scored time point");
        }
    }

    public SiteLayout layout() {
        return new SiteLayout(train.steps(), task.steps(), task.trials());
    }

    public boolean trains(Weight w) {
        return train.trained().contains(w);
    }

    /** The site's adjoint r matters only when J or U learn (V's update uses phi alone). */
    public boolean needsAdjoint() {
        return trains(Weight.J) || trains(Weight.U);
    }

    /** W, the number of scored (trial, time) points that normalizes the loss. */
    public double scoredPoints() {
        return task.maskCount();
    }

    /** kappa = eta0 gamma alpha / W, the rate of the recurrent (and input) weight updates (theory.md eq. 2.4). */
    public double kappa() {
        return MeanFieldScaling.recurrentUpdateRate(train.eta0(), spec.gamma(), spec.alpha(), scoredPoints());
    }

    /** The readout update rate eta0 gamma / W (theory.md eq. 2.6). */
    public double readoutRate() {
        return MeanFieldScaling.readoutUpdateRate(train.eta0(), spec.gamma(), scoredPoints());
    }

    /** Variance of x(0): q0, or 0 for a zero initial state. */
    public double initialVariance() {
        return spec.init() == InitialState.ZERO ? 0.0 : spec.q0();
    }
}
