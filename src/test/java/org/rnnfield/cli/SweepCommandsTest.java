package org.rnnfield.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.io.Json;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sweep (shards, skip, resume) and merge end to end on a tiny grid. */
class SweepCommandsTest {
    @TempDir
    Path tmp;

    private static int run(String... args) {
        return Main.run(new PrintWriter(new StringWriter(), true), args);
    }

    private int sweep(Path out, String shard) {
        return run("sweep", "--out", out.toString(), "--gammas", "0.5,1", "--sizes", "20,30", "--seeds", "1,2",
                "--steps", "6", "--duration", "1", "--shard", shard);
    }

    @Test
    void shardsCoverTheGridOnceAndMergeGathersThem() throws IOException {
        Path out = tmp.resolve("sweep");
        assertEquals(0, sweep(out, "0/3"));
        assertEquals(0, run("merge", "--out", out.toString()));
        List<String> partial = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 3, partial.size(), "shard 0/3 of 8 points: indices 0, 3, 6");
        assertEquals(0, sweep(out, "1/3"));
        assertEquals(0, sweep(out, "2/3"));
        assertEquals(0, run("merge", "--out", out.toString()));
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 8, rows.size());
        assertTrue(rows.get(0).startsWith("folder,gamma,N,seed,g,final_loss"));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("gamma=0.5_N=30_seed=2_g=1.5,0.5,30,2,1.5,")), rows.toString());
        // a finished point is skipped: its summary is not rewritten
        Path point = out.resolve("gamma=1_N=20_seed=1_g=1.5");
        long before = Files.getLastModifiedTime(point.resolve("summary.json")).toMillis();
        assertEquals(0, sweep(out, "0/1"));
        assertEquals(before, Files.getLastModifiedTime(point.resolve("summary.json")).toMillis());
    }

    @Test
    void anInterruptedPointResumesFromItsCheckpoint() throws IOException {
        Path out = tmp.resolve("sweep");
        assertEquals(0, sweep(out, "0/1"));
        Path point = out.resolve("gamma=0.5_N=20_seed=2_g=1.5");
        double finished = Json.MAPPER.readTree(point.resolve("summary.json").toFile()).get("final_loss").asDouble();
        // crash the same point after step 4, leaving config.json and the checkpoint the sweep asked for
        RunConfig cfg = RunConfig.read(point.resolve(TrainCommand.CONFIG_FILE));
        cfg.checkpointEvery = 2;
        for (String f : new String[]{"summary.json", "weights.npz", "history.csv"}) {
            Files.delete(point.resolve(f));
        }
        Json.write(point.resolve(TrainCommand.CONFIG_FILE), cfg);
        Crashes.trainAndCrashAfter(cfg, point, 5);
        assertTrue(Files.exists(point.resolve(TrainCommand.CHECKPOINT_FILE)));
        assertEquals(0, sweep(out, "0/1"));
        double resumed = Json.MAPPER.readTree(point.resolve("summary.json").toFile()).get("final_loss").asDouble();
        assertEquals(finished, resumed, 0.0, "resumed point ends where the uninterrupted one did");
        assertTrue(!Files.exists(point.resolve(TrainCommand.CHECKPOINT_FILE)));
    }

    @Test
    void badShardAndMissingPlanAreBadInput() {
        assertEquals(Main.EXIT_BAD_INPUT, sweep(tmp.resolve("x"), "3/3"));
        assertEquals(Main.EXIT_BAD_INPUT, sweep(tmp.resolve("y"), "a/b"));
        assertEquals(Main.EXIT_BAD_INPUT, run("merge", "--out", tmp.resolve("none").toString()));
    }
}
