package org.rnnfield.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A table written as RFC 4180 CSV by jackson-dataformat-csv, so strings holding commas, quotes or newlines are
 * quoted and pandas / numpy read every row back as written. Numbers are written in Java's shortest form that
 * reads back to the same double ({@link Double#toString}, which Python's float() parses), so nothing is lost.
 */
public final class CsvTable {
    // strict: quote a field only where RFC 4180 needs it (the default heuristic quotes e.g. "gamma=0.5_N=20")
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final List<String> header;
    private final List<Object[]> rows = new ArrayList<>();

    public CsvTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a CSV table needs at least one column");
        }
        this.header = List.copyOf(header);
    }

    public CsvTable(String... header) {
        this(List.of(header));
    }

    /** Appends a row of exactly one value per column. */
    public CsvTable row(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException("CSV row of " + values.length + " values for " + header.size() + " columns " + header);
        }
        rows.add(values.clone());
        return this;
    }

    public CsvTable rows(List<Object[]> values) {
        values.forEach(this::row);
        return this;
    }

    public String format() {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        header.forEach(schema::addColumn);
        StringWriter out = new StringWriter();
        try (CsvGenerator g = (CsvGenerator) MAPPER.getFactory().createGenerator(out)) {
            g.setSchema(schema.build());
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (Object[] row : rows) {
                g.writeStartArray();
                for (Object v : row) {
                    g.writeString(text(v));
                }
                g.writeEndArray();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("formatting CSV", e);
        }
        return out.toString();
    }

    private static String text(Object v) {
        return String.valueOf(v);
    }

    /** Writes the table atomically (see {@link AtomicFiles}). */
    public void write(Path target) throws IOException {
        AtomicFiles.writeString(target, format());
    }
}
