package org.rnnfield.analysis;

import org.junit.jupiter.api.Test;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.DivergenceException;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule that trains experiments' networks to a target loss, on a small sine task. */
class TargetTrainingTest {
    private final Backend be = new CpuBackend(Precision.FLOAT64);
    private final TaskData task;
    private final NetworkSpec spec;
    private final TrainSpec template = new TrainSpec(1, 1, Optimizer.GD, EnumSet.of(Weight.J, Weight.V), 0, 0);

    TargetTrainingTest() {
        TaskConfig c = new TaskConfig();
        c.duration = 4.0;
        task = c.build().generate(0.2);
        spec = new NetworkSpec(80, 1.2, 1.0, 1.0, 0.2, Phi.TANH, InitialState.GAUSSIAN, 1.0, task.inputDim(), task.outputDim());
    }

    @Test
    void stopsAtTheTargetWithTheFirstRateThatGetsThere() {
        TargetTraining.Outcome o = TargetTraining.train(be, spec, task, template, new TargetTraining.Rule(0.05, 400, 1, 3), 1);
        assertTrue(o.reached(), o.describe());
        assertTrue(o.normalizedLoss() <= 0.05 && o.steps() < 400, o.describe());
        assertEquals(1, o.attempts().size());
        assertEquals(1.0, o.eta0());
        assertEquals(o.steps() + 1, o.network().loss().length, "the run stopped at the target");
        assertEquals(o.normalizedLoss(), o.network().loss()[o.steps()] / task.meanSquaredTarget(), 1e-15);
    }

    /** eta0 = 200 diverges; the rule halves it until a run trains, from the same initial weights. */
    @Test
    void halvesTheRateAfterADivergence() {
        TargetTraining.Outcome o = TargetTraining.train(be, spec, task, template, new TargetTraining.Rule(0.05, 400, 200, 12), 1);
        assertTrue(o.attempts().size() >= 2, o.attempts().toString());
        assertTrue(o.attempts().get(0).outcome().startsWith("diverged"), o.attempts().toString());
        assertEquals(200 / Math.pow(2, o.attempts().size() - 1), o.eta0(), 0.0, "halved once per failed run");
        assertTrue(o.reached(), o.describe());
    }

    /** A stable run that stops at the cap is not repeated at a smaller rate, and is flagged. */
    @Test
    void aStableRunAboveTheTargetIsFlaggedNotRepeated() {
        TargetTraining.Outcome o = TargetTraining.train(be, spec, task, template, new TargetTraining.Rule(1e-9, 20, 1, 3), 1);
        assertFalse(o.reached());
        assertEquals(1, o.attempts().size(), o.attempts().toString());
        assertEquals(20, o.steps());
        assertTrue(o.describe().contains("did NOT reach"), o.describe());
    }

    /** The verdicts on loss curves: at the target, oscillating far above its best (unstable), or slowly falling. */
    @Test
    void judgesCurvesByTheRule() {
        assertEquals(TargetTraining.Verdict.REACHED, TargetTraining.judge(new double[]{0.5, 0.2, 0.01}, 0.02));
        assertEquals(TargetTraining.Verdict.UNSTABLE, TargetTraining.judge(new double[]{0.5, 0.05, 0.3, 0.096}, 0.02),
                "final 0.096 > 1.5 x its lowest 0.05");
        assertEquals(TargetTraining.Verdict.CAPPED, TargetTraining.judge(new double[]{0.5, 0.06, 0.07, 0.065}, 0.02),
                "a small rise (1.08x) is not instability");
    }

    @Test
    void everyRateDivergingIsAnError() {
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> TargetTraining.train(be, spec, task, template, new TargetTraining.Rule(0.05, 50, 1e4, 1), 1));
        assertTrue(e.getMessage().contains("every rate of the rule diverged"), e.getMessage());
    }

    @Test
    void badRulesNameTheField() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TargetTraining.Rule(0, 10, 1, 1));
        assertTrue(e.getMessage().contains("targetLoss"), e.getMessage());
        assertThrows(ConfigException.class, () -> new TargetTraining.Rule(0.1, 0, 1, 1));
        assertThrows(ConfigException.class, () -> new TargetTraining.Rule(0.1, 10, 1, -1));
    }
}
