package org.rnnfield.backend;

import org.junit.jupiter.api.Test;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TensorLedgerTest {
    @Test
    void aScopeReleasesWhatWasMadeInsideItOnce() {
        try (CpuBackend be = new CpuBackend(Precision.FLOAT64)) {
            Tensor kept = be.zeros(2, 2);
            try (Backend.Scope outer = be.scope()) {
                be.zeros(3, 3);
                Tensor byHand = be.zeros(4, 1);
                be.release(byHand);                        // not released a second time at close
                try (Backend.Scope inner = be.scope()) {
                    be.zeros(5, 1);
                }
                assertEquals(8 * (4 + 9), be.allocatedBytes(), "the inner scope returned its 5 doubles");
            }
            assertEquals(8 * 4, be.allocatedBytes(), "only the tensor made before the scopes is left");
            be.release(kept);
            assertEquals(0, be.allocatedBytes());
            Backend.Scope a = be.scope();
            Backend.Scope b = be.scope();
            assertThrows(IllegalStateException.class, a::close, "scopes close innermost first");
            b.close();
            a.close();
            assertThrows(IllegalStateException.class, a::close, "closed twice");
        }
    }

    /** An experiment trains many networks on one backend: each training returns all it took. */
    @Test
    void trainingANetworkReturnsItsMemory() {
        TaskConfig c = new TaskConfig();
        c.duration = 2.0;
        NetworkSpec spec = new NetworkSpec(60, 1.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        TrainSpec train = new TrainSpec(1.0, 3, Optimizer.ADAM, EnumSet.allOf(Weight.class), 0, 0);
        try (CpuBackend be = new CpuBackend(Precision.FLOAT32)) {
            TrainedNetwork.train(be, spec, c.build().generate(0.1), train, 1);
            assertEquals(0, be.allocatedBytes());
        }
    }
}
