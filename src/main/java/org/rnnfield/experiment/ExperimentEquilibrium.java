package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.equilibrium.EquilibriumProblem;
import org.rnnfield.dmft.equilibrium.EquilibriumResult;
import org.rnnfield.dmft.equilibrium.EquilibriumSettings;
import org.rnnfield.dmft.equilibrium.LinearEquilibriumDmft;
import org.rnnfield.dmft.equilibrium.SaddlePointException;
import org.rnnfield.dmft.equilibrium.SaddlePointListener;
import org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft;
import org.rnnfield.dmft.equilibrium.SiteProposal;
import org.rnnfield.array.NdArray;
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

    /**
     * @param result the saddle point, null when the solver threw; check {@link #converged()} before using it
     * @param siteBlock consecutive site samples that share a quenched draw ({@link SampledEquilibriumDmft#siteBlock})
     */
    record Solve(ObjectNode record, EquilibriumResult result, int siteBlock) {
        boolean converged() {
            return solved(result);
        }
    }

    static Solve solve(Backend be, String experiment, double g, double dt, double gamma, double beta, int samples,
                       SiteProposal proposal, long seed, TaskData task, List<String> failures) {
        ObjectNode o = Json.object();
        EquilibriumProblem problem = new EquilibriumProblem(g, 1.0, dt, Phi.TANH, 1.0, gamma, beta, true, false, task);
        EquilibriumSettings settings = EquilibriumSettings.defaults(seed, proposal).withSamples(samples);
        o.set("solver", Json.MAPPER.valueToTree(settings));
        o.put("beta", beta);
        EquilibriumResult r = null;
        try {
            r = new SampledEquilibriumDmft(be, problem, settings).solve();
            o.put("effective_sample_fraction_min", r.effectiveSampleFraction());
        } catch (SaddlePointException e) {
            o.put("failure", e.getMessage());
        }
        if (r != null && r.chains() != null) {
            o.set("site_chains", Json.MAPPER.valueToTree(r.chains()));
        }
        return finish(experiment, "equilibrium", gamma, o, r, SampledEquilibriumDmft.siteBlock(problem, settings), failures);
    }

    /**
     * A usable saddle point: the solver returned, converged, and its site chains (if any) mixed (eqs. 5.17-5.18: chains
     * that did not move are a failed solve, as in dmft --equilibrium).
     */
    private static boolean solved(EquilibriumResult r) {
        return r != null && r.converged() && (r.chains() == null || r.chains().mixed());
    }

    /**
     * The outcome of one solve in its record (converged, loss), and a solve that failed (r null, its message under
     * "failure"), did not converge or whose site chains did not mix listed in {@code failures} and warned about on stderr.
     */
    private static Solve finish(String experiment, String label, double gamma, ObjectNode o, EquilibriumResult r,
                                int siteBlock, List<String> failures) {
        o.put("converged", solved(r));
        if (r != null) {
            o.put("normalized_loss", r.normalizedLoss());
            if (!r.converged()) {
                failures.add("gamma = " + gamma + ": " + label + " saddle point did not converge");
            } else if (r.chains() != null && !r.chains().mixed()) {
                o.put("failure", r.chains().mixingProblem());
                failures.add("gamma = " + gamma + ": " + label + " " + r.chains().mixingProblem());
            }
        } else {
            failures.add("gamma = " + gamma + ": " + o.path("failure").asText());
        }
        if (!solved(r)) {
            System.err.println("rnnfield experiment " + experiment + ": warning: " + label + " theory at gamma = " + gamma
                    + " failed or did not converge; it is left out of the plots (" + o.path("failure").asText("unconverged") + ")");
        }
        return new Solve(o, r, siteBlock);
    }

    /**
     * Richness of the closure that stands for gamma -> 0 (the random network) in the linear theory: the closure moves as
     * gamma^2, so its kernel is the random network's to ~1e-8 relative.
     */
    static final double RANDOM_LIMIT_GAMMA = 1e-4;

    /** The exact linear closure over a gamma grid: one solve per gamma, and the gamma -> 0 kernel it started from. */
    record LinearGrid(Solve[] solves, NdArray randomKernel) {
    }

    /**
     * The exact linear closure (eq. 5.12; J and V sampled, U and x(0) quenched) at every gamma of an increasing grid, on
     * the branch of lowest loss the solver can reach: the closure has two saddle points over a range of gamma (docs/theory.md
     * 5.7), and the continuation from gamma = 0 follows the one with loss ~0.1 while trained networks sit near the
     * low-loss one. So the largest gamma is solved by the Newton homotopy from the random network's kernel (eq. 5.20;
     * on the multi-sine task it lands on the low-loss saddle point), and the branch is followed down the grid (eq. 5.19);
     * below a fold of that branch, and wherever it cannot be followed, each gamma is solved by the continuation from
     * gamma -> 0. Each record says how its saddle point was reached; a gamma no method solved is listed in {@code failures}.
     */
    static LinearGrid solveLinear(String experiment, double g, double dt, double[] gammas, double beta, TaskData task,
                                  List<String> failures) {
        NdArray random = new LinearEquilibriumDmft(linearProblem(g, dt, RANDOM_LIMIT_GAMMA, beta, task),
                EquilibriumSettings.defaults(0)).solve().phi();
        Solve[] solves = new Solve[gammas.length];
        EquilibriumResult above = null;
        String branchEnd = null;
        for (int i = gammas.length - 1; i >= 0; i--) {
            double gamma = gammas[i];
            ObjectNode o = Json.object();
            o.set("solver", Json.MAPPER.valueToTree(EquilibriumSettings.defaults(0)));
            o.set("continuation_constants", Json.MAPPER.valueToTree(LinearEquilibriumDmft.continuationConstants()));
            o.put("beta", beta);
            LinearEquilibriumDmft solver = new LinearEquilibriumDmft(linearProblem(g, dt, gamma, beta, task), EquilibriumSettings.defaults(0));
            long t0 = System.nanoTime();
            EquilibriumResult r = null;
            // the homotopy and the branch take minutes at D ~ 100: a line every 10 arclength points
            SaddlePointListener progress = new SaddlePointListener() {
                @Override
                public void onArclengthPoint(String parameter, double value, int point) {
                    if (point % 10 == 0) {
                        System.err.printf(java.util.Locale.ROOT, "  [%s] gamma = %s: %s = %.4g after %d arclength points%n",
                                experiment, gamma, parameter, value, point);
                    }
                }
            };
            try {
                if (i == gammas.length - 1) {
                    r = solver.solveFrom(random, progress);
                    o.put("reached_from", "Newton homotopy from the random network's kernel (eq. 5.20)");
                } else if (above != null) {
                    r = solver.solveAlongBranch(above, gammas[i + 1], progress);
                    o.put("reached_from", "followed along the branch from gamma = " + gammas[i + 1] + " (eq. 5.19)");
                }
            } catch (SaddlePointException e) {
                branchEnd = e.getMessage();
                o.put("branch_end", branchEnd);
            }
            if (r == null) {
                try {
                    r = solver.solve();
                    o.put("reached_from", "continuation from gamma -> 0" + (branchEnd == null ? "" : " (the branch from the largest gamma"
                            + " does not reach this gamma)"));
                } catch (SaddlePointException e) {
                    o.put("failure", e.getMessage());
                }
            }
            o.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (r != null) {
                o.put("method", r.method());
            }
            solves[i] = finish(experiment, "linear equilibrium", gamma, o, r, 1, failures);
            // only a converged saddle point is followed on; otherwise the lower gammas start from gamma -> 0
            above = r != null && r.converged() && branchEnd == null ? r : null;
        }
        return new LinearGrid(solves, random);
    }

    private static EquilibriumProblem linearProblem(double g, double dt, double gamma, double beta, TaskData task) {
        return new EquilibriumProblem(g, 1.0, dt, Phi.LINEAR, 1.0, gamma, beta, true, false, task);
    }
}
