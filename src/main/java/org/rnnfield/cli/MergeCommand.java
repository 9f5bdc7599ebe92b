package org.rnnfield.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.rnnfield.io.CsvTable;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code rnnfield merge}: gathers a sweep's finished points (from every shard) into one CSV table. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Gather the points of a sweep folder into results.csv (one row per point: gamma, N, seed, g,",
                "losses, steps, time, backend); points not finished yet are listed and counted."})
public final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "the sweep folder (holding sweep.json)")
    Path out;

    @Option(names = "--table", description = "CSV file to write (default: <out>/results.csv)")
    Path table;

    @Override
    public Integer call() throws IOException {
        Path plan = out.resolve(SweepCommand.PLAN_FILE);
        if (!Files.isRegularFile(plan)) {
            throw ConfigException.field("out", "'" + out + "'", "a sweep folder containing " + SweepCommand.PLAN_FILE);
        }
        JsonNode points = Json.MAPPER.readTree(plan.toFile()).get("points");
        CsvTable csv = new CsvTable("folder", "gamma", "N", "seed", "g", "final_loss", "normalized_loss", "initial_loss", "steps",
                "wall_seconds", "backend");
        List<String> missing = new ArrayList<>();
        int done = 0;
        for (JsonNode p : points) {
            String folder = p.get("folder").asText();
            Path summary = out.resolve(folder).resolve("summary.json");
            if (!Files.isRegularFile(summary)) {
                missing.add(folder);
                continue;
            }
            JsonNode s = Json.MAPPER.readTree(summary.toFile());
            csv.row(folder, p.get("gamma").asText(), p.get("N").asInt(), p.get("seed").asLong(), p.get("g").asText(),
                    s.get("final_loss").asDouble(), s.get("normalized_loss").asDouble(), s.get("initial_loss").asDouble(),
                    s.get("steps").asInt(), String.format(Locale.ROOT, "%.3f", s.get("wall_seconds").asDouble()),
                    s.get("backend").asText());
            done++;
        }
        Path target = table != null ? table : out.resolve("results.csv");
        csv.write(target);
        System.out.printf(Locale.ROOT, "merge: %d of %d points finished -> %s%n", done, points.size(), target);
        if (!missing.isEmpty()) {
            System.out.println("not finished: " + String.join(" ", missing));
        }
        return 0;
    }
}
