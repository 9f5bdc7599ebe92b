package org.rnnfield.cli;

import org.junit.jupiter.api.Test;
import org.rnnfield.dmft.equilibrium.EquilibriumProblem;
import org.rnnfield.dmft.equilibrium.EquilibriumSettings;
import org.rnnfield.dmft.equilibrium.SiteProposal;
import org.rnnfield.sample.LangevinSpec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EquilibriumConfigTest {
    /** The default Langevin step reproduces the steps measured to be unbiased (docs/theory.md 5.4) and scales windows with 1/h. */
    @Test
    void defaultStepFollowsTheMeasuredRule() {
        assertEquals(0.005, EquilibriumConfig.defaultStep(60, 0.5), 1e-12);
        assertEquals(0.000625, EquilibriumConfig.defaultStep(60, 2.0), 1e-12);
        assertEquals(0.005, EquilibriumConfig.defaultStep(60, 0.05), 1e-12, "small gamma: the readout bound");
        EquilibriumConfig c = new EquilibriumConfig();
        c.beta = 60;
        LangevinSpec s = c.langevin(List.of("J", "V"), 2.0, 1, 0);
        assertEquals(0.0025 / 4, s.h(), 1e-12);
        assertEquals(12800, s.burnIn());
        assertEquals(64000, s.window());
        assertEquals(100, new EquilibriumConfig().settings(1, null).groupSize(), "K = 100 at every gamma (docs/theory.md 5.3)");
        EquilibriumConfig fixed = new EquilibriumConfig();
        fixed.h = 0.01;
        fixed.window = 500;
        assertEquals(0.01, fixed.langevin(List.of("V"), 2.0, 1, 0).h());
        assertEquals(500, fixed.langevin(List.of("V"), 2.0, 1, 0).window());
    }

    /**
     * Without a proposal, tanh with J sampled and U frozen gets site chains in groups of 10, no control variate;
     * linear phi, readout-only sampling and an annealed U keep importance weights; asking for the control variate asks
     * for importance weights; a given proposal is kept.
     */
    @Test
    void defaultProposalFollowsTheProblem() {
        org.rnnfield.task.TaskData task = new org.rnnfield.task.PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0},
                5, 0.0, 0.5, 1.0, 1).generate(0.2);
        java.util.function.BiFunction<org.rnnfield.model.Phi, boolean[], EquilibriumProblem> problem = (phi, trained) ->
                new EquilibriumProblem(1.5, 1.0, 0.2, phi, 1.0, 1.0, 60, trained[0], trained[1], task);
        EquilibriumConfig auto = new EquilibriumConfig();
        EquilibriumSettings tanh = auto.settings(1, problem.apply(org.rnnfield.model.Phi.TANH, new boolean[]{true, false}));
        assertEquals(SiteProposal.MCMC, tanh.proposal());
        assertEquals(EquilibriumSettings.DEFAULT_CHAIN_GROUP_SIZE, tanh.groupSize());
        assertFalse(tanh.controlVariate());
        for (EquilibriumProblem p : List.of(problem.apply(org.rnnfield.model.Phi.LINEAR, new boolean[]{true, false}),
                problem.apply(org.rnnfield.model.Phi.TANH, new boolean[]{false, false}),
                problem.apply(org.rnnfield.model.Phi.TANH, new boolean[]{true, true}))) {
            EquilibriumSettings s = auto.settings(1, p);
            assertEquals(SiteProposal.ADAPTED, s.proposal(), p.toString());
            assertEquals(EquilibriumSettings.DEFAULT_GROUP_SIZE, s.groupSize());
            assertTrue(s.controlVariate());
        }
        EquilibriumConfig withVariate = new EquilibriumConfig();
        withVariate.controlVariate = true;
        assertEquals(SiteProposal.ADAPTED, withVariate.settings(1, problem.apply(org.rnnfield.model.Phi.TANH, new boolean[]{true, false})).proposal());
        EquilibriumConfig given = new EquilibriumConfig();
        given.proposal = SiteProposal.PRIOR;
        assertEquals(SiteProposal.PRIOR, given.settings(1, problem.apply(org.rnnfield.model.Phi.TANH, new boolean[]{true, false})).proposal());
    }
}
