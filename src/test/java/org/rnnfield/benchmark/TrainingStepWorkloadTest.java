package org.rnnfield.benchmark;

import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TrainingStepWorkloadTest {
    /**
     * The GEMM-only ceiling leaves the network as it found it (its gradient GEMM adds zero adjoints into J), so timing
     * it between training steps does not change the benchmarked work; a training step does change the loss.
     */
    @Test
    void gemmsOnlyLeavesTheNetworkUnchanged() {
        try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
            TrainingStepWorkload a = new TrainingStepWorkload(be, 60, 4, 5);
            TrainingStepWorkload b = new TrainingStepWorkload(be, 60, 4, 5);
            double first = a.trainingStep();
            assertEquals(first, b.trainingStep(), 0.0, "same seed, same work");
            a.gemmsOnly();
            a.gemmsOnly();
            double next = a.trainingStep();
            assertEquals(next, b.trainingStep(), 0.0, "gemmsOnly changed the network");
            assertNotEquals(first, next, "a training step changes the weights");
        }
    }
}
