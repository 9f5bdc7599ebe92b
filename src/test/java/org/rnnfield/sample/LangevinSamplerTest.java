package org.rnnfield.sample;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.TrainingListener;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LangevinSamplerTest {
    private static final CpuBackend BACKEND = new CpuBackend(Precision.FLOAT64);
    private static final TaskData TASK = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 3.0, 0.0,
            0.5, 1.0, 1).generate(0.1);
    private static final NetworkSpec SPEC = new NetworkSpec(60, 1.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0,
            TASK.inputDim(), TASK.outputDim());
    private static final double BETA = 300;

    private static SampleSummary sample(double h, int window) {
        LangevinSpec spec = new LangevinSpec(BETA, h, 1000, window, 2, EnumSet.of(Weight.V), 5, 0);
        LangevinSampler s = new LangevinSampler(BACKEND, SPEC, TASK, spec);
        List<LangevinSampler.Chain> chains = s.run(Parameters.initialize(SPEC, 1, 11), TrainingListener.NONE);
        return SampleSummary.of(chains, TASK, spec.burnIn());
    }

    /**
     * Readout-only Langevin sampling has an exact Gibbs law: phi is fixed, and the posterior of
     * y = V^T phi / (N gamma) is Gaussian with mean Phi_N (Phi_N + lambda)^{-1} y* and covariance
     * (lambda / (N gamma^2)) Phi_N (Phi_N + lambda)^{-1} (lambda = W / beta, docs/theory.md eq. 5.6).
     * ULA keeps a Gaussian's mean exact, so the time-averaged output must match to sampling error,
     * and the mean loss (which includes the O(h)-biased variance) within a few percent.
     */
    @Test
    void readoutOnlySamplingMatchesTheExactGaussianPosterior() {
        SampleSummary s = sample(0.004, 20_000);
        ExactReadoutPosterior exact = ExactReadoutPosterior.of(SPEC, TASK, Parameters.initialize(SPEC, 1, 11), BETA);
        int outside = 0;
        double worst = 0;
        for (int k = 0; k < TASK.steps(); k++) {
            double z = (s.output().get(0, k, 0) - exact.mean()[k]) / s.outputStdErr().get(0, k, 0);
            worst = Math.max(worst, Math.abs(z));
            if (Math.abs(z) > 3) {
                outside++;
            }
        }
        assertTrue(outside <= 1, outside + " of " + TASK.steps() + " outputs beyond 3 standard errors (worst " + worst + ")");
        assertEquals(exact.expectedLoss(), s.loss(), 0.05 * exact.expectedLoss() + 3 * s.lossStdErr(),
                "mean loss vs the exact posterior's");
        assertTrue(s.outputRHatMax() < 1.1, "R-hat " + s.outputRHatMax());
        assertTrue(s.lossAutocorrelationTimes()[0] > 1 && s.lossAutocorrelationTimes()[0] < 2000,
                "tau_int " + s.lossAutocorrelationTimes()[0]);
    }

    /** Halving h moves the averages by less than their sampling error (the step bias is below the noise). */
    @Test
    void halvingTheStepChangesAveragesByLessThanTheirError() {
        SampleSummary a = sample(0.004, 10_000);
        SampleSummary b = sample(0.002, 20_000);
        int outside = 0;
        for (int k = 0; k < TASK.steps(); k++) {
            double se = Math.hypot(a.outputStdErr().get(0, k, 0), b.outputStdErr().get(0, k, 0));
            if (Math.abs(a.output().get(0, k, 0) - b.output().get(0, k, 0)) > 3 * se) {
                outside++;
            }
        }
        assertTrue(outside <= 1, outside + " outputs differ by more than 3 combined standard errors");
        double seLoss = Math.hypot(a.lossStdErr(), b.lossStdErr());
        assertTrue(Math.abs(a.loss() - b.loss()) < 3 * seLoss + 0.03 * b.loss(),
                "loss " + a.loss() + " vs " + b.loss() + " (se " + seLoss + ")");
    }

    /** Snapshots only read the chain: same end state as without them, taken at the stated updates, losses consistent. */
    @Test
    void snapshotsReadTheChainWithoutChangingIt() {
        LangevinSpec spec = new LangevinSpec(BETA, 0.004, 30, 40, 1, EnumSet.of(Weight.J, Weight.V), 5, 0);
        LangevinSampler s = new LangevinSampler(BACKEND, SPEC, TASK, spec);
        Parameters start = Parameters.initialize(SPEC, 1, 11);
        LangevinSampler.Chain plain = s.runChain(start, 0, TrainingListener.NONE);
        List<LangevinSampler.Snapshot> shots = new java.util.ArrayList<>();
        LangevinSampler.Chain watched = s.runChain(start, 0, TrainingListener.NONE, 10, shots::add);
        assertEquals(4, shots.size());
        assertEquals(List.of(40, 50, 60, 70), shots.stream().map(LangevinSampler.Snapshot::update).toList());
        assertEquals(0, maxAbsDiff(plain.finalParams().j(), watched.finalParams().j()));
        assertEquals(0, maxAbsDiff(plain.finalParams().v(), watched.finalParams().v()));
        assertEquals(0, maxAbsDiff(plain.finalParams().j(), shots.get(3).params().j()));
        assertTrue(maxAbsDiff(shots.get(0).params().j(), shots.get(1).params().j()) > 0, "snapshots are of a moving chain");
        double mean = 0;
        for (int k = 30; k < 70; k++) {
            mean += plain.losses()[k] / 40;
        }
        assertEquals(mean, shots.get(3).windowLoss(), 1e-12 * mean);
    }

    private static double maxAbsDiff(NdArray a, NdArray b) {
        double m = 0;
        for (int k = 0; k < a.size(); k++) {
            m = Math.max(m, Math.abs(a.data()[k] - b.data()[k]));
        }
        return m;
    }
}
