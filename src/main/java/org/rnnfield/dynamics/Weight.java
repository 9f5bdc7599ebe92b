package org.rnnfield.dynamics;

import org.rnnfield.model.ConfigException;

import java.util.EnumSet;
import java.util.List;

/** The trainable matrices of the network. */
public enum Weight {
    J, U, V;

    public static EnumSet<Weight> parse(List<String> names) {
        EnumSet<Weight> s = EnumSet.noneOf(Weight.class);
        for (String n : names) {
            try {
                s.add(valueOf(n.trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw ConfigException.field("train", "'" + n + "'", "any of J, U, V");
            }
        }
        if (s.isEmpty()) {
            throw ConfigException.field("train", "[]", "a non-empty subset of J, U, V");
        }
        return s;
    }
}
