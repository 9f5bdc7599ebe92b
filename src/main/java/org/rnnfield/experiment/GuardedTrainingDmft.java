package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.MonteCarloSettings;
import org.rnnfield.dmft.training.TrainingDmft;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftReplicas;
import org.rnnfield.dmft.training.TrainingDmftResult;

import java.util.Locale;

/**
 * The training DMFT as the experiments run it: R replicas with the guard {@code dmft --trained} uses
 * (docs/theory.md eq. 3.8: a replica on a spurious fixed point is flagged against the median), the
 * representative replica returned, and everything the guard found written to the headline under
 * "dmft_guard" and warned about on stderr, so no experiment plots an unconverged or spurious DMFT silently.
 */
final class GuardedTrainingDmft {
    /** Tensor block of the site population (as in dmft --trained). */
    static final int BLOCK = 4096;

    private GuardedTrainingDmft() {
    }

    static TrainingDmftResult solve(Backend backend, TrainingDmftProblem problem, int samples, int replicas, long seed,
                                    String label, ObjectNode headline) {
        MonteCarloSettings settings = TrainingDmft.settings(samples, seed);
        TrainingDmftReplicas.Result all = TrainingDmftReplicas.solve(backend, problem, settings, replicas, BLOCK,
                k -> TrainingDmft.Listener.NONE);
        ArrayNode guard = headline.has("dmft_guard") ? (ArrayNode) headline.get("dmft_guard") : headline.putArray("dmft_guard");
        ObjectNode o = guard.addObject();
        o.put("solve", label);
        o.put("replicas", replicas);
        o.put("representative_seed", all.seeds()[all.representative()]);
        ArrayNode outliers = o.putArray("replica_outliers");
        for (int k = 0; k < all.replicas().size(); k++) {
            int[] at = all.flagged().get(k);
            if (at.length > 0) {
                ObjectNode f = outliers.addObject();
                f.put("seed", all.seeds()[k]);
                ArrayNode steps = f.putArray("steps");
                java.util.Arrays.stream(at).forEach(steps::add);
                System.err.printf(Locale.ROOT, "rnnfield experiment: warning: %s: DMFT replica seed %d departs from the median at"
                        + " steps %s; seed %d is used%n", label, all.seeds()[k], java.util.Arrays.toString(at),
                        all.seeds()[all.representative()]);
            }
        }
        ArrayNode diverged = o.putArray("replicas_diverged");
        all.diverged().forEach(d -> {
            diverged.add(d);
            System.err.println("rnnfield experiment: warning: " + label + ": DMFT replica diverged and was left out: " + d);
        });
        TrainingDmftResult chosen = all.chosen();
        ArrayNode open = o.putArray("unconverged_steps");
        for (int n = 0; n < chosen.finalChange().length; n++) {
            if (!(chosen.finalChange()[n] < settings.tolerance())) {
                open.add(n);
            }
        }
        if (!open.isEmpty()) {
            System.err.println("rnnfield experiment: warning: " + label + ": DMFT steps " + open + " did not converge");
        }
        o.put("converged", open.isEmpty());
        return chosen;
    }
}
