package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code rnnfield sweep}: trains every point of a grid gamma x N x seed x g, one folder per point named
 * by its parameters. Finished points (summary.json present) are skipped, interrupted ones resume from
 * their checkpoint, and {@code --shard k/n} runs only the points whose index is k modulo n, so a job
 * array splits the grid across machines; {@code rnnfield merge} gathers the results.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a grid gamma x N x seed x g (other flags as for train), one folder per point under --out,",
                "skipping finished points and resuming interrupted ones. --shard k/n (k = 0..n-1) runs every n-th point,",
                "e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT in a SLURM array. Then: rnnfield merge --out DIR."})
public final class SweepCommand implements Callable<Integer> {
    static final String PLAN_FILE = "sweep.json";
    /** Checkpoint interval used when the base config has none, so that every point can resume. */
    static final int DEFAULT_CHECKPOINT_EVERY = 100;

    @Mixin
    RunOptions options;
    @Mixin
    ModelOptions model;
    @Mixin
    TrainingOptions trainingFlags;
    @Mixin
    TrainedWeightsOptions weightsFlags;

    @Option(names = "--gammas", split = ",", required = true, description = "richness values")
    double[] gammas;

    @Option(names = "--sizes", split = ",", required = true, description = "network sizes N")
    int[] sizes;

    @Option(names = "--seeds", split = ",", description = "seeds (default: 1)")
    long[] seeds = {1};

    @Option(names = "--gs", split = ",", description = "coupling strengths g (default: the config's g)")
    double[] gs;

    @Option(names = "--shard", description = "k/n: run the points with index = k mod n (k = 0..n-1; default 0/1)")
    String shard = "0/1";

    /** One grid point. */
    record Point(double gamma, int n, long seed, double g) {
        String folder() {
            return String.format(Locale.ROOT, "gamma=%s_N=%d_seed=%d_g=%s", num(gamma), n, seed, num(g));
        }

        private static String num(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    @Override
    public Integer call() throws IOException {
        RunConfig base = options.validated(model, trainingFlags, weightsFlags);
        int[] kn = parseShard(shard);
        List<Point> points = grid(base);
        OutputDirectory.prepare(options.out);
        writePlan(options.out, base, points);
        int mine = 0;
        int skipped = 0;
        for (int i = 0; i < points.size(); i++) {
            if (i % kn[1] != kn[0]) {
                continue;
            }
            mine++;
            Point p = points.get(i);
            Path dir = options.out.resolve(p.folder());
            if (Files.isRegularFile(dir.resolve("summary.json"))) {
                skipped++;
                continue;
            }
            boolean resume = Files.isRegularFile(dir.resolve(TrainCommand.CHECKPOINT_FILE));
            System.err.printf(Locale.ROOT, "rnnfield sweep: point %d/%d %s%s%n", i + 1, points.size(), p.folder(),
                    resume ? " (resuming)" : "");
            RunConfig c = resume ? RunConfig.read(dir.resolve(TrainCommand.CONFIG_FILE)) : pointConfig(base, p);
            TrainCommand.train(c, dir, resume);
        }
        System.out.printf(Locale.ROOT, "sweep shard %d/%d: %d points of %d, %d already finished (%s)%n", kn[0], kn[1], mine,
                points.size(), skipped, options.out);
        return 0;
    }

    List<Point> grid(RunConfig base) {
        double[] gValues = gs != null ? gs : new double[]{base.g};
        List<Point> points = new ArrayList<>();
        for (double gamma : gammas) {
            for (int n : sizes) {
                for (long seed : seeds) {
                    for (double g : gValues) {
                        points.add(new Point(gamma, n, seed, g));
                    }
                }
            }
        }
        return points;
    }

    private static RunConfig pointConfig(RunConfig base, Point p) throws IOException {
        RunConfig c = Json.MAPPER.treeToValue(Json.MAPPER.valueToTree(base), RunConfig.class);
        c.gamma = p.gamma();
        c.n = p.n();
        c.seed = p.seed();
        c.g = p.g();
        if (c.checkpointEvery == 0) {
            c.checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
        }
        c.validate();
        return c;
    }

    private static void writePlan(Path out, RunConfig base, List<Point> points) throws IOException {
        ObjectNode plan = Json.object();
        plan.put("command", "sweep");
        ArrayNode folders = plan.putArray("points");
        for (Point p : points) {
            ObjectNode o = folders.addObject();
            o.put("folder", p.folder());
            o.put("gamma", p.gamma());
            o.put("N", p.n());
            o.put("seed", p.seed());
            o.put("g", p.g());
        }
        plan.set("base_config", Json.MAPPER.valueToTree(base));
        Json.write(out.resolve(PLAN_FILE), plan);
    }

    static int[] parseShard(String s) {
        String[] parts = s.split("/");
        try {
            if (parts.length == 2) {
                int k = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && k >= 0 && k < n) {
                    return new int[]{k, n};
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw ConfigException.field("shard", "'" + s + "'", "k/n with 0 <= k < n (e.g. 0/4)");
    }
}
