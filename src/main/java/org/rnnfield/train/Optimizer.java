package org.rnnfield.train;

import org.rnnfield.model.ConfigException;

/** Update rule. Learning rates follow the mean-field (muP) scaling, see {@link TrainSpec#learningRate}. */
public enum Optimizer {
    GD, ADAM;

    public static Optimizer parse(String s) {
        for (Optimizer o : values()) {
            if (o.name().equalsIgnoreCase(s)) {
                return o;
            }
        }
        throw ConfigException.field("optimizer", "'" + s + "'", "gd, adam");
    }
}
