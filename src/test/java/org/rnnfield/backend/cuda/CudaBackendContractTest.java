package org.rnnfield.backend.cuda;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.BackendContract;
import org.rnnfield.backend.Precision;

/** The backend contract on CUDA: on the driver emulator in CI, on a device through bench/gpu/run.sh. */
@Tag("gpu")
class CudaBackendContractTest extends BackendContract {
    @BeforeEach
    void needsDevice() {
        CudaDevice.assumeAvailable();
    }

    @Override
    protected Backend open(Precision precision) {
        return new CudaBackend(precision);
    }
}
