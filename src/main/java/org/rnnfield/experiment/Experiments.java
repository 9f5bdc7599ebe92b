package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.io.Provenance;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of experiments, by name. */
public final class Experiments {
    private static final Map<String, Experiment<?>> ALL = new LinkedHashMap<>();

    static {
        for (Experiment<?> e : List.of(new ConvergenceExperiment(), new SingleNeuronExperiment(),
                new LinearFrequenciesExperiment(), new ChaosOrderExperiment(), new ReachExperiment())) {
            ALL.put(e.name(), e);
        }
    }

    private Experiments() {
    }

    public static Map<String, Experiment<?>> all() {
        return ALL;
    }

    public static Experiment<?> byName(String name) {
        Experiment<?> e = ALL.get(name);
        if (e == null) {
            throw ConfigException.field("experiment", "'" + name + "'", String.join(", ", ALL.keySet()));
        }
        return e;
    }

    /** Runs an experiment in its quick or full form and stamps the summary with the form, settings, backend, versions and time. */
    public static <S> ObjectNode run(Experiment<S> e, Backend backend, boolean full, long seed, ExperimentOutput out)
            throws IOException {
        S settings = full ? e.full(seed) : e.quick(seed);
        return run(e, backend, settings, full ? "full" : "quick", out);
    }

    /**
     * Settings from a JSON file, or from an inline JSON object given in its place (an argument starting with '{' that
     * names no file): the quick settings with its fields replacing theirs (checked).
     */
    public static <S> S settings(Experiment<S> e, java.nio.file.Path settingsFile, long seed) {
        String text = settingsFile.toString();
        boolean inline = !java.nio.file.Files.exists(settingsFile) && text.strip().startsWith("{");
        if (!inline && !java.nio.file.Files.isRegularFile(settingsFile)) {
            throw ConfigException.field("settings", text, "a readable JSON file, or an inline JSON object such as '{\"n\": 500}'");
        }
        JsonNode fields;
        try {
            fields = inline ? Json.MAPPER.readTree(text) : Json.MAPPER.readTree(settingsFile.toFile());
        } catch (IOException ex) {
            throw new ConfigException("settings: " + (inline ? "the inline object" : settingsFile) + " is not valid JSON: "
                    + ex.getMessage());
        }
        if (!(fields instanceof ObjectNode o)) {
            throw new ConfigException("settings: " + text + " must hold a JSON object of " + e.name() + " settings");
        }
        return settings(e, o, inline ? "--settings" : text, seed);
    }

    /**
     * The quick settings with the given fields replacing theirs, checked by the settings' constructor; every field
     * must be known and none may be left out (the quick form is complete, so a missing one is a bug in it).
     *
     * @param source named in errors (a file, or the form)
     */
    public static <S> S settings(Experiment<S> e, ObjectNode fields, String source, long seed) {
        ObjectNode merged = e.quickFields();
        merged.setAll(fields);
        merged.put("seed", seed);
        try {
            return Json.MAPPER.readerFor(e.settingsType())
                    .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES).readValue(merged);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException ex) {
            throw new ConfigException("settings: unknown field '" + ex.getPropertyName() + "' in " + source
                    + " (allowed: " + ex.getKnownPropertyIds() + ")");
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException ex) {
            if (ex.getCause() instanceof ConfigException c) {
                throw c;
            }
            throw new ConfigException("settings: " + source + ": " + ex.getOriginalMessage());
        } catch (IOException ex) {
            throw new ConfigException("settings: " + source + " is not a valid JSON object of " + e.name()
                    + " settings: " + ex.getMessage());
        }
    }

    /**
     * Adds solves that did not converge (or failed) to the headline's "unconverged" list, the convergence contract's
     * key: {@code rnnfield experiment} exits with the unconverged code when it is not empty.
     */
    static void unconverged(ObjectNode headline, String label, List<String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        com.fasterxml.jackson.databind.node.ArrayNode list = headline.has("unconverged")
                ? (com.fasterxml.jackson.databind.node.ArrayNode) headline.get("unconverged") : headline.putArray("unconverged");
        problems.forEach(p -> list.add(label + ": " + p));
    }

    public static <S> ObjectNode run(Experiment<S> e, Backend backend, S settings, String form, ExperimentOutput out)
            throws IOException {
        long t0 = System.nanoTime();
        ObjectNode s = e.run(backend, settings, out);
        ObjectNode stamped = Json.object();
        stamped.put("experiment", e.name());
        stamped.put("description", e.description());
        stamped.put("form", form);
        stamped.setAll(s);
        stamped.set("settings", Json.MAPPER.valueToTree(settings));
        stamped.put("backend", backend.describe());
        stamped.put("wall_seconds", (System.nanoTime() - t0) * 1e-9);
        stamped.set("versions", Provenance.versions());
        out.summary(stamped);
        return stamped;
    }
}
