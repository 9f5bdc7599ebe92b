package org.rnnfield.backend;

import org.rnnfield.backend.cpu.CpuBackend;

/** The backend contract on the CPU reference (native BLAS where it loads, else netlib's Java BLAS). */
class CpuBackendContractTest extends BackendContract {
    @Override
    protected Backend open(Precision precision) {
        return new CpuBackend(precision);
    }
}
