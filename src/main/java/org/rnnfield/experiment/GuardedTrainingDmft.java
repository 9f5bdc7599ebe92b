package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.training.TrainingDmft;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftReplicas;
import org.rnnfield.dmft.training.TrainingDmftResult;
import org.rnnfield.dmft.training.TrainingDmftSettings;

import java.util.Locale;

/**
 * The training DMFT as the experiments run it: R replicas with the guard {@code dmft --trained} uses
 * (docs/theory.md eq. 3.8: a replica on a spurious fixed point is flagged against the median), the
 * representative replica returned, and everything the guard found written to the headline under
 * "dmft_guard" and warned about on stderr, so no experiment plots an unconverged or spurious DMFT silently.
 */
public final class GuardedTrainingDmft {
    private GuardedTrainingDmft() {
    }

    static TrainingDmftResult solve(Backend backend, TrainingDmftProblem problem, int samples, int replicas, long seed,
                                    String label, ObjectNode headline) {
        TrainingDmftSettings settings = TrainingDmftSettings.defaults(samples, seed);
        TrainingDmftReplicas.Result all = TrainingDmftReplicas.solve(backend, problem, settings, replicas,
                k -> TrainingDmft.Listener.NONE);
        ArrayNode guard = headline.has("dmft_guard") ? (ArrayNode) headline.get("dmft_guard") : headline.putArray("dmft_guard");
        ObjectNode o = guard.addObject();
        o.put("solve", label);
        o.put("replicas", replicas);
        o.set("solver", org.rnnfield.io.Json.MAPPER.valueToTree(settings));
        settings.cautions().forEach(c -> System.err.println("rnnfield experiment: warning: " + label + ": " + c));
        o.put("representative_seed", all.seeds()[all.representative()]);
        writeOutliers(o.putArray("replica_outliers"), all, "rnnfield experiment: warning: " + label + ": ");
        ArrayNode diverged = o.putArray("replicas_diverged");
        all.diverged().forEach(d -> {
            diverged.add(d);
            System.err.println("rnnfield experiment: warning: " + label + ": DMFT replica diverged and was left out: " + d);
        });
        TrainingDmftResult chosen = all.chosen();
        ArrayNode open = o.putArray("unconverged_steps");
        java.util.Arrays.stream(chosen.unconvergedSteps(settings.tolerance())).forEach(open::add);
        if (!open.isEmpty()) {
            System.err.println("rnnfield experiment: warning: " + label + ": DMFT steps " + open + " did not converge");
        }
        o.put("converged", open.isEmpty());
        return chosen;
    }

    /**
     * The replicas the guard flagged, as {seed, steps} objects, each also warned about on stderr with the
     * given prefix (shared with dmft --trained).
     */
    public static void writeOutliers(ArrayNode into, TrainingDmftReplicas.Result all, String prefix) {
        for (int k = 0; k < all.replicas().size(); k++) {
            int[] at = all.flagged().get(k);
            if (at.length > 0) {
                ObjectNode f = into.addObject();
                f.put("seed", all.seeds()[k]);
                ArrayNode steps = f.putArray("steps");
                java.util.Arrays.stream(at).forEach(steps::add);
                System.err.printf(Locale.ROOT, "%sreplica seed %d departs from the median loss at steps %s (a spurious fixed"
                        + " point in one replica, or replicas that disagree); seed %d is used%n", prefix, all.seeds()[k],
                        java.util.Arrays.toString(at), all.seeds()[all.representative()]);
            }
        }
    }
}
