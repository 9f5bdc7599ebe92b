package org.rnnfield.analysis;

import org.rnnfield.backend.Backend;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.DivergenceException;
import org.rnnfield.train.TrainSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Trained means trained": a network trained until its normalized loss reaches a stated target, with a step cap,
 * and a learning rate chosen by one documented rule, so that results are compared at matched loss and a point
 * that did not learn is flagged instead of plotted as a result.
 * <p>
 * The rule: start at {@code eta0}; a run that diverges (NaN/Inf or the loss past its divergence factor) or that is
 * unstable (its final loss more than {@link #UNSTABLE_RISE} times the lowest loss it reached, the signature of
 * gradient descent overshooting a narrow valley) is repeated from the same initial weights at half the rate, up
 * to {@code halvings} times. A stable run that stops at the cap above the target is not repeated (a smaller rate
 * would learn slower still): it is reported as not having reached the target. The network returned is the one
 * that reached the target, or else the stable run with the lowest final loss.
 * <p>
 * Measured on the experiments' quick forms (docs/experiments.md): on the sine task at g = 2, N = 400, eta0 = 1
 * ends gamma = 2 at 0.096, 1.8x its lowest loss (unstable), and 0.5 reaches 0.02 in 564 steps; linear networks
 * (g = 0.8) diverge at eta0 = 1 and 0.5 at gamma = 2 and reach 0.01 at 0.25.
 */
public final class TargetTraining {
    /** A final loss this many times the run's lowest loss marks the run unstable. */
    public static final double UNSTABLE_RISE = 1.5;

    private TargetTraining() {
    }

    /**
     * @param targetNormalizedLoss the loss to reach, normalized by the task's mean squared target (LossEvaluation)
     * @param stepCap              most GD steps per run
     * @param eta0                 the first rate tried
     * @param halvings             how many times the rate may be halved after a divergent or unstable run
     */
    public record Rule(double targetNormalizedLoss, int stepCap, double eta0, int halvings) {
        public Rule {
            if (!(targetNormalizedLoss > 0) || Double.isInfinite(targetNormalizedLoss)) {
                throw ConfigException.field("targetLoss", targetNormalizedLoss, "finite normalized loss > 0");
            }
            if (stepCap < 1) {
                throw ConfigException.field("steps", stepCap, "integer >= 1 (the step cap)");
            }
            if (!(eta0 > 0) || Double.isInfinite(eta0)) {
                throw ConfigException.field("eta0", eta0, "finite number > 0");
            }
            if (halvings < 0 || halvings > 30) {
                throw ConfigException.field("halvings", halvings, "integer in 0..30");
            }
        }
    }

    /** One run of the rule: its rate, the steps it took, the normalized loss it ended at, and why it ended. */
    public record Attempt(double eta0, int steps, double normalizedLoss, String outcome) {
    }

    /**
     * @param network        the network the rule returns (see the class comment)
     * @param normalizedLoss its final normalized loss
     * @param reached        whether that loss is at or below the target
     * @param attempts       every run, in order
     */
    public record Outcome(TrainedNetwork network, Rule rule, double eta0, int steps, double normalizedLoss,
                          boolean reached, List<Attempt> attempts) {
        /** One line for logs and warnings. */
        public String describe() {
            return String.format(Locale.ROOT, "%s target %.3g: normalized loss %.4g after %d steps at eta0 %.4g (%d run%s)",
                    reached ? "reached" : "did NOT reach", rule.targetNormalizedLoss(), normalizedLoss, steps, eta0,
                    attempts.size(), attempts.size() == 1 ? "" : "s");
        }
    }

    /** How a run that did not diverge ended. */
    public enum Verdict { REACHED, UNSTABLE, CAPPED }

    /** The rule's reading of one run's normalized loss curve (see the class comment). */
    public static Verdict judge(double[] normalizedLoss, double target) {
        double last = normalizedLoss[normalizedLoss.length - 1];
        if (last <= target) {
            return Verdict.REACHED;
        }
        double lowest = java.util.Arrays.stream(normalizedLoss).min().orElseThrow();
        return last > UNSTABLE_RISE * lowest ? Verdict.UNSTABLE : Verdict.CAPPED;
    }

    /**
     * Trains by the rule.
     *
     * @param template optimizer, trained matrices and divergence factor of every run (its eta0, steps and target
     *                 are replaced by the rule's)
     * @throws DivergenceException when every rate tried diverged (the last one's exception, with all attempts)
     */
    public static Outcome train(Backend backend, NetworkSpec spec, TaskData task, TrainSpec template, Rule rule,
                                long seed) {
        double scale = task.meanSquaredTarget();
        List<Attempt> attempts = new ArrayList<>();
        TrainedNetwork best = null;
        double bestEta = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        double eta = rule.eta0();
        DivergenceException lastDivergence = null;
        for (int k = 0; k <= rule.halvings(); k++, eta /= 2) {
            TrainSpec spec1 = new TrainSpec(eta, rule.stepCap(), template.optimizer(), template.trained(),
                    rule.targetNormalizedLoss() * scale, 0, template.divergenceFactor());
            TrainedNetwork net;
            try {
                net = TrainedNetwork.train(backend, spec, task, spec1, seed);
            } catch (DivergenceException e) {
                attempts.add(new Attempt(eta, e.step(), Double.NaN, e.getMessage()));
                lastDivergence = e;
                continue;
            }
            double[] loss = net.loss().clone();
            for (int t = 0; t < loss.length; t++) {
                loss[t] /= scale;
            }
            double last = loss[loss.length - 1];
            double lowest = java.util.Arrays.stream(loss).min().orElseThrow();
            Verdict verdict = judge(loss, rule.targetNormalizedLoss());
            boolean unstable = verdict == Verdict.UNSTABLE;
            attempts.add(new Attempt(eta, loss.length - 1, last, switch (verdict) {
                case REACHED -> "reached the target";
                case UNSTABLE -> String.format(Locale.ROOT, "unstable: final loss %.3g is %.1fx its lowest %.3g", last,
                        last / lowest, lowest);
                case CAPPED -> "stopped at the step cap above the target";
            }));
            if (best == null || last < bestLoss) {
                best = net;
                bestEta = eta;
                bestLoss = last;
            }
            if (!unstable) {
                break;
            }
        }
        if (best == null) {
            throw new DivergenceException(lastDivergence.step(), "loss",
                    "every rate of the rule diverged: " + attempts);
        }
        return new Outcome(best, rule, bestEta, best.loss().length - 1, bestLoss,
                bestLoss <= rule.targetNormalizedLoss(), List.copyOf(attempts));
    }
}
