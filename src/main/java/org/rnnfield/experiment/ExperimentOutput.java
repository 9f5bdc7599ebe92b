package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.AtomicFiles;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npy;
import org.rnnfield.report.LinePlot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where an experiment writes: arrays as .npy, tables as CSV, figures as PNG and the headline numbers
 * in summary.json, each file written atomically (temp file + rename).
 */
public final class ExperimentOutput {
    private final Path dir;

    public ExperimentOutput(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    public Path dir() {
        return dir;
    }

    public void npy(String name, NdArray a) throws IOException {
        Npy.write(dir.resolve(name + ".npy"), a);
    }

    /** A CSV table (RFC 4180, see {@link org.rnnfield.io.CsvTable}). */
    public void csv(String name, List<String> header, List<Object[]> rows) throws IOException {
        new org.rnnfield.io.CsvTable(header).rows(rows).write(dir.resolve(name + ".csv"));
    }

    public void png(String name, LinePlot plot) throws IOException {
        plot.write(dir.resolve(name + ".png"));
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public void summary(ObjectNode s) throws IOException {
        Json.write(dir.resolve("summary.json"), s);
    }

    /** Progress of a long experiment, one line per stage on stderr. */
    public static void progress(String experiment, int done, int total, String what) {
        System.err.printf(Locale.ROOT, "[%s %d/%d] %s%n", experiment, done, total, what);
    }
}
