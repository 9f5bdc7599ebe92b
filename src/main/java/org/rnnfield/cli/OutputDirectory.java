package org.rnnfield.cli;

import org.rnnfield.model.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A command's output folder. Checked for writability before any work starts; when a run fails on
 * bad input, {@link #discard()} removes what this run wrote (and the folder, if this run made it).
 */
final class OutputDirectory {
    private final Path dir;
    private final boolean created;
    private final List<Path> written = new ArrayList<>();

    private OutputDirectory(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    /** A command's work once its input is validated, given its output folder and an open backend. */
    @FunctionalInterface
    interface Work {
        Integer run(OutputDirectory dir, org.rnnfield.backend.Backend backend) throws IOException;
    }

    /**
     * Prepares {@code out}, opens the configured backend, runs the work and closes the backend. Bad
     * input found on the way (e.g. no CUDA device) removes what this run wrote, unless {@code keep}
     * (a resumed run must not lose its checkpoint).
     */
    static int run(Path out, RunConfig config, boolean keep, Work work) throws IOException {
        OutputDirectory dir = prepare(out);
        try (org.rnnfield.backend.Backend backend = org.rnnfield.backend.Backends.create(config.backend, config.precision())) {
            return work.run(dir, backend);
        } catch (ConfigException e) {
            if (!keep) {
                dir.discard();
            }
            throw e;
        }
    }

    static OutputDirectory prepare(Path dir) {
        if (dir == null) {
            throw ConfigException.field("out", "missing", "a writable directory (--out DIR)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw ConfigException.field("out", "'" + dir + "'", "a directory, but it is an existing file");
        }
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw ConfigException.field("out", "'" + dir + "'", "a writable directory; it cannot be created ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".probe", ".tmp"));
        } catch (IOException e) {
            OutputDirectory d = new OutputDirectory(dir, created);
            d.discard();
            throw ConfigException.field("out", "'" + dir + "'", "a writable directory; it is not writable");
        }
        return new OutputDirectory(dir, created);
    }

    Path file(String name) {
        Path p = dir.resolve(name);
        written.add(p);
        return p;
    }

    /**
     * Adds the provenance every summary carries (wall time, backend, the resolved config, versions) and
     * writes summary.json atomically.
     */
    void writeSummary(com.fasterxml.jackson.databind.node.ObjectNode s, double wallSeconds,
                      org.rnnfield.backend.Backend backend, RunConfig config) throws IOException {
        s.put("wall_seconds", wallSeconds);
        s.put("backend", backend.describe());
        s.set("config", org.rnnfield.io.Json.MAPPER.valueToTree(config));
        s.set("versions", org.rnnfield.io.Provenance.versions());
        org.rnnfield.io.Json.write(file("summary.json"), s);
    }

    Path path() {
        return dir;
    }

    void discard() {
        try {
            if (created) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            } else {
                for (Path p : written) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            System.err.println("rnnfield: could not remove partial output in " + dir + ": " + e.getMessage());
        }
    }
}
