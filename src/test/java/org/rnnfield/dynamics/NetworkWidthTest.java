package org.rnnfield.dynamics;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.Philox;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upper limit on N belongs to the backend (and to the host copy), not to the network's definition. */
class NetworkWidthTest {
    @Test
    void aSpecTakesAnyWidthTheBackendDecides() {
        NetworkSpec wide = Fixtures.spec(65_536, Phi.TANH, 1, 1);
        assertEquals(65_536, wide.n());
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.spec(0, Phi.TANH, 1, 1));
        assertTrue(e.getMessage().startsWith("N: 0 is not allowed"), e.getMessage());
    }

    @Test
    void theCpuRefusesWiderThanOneJavaArrayBeforeAllocating() {
        assertTrue((long) CpuBackend.MAX_NETWORK_WIDTH * CpuBackend.MAX_NETWORK_WIDTH <= Integer.MAX_VALUE - 8);
        assertTrue((long) (CpuBackend.MAX_NETWORK_WIDTH + 1) * (CpuBackend.MAX_NETWORK_WIDTH + 1) > Integer.MAX_VALUE - 8);
        NetworkSpec wide = Fixtures.spec(CpuBackend.MAX_NETWORK_WIDTH + 1, Phi.TANH, 1, 1);
        try (CpuBackend cpu = new CpuBackend(Precision.FLOAT32)) {
            ConfigException e = assertThrows(ConfigException.class, () -> DeviceNetwork.drawnOnDevice(cpu, wide, 1, 1));
            assertTrue(e.getMessage().startsWith("N: 46341 is not allowed (allowed: 1..46340 on "), e.getMessage());
            assertEquals(0, cpu.allocatedBytes(), "nothing allocated before the refusal");
        }
        ConfigException host = assertThrows(ConfigException.class, () -> Parameters.initialize(wide, 1, 1));
        assertTrue(host.getMessage().startsWith("N: 46341 is not allowed (allowed: 1..46340 for a network with a host copy"),
                host.getMessage());
    }

    /** J drawn on the backend is Philox's stream, element by element, and such a network has no host copy. */
    @Test
    void aNetworkDrawnOnTheDeviceIsPhiloxsJ() {
        NetworkSpec spec = Fixtures.spec(7, Phi.TANH, 2, 1);
        try (CpuBackend cpu = new CpuBackend(Precision.FLOAT64)) {
            DeviceNetwork net = DeviceNetwork.drawnOnDevice(cpu, spec, 3, 11);
            org.rnnfield.array.NdArray j = cpu.download(net.tensor(Weight.J));
            for (int c = 0; c < 7; c++) {
                for (int r = 0; r < 7; r++) {
                    assertEquals(Philox.normal(11, DeviceNetwork.DEVICE_J_STREAM, r + 7L * c), j.get(r, c), 0.0);
                }
            }
            assertEquals(3, net.trials());
            assertEquals(2, net.tensor(Weight.U).cols());
            assertThrows(IllegalStateException.class, net::toHost);
        }
    }
}
