package org.rnnfield.backend.cuda;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The one check the gpu-tagged tests share: skip, with the reason, where neither a device nor the emulator is here. */
final class CudaDevice {
    private static Boolean available;

    private CudaDevice() {
    }

    static void assumeAvailable() {
        String emulator = System.getProperty("rnnfield.cudaEmulator");
        if (emulator != null && !Files.exists(Path.of(emulator, "libcuda.so.1"))) {
            assumeTrue(false, "the CUDA emulator was not built (native/cuda-emulator/build.sh needs g++): GPU test skipped");
        }
        if (available == null) {
            available = CudaBackend.available();
        }
        assumeTrue(available, "no CUDA device (or NVIDIA driver) on this machine: GPU test skipped");
    }
}
