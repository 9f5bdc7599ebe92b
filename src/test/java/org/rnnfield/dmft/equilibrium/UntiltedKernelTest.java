package org.rnnfield.dmft.equilibrium;

import org.junit.jupiter.api.Test;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.array.NdArray;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

import static org.junit.jupiter.api.Assertions.assertTrue;

class UntiltedKernelTest {
    private static final TaskData TASK = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 3.0, 0.0,
            0.5, 1.0, 1).generate(0.1);

    /**
     * The random-network kernel is the fixed point of the untilted map (eq. 5.11 with eq. 5.16): one
     * application to the exact causal recursion's kernel (32-node quadrature) returns it, to the 20-node
     * rule's accuracy (measured 5e-6 at 24 nodes).
     */
    @Test
    void theRandomNetworkKernelIsItsFixedPoint() {
        EquilibriumProblem p = new EquilibriumProblem(1.5, 1.0, 0.1, Phi.TANH, 1.0, 1.0, 60, true, false, TASK);
        NdArray exact = new CausalKernelRecursion(p.randomNetwork(), 32).solve().phi();
        double dist = PopulationKernels.relativeDistance(new UntiltedKernel(p).of(exact), exact);
        assertTrue(dist < 1e-5, "relative distance " + dist);
    }

    /** Frozen J: the control-variate sampled solver returns the exact random-network kernel, not an estimate. */
    @Test
    void frozenRecurrenceMakesTheSampledSolverExact() {
        EquilibriumProblem p = new EquilibriumProblem(1.5, 1.0, 0.1, Phi.TANH, 1.0, 1.0, 60, false, false, TASK);
        NdArray exact = new CausalKernelRecursion(p.randomNetwork(), 32).solve().phi();
        EquilibriumResult r = new SampledEquilibriumDmft(new org.rnnfield.backend.cpu.CpuBackend(
                org.rnnfield.backend.Precision.FLOAT64), p, EquilibriumSettings.defaults(1).withSamples(2000).withControlVariate(true)).solve();
        double dist = PopulationKernels.relativeDistance(r.phi(), exact);
        assertTrue(dist < 1e-5, "relative distance " + dist);
    }

    /**
     * The sites' slope kernel E phi'phi' (eq. 7.4) at a weak tilt, estimated from the sampled paths with no
     * control variate, equals the Gauss-Hermite slope kernel of the untilted law at the solution's kernel:
     * an independent check of the Monte Carlo estimate (M = 8000: sampling error about 1%).
     */
    @Test
    void theSitesSlopeKernelMatchesQuadratureAtWeakTilt() {
        EquilibriumProblem p = new EquilibriumProblem(1.5, 1.0, 0.1, Phi.TANH, 1.0, 0.05, 60, true, false, TASK);
        EquilibriumResult r = new SampledEquilibriumDmft(new org.rnnfield.backend.cpu.CpuBackend(
                org.rnnfield.backend.Precision.FLOAT64), p, EquilibriumSettings.defaults(4).withSamples(8000)
                .withControlVariate(false)).solve();
        NdArray quadrature = new UntiltedKernel(p).slopes(r.phi());
        double dist = PopulationKernels.relativeDistance(r.slopeKernel(), quadrature);
        assertTrue(dist < 0.03, "relative distance " + dist);
        assertTrue(dist > 1e-6, "the sampled estimate cannot equal the quadrature exactly: " + dist);
    }
}
