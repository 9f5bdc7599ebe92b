package org.rnnfield.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.Npy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad input: one-line error naming field, value and allowed range; exit 2; no output left. */
class BadInputTest {
    @TempDir
    Path tmp;

    private String fails(String... args) {
        Path out = tmp.resolve("out");
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--out")) {
            all.add("--out");
            all.add(out.toString());
        }
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), all.toArray(String[]::new));
        String msg = err.toString().strip();
        assertEquals(Main.EXIT_BAD_INPUT, code, "exit code; stderr: " + msg);
        assertFalse(msg.contains("\n"), "one line: " + msg);
        assertTrue(msg.startsWith("rnnfield: error: "), msg);
        assertFalse(Files.exists(out), "partial output left behind in " + out);
        return msg;
    }

    private static void names(String msg, String... parts) {
        for (String p : parts) {
            assertTrue(msg.contains(p), "'" + p + "' missing from: " + msg);
        }
    }

    @Test
    void nonPositiveN() {
        names(fails("train", "--N", "0", "--steps", "1"), "N:", "0", "allowed", "1..");
        names(fails("simulate", "--N", "-5"), "N:", "-5", "allowed");
    }

    @Test
    void nonPositiveGamma() {
        names(fails("train", "--gamma", "0"), "gamma:", "0.0", "> 0");
        names(fails("train", "--gamma", "-1.5"), "gamma:", "-1.5", "> 0");
    }

    @Test
    void dtLargerThanTau() {
        names(fails("train", "--dt", "2", "--tau", "1"), "dt:", "2.0", "dt <= tau");
    }

    @Test
    void unknownTaskAndOtherEnums() {
        names(fails("train", "--task", "juggle"), "task:", "'juggle'", "sine, multisine, reach, npy");
        names(fails("train", "--phi", "relu"), "phi:", "'relu'", "tanh, linear");
        names(fails("train", "--backend", "tpu"), "backend:", "'tpu'", "auto, cpu, cuda");
        names(fails("train", "--precision", "half"), "precision:", "'half'", "float64, float32");
    }

    @Test
    void missingNpy() {
        names(fails("train", "--task", "npy", "--targets", tmp.resolve("nope.npy").toString()),
                "task.targets:", "nope.npy", "not found");
    }

    @Test
    void malformedNpy() throws IOException {
        Path bad = tmp.resolve("bad.npy");
        Files.writeString(bad, "garbage, not an array");
        names(fails("train", "--task", "npy", "--targets", bad.toString()), "task.targets:", "bad.npy", "not a .npy");
    }

    @Test
    void shapeMismatch() throws IOException {
        Path targets = tmp.resolve("targets.npy");
        Path inputs = tmp.resolve("inputs.npy");
        Npy.write(targets, NdArray.zeros(2, 30, 1));
        Npy.write(inputs, NdArray.zeros(2, 25, 3));
        names(fails("train", "--task", "npy", "--targets", targets.toString(), "--inputs", inputs.toString()),
                "inputs:", "(2, 25, 3)", "(2, 30, D_in)");
        Path mask = tmp.resolve("mask.npy");
        Npy.write(mask, NdArray.zeros(3, 30));
        names(fails("train", "--task", "npy", "--targets", targets.toString(), "--mask", mask.toString()),
                "mask:", "(3, 30)", "(2, 30)");
    }

    @Test
    void unwritableOut() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        String msg = fails("train", "--steps", "1", "--out", file.resolve("sub").toString());
        names(msg, "out:", "a-file", "writable directory");
        names(fails("train", "--steps", "1", "--out", file.toString()), "out:", "a-file", "directory");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void badConfigFile() throws IOException {
        Path cfg = tmp.resolve("c.json");
        Files.writeString(cfg, "{\"N\": 100, \"gamma\": 1.0, \"colour\": \"red\"}");
        names(fails("train", "--config", cfg.toString()), "config:", "'colour'");
        Files.writeString(cfg, "{\"N\": 100, \"gamma\": -2}");
        names(fails("train", "--config", cfg.toString()), "gamma:", "-2.0");
        names(fails("train", "--config", tmp.resolve("none.json").toString()), "config:", "none.json");
    }

    /** The driven DMFT needs more sites than Gaussian draws per site (they must be linearly independent). */
    @Test
    void fewerSitesThanDraws() {
        names(fails("dmft", "--task", "sine", "--duration", "20", "--dt", "0.1", "--samples", "100", "--replicas", "1"),
                "samples:", "100", "more than the 202 Gaussian draws");
    }

    @Test
    void networkSizesBelowTwo() {
        names(fails("dmft", "--trained", "--network-sizes", "100,1", "--steps", "1"), "network-sizes:", "1");
    }

    @Test
    void cudaWithoutDevice() {
        names(fails("train", "--backend", "cuda", "--steps", "1"), "backend:", "cuda");
    }
}
