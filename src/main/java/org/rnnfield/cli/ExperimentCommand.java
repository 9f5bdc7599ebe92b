package org.rnnfield.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Backends;
import org.rnnfield.backend.Precision;
import org.rnnfield.experiment.Experiment;
import org.rnnfield.experiment.ExperimentOutput;
import org.rnnfield.experiment.Experiments;
import org.rnnfield.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code rnnfield experiment NAME}: one of the paper's experiments, quick by default, paper-size with --full. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one of the paper's experiments and write its data (.npy/CSV), PNGs and summary.json to --out.",
                "NAME: convergence, single-neuron, linear-frequencies, chaos-order, reach, or list.",
                "The quick form takes minutes on 2 cores; --full is paper-size and meant for a GPU (--backend cuda)."})
public final class ExperimentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "experiment name, or 'list'")
    String name;

    @Option(names = "--out", description = "output directory (required unless NAME is list)")
    Path out;

    @Option(names = "--full", description = "paper-size settings instead of the quick ones")
    boolean full;

    @Option(names = "--settings", paramLabel = "FILE|JSON", description = "JSON file (or inline JSON object) replacing fields of the quick settings"
            + " (field names as in summary.json's \"settings\")")
    Path settings;

    @Option(names = "--recording", paramLabel = "FILE", description = "reach: compare the students with this recording"
            + " (conditions x time x units, spikes/s, 10 ms bins) in .npy, .mat (v5 or v7.3) or HDF5/NWB, instead of a"
            + " synthetic teacher")
    Path recording;

    @Option(names = "--recording-variable", paramLabel = "NAME", description = "reach: the array inside --recording"
            + " (MATLAB variable or HDF5 dataset path) when the file holds several")
    String recordingVariable;

    @Option(names = "--targets", paramLabel = "FILE", description = "reach: train on these targets (conditions x time x"
            + " outputs, e.g. EMG), same formats as --recording")
    Path targets;

    @Option(names = "--targets-variable", paramLabel = "NAME", description = "reach: the array inside --targets")
    String targetsVariable;

    @picocli.CommandLine.Mixin
    ConvergenceOptions convergence;

    @Option(names = "--seed", description = "seed of networks, DMFT sampling and recordings (default: 1)")
    long seed = 1;

    @Option(names = "--backend", description = "auto, cpu or cuda (default: cpu)")
    String backend = "cpu";

    @Option(names = "--precision", description = "float64 or float32 (default: the experiment's; float64 except reach)")
    String precision;

    /** The user-data flags as settings fields (absolute paths, so the summary says which file was used). */
    private ObjectNode userData() {
        ObjectNode o = Json.object();
        if (recording != null) {
            o.put("recording", recording.toAbsolutePath().toString());
        }
        if (recordingVariable != null) {
            o.put("recordingVariable", recordingVariable);
        }
        if (targets != null) {
            o.put("targets", targets.toAbsolutePath().toString());
        }
        if (targetsVariable != null) {
            o.put("targetsVariable", targetsVariable);
        }
        return o;
    }

    @Override
    public Integer call() throws IOException {
        if ("list".equals(name)) {
            for (Map.Entry<String, Experiment<?>> e : Experiments.all().entrySet()) {
                System.out.printf("%-20s %s%n", e.getKey(), e.getValue().description());
            }
            return 0;
        }
        return run(Experiments.byName(name));
    }

    private <S> Integer run(Experiment<S> e) throws IOException {
        // everything the input decides is checked before the output folder or a device is touched
        S s = settings != null ? Experiments.settings(e, settings, seed) : full ? e.full(seed) : e.quick(seed);
        String form = settings != null ? "custom" : full ? "full" : "quick";
        ObjectNode userData = userData();
        if (!userData.isEmpty()) {
            if (!e.quickFields().has("recording")) {
                throw new org.rnnfield.model.ConfigException("--recording/--targets: only the reach experiment compares"
                        + " with the user's data, not " + e.name());
            }
            ObjectNode fields = Json.MAPPER.valueToTree(s);
            fields.remove("seed");
            fields.setAll(userData);
            s = Experiments.settings(e, fields, "--recording/--targets", seed);
            form += ", user data";
        }
        Precision p = precision != null ? Precision.parse(precision) : e.defaultPrecision();
        OutputDirectory dir = OutputDirectory.prepare(out);
        try (Backend be = Backends.create(backend, p)) {
            System.err.println("rnnfield experiment " + name + " (" + form + ") on " + be.describe());
            ObjectNode summary = Experiments.run(e, be, s, form, new ExperimentOutput(dir.path()));
            JsonNode h = summary.get("headline");
            System.out.println("experiment " + name + " done in " + String.format(java.util.Locale.ROOT, "%.1f",
                    summary.get("wall_seconds").asDouble()) + " s (" + out + ")");
            h.fields().forEachRemaining(f -> System.out.println("  " + f.getKey() + ": "
                    + (f.getValue().isArray() && f.getValue().size() > 0 && f.getValue().get(0).isObject()
                    ? f.getValue().size() + " rows (summary.json, CSV)" : f.getValue().toString())));
            java.util.List<String> problems = new java.util.ArrayList<>();
            h.path("unconverged").forEach(u -> problems.add(u.asText()));
            return convergence.exitCode("experiment " + name, problems);
        } catch (org.rnnfield.model.ConfigException ex) {
            dir.discard();
            throw ex;
        }
    }
}
