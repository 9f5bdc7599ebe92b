package org.rnnfield.dmft.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.io.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The training DMFT as {@code dmft --trained} and every experiment run it: R replicas, each replica's unconverged
 * steps and every diverged replica collected as problems (the convergence contract), replicas on a spurious fixed
 * point flagged against the median (docs/theory.md eq. 3.8) and warned about, and the representative replica
 * chosen. One record of all of it goes into summary.json ({@link #record}).
 *
 * @param cautions the settings' cautions for this problem ({@link TrainingDmftSettings#cautions(int)})
 * @param problems one sentence per unconverged replica or diverged replica; empty when the solve is sound
 */
public record GuardedTrainingDmft(TrainingDmftReplicas.Result all, TrainingDmftSettings settings, List<String> cautions,
                                  List<String> problems) {

    /**
     * Solves with R replicas; the settings' cautions and flagged replicas are warned about on stderr, each line
     * starting with {@code warningPrefix}; the problems are returned for the caller's convergence contract.
     */
    public static GuardedTrainingDmft solve(Backend backend, TrainingDmftProblem problem, TrainingDmftSettings settings,
                                            int replicas, IntFunction<TrainingDmft.Listener> listener,
                                            String warningPrefix) {
        List<String> cautions = settings.cautions(problem.layout().trainingSteps());
        cautions.forEach(c -> System.err.println(warningPrefix + c));
        TrainingDmftReplicas.Result all = TrainingDmftReplicas.solve(backend, problem, settings, replicas, listener);
        List<String> problems = new ArrayList<>();
        for (int k = 0; k < all.replicas().size(); k++) {
            TrainingDmftResult rk = all.replicas().get(k);
            int[] open = rk.unconvergedSteps(settings.tolerance());
            if (open.length > 0) {
                double worst = Arrays.stream(open).mapToDouble(n -> rk.finalChange()[n]).max().orElse(Double.NaN);
                problems.add(String.format(Locale.ROOT, "training DMFT replica seed %d: steps %s not converged (relative change"
                        + " up to %.3g, tolerance %.3g); their last iterates are reported", all.seeds()[k],
                        Arrays.toString(open), worst, settings.tolerance()));
            }
        }
        all.diverged().forEach(d -> problems.add("training DMFT replica diverged and was left out: " + d));
        for (int k = 0; k < all.replicas().size(); k++) {
            int[] at = all.flagged().get(k);
            if (at.length > 0) {
                System.err.printf(Locale.ROOT, "%sreplica seed %d departs from the median loss at steps %s (a spurious fixed"
                        + " point in one replica, or replicas that disagree); seed %d is used%n", warningPrefix,
                        all.seeds()[k], Arrays.toString(at), all.seeds()[all.representative()]);
            }
        }
        return new GuardedTrainingDmft(all, settings, cautions, List.copyOf(problems));
    }

    /** The representative replica: its kernels, outputs and sites are the ones reported. */
    public TrainingDmftResult chosen() {
        return all.chosen();
    }

    public boolean converged() {
        return problems.isEmpty();
    }

    /**
     * Writes the solve into {@code into}: the settings whole, their cautions, replicas, the representative seed,
     * the flagged replicas ({seed, steps}), the diverged ones, the problems (under "unconverged", as the convergence
     * contract names them) and whether it converged.
     */
    public void record(ObjectNode into) {
        into.set("solver", Json.MAPPER.valueToTree(settings));
        cautions.forEach(into.putArray("solver_cautions")::add);
        into.put("replicas", all.replicas().size());
        into.put("representative_seed", all.seeds()[all.representative()]);
        ArrayNode outliers = into.putArray("replica_outliers");
        for (int k = 0; k < all.replicas().size(); k++) {
            int[] at = all.flagged().get(k);
            if (at.length > 0) {
                ObjectNode f = outliers.addObject();
                f.put("seed", all.seeds()[k]);
                Arrays.stream(at).forEach(f.putArray("steps")::add);
            }
        }
        all.diverged().forEach(into.putArray("replicas_diverged")::add);
        problems.forEach(into.putArray("unconverged")::add);
        into.put("converged", converged());
    }
}
