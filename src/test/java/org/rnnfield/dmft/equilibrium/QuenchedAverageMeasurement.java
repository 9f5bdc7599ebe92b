package org.rnnfield.dmft.equilibrium;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

/**
 * The error of the sampling solver against the exact linear closure (eq. 5.12) for each group size K and
 * placement of the quenched draws, over seeds: the measurement behind {@link EquilibriumSettings#defaults}
 * (a harness, not a test): {@code -Dg.k=4,10,40 -Dg.seeds=1,2,3 -Dg.samples=32000}.
 */
public final class QuenchedAverageMeasurement {
    public static void main(String[] args) {
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 3.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        double gamma = Double.parseDouble(System.getProperty("g.gamma", "0.3"));
        EquilibriumProblem p = new EquilibriumProblem(0.8, 1.0, 0.1, Phi.LINEAR, 1.0, gamma, 60, true, false, task);
        EquilibriumResult exact = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1)).solve();
        int samples = Integer.getInteger("g.samples", 32_000);
        CpuBackend backend = new CpuBackend(Precision.FLOAT64);
        for (QuenchedSampling placement : QuenchedSampling.values()) {
            for (String k : System.getProperty("g.k", "4,10,40").split(",")) {
                StringBuilder line = new StringBuilder(String.format("%-16s K %4s:", placement, k));
                for (String seed : System.getProperty("g.seeds", "1,2,3").split(",")) {
                    EquilibriumSettings s = EquilibriumSettings.defaults(Long.parseLong(seed)).withSamples(samples)
                            .withGroups(Integer.parseInt(k), placement);
                    EquilibriumResult r = new SampledEquilibriumDmft(backend, p, s).solve();
                    line.append(String.format("  kernel %.4f loss %+.4f", PopulationKernels.relativeDistance(r.phi(), exact.phi()),
                            r.loss() / exact.loss() - 1));
                }
                System.out.println(line);
            }
        }
    }
}
