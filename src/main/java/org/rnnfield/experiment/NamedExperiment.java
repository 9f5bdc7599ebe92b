package org.rnnfield.experiment;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The name, one-line description and settings type every experiment declares, and its quick and full forms,
 * read by field name from {@code forms/NAME.json} beside this class: one place for the defaults, commented,
 * instead of positional constructor calls.
 */
abstract class NamedExperiment<S> implements Experiment<S> {
    private final String name;
    private final String description;
    private final Class<S> settingsType;

    NamedExperiment(String name, String description, Class<S> settingsType) {
        this.name = name;
        this.description = description;
        this.settingsType = settingsType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<S> settingsType() {
        return settingsType;
    }

    @Override
    public final S quick(long seed) {
        return Experiments.settings(this, Json.object(), "quick", seed);
    }

    @Override
    public final S full(long seed) {
        return Experiments.settings(this, (ObjectNode) forms().get("full"), "full", seed);
    }

    @Override
    public final ObjectNode quickFields() {
        return ((ObjectNode) forms().get("quick")).deepCopy();
    }

    private ObjectNode forms() {
        String resource = "forms/" + name + ".json";
        try (InputStream in = NamedExperiment.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + NamedExperiment.class.getName());
            }
            return (ObjectNode) Json.MAPPER.reader().with(JsonReadFeature.ALLOW_JAVA_COMMENTS).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
