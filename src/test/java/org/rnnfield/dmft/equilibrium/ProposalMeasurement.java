package org.rnnfield.dmft.equilibrium;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

/**
 * Prior vs adapted site proposals (eq. 5.15): ESS, stages and error against the exact linear closure, or
 * (tanh) the loss and ESS alone; a harness, not a test: {@code -Dg.phi=LINEAR -Dg.gamma=1 -Dg.k=10,100
 * -Dg.duration=3 -Dg.seeds=1,2}.
 */
public final class ProposalMeasurement {
    public static void main(String[] args) {
        Phi phi = Phi.valueOf(System.getProperty("g.phi", "LINEAR"));
        double duration = Double.parseDouble(System.getProperty("g.duration", "3"));
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, duration, 0.0, 0.5, 1.0, 1).generate(0.1);
        double gamma = Double.parseDouble(System.getProperty("g.gamma", "1"));
        double g = phi == Phi.LINEAR ? 0.8 : 1.5;
        EquilibriumProblem p = new EquilibriumProblem(g, 1.0, 0.1, phi, 1.0, gamma, 60, true, false, task);
        EquilibriumResult exact = phi == Phi.LINEAR ? new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1)).solve() : null;
        if (exact != null) {
            System.out.printf("exact loss %.5g%n", exact.loss());
        }
        CpuBackend backend = new CpuBackend(Precision.FLOAT64);
        java.util.List<String> labels = new java.util.ArrayList<>();
        java.util.List<EquilibriumResult> results = new java.util.ArrayList<>();
        for (String k : System.getProperty("g.k", "10,100").split(",")) {
            for (String variant : System.getProperty("g.variants", "PRIOR-0,PRIOR-1,ADAPTED-0,ADAPTED-1").split(",")) {
                SiteProposal proposal = SiteProposal.valueOf(variant.split("-")[0]);
                boolean cv = variant.endsWith("-1");
                for (String seed : System.getProperty("g.seeds", "1").split(",")) {
                    EquilibriumSettings s = EquilibriumSettings.defaults(Long.parseLong(seed))
                            .withSamples(Integer.getInteger("g.samples", 32_000))
                            .withGroups(Integer.parseInt(k), QuenchedSampling.LATIN_HYPERCUBE).withProposal(proposal)
                            .withControlVariate(cv);
                    long t0 = System.nanoTime();
                    try {
                        EquilibriumResult r = new SampledEquilibriumDmft(backend, p, s).solve();
                        labels.add("K" + k + " " + variant + " s" + seed);
                        results.add(r);
                        System.out.printf("K %4s %-10s seed %s: loss %.5g%s ess_min %.3f stages %d iterations %d %.0fs%n", k, variant, seed,
                                r.loss(), exact == null ? "" : String.format(" (%+.2f%%) kernel %.4f", 100 * (r.loss() / exact.loss() - 1),
                                        PopulationKernels.relativeDistance(r.phi(), exact.phi())),
                                r.effectiveSampleFraction(), r.stages().size(), r.iterations(), (System.nanoTime() - t0) * 1e-9);
                    } catch (SaddlePointException e) {
                        System.out.printf("K %4s %-10s seed %s: FAILED %s%n", k, variant, seed, e.getMessage());
                    }
                }
            }
        }
            // pairwise kernel distances: the solver's seed-to-seed and estimator-to-estimator spread
        for (int i = 0; i < results.size(); i++) {
            StringBuilder line = new StringBuilder(String.format("%-22s", labels.get(i)));
            for (int j = 0; j < results.size(); j++) {
                line.append(String.format(" %.4f", PopulationKernels.relativeDistance(results.get(i).phi(), results.get(j).phi())));
            }
            System.out.println(line);
        }
    }
}
