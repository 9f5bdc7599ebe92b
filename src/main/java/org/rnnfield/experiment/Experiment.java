package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;

import java.io.IOException;

/**
 * One of the paper's claims as a runnable experiment (THEORY.md section 4): it trains and simulates
 * what it needs on a backend, writes data, PNGs and summary.json into {@code out}, and returns the
 * summary (its "headline" object holds the numbers the claim rests on).
 *
 * @param <S> the experiment's settings: a quick form (minutes on 2 cores) and a full, paper-size form
 */
public interface Experiment<S> {
    String name();

    String description();

    S quick(long seed);

    S full(long seed);

    /** The quick form's fields by name (without the seed): what {@code --settings} files replace. */
    ObjectNode quickFields();

    /** The settings' class, for reading them from JSON ({@code --settings}). */
    Class<S> settingsType();

    ObjectNode run(Backend backend, S settings, ExperimentOutput out) throws IOException;

    /**
     * The precision the experiment runs in unless the user names one: float64, except where float32 was measured
     * to leave the headline unchanged and saves time (documented by the experiment that overrides this).
     */
    default org.rnnfield.backend.Precision defaultPrecision() {
        return org.rnnfield.backend.Precision.FLOAT64;
    }
}
