package org.rnnfield.cli;

import org.junit.jupiter.api.Test;
import org.rnnfield.sample.LangevinSpec;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(100, new EquilibriumConfig().settings(1).groupSize(), "K = 100 at every gamma (docs/theory.md 5.3)");
        EquilibriumConfig fixed = new EquilibriumConfig();
        fixed.h = 0.01;
        fixed.window = 500;
        assertEquals(0.01, fixed.langevin(List.of("V"), 2.0, 1, 0).h());
        assertEquals(500, fixed.langevin(List.of("V"), 2.0, 1, 0).window());
    }
}
