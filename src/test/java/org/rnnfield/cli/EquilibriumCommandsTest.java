package org.rnnfield.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sample} and {@code dmft --equilibrium} end to end, on small sizes. */
class EquilibriumCommandsTest {
    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return Main.run(new PrintWriter(err, true), args);
    }

    @Test
    void sampleWritesWindowAveragesWithTheirErrors() throws IOException {
        Path out = tmp.resolve("s");
        assertEquals(0, run(new StringWriter(), "sample", "--N", "40", "--duration", "2", "--beta", "100", "--h", "0.01",
                "--burn-in", "500", "--window", "8000", "--chains", "2", "--out", out.toString()));
        for (String f : List.of("summary.json", "kernels.npz", "outputs.npz", "weights.npz", "history.csv", "loss.png", "output.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(s.get("mean_loss").asDouble() > 0 && s.get("mean_loss_stderr").asDouble() > 0);
        assertEquals(100.0, s.get("sampler").get("beta").asDouble());
        assertEquals(2, s.get("loss_autocorrelation_times").size());
        NdArray phi = Npz.read(out.resolve("kernels.npz")).get("Phi");
        assertArrayEquals(new int[]{21, 21}, phi.shape());
        assertEquals(1 + 2 * 8500, Files.readAllLines(out.resolve("history.csv")).size());
    }

    /**
     * A sampling run that dies in its second chain (the first finished, the second checkpointed) resumes
     * to the same numbers as an uninterrupted run: noise is a function of (seed, chain, update, matrix).
     */
    @Test
    void resumedSamplingIsBitIdentical() throws IOException {
        String[] common = {"--N", "30", "--duration", "1", "--beta", "50", "--h", "0.01", "--burn-in", "20", "--window", "100",
                "--chains", "2", "--checkpoint-every", "15"};
        Path a = tmp.resolve("a");
        // a run this short has not mixed (exit 4, results written): the resumed run must say the same
        int codeA = run(new StringWriter(), concat(new String[]{"sample", "--out", a.toString()}, common));
        Path b = tmp.resolve("b");
        Files.createDirectories(b);
        RunConfig cfg = new RunOptionsFixture(common).config();
        Json.write(b.resolve(TrainCommand.CONFIG_FILE), cfg);
        org.rnnfield.task.TaskData task = cfg.task.build().generate(cfg.dt);
        org.rnnfield.model.NetworkSpec spec = cfg.networkSpec(task.inputDim(), task.outputDim());
        org.rnnfield.sample.LangevinSampler sampler = new org.rnnfield.sample.LangevinSampler(
                new org.rnnfield.backend.cpu.CpuBackend(cfg.precision()), spec, task,
                cfg.equilibrium.langevin(cfg.train, cfg.gamma, cfg.seed, cfg.checkpointEvery));
        org.rnnfield.model.Parameters init = org.rnnfield.model.Parameters.initialize(spec, task.trials(), cfg.seed);
        int[] calls = {0};
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> sampler.run(init, (step, total, l, n) -> {
            if (++calls[0] == 120 + 50) {
                throw new IllegalStateException("crash");
            }
        }, b));
        assertTrue(Files.exists(b.resolve("chain-0.npz")) && Files.exists(b.resolve("checkpoint.npz")));
        assertEquals(codeA, run(new StringWriter(), "sample", "--resume", "--out", b.toString()));
        JsonNode sa = Json.MAPPER.readTree(a.resolve("summary.json").toFile());
        JsonNode sb = Json.MAPPER.readTree(b.resolve("summary.json").toFile());
        assertEquals(sa.get("mean_loss").asDouble(), sb.get("mean_loss").asDouble(), 0.0, "bit-identical mean loss");
        assertArrayEquals(Npz.read(a.resolve("weights.npz")).get("J").data(), Npz.read(b.resolve("weights.npz")).get("J").data());
        assertArrayEquals(Npz.read(a.resolve("kernels.npz")).get("Phi").data(), Npz.read(b.resolve("kernels.npz")).get("Phi").data());
        assertEquals(Files.readAllLines(a.resolve("history.csv")), Files.readAllLines(b.resolve("history.csv")));
        assertFalse(Files.exists(b.resolve("checkpoint.npz")) || Files.exists(b.resolve("chain-0.npz")), "cleaned up");
    }

    /** The config the flags resolve to, as the command would see it. */
    private record RunOptionsFixture(String[] args) {
        RunConfig config() {
            SampleCommand c = new SampleCommand();
            new picocli.CommandLine(c).parseArgs(concat(new String[]{"--out", "unused"}, args));
            return c.options.validated(c.model, c.weightsFlags, c.checkpointFlags, c.equilibrium, c.langevinOptions);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Chains that start apart and barely move are reported as not mixed: written, flagged, exit code 4. */
    @Test
    void unmixedChainsAreReportedAndExitNonZero() throws IOException {
        StringWriter err = new StringWriter();
        Path out = tmp.resolve("u");
        assertEquals(Main.EXIT_UNCONVERGED, run(err, "sample", "--N", "40", "--duration", "2", "--beta", "100", "--h", "0.00001",
                "--burn-in", "0", "--window", "40", "--chains", "2", "--out", out.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertFalse(s.get("mixed").asBoolean());
        assertTrue(s.get("unconverged").get(0).asText().contains("did not mix"), s.get("unconverged").toString());
        Path kept = tmp.resolve("k");
        assertEquals(0, run(new StringWriter(), "sample", "--N", "40", "--duration", "2", "--beta", "100", "--h", "0.00001",
                "--burn-in", "0", "--window", "40", "--chains", "2", "--allow-unconverged", "--out", kept.toString()));
        assertTrue(Json.MAPPER.readTree(kept.resolve("summary.json").toFile()).get("allow_unconverged").asBoolean());
    }

    @Test
    void equilibriumDmftOfALinearNetworkIsSolvedExactly() throws IOException {
        Path out = tmp.resolve("d");
        assertEquals(0, run(new StringWriter(), "dmft", "--equilibrium", "--phi", "linear", "--g", "0.8", "--gamma", "0.2",
                "--beta", "100", "--duration", "2", "--out", out.toString()));
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals("equilibrium", s.get("mode").asText());
        assertTrue(s.get("converged").asBoolean());
        assertTrue(s.get("method").asText().startsWith("linear exact"));
        assertEquals(1e-6, s.get("solver").get("tolerance").asDouble());
        assertEquals(1e-8, s.get("continuation_constants").get("newton_tolerance_relative").asDouble(), "arclength constants written");
        assertTrue(s.get("continuation").size() >= 2, "gamma = 0 and at least one stage");
        assertTrue(Files.size(out.resolve("kernel.png")) > 0);
        assertArrayEquals(new int[]{1, 20, 1}, Npz.read(out.resolve("outputs.npz")).get("y").shape());
        // linear phi: the perturbation grows as |M^T v| for M = (1 - a) I + a g J / sqrt N at large N (eq. 7.3),
        // sum_k [C(T, k) (1 - a)^(T - k) (a g)^k]^2 over T = 20 steps of a = 0.1
        double sum = 0;
        double choose = 1;
        for (int k = 0; k <= 20; k++) {
            sum += Math.pow(choose * Math.pow(0.9, 20 - k) * Math.pow(0.08, k), 2);
            choose = choose * (20 - k) / (k + 1);
        }
        assertEquals(0.5 * Math.log(sum) / 2.0, s.get("perturbation_growth").get("rate_per_trial").get(0).asDouble(), 1e-9);
        assertArrayEquals(new int[]{21, 21}, Npz.read(out.resolve("kernels.npz")).get("slope_kernel").shape());

        // --start-kernel: the Newton homotopy (eq. 5.20) from a kernel 30% off the saddle point ends on it
        org.rnnfield.array.NdArray phi = Npz.read(out.resolve("kernels.npz")).get("Phi");
        org.rnnfield.array.NdArray off = phi.copy();
        for (int i = 0; i < off.size(); i++) {
            off.data()[i] *= 1.3;
        }
        Path start = tmp.resolve("start.npy");
        org.rnnfield.io.Npy.write(start, off);
        Path from = tmp.resolve("from");
        assertEquals(0, run(new StringWriter(), "dmft", "--equilibrium", "--phi", "linear", "--g", "0.8", "--gamma", "0.2",
                "--beta", "100", "--duration", "2", "--start-kernel", start.toString(), "--out", from.toString()));
        JsonNode h = Json.MAPPER.readTree(from.resolve("summary.json").toFile());
        assertTrue(h.get("method").asText().contains("homotopy"), h.get("method").asText());
        assertEquals(start.toAbsolutePath().toString(), h.get("start_kernel").asText());
        assertEquals(s.get("loss").asDouble(), h.get("loss").asDouble(), 1e-6 * s.get("loss").asDouble());
        // refused: without --equilibrium, with tanh, and of the wrong shape; no output folder is left
        for (String[] bad : new String[][]{{"--phi", "linear"}, {"--equilibrium", "--phi", "tanh"}, {"--equilibrium", "--phi", "linear", "--duration", "3"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("dmft", "--g", "0.8", "--gamma", "0.2",
                    "--beta", "100", "--duration", "2", "--start-kernel", start.toString(), "--out", tmp.resolve("bad").toString()));
            args.addAll(java.util.List.of(bad));
            StringWriter err = new StringWriter();
            assertEquals(Main.EXIT_BAD_INPUT, run(err, args.toArray(new String[0])), String.join(" ", bad) + ": " + err);
            assertTrue(err.toString().contains("start-kernel"), err.toString());
        }
        assertFalse(Files.exists(tmp.resolve("bad")), "bad input leaves no output folder");
    }

    /** --network-sizes puts Langevin networks beside the theory: one row per N and the comparison plots. */
    @Test
    void equilibriumDmftSamplesNetworksBesideTheTheory() throws IOException {
        Path out = tmp.resolve("n");
        assertEquals(0, run(new StringWriter(), "dmft", "--equilibrium", "--phi", "linear", "--g", "0.8", "--gamma", "0.3",
                "--beta", "40", "--duration", "1", "--network-sizes", "30,60", "--h", "0.01", "--burn-in", "100",
                "--window", "400", "--chains", "1", "--out", out.toString()));
        JsonNode networks = Json.MAPPER.readTree(out.resolve("summary.json").toFile()).get("networks");
        JsonNode rows = networks.get("sizes");
        assertEquals(2, rows.size());
        assertTrue(Double.isFinite(networks.get("log_log_slopes_in_N").get("kernel_relative_distance").asDouble()));
        assertEquals(60, rows.get(1).get("N").asInt());
        for (JsonNode r : rows) {
            assertTrue(r.get("mean_loss").asDouble() > 0 && r.get("kernel_relative_distance").asDouble() > 0);
            assertTrue(r.get("theory_loss_with_finite_size_excess").asDouble() > 0);
            assertTrue(r.get("mixed").asBoolean(), "one chain per size: nothing to compare");
            assertTrue(r.get("neuron_x_T_excess_kurtosis_low").asDouble() <= r.get("neuron_x_T_excess_kurtosis_high").asDouble());
        }
        assertTrue(Files.size(out.resolve("loss_vs_N.png")) > 0 && Files.size(out.resolve("output_vs_networks.png")) > 0);
        var nets = Npz.read(out.resolve("networks.npz"));
        assertArrayEquals(new int[]{11, 11}, nets.get("Phi_N60").shape());
        assertTrue(nets.containsKey("Phi_N30") && nets.containsKey("y_N60"));
    }

    @Test
    void anEquilibriumSolveThatCannotFinishExitsWithTheUnconvergedCode() {
        StringWriter err = new StringWriter();
        Path out = tmp.resolve("f");
        Path cfg = tmp.resolve("c.json");
        int code;
        try {
            Files.writeString(cfg, "{\"equilibrium\": {\"maxIterations\": 2}}");
            code = run(err, "dmft", "--equilibrium", "--config", cfg.toString(), "--phi", "linear", "--g", "0.8",
                    "--gamma", "1", "--beta", "600", "--duration", "2", "--out", out.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(Main.EXIT_UNCONVERGED, code, err.toString());
        JsonNode s;
        try {
            s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(s.get("converged").asBoolean());
        assertTrue(s.get("failure").asText().contains("not converged in 2 iterations"), s.toString());
        assertTrue(s.get("continuation").size() >= 1);
        assertEquals(2, s.get("solver").get("maxIterations").asInt());
        assertEquals(1, s.get("unconverged").size());
        assertFalse(Files.exists(out.resolve("kernels.npz")), "no result pretends to be one");
    }

    /** proposal MCMC: site chains (docs/theory.md eqs. 5.17-5.18), the control variate off by default, reported. */
    @Test
    void equilibriumDmftWithSiteChainsReportsThem() throws IOException {
        Path out = tmp.resolve("mc");
        Path cfg = tmp.resolve("mc.json");
        Files.writeString(cfg, "{\"equilibrium\": {\"proposal\": \"MCMC\", \"samples\": 2000, \"mcmcSweeps\": 5}}");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "dmft", "--equilibrium", "--config", cfg.toString(), "--gamma", "0.3", "--beta", "60",
                "--duration", "2", "--out", out.toString()), err.toString());
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(s.get("converged").asBoolean());
        assertTrue(s.get("method").asText().startsWith("site chains"), s.get("method").asText());
        assertEquals("MCMC", s.get("solver").get("proposal").asText());
        assertFalse(s.get("solver").get("controlVariate").asBoolean());
        assertEquals(5, s.get("solver").get("mcmcSweeps").asInt());
        assertEquals(10, s.get("solver").get("groupSize").asInt(), "chains' default group");
        JsonNode chains = s.get("site_chains");
        assertTrue(chains.get("refreshes").asInt() >= 1 && chains.get("sweeps").asInt() == 5 * chains.get("refreshes").asInt(),
                chains.toString());
        assertTrue(chains.get("minMovedFraction").asDouble() > 0.9, chains.toString());

        StringWriter bad = new StringWriter();
        Files.writeString(cfg, "{\"equilibrium\": {\"proposal\": \"MCMC\", \"controlVariate\": true}}");
        assertEquals(Main.EXIT_BAD_INPUT, run(bad, "dmft", "--equilibrium", "--config", cfg.toString(), "--out",
                tmp.resolve("mc2").toString()));
        assertTrue(bad.toString().contains("controlVariate"), bad.toString());
    }

    @Test
    void equilibriumNeedsTheReadoutSampled() {
        StringWriter err = new StringWriter();
        assertEquals(Main.EXIT_BAD_INPUT, run(err, "dmft", "--equilibrium", "--train", "J", "--out", tmp.resolve("x").toString()));
        assertTrue(err.toString().contains("train"), err.toString());
    }
}
