package org.rnnfield.dmft.equilibrium;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EquilibriumDmftTest {
    private static final CpuBackend BACKEND = new CpuBackend(Precision.FLOAT64);
    private static final TaskData TASK = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 3.0, 0.0,
            0.5, 1.0, 1).generate(0.1);

    private static EquilibriumProblem problem(Phi phi, double gamma, double beta, boolean trainJ) {
        double g = phi == Phi.LINEAR ? 0.8 : 1.5;
        return new EquilibriumProblem(g, 1.0, 0.1, phi, 1.0, gamma, beta, trainJ, false, TASK);
    }

    private static EquilibriumResult solve(EquilibriumProblem p, int samples) {
        EquilibriumSettings s = EquilibriumSettings.defaults(3);
        return samples == 0 ? new LinearEquilibriumDmft(p, s).solve()
                : new SampledEquilibriumDmft(BACKEND, p, s.withSamples(samples)).solve();
    }

    /** GP regression with kernel phi at ridge lambda on the scored points (t = 1..T), written out with EJML. */
    private static double[] gpRegression(NdArray phi, double lambda) {
        int t = TASK.steps();
        DMatrixRMaj k = new DMatrixRMaj(t, t);
        DMatrixRMaj y = new DMatrixRMaj(t, 1);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                k.set(i, j, phi.get(i + 1, j + 1));
            }
            y.set(i, 0, TASK.targets().get(0, i, 0));
        }
        DMatrixRMaj ridge = k.copy();
        for (int i = 0; i < t; i++) {
            ridge.add(i, i, lambda);
        }
        DMatrixRMaj alpha = new DMatrixRMaj(t, 1);
        CommonOps_DDRM.solve(ridge, y, alpha);
        DMatrixRMaj out = new DMatrixRMaj(t, 1);
        CommonOps_DDRM.mult(k, alpha, out);
        return out.data;
    }

    private static double relativeError(double[] a, NdArray output) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < a.length; k++) {
            double d = output.get(0, k, 0) - a[k];
            num += d * d;
            den += a[k] * a[k];
        }
        return Math.sqrt(num / den);
    }

    /**
     * No quenched variables (x(0) = 0, U sampled): one global self-normalization, and the sampled solver
     * meets the exact closure to its Monte Carlo error (measured 0.3-2% at M = 32000): the pathwise
     * conjugate (eq. 5.10) is the derivative the exact closure takes.
     */
    @Test
    void annealedSampledSolverMatchesTheExactLinearClosureClosely() {
        EquilibriumProblem p = new EquilibriumProblem(0.8, 1.0, 0.1, Phi.LINEAR, 0.0, 0.3, 60, true, true, TASK);
        EquilibriumResult exact = solve(p, 0);
        EquilibriumResult sampled = solve(p, 32_000);
        double dist = PopulationKernels.relativeDistance(sampled.phi(), exact.phi());
        assertTrue(dist < 0.035, "sampled vs exact kernel " + dist);
        assertEquals(exact.loss(), sampled.loss(), 0.03 * exact.loss(), "loss");
    }

    /**
     * gamma -> 0 (eq. 5.11): the kernel is the random-network kernel of the exact causal recursion and
     * the output is GP regression with it. Exact solver: to round-off; sampled (M = 32000 in groups of
     * K = 10 sharing a quenched draw): within the Monte Carlo error (measured 4.1% at M = 4000).
     */
    @ParameterizedTest(name = "{0}, samples {1}")
    @CsvSource({"LINEAR, 0", "LINEAR, 32000", "TANH, 32000"})
    void smallGammaGivesTheRandomNetworkKernelAndGpRegression(Phi phi, int samples) {
        EquilibriumProblem p = problem(phi, 1e-4, 300, true);
        EquilibriumResult r = solve(p, samples);
        NdArray exact = new CausalKernelRecursion(p.randomNetwork(), 32).solve().phi();
        double kernelTolerance = samples == 0 ? 1e-5 : 0.04;
        double dist = PopulationKernels.relativeDistance(r.phi(), exact);
        assertTrue(dist < kernelTolerance, "kernel relative distance " + dist);
        double out = relativeError(gpRegression(exact, p.ridge()), r.output());
        assertTrue(out < (samples == 0 ? 1e-5 : 0.05), "output vs GP regression " + out);
        assertTrue(r.converged());
    }

    /** J frozen: at any gamma the site is the random network and the readout is GP regression (reservoir). */
    @Test
    void frozenRecurrenceIsTheReservoirAtAnyGamma() {
        EquilibriumProblem p = problem(Phi.LINEAR, 2.0, 300, false);
        EquilibriumResult r = solve(p, 0);
        NdArray exact = new CausalKernelRecursion(p.randomNetwork(), 32).solve().phi();
        assertTrue(PopulationKernels.relativeDistance(r.phi(), exact) < 1e-5);
        assertTrue(relativeError(gpRegression(exact, p.ridge()), r.output()) < 1e-5);
    }

    /**
     * Linear phi with J sampled at gamma = 0.3: the importance-sampled solver agrees with the exact
     * matrix closure (eq. 5.12) within its sampling error, and learning changed the kernel well beyond
     * that error (so the comparison tests the conjugate, not only the random part). Measured with the
     * default K = 10, M = 32000, Latin-hypercube quenched draws: kernel distance 0.012 / 0.016 (seeds 1, 2),
     * loss +2.2% / +1.0% (i.i.d. draws: 0.013 / 0.015, +1.2% / +2.3%).
     */
    @Test
    void sampledSolverMatchesTheExactLinearClosure() {
        EquilibriumProblem p = problem(Phi.LINEAR, 0.3, 60, true);
        EquilibriumResult exact = solve(p, 0);
        EquilibriumResult sampled = solve(p, 32_000);
        NdArray random = new CausalKernelRecursion(p.randomNetwork(), 32).solve().phi();
        double moved = PopulationKernels.relativeDistance(exact.phi(), random);
        double dist = PopulationKernels.relativeDistance(sampled.phi(), exact.phi());
        assertTrue(moved > 0.1, "learning moved the kernel by " + moved);
        assertTrue(dist < 0.05, "sampled vs exact kernel " + dist + " (learning moved it by " + moved + ")");
        assertEquals(exact.loss(), sampled.loss(), 0.06 * exact.loss(), "loss");
        assertTrue(sampled.effectiveSampleFraction() > 0.1, "ESS fraction " + sampled.effectiveSampleFraction());
    }

    /**
     * Large groups (K = 100, the default at gamma >= 0.75) leave only M / K = 320 quenched draws; placed
     * as a Latin hypercube their average stays within 1-4% of the exact closure (seeds 1-3), where
     * i.i.d. draws gave 3.4%, 16.8% and 5.2% (QuenchedAverageMeasurement, docs/theory.md section 5.3).
     * Seed 2 is the one i.i.d. placement gets worst.
     */
    @Test
    void latinHypercubeKeepsLargeGroupsAccurate() {
        EquilibriumProblem p = problem(Phi.LINEAR, 0.3, 60, true);
        EquilibriumResult exact = solve(p, 0);
        EquilibriumSettings s = EquilibriumSettings.defaults(2).withGroups(100, QuenchedSampling.LATIN_HYPERCUBE);
        EquilibriumResult sampled = new SampledEquilibriumDmft(BACKEND, p, s).solve();
        double dist = PopulationKernels.relativeDistance(sampled.phi(), exact.phi());
        assertTrue(dist < 0.06, "sampled vs exact kernel " + dist);
        assertEquals(exact.loss(), sampled.loss(), 0.04 * exact.loss(), "loss");
    }

    /**
     * gamma = 1, linear, beta = 60: the tilt is strong enough that prior draws lose their weights (mean ESS
     * fraction 0.0998 at gamma = 0.963 with K = 100: the continuation stalls there, see the slow test
     * below). The adapted proposal of eq. 5.15 keeps the ESS >= 0.13 and reaches gamma = 1 (8 stages), within
     * 0.5% of the exact loss and 3.8% of its kernel (measured without the control variate).
     */
    @Test
    void theAdaptedProposalCarriesTheSitesToStrongTilts() {
        EquilibriumProblem p = problem(Phi.LINEAR, 1.0, 60, true);
        EquilibriumResult exact = solve(p, 0);
        EquilibriumResult sampled = new SampledEquilibriumDmft(BACKEND, p, EquilibriumSettings.defaults(1)).solve();
        double dist = PopulationKernels.relativeDistance(sampled.phi(), exact.phi());
        assertTrue(dist < 0.06, "sampled vs exact kernel " + dist);
        assertEquals(exact.loss(), sampled.loss(), 0.02 * exact.loss(), "loss");
        assertTrue(sampled.effectiveSampleFraction() > 0.1, "ESS fraction " + sampled.effectiveSampleFraction());
    }

    /**
     * Site chains (eqs. 5.17-5.18) on the same strong tilt: no weight is taken against the prior, and the solve
     * meets the exact closure. Measured (M = 16000, K = 10): kernel 0.8% / 3.6%, loss -0.7% / -1.5% (seeds 1, 2; 21-24
     * refreshes); M = 8000: 1.7-5.2%. About the prior instead of the fitted reference the solve ended 26% off the
     * exact kernel (M = 8000; SiteChains).
     */
    @Test
    void siteChainsCarryTheSitesToStrongTilts() {
        EquilibriumProblem p = problem(Phi.LINEAR, 1.0, 60, true);
        EquilibriumResult exact = solve(p, 0);
        EquilibriumSettings s = EquilibriumSettings.defaults(1, SiteProposal.MCMC).withSamples(16_000);
        EquilibriumResult sampled = new SampledEquilibriumDmft(BACKEND, p, s).solve();
        double dist = PopulationKernels.relativeDistance(sampled.phi(), exact.phi());
        assertTrue(dist < 0.05, "sampled vs exact kernel " + dist);
        assertEquals(exact.loss(), sampled.loss(), 0.02 * exact.loss(), "loss");
        assertTrue(sampled.chains().mixed(), sampled.chains().toString());
        assertTrue(sampled.chains().refreshes() > 1, "the chains followed the iterate: " + sampled.chains());
        assertTrue(sampled.method().contains("site chains"), sampled.method());
    }

    /**
     * tanh has no exact closure: the two samplers, site chains (K = 10, no control variate) and importance sampling
     * (defaults: K = 100, adapted proposal, control variate), must agree. Measured at gamma = 0.5 (M = 32000): kernel
     * 0.9%, loss -2.9%; gamma = 1: 0.7%, -0.45%. Before a converged stage had to keep ESS 0.9 on its chains (eq. 5.18)
     * the gamma = 0.5 stage was solved by reweighting prior draws in groups of 10 alone: loss +9.3%.
     */
    @Test
    void siteChainsAgreeWithImportanceSamplingForTanh() {
        EquilibriumProblem p = problem(Phi.TANH, 0.5, 60, true);
        EquilibriumResult is = new SampledEquilibriumDmft(BACKEND, p, EquilibriumSettings.defaults(1)).solve();
        EquilibriumResult chains = new SampledEquilibriumDmft(BACKEND, p, EquilibriumSettings.defaults(1, SiteProposal.MCMC)).solve();
        double dist = PopulationKernels.relativeDistance(chains.phi(), is.phi());
        assertTrue(dist < 0.03, "chains vs importance sampling kernel " + dist);
        assertEquals(is.loss(), chains.loss(), 0.05 * is.loss(), "loss");
        assertTrue(chains.chains().refreshes() >= 2, chains.chains().toString());
    }

    /** Defaults per proposal: site chains come in quenched groups of 10 without the control variate; the others are the defaults. */
    @Test
    void defaultsPerProposal() {
        EquilibriumSettings chains = EquilibriumSettings.defaults(4, SiteProposal.MCMC);
        assertEquals(SiteProposal.MCMC, chains.proposal());
        assertEquals(EquilibriumSettings.DEFAULT_CHAIN_GROUP_SIZE, chains.groupSize());
        assertEquals(QuenchedSampling.LATIN_HYPERCUBE, chains.quenchedSampling());
        assertFalse(chains.controlVariate());
        assertEquals(EquilibriumSettings.defaults(4), EquilibriumSettings.defaults(4, SiteProposal.ADAPTED));
        assertEquals(SiteProposal.PRIOR, EquilibriumSettings.defaults(4, SiteProposal.PRIOR).proposal());
        ConfigException e = assertThrows(ConfigException.class, () -> EquilibriumSettings.defaults(4, null));
        assertTrue(e.getMessage().contains("proposal"), e.getMessage());
    }

    /** The same solve from prior draws stalls: what the adapted proposal fixes (about a minute, so slow-tagged). */
    @org.junit.jupiter.api.Tag("slow")
    @Test
    void priorDrawsCollapseAtStrongTilts() {
        EquilibriumProblem p = problem(Phi.LINEAR, 1.0, 60, true);
        EquilibriumSettings s = EquilibriumSettings.defaults(1).withProposal(SiteProposal.PRIOR).withControlVariate(false);
        SaddlePointException e = assertThrows(SaddlePointException.class, () -> new SampledEquilibriumDmft(BACKEND, p, s).solve());
        assertTrue(e.getMessage().contains("importance weights collapsed"), e.getMessage());
    }

    /** A solve that cannot finish says so, naming where it stopped, instead of returning a result. */
    @Test
    void aStalledContinuationFailsLoudly() {
        EquilibriumProblem p = problem(Phi.LINEAR, 1.0, 600, true);
        EquilibriumSettings s = new EquilibriumSettings(100, 50, QuenchedSampling.LATIN_HYPERCUBE, SiteProposal.ADAPTED, true, 0.5, 20, 1e-6, 3, 0.1,
                EquilibriumSettings.DEFAULT_MCMC_SWEEPS, EquilibriumSettings.DEFAULT_MCMC_REFRESH_FRACTION,
                EquilibriumSettings.DEFAULT_MCMC_ACCEPT_FRACTION, 1);
        SaddlePointException e = assertThrows(SaddlePointException.class, () -> new LinearEquilibriumDmft(p, s).solve());
        assertTrue(e.getMessage().contains("stalled at gamma") || e.getMessage().contains("gamma = 0"), e.getMessage());
    }
}
