package org.rnnfield.experiment;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LangevinGrowthTest {
    private final CpuBackend be = new CpuBackend(Precision.FLOAT64);

    @Test
    void stepRuleBoundsHGammaSquared() {
        LangevinEnsemble l = new LangevinEnsemble(2, 0.001, 0.001, 8, 10, 2);
        assertEquals(0.001, l.step(0.5), 1e-15);
        assertEquals(0.001, l.step(1), 1e-15);
        assertEquals(0.00025, l.step(2), 1e-15);
        ConfigException e = assertThrows(ConfigException.class, () -> new LangevinEnsemble(1, 0.001, 0.001, 8, 0, 2));
        assertTrue(e.getMessage().contains("langevinSnapshots"), e.getMessage());
        assertTrue(new LangevinEnsemble(0, 0, 0, 0, 0, 0).toString().contains("chains=0"), "off needs no other field");
    }

    /**
     * Lazy Langevin training (gamma = 0.05) leaves J a draw of its prior, so a g = 2 network stays chaotic: the
     * exponent over the window is positive, near the random network's (0.116 / tau at large N, docs/theory.md 7),
     * and the chains' loss is the reservoir's (far from zero).
     */
    @Test
    void lazyChainsStayChaoticAtGTwo() {
        TaskData window = Tasks.sine(0.2, 10, 0.1);
        LangevinEnsemble l = new LangevinEnsemble(2, 0.002, 0.002, 1, 4, 0.5);
        LangevinGrowth r = LangevinGrowth.measure(l, be, Tasks.spec(200, 2.0, 0.05, 0.1, Phi.TANH, window), window, 60, 1);
        assertEquals(0.002, r.sampled().h(), 0);
        assertEquals(2, r.chainLyapunov().length);
        assertTrue(r.lyapunov() > 0.03 && r.lyapunov() < 0.3, "chaotic: " + r);
        assertTrue(r.ownBulk() > 0.03, "bulk growth with own slopes: " + r);
        assertTrue(r.meanSlope() > 0.3 && r.meanSlope() < 0.6, "mean q(t, t) of a driven g = 2 network: " + r);
        assertTrue(r.sampled().normalizedLoss() > 0.05, "lazy: the loss stays the reservoir's: " + r);
        assertTrue(Double.isFinite(r.lyapunovStdErr()) && Double.isFinite(r.sampled().outputRHat()), r.toString());
    }

    /**
     * Rich Langevin training (gamma = 2, the theory's beta = 60) orders a g = 2 network: its exponent and its bulk growth
     * with its own slopes are negative, as the theory's -0.21 / tau (docs/theory.md section 7), at a loss near the
     * Gibbs loss 0.0016. The step must be small at g = 2: h gamma^2 = 0.002 left these chains at loss 0.0145.
     */
    @Test
    @Tag("slow")
    void richChainsAreOrderedAtGTwo() {
        TaskData window = Tasks.sine(0.2, 10, 0.1);
        LangevinEnsemble l = new LangevinEnsemble(1, 0.001, 0.0005, 8, 4, 2);
        LangevinGrowth r = LangevinGrowth.measure(l, be, Tasks.spec(200, 2.0, 2.0, 0.1, Phi.TANH, window), window, 60, 1);
        System.out.println("gamma = 2, N = 200 Langevin networks: " + r);
        assertTrue(r.lyapunov() < -0.05, "ordered: " + r);
        assertTrue(r.ownBulk() < -0.05, "bulk growth with own slopes: " + r);
        assertTrue(r.sampled().normalizedLoss() < 0.006, "near the Gibbs loss: " + r);
    }
}
