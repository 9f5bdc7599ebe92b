package org.rnnfield.dmft.equilibrium;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

/** Harness: site chains vs the exact linear closure. Usage: SiteChainMeasurement phi gamma beta samples sweeps refresh seed */
public final class SiteChainMeasurement {
    public static void main(String[] a) {
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 3.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        Phi phi = Phi.valueOf(a[0]);
        double gamma = Double.parseDouble(a[1]);
        double beta = Double.parseDouble(a[2]);
        EquilibriumProblem p = new EquilibriumProblem(phi == Phi.LINEAR ? 0.8 : 1.5, 1.0, 0.1, phi, 1.0, gamma, beta, true, false, task);
        EquilibriumSettings s = EquilibriumSettings.defaults(Long.parseLong(a[6])).withSamples(Integer.parseInt(a[3]))
                .withSiteChains(Integer.parseInt(a[4]), Double.parseDouble(a[5])).withGroups(a.length > 7 ? Integer.parseInt(a[7]) : 100, QuenchedSampling.LATIN_HYPERCUBE);
        CpuBackend be = new CpuBackend(Precision.FLOAT64);
        long t0 = System.nanoTime();
        EquilibriumResult r = new SampledEquilibriumDmft(be, p, s).solve(new SaddlePointListener() {
            @Override
            public void onStage(ContinuationStage st) {
                System.out.println("stage " + st);
            }

            @Override
            public void onIteration(double g, int it, double change, double ess) {
                if (it % 10 == 0 || change < 1e-5) {
                    System.out.printf("  gamma %.4f it %d change %.3g ess %.3f%n", g, it, change, ess);
                }
            }
        });
        System.out.printf("chains: loss %.6g (%.1f s) %s%n", r.loss(), (System.nanoTime() - t0) * 1e-9, r.chains());
        if (phi != Phi.LINEAR) {
            long t1 = System.nanoTime();
            EquilibriumResult is = new SampledEquilibriumDmft(be, p, EquilibriumSettings.defaults(Long.parseLong(a[6]))).solve();
            System.out.printf("importance sampling (defaults): loss %.6g (%.1f s), kernel distance chains vs IS %.4f, loss %+.4f%n",
                    is.loss(), (System.nanoTime() - t1) * 1e-9, PopulationKernels.relativeDistance(r.phi(), is.phi()), r.loss() / is.loss() - 1);
        }
        if (phi == Phi.LINEAR) {
            EquilibriumResult exact = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1)).solve();
            System.out.printf("exact loss %.6g, kernel distance %.4f, loss error %+.4f%n", exact.loss(),
                    PopulationKernels.relativeDistance(r.phi(), exact.phi()), r.loss() / exact.loss() - 1);
        }
    }
}
