package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.equilibrium.EquilibriumProblem;
import org.rnnfield.dmft.equilibrium.EquilibriumResult;
import org.rnnfield.dmft.equilibrium.EquilibriumSettings;
import org.rnnfield.dmft.equilibrium.SaddlePointException;
import org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft;
import org.rnnfield.io.Json;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;

import java.util.List;

/**
 * The equilibrium (Gibbs) theory of training inside an experiment (docs/theory.md section 5: tanh, J and V
 * sampled, U and x(0) quenched): one solve per gamma, its record (solver settings, beta, converged, loss,
 * effective sample fraction, or the failure) for the summary, and a solve that failed or did not converge
 * warned about and listed in {@code failures}, so the experiment reports it under "unconverged".
 */
final class ExperimentEquilibrium {
    private ExperimentEquilibrium() {
    }

    /** @param result the saddle point, null when the solver threw; check {@link #converged()} before using it */
    record Solve(ObjectNode record, EquilibriumResult result) {
        boolean converged() {
            return result != null && result.converged();
        }
    }

    static Solve solve(Backend be, String experiment, double g, double dt, double gamma, double beta, int samples,
                       long seed, TaskData task, List<String> failures) {
        ObjectNode o = Json.object();
        EquilibriumProblem problem = new EquilibriumProblem(g, 1.0, dt, Phi.TANH, 1.0, gamma, beta, true, false, task);
        EquilibriumSettings settings = EquilibriumSettings.defaults(seed).withSamples(samples);
        o.set("solver", Json.MAPPER.valueToTree(settings));
        o.put("beta", beta);
        EquilibriumResult r = null;
        try {
            r = new SampledEquilibriumDmft(be, problem, settings).solve();
            o.put("converged", r.converged()).put("normalized_loss", r.normalizedLoss())
                    .put("effective_sample_fraction_min", r.effectiveSampleFraction());
            if (!r.converged()) {
                failures.add("gamma = " + gamma + ": equilibrium saddle point did not converge");
            }
        } catch (SaddlePointException e) {
            o.put("converged", false);
            o.put("failure", e.getMessage());
            failures.add("gamma = " + gamma + ": " + e.getMessage());
        }
        if (r == null || !r.converged()) {
            System.err.println("rnnfield experiment " + experiment + ": warning: equilibrium theory at gamma = " + gamma
                    + " failed or did not converge; it is left out of the plots (" + o.path("failure").asText("unconverged") + ")");
        }
        return new Solve(o, r);
    }
}
