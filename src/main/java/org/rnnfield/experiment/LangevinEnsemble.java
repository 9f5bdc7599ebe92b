package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.sample.LangevinSampler;
import org.rnnfield.sample.LangevinSpec;
import org.rnnfield.sample.SampleSummary;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.TrainingListener;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Langevin-trained networks beside an experiment's GD-trained ones: chains of the Gibbs measure of training
 * (docs/theory.md eqs. 5.1-5.2; J and V sampled, U and x(0) at the draw GD starts from, chain 0 starting at that
 * draw), the ensemble the equilibrium theory describes. Each chain hands the experiment {@code snapshots} networks
 * spaced {@code spacing} apart in its window; the window's loss and R-hat come from the sampler.
 *
 * @param chains     independent chains per gamma (0: none)
 * @param stepMax    the Langevin step h at small gamma
 * @param stepGamma2 h gamma^2 at large gamma: h = min(stepMax, stepGamma2 / gamma^2) (docs/theory.md 5.4)
 * @param burnIn     Langevin time (h x updates) discarded
 * @param snapshots  networks measured per chain
 * @param spacing    Langevin time between them; the window is snapshots x spacing
 */
record LangevinEnsemble(int chains, double stepMax, double stepGamma2, double burnIn, int snapshots, double spacing) {
    LangevinEnsemble {
        if (chains < 0 || chains > 64) {
            throw ConfigException.field("settings.langevinChains", chains, "integer 0..64 (0 = no Langevin networks)");
        }
        if (chains > 0) {
            Checks.positive("langevinStepMax", stepMax);
            Checks.positive("langevinStepGamma2", stepGamma2);
            Checks.atLeast("langevinSnapshots", snapshots, 1);
            Checks.positive("langevinSpacing", spacing);
            if (!(burnIn >= 0)) {
                throw ConfigException.field("settings.langevinBurnIn", burnIn, "number >= 0 (Langevin time)");
            }
        }
    }

    boolean enabled() {
        return chains > 0;
    }

    /** The step at this gamma: h gamma^2 bounded (the curvature along J grows like gamma^2), capped at small gamma. */
    double step(double gamma) {
        return Math.min(stepMax, stepGamma2 / (gamma * gamma));
    }

    /** Receives each snapshot: its chain and the sampled network. */
    @FunctionalInterface
    interface Measurement {
        void accept(int chain, Parameters network);
    }

    /** What the chains of one gamma gave as a whole. */
    record Sampled(double h, double normalizedLoss, double normalizedLossStdErr, double outputRHat, boolean mixed,
                   double seconds) {
        ObjectNode record() {
            return Json.object().put("h", h).put("normalized_loss", normalizedLoss)
                    .put("normalized_loss_stderr", normalizedLossStdErr).put("output_r_hat", outputRHat).put("mixed", mixed)
                    .put("seconds", seconds);
        }

        /** The problem to list under "unconverged" when the chains disagree, or null. */
        String problem(double gamma) {
            return mixed ? null : String.format("gamma = %s: Langevin chains did not mix (output R-hat %.3f >= %s)", gamma,
                    outputRHat, SampleSummary.MAX_R_HAT);
        }
    }

    /** Runs the chains at this network's gamma and hands every snapshot to {@code measure}. */
    Sampled sample(Backend be, NetworkSpec spec, TaskData task, double beta, long seed, Measurement measure) {
        long t0 = System.nanoTime();
        double h = step(spec.gamma());
        int burn = (int) Math.ceil(burnIn / h);
        int every = Math.max(1, (int) Math.round(spacing / h));
        LangevinSpec ls = new LangevinSpec(beta, h, burn, Math.max(LangevinSpec.BATCHES, every * snapshots), chains,
                EnumSet.of(Weight.J, Weight.V), seed, 0);
        LangevinSampler sampler = new LangevinSampler(be, spec, task, ls);
        Parameters draw = Parameters.initialize(spec, task.trials(), seed);
        List<LangevinSampler.Chain> done = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            int chain = c;
            int[] taken = {0};
            done.add(sampler.runChain(sampler.initialState(draw, c), c, TrainingListener.NONE, every, shot -> {
                if (taken[0]++ < snapshots) {
                    measure.accept(chain, shot.params());
                }
            }));
        }
        SampleSummary summary = SampleSummary.of(done, task, burn);
        double ms = task.meanSquaredTarget();
        return new Sampled(h, summary.loss() / ms, summary.lossStdErr() / ms, summary.outputRHatMax(), summary.mixed(),
                (System.nanoTime() - t0) / 1e9);
    }
}
