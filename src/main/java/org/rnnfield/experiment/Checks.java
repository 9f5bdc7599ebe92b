package org.rnnfield.experiment;

import org.rnnfield.model.ConfigException;

/** Up-front checks of experiment settings, each naming the field and its allowed range. */
final class Checks {
    private Checks() {
    }

    static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw ConfigException.field("settings." + field, value, "integer >= " + min);
        }
    }

    /** A value that must be given (e.g. an enum with no default), naming what is allowed. */
    static void given(String field, Object value, String allowed) {
        if (value == null) {
            throw ConfigException.field("settings." + field, null, allowed);
        }
    }

    static void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw ConfigException.field("settings." + field, value, "finite number > 0");
        }
    }

    /** A non-empty list of finite positive numbers, increasing (the experiments fit and plot along it). */
    static void grid(String field, double[] values) {
        if (values == null || values.length == 0) {
            throw ConfigException.field("settings." + field, "[]", "one or more finite numbers > 0, increasing");
        }
        for (int i = 0; i < values.length; i++) {
            positive(field, values[i]);
            if (i > 0 && !(values[i] > values[i - 1])) {
                throw ConfigException.field("settings." + field, java.util.Arrays.toString(values), "increasing values");
            }
        }
    }

    static void sizes(String field, int[] values, int minCount) {
        if (values == null || values.length < minCount) {
            throw ConfigException.field("settings." + field, values == null ? "null" : java.util.Arrays.toString(values),
                    "at least " + minCount + " sizes, increasing, each >= 2");
        }
        for (int i = 0; i < values.length; i++) {
            atLeast(field, values[i], 2);
            if (i > 0 && values[i] <= values[i - 1]) {
                throw ConfigException.field("settings." + field, java.util.Arrays.toString(values), "increasing sizes");
            }
        }
    }

    /** The fields shared by the experiments that train networks of n neurons on the sine task over a gamma grid. */
    static void sineTraining(int n, int minN, double[] gammas, int steps, double eta0, double duration, double dt,
                             double freq) {
        atLeast("n", n, minN);
        grid("gammas", gammas);
        atLeast("steps", steps, 0);
        positive("eta0", eta0);
        positive("duration", duration);
        positive("dt", dt);
        positive("freq", freq);
    }
}
