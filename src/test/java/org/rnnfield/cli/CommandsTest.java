package org.rnnfield.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;

import java.io.IOException;
import java.net.URISyntaxException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands end to end, on small sizes. */
class CommandsTest {
    @TempDir
    Path tmp;

    private static int run(String... args) {
        return Main.run(new PrintWriter(new StringWriter(), true), args);
    }

    @Test
    void trainWritesEveryOutputAndAResolvedConfig() throws IOException {
        Path out = tmp.resolve("o");
        assertEquals(0, run("train", "--N", "50", "--steps", "30", "--duration", "3", "--seed", "2", "--out", out.toString()));
        for (String f : List.of("summary.json", "weights.npz", "history.csv", "outputs.npz", "loss.png", "output.png", "config.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(30, s.get("steps").asInt());
        assertEquals(50, s.get("config").get("N").asInt());
        double finalLoss = s.get("final_loss").asDouble();
        assertTrue(finalLoss < s.get("initial_loss").asDouble());
        Map<String, NdArray> w = Npz.read(out.resolve("weights.npz"));
        assertArrayEquals(new int[]{50, 50}, w.get("J").shape());
        assertArrayEquals(new int[]{50, 1}, w.get("V").shape());
        assertFalse(java.util.Arrays.equals(w.get("J").data(), w.get("J0").data()), "J trained");
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("step,loss,normalized_loss,seconds", history.get(0));
        assertEquals(32, history.size());
        assertFalse(Files.exists(out.resolve("checkpoint.npz")), "checkpoint removed after a finished run");
        // the target over the window: normalized = final / mean squared target
        NdArray target = Npz.read(out.resolve("outputs.npz")).get("target");
        double ms = 0;
        for (double v : target.data()) {
            ms += v * v;
        }
        ms /= target.size();
        assertEquals(finalLoss / ms, s.get("normalized_loss").asDouble(), 1e-9);
    }

    @Test
    void configFileAndFlagsCombineWithFlagsWinning() throws IOException {
        Path cfg = tmp.resolve("c.json");
        Files.writeString(cfg, "{\"N\": 40, \"gamma\": 0.5, \"steps\": 5, \"task\": {\"name\": \"multisine\", \"freqs\": [0.1, 0.3], \"duration\": 2}}");
        Path out = tmp.resolve("o");
        assertEquals(0, run("train", "--config", cfg.toString(), "--N", "30", "--out", out.toString()));
        JsonNode c = Json.MAPPER.readTree(out.resolve("summary.json").toFile()).get("config");
        assertEquals(30, c.get("N").asInt());
        assertEquals(0.5, c.get("gamma").asDouble());
        assertEquals("multisine", c.get("task").get("name").asText());
    }

    @Test
    void resumeAfterACrashMatchesAnUninterruptedRun() throws IOException {
        Path a = tmp.resolve("a");
        assertEquals(0, run("train", "--N", "40", "--steps", "20", "--duration", "2", "--checkpoint-every", "5", "--out", a.toString()));
        // run b crashes at step 12 (after its checkpoint at 10), leaving config.json and checkpoint.npz
        Path b = tmp.resolve("b");
        Files.createDirectories(b);
        RunConfig cfg = new RunConfig();
        cfg.n = 40;
        cfg.steps = 20;
        cfg.task.duration = 2.0;
        cfg.checkpointEvery = 5;
        Json.write(b.resolve(TrainCommand.CONFIG_FILE), cfg);
        Crashes.trainAndCrashAfter(cfg, b, 12);
        assertEquals(0, run("train", "--resume", "--out", b.toString()));
        JsonNode sa = Json.MAPPER.readTree(a.resolve("summary.json").toFile());
        JsonNode sb = Json.MAPPER.readTree(b.resolve("summary.json").toFile());
        assertEquals(sa.get("final_loss").asDouble(), sb.get("final_loss").asDouble(), 0.0, "bit-identical final loss");
        assertArrayEquals(Npz.read(a.resolve("weights.npz")).get("J").data(), Npz.read(b.resolve("weights.npz")).get("J").data());
        assertEquals(Files.readAllLines(a.resolve("history.csv")).size(), Files.readAllLines(b.resolve("history.csv")).size());
    }

    @Test
    void resumeWithoutCheckpointIsABadInputError() {
        Path out = tmp.resolve("none");
        assertEquals(0, run("train", "--N", "20", "--steps", "2", "--duration", "1", "--out", out.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, run("train", "--resume", "--out", out.toString()));
    }

    @Test
    void simulateRecordsATrajectoryFromTrainedWeights() throws IOException {
        Path t = tmp.resolve("t");
        assertEquals(0, run("train", "--N", "30", "--steps", "3", "--duration", "2", "--out", t.toString()));
        Path s = tmp.resolve("s");
        assertEquals(0, run("simulate", "--N", "30", "--duration", "2", "--record", "7", "--weights",
                t.resolve("weights.npz").toString(), "--out", s.toString()));
        Map<String, NdArray> traj = Npz.read(s.resolve("trajectory.npz"));
        assertArrayEquals(new int[]{1, 21, 7}, traj.get("x").shape());
        JsonNode sum = Json.MAPPER.readTree(s.resolve("summary.json").toFile());
        JsonNode trained = Json.MAPPER.readTree(t.resolve("summary.json").toFile());
        assertEquals(trained.get("final_loss").asDouble(), sum.get("loss").asDouble(), 1e-12, "same weights, same loss");
        assertTrue(Files.size(s.resolve("activity.png")) > 0);
    }

    @Test
    void dmftWritesTheAutocorrelationAndKernels() throws IOException {
        Path out = tmp.resolve("d");
        assertEquals(0, run("dmft", "--g", "2", "--dt", "0.2", "--tmax", "12", "--max-lag", "4", "--samples", "300",
                "--replicas", "2", "--N", "60", "--out", out.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(s.get("delta0").asDouble() > 0);
        assertEquals(21, s.get("autocorrelation").get("lags").size());
        assertEquals(4.0, s.get("autocorrelation").get("lags").get(20).asDouble(), 1e-12);
        assertTrue(s.get("scs").get("delta0").asDouble() > 0);
        assertTrue(Npz.read(out.resolve("kernels.npz")).containsKey("Phi"));
        assertTrue(Files.size(out.resolve("autocorrelation.png")) > 0 && Files.size(out.resolve("kernel.png")) > 0);
    }

    /**
     * The convergence contract (issue 14): a DMFT that stopped short of its tolerance is warned about,
     * listed in summary.json with its replica and last change, and exits 4; --allow-unconverged exits 0
     * with the same record. Every summary carries the provenance block.
     */
    @Test
    void anUnconvergedDmftIsListedAndExitsWithTheUnconvergedCode() throws IOException {
        // the stationary solver iterates (driven problems march in one pass and cannot stop short)
        String[] args = {"dmft", "--g", "2", "--dt", "0.2", "--tmax", "12", "--max-lag", "4", "--samples", "200",
                "--replicas", "1", "--iterations", "2", "--N", "30"};
        Path out = tmp.resolve("u");
        assertEquals(Main.EXIT_UNCONVERGED, run(concat(args, "--out", out.toString())));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertFalse(s.get("converged").asBoolean());
        assertEquals(1, s.get("unconverged").size());
        assertTrue(s.get("unconverged").get(0).asText().contains("replica seed 1 not converged"), s.get("unconverged").toString());
        assertEquals(2, s.get("solver").get("settings").get("maxIterations").asInt(), "the solver's settings, whole");
        JsonNode v = s.get("versions");
        assertTrue(v.get("rnnfield").asText().matches("\\d+\\.\\d+\\.\\d+.*"), v.toString());
        // built from this checkout by Maven (scripts/build-info.sh): the commit is recorded
        assertTrue(v.get("git_commit").asText().matches("[0-9a-f]{40}"), v.toString());
        assertTrue(v.get("blas").asText().length() > 0 && v.has("java"), v.toString());
        Path kept = tmp.resolve("k");
        assertEquals(0, run(concat(args, "--allow-unconverged", "--out", kept.toString())));
        JsonNode k = Json.MAPPER.readTree(kept.resolve("summary.json").toFile());
        assertTrue(k.get("allow_unconverged").asBoolean());
        assertEquals(1, k.get("unconverged").size());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trainedDmftWritesLossCurvesKernelsAndKurtosis() throws IOException {
        Path out = tmp.resolve("td");
        assertEquals(0, run("dmft", "--trained", "--duration", "3", "--dt", "0.2", "--steps", "2", "--gamma", "0.5",
                "--samples", "1000", "--network-sizes", "200,100", "--out", out.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(3, s.get("loss_curve").size());
        assertEquals(3, s.get("network_loss_curve").size());
        assertTrue(s.get("loss_curve").get(2).asDouble() < s.get("loss_curve").get(0).asDouble(), "the DMFT learns");
        assertEquals(s.get("final_loss").asDouble(), s.get("loss_curve").get(2).asDouble(), 0.0);
        assertTrue(Double.isFinite(s.get("excess_kurtosis_x_final_time").asDouble()));
        JsonNode single = s.get("single_neurons_x_final_time");
        assertEquals(s.get("excess_kurtosis_x_final_time").asDouble(), single.get("dmft_site").get("kurtosis").asDouble(), 0.0);
        double p = single.get("network").get("ksSiteP").asDouble();
        assertTrue(p >= 0 && p <= 1, "two-sample KS of network neurons vs sites: " + single);
        var arrays = Npz.read(out.resolve("kernels.npz"));
        assertArrayEquals(new int[]{1000, 16}, arrays.get("site_x_final").shape());
        assertTrue(Files.size(out.resolve("loss.png")) > 0 && Files.size(out.resolve("kernel.png")) > 0);
        // three replicas by default (seeds 1, 2, 3); the reported curve is their median
        assertEquals(3, s.get("loss_curve_replicas").size());
        double[] last = new double[3];
        for (int k = 0; k < 3; k++) {
            last[k] = s.get("loss_curve_replicas").get(k).get(2).asDouble();
        }
        java.util.Arrays.sort(last);
        assertEquals(last[1], s.get("final_loss").asDouble(), 0.0, "median of the replicas");
        assertTrue(last[0] < last[2], "replicas draw different normals");
        assertEquals(0, s.get("replicas_diverged").size());
        assertTrue(s.has("replica_outliers") && s.has("representative_seed"));
        assertEquals(0, s.get("unconverged").size(), s.get("unconverged").toString());
        assertEquals(1000, s.get("solver").get("samples").asInt());
        assertEquals(4e-7, s.get("solver").get("drop").asDouble(), 0.0, "the factor's constants are in the summary");
        assertEquals(4e-8, s.get("solver").get("tolerance").asDouble(), 0.0, "Stein's tolerance, a tenth of its DROP");
        assertEquals(3, s.get("floored_pivots_per_step").size(), "the pivot floor's count per step (eq. 3.5b)");
        assertEquals(0.5, s.get("solver").get("damping").asDouble(), 0.0, "the trained solver's own damping");
        assertTrue(s.get("solver_cautions").get(0).asText().startsWith("samples 1000 is below 8000"), s.get("solver_cautions").toString());
        assertTrue(s.get("versions").has("rnnfield") && s.has("config"), "provenance");
        List<String> sizes = new java.util.ArrayList<>();
        s.get("network_loss_curves").fieldNames().forEachRemaining(sizes::add);
        assertEquals(List.of("100", "200"), sizes, "one loss curve per network size, ascending");
        assertEquals(3, s.get("network_loss_curves").get("100").size());
    }

    /** --responses PATHWISE reaches the solver and its settings (probes included) are recorded; it learns as Stein's does. */
    @Test
    void trainedDmftTakesPathwiseResponses() throws IOException {
        Path out = tmp.resolve("tdp");
        assertEquals(0, run("dmft", "--trained", "--duration", "3", "--dt", "0.2", "--steps", "2", "--gamma", "0.5",
                "--samples", "1000", "--replicas", "1", "--responses", "PATHWISE", "--orthonormal-draws", "--no-orthonormal-probes", "--out", out.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals("PATHWISE", s.get("solver").get("responses").asText());
        assertEquals(4, s.get("solver").get("probes").asInt());
        assertEquals(1e-6, s.get("solver").get("tolerance").asDouble(), 0.0, "the pathwise tolerance (DROP 1e-3)");
        assertTrue(s.get("solver").get("orthonormalDraws").asBoolean(), "--orthonormal-draws reaches the solver");
        assertFalse(s.get("solver").get("orthonormalProbes").asBoolean(), "--no-orthonormal-probes reaches the solver");
        assertEquals(0, s.get("unconverged").size(), s.get("unconverged").toString());
        assertTrue(s.get("loss_curve").get(2).asDouble() < s.get("loss_curve").get(0).asDouble(), "the DMFT learns");
    }

    @Test
    void convergenceWritesTheSlopeTable() throws IOException {
        Path out = tmp.resolve("c");
        assertEquals(0, run("convergence", "--duration", "2", "--sizes", "40,80", "--seeds", "2", "--out", out.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(Double.isFinite(s.get("kernel_slope").asDouble()));
        assertEquals(5, Files.readAllLines(out.resolve("convergence.csv")).size());
        assertTrue(Files.size(out.resolve("convergence.png")) > 0);
    }

    /** Every command's help renders whole: a bare '%' in a description made picocli warn and print it unformatted. */
    @Test
    void helpOnEveryCommand() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String c : List.of("train", "sample", "simulate", "dmft", "convergence", "bench", "task", "experiment", "report",
                    "sweep", "merge")) {
                assertEquals(0, run(c, "--help"), c);
            }
            assertEquals(0, run("--help"));
        } finally {
            System.setErr(stderr);
        }
        assertFalse(warnings.toString(java.nio.charset.StandardCharsets.UTF_8).contains("picocli WARN"),
                warnings.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** experiment reach --recording FILE: a file of the wrong shape exits 2 naming the field and the allowed shape. */
    @Test
    void experimentReachRefusesARecordingOfTheWrongShape() throws URISyntaxException {
        Path fixture = Path.of(CommandsTest.class.getResource("/recordings/rates_v5.mat").toURI());
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), "experiment", "reach", "--recording", fixture.toString(), "--out",
                tmp.resolve("r").toString());
        assertEquals(Main.EXIT_BAD_INPUT, code);
        assertTrue(err.toString().contains("recording: shape (3, 4, 5) is not allowed"), err.toString());
        assertFalse(Files.exists(tmp.resolve("r").resolve("summary.json")));
        assertEquals(Main.EXIT_BAD_INPUT, run("experiment", "chaos-order", "--recording", fixture.toString(), "--out",
                tmp.resolve("c").toString()), "only reach takes a recording");
    }

    /** Each command's --help lists the flag groups it uses and none of another command's (issue 17). */
    @Test
    void helpListsOnlyTheFlagsACommandUses() {
        picocli.CommandLine root = new picocli.CommandLine(new Main());
        java.util.function.Function<String, String> help = c -> root.getSubcommands().get(c).getUsageMessage();
        List<String> training = List.of("--eta0", "--steps", "--optimizer", "--target-loss", "--divergence-factor");
        List<String> dmft = List.of("--tmax", "--samples", "--replicas", "--iterations", "--max-lag");
        List<String> langevin = List.of("--beta", "--h", "--burn-in", "--window", "--chains");
        assertAll(help.apply("train"), concatAll(training, List.of("--train", "--checkpoint-every", "--N", "--task")),
                concatAll(dmft, langevin, List.of("--allow-unconverged")));
        assertAll(help.apply("simulate"), List.of("--N", "--task", "--weights", "--backend"),
                concatAll(training, dmft, langevin, List.of("--train", "--checkpoint-every")));
        assertAll(help.apply("sample"), concatAll(langevin, List.of("--train", "--checkpoint-every", "--allow-unconverged")),
                concatAll(training, dmft));
        assertAll(help.apply("task"), List.of("--task", "--dt", "--conditions"), List.of("--N", "--gamma", "--eta0", "--backend"));
        assertAll(help.apply("dmft"), concatAll(dmft, langevin, training, List.of("--allow-unconverged")), List.of("--checkpoint-every"));
        assertAll(help.apply("convergence"), List.of("--eta0", "--sizes"), concatAll(dmft, langevin));
    }

    private static void assertAll(String usage, List<String> present, List<String> absent) {
        for (String f : present) {
            assertTrue(usage.matches("(?s).*" + java.util.regex.Pattern.quote(f) + "[=\\s].*"), f + " missing from:\n" + usage);
        }
        for (String f : absent) {
            assertFalse(usage.matches("(?s).*" + java.util.regex.Pattern.quote(f) + "[=\\s].*"), f + " listed in:\n" + usage);
        }
    }

    @SafeVarargs
    private static List<String> concatAll(List<String>... lists) {
        List<String> out = new java.util.ArrayList<>();
        for (List<String> l : lists) {
            out.addAll(l);
        }
        return out;
    }

    /** A diverging run (finite loss 1e186 at eta0 = 100) stops with exit 3 and the step, not exit 0. */
    @Test
    void anExplodingLossExitsAsDiverged() {
        assertEquals(Main.EXIT_DIVERGED, run("train", "--eta0", "100", "--N", "60", "--steps", "50", "--duration", "2",
                "--out", tmp.resolve("x").toString()));
    }

    @Test
    void experimentCommandRunsWithSettingsAndRejectsBadInput() throws IOException {
        Path settings = tmp.resolve("s.json");
        Path out = tmp.resolve("chaos");
        // an inline object in place of the file, as docs/experiments.md writes it
        assertEquals(0, run("experiment", "chaos-order", "--settings",
                "{\"n\": 60, \"gammas\": [0.1, 1], \"steps\": 5, \"continuation\": 15, \"lyapunovSteps\": 50}", "--out", out.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals("chaos-order", s.get("experiment").asText());
        assertEquals("custom", s.get("form").asText());
        assertEquals(60, s.get("settings").get("n").asInt());
        assertEquals(2, s.get("headline").get("per_gamma").size());
        assertTrue(Files.exists(out.resolve("lyapunov.png")));
        assertEquals(0, run("report", out.toString(), "--out", tmp.resolve("r.html").toString()));
        assertTrue(Files.readString(tmp.resolve("r.html")).contains("chaos-order"));
        assertEquals(Main.EXIT_BAD_INPUT, run("experiment", "nonsense", "--out", tmp.resolve("x").toString()));
        assertEquals(Main.EXIT_BAD_INPUT, run("experiment", "chaos-order"));
        Files.writeString(settings, "{\"nn\": 60}");
        assertEquals(Main.EXIT_BAD_INPUT, run("experiment", "chaos-order", "--settings", settings.toString(), "--out", tmp.resolve("y").toString()));
        Files.writeString(settings, "{\"gammas\": [1, 0.5]}");
        assertEquals(Main.EXIT_BAD_INPUT, run("experiment", "chaos-order", "--settings", settings.toString(), "--out", tmp.resolve("z").toString()));
        assertEquals(Main.EXIT_BAD_INPUT, run("experiment", "chaos-order", "--settings", "{\"n\": 60,", "--out", tmp.resolve("y").toString()));
        assertEquals(Main.EXIT_BAD_INPUT, run("experiment", "chaos-order", "--settings", tmp.resolve("absent.json").toString(),
                "--out", tmp.resolve("y").toString()));
        assertFalse(Files.exists(tmp.resolve("y")) || Files.exists(tmp.resolve("z")), "bad settings leave no output folder");
        assertEquals(Main.EXIT_BAD_INPUT, run("report", tmp.resolve("missing").toString()));
        assertEquals(0, run("experiment", "list"));
    }

    @Test
    void taskCommandWritesTheReachTask() throws IOException {
        Path out = tmp.resolve("reach");
        assertEquals(0, run("task", "--task", "reach", "--conditions", "8", "--dt", "0.2", "--out", out.toString()));
        NdArray targets = org.rnnfield.io.Npy.read(out.resolve("targets.npy"));
        assertArrayEquals(new int[]{8, 90, 8}, targets.shape());
        assertTrue(Files.exists(out.resolve("targets.png")));
        assertEquals(Main.EXIT_BAD_INPUT, run("task", "--task", "reach", "--conditions", "9", "--out", tmp.resolve("bad").toString()));
    }
}
