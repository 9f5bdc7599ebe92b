package org.rnnfield.dmft.equilibrium;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

/** Harness: site chains at the exact linear saddle point: their tilted kernel against it. Usage: gamma samples K sweeps refreshes */
public final class SiteChainAtSolution {
    public static void main(String[] a) throws Exception {
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 3.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        EquilibriumProblem p = new EquilibriumProblem(0.8, 1.0, 0.1, Phi.LINEAR, 1.0, Double.parseDouble(a[0]), 60, true, false, task);
        EquilibriumResult exact = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1)).solve();
        EquilibriumSettings s = EquilibriumSettings.defaults(1).withSamples(Integer.parseInt(a[1]))
                .withSiteChains(Integer.parseInt(a[3]), 0.5).withGroups(Integer.parseInt(a[2]), QuenchedSampling.LATIN_HYPERCUBE);
        CpuBackend be = new CpuBackend(Precision.FLOAT64);
        SampledEquilibriumDmft solver = new SampledEquilibriumDmft(be, p, s);
        SampledEquilibriumDmft.Sites sites = solver.sites();
        SampledEquilibriumDmft.Sites prior = new SampledEquilibriumDmft(be, p, EquilibriumSettings.defaults(1).withSamples(Integer.parseInt(a[1]))
                .withProposal(SiteProposal.PRIOR).withControlVariate(false).withGroups(Integer.parseInt(a[2]), QuenchedSampling.LATIN_HYPERCUBE)).sites();
        SiteAverages.Moments is = prior.evaluate(exact.phi(), exact.phiHat());
        System.out.printf("prior IS: kernel distance %.4f, conjugate distance %.4f, ESS %.3f%n",
                PopulationKernels.relativeDistance(is.phi(), exact.phi()),
                PopulationKernels.relativeDistance(is.recurrentConjugate(), Dense.plus(exact.phiHat(), -1.0,
                        new ReadoutPosterior(p).conjugate(new ReadoutPosterior(p).dual(exact.phi()), p.gamma()))), is.essFraction());
        for (int r = 0; r < Integer.parseInt(a[4]); r++) {
            sites.refresh(exact.phi(), exact.phiHat());
            SiteAverages.Moments mo = sites.evaluate(exact.phi(), exact.phiHat());
            System.out.printf("refresh %d: kernel distance %.4f, conjugate distance %.4f, %s%n", r,
                    PopulationKernels.relativeDistance(mo.phi(), exact.phi()),
                    PopulationKernels.relativeDistance(mo.recurrentConjugate(), Dense.plus(exact.phiHat(), -1.0,
                            new ReadoutPosterior(p).conjugate(new ReadoutPosterior(p).dual(exact.phi()), p.gamma()))), sites.chainReport());
        }
    }
}
