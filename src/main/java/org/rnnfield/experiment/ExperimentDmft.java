package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.training.GuardedTrainingDmft;
import org.rnnfield.dmft.training.TrainingDmft;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftResult;
import org.rnnfield.dmft.training.TrainingDmftSettings;

/**
 * The training DMFT inside an experiment: the same guarded solve as {@code dmft --trained}, its record appended
 * to the headline's "dmft_guard" list (one entry per solve, labelled) and its problems warned about, so no
 * experiment plots an unconverged or spurious DMFT silently.
 */
final class ExperimentDmft {
    private ExperimentDmft() {
    }

    static TrainingDmftResult solve(Backend backend, TrainingDmftProblem problem, int samples, int replicas, long seed,
                                    String label, ObjectNode headline) {
        String prefix = "rnnfield experiment: warning: " + label + ": ";
        GuardedTrainingDmft g = GuardedTrainingDmft.solve(backend, problem, TrainingDmftSettings.defaults(samples, seed),
                replicas, k -> TrainingDmft.Listener.NONE, prefix);
        g.problems().forEach(p -> System.err.println(prefix + p));
        Experiments.unconverged(headline, label, g.problems());
        ArrayNode guard = headline.has("dmft_guard") ? (ArrayNode) headline.get("dmft_guard") : headline.putArray("dmft_guard");
        ObjectNode o = guard.addObject();
        o.put("solve", label);
        g.record(o);
        return g.chosen();
    }
}
