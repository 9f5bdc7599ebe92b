package org.rnnfield.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.array.NdArray;
import org.rnnfield.model.ConfigException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recordings in every format a lab brings, read from fixtures written by NumPy, SciPy and h5py
 * (scripts/make-recording-fixtures.py): each holds the (3, 4, 5) array 10 c + t + 0.1 u.
 */
class ArrayFilesTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        try {
            return Path.of(ArrayFilesTest.class.getResource("/recordings/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRates(NdArray a, String what) {
        assertArrayEquals(new int[]{3, 4, 5}, a.shape(), what);
        for (int c = 0; c < 3; c++) {
            for (int t = 0; t < 4; t++) {
                for (int u = 0; u < 5; u++) {
                    assertEquals(10.0 * c + t + 0.1 * u, a.get(c, t, u), 1e-6, what + " at " + c + "," + t + "," + u);
                }
            }
        }
    }

    @Test
    void everyFormatGivesTheSameArray() throws IOException {
        assertEquals(ArrayFiles.Format.NPY, ArrayFiles.format(fixture("rates.npy")));
        assertEquals(ArrayFiles.Format.MAT_V5, ArrayFiles.format(fixture("rates_v5.mat")));
        assertEquals(ArrayFiles.Format.MAT_V73, ArrayFiles.format(fixture("rates_v73.mat")));
        assertEquals(ArrayFiles.Format.HDF5, ArrayFiles.format(fixture("rates.nwb")));
        assertRates(ArrayFiles.read("recording", fixture("rates.npy"), null), "npy");
        assertRates(ArrayFiles.read("recording", fixture("rates_float32.npy"), null), "npy float32");
        assertRates(ArrayFiles.read("recording", fixture("rates_v5.mat"), null), "MATLAB v5, the only variable");
        assertRates(ArrayFiles.read("recording", fixture("rates_two_variables_v5.mat"), "rates"), "MATLAB v5, named");
        assertRates(ArrayFiles.read("recording", fixture("rates_v73.mat"), null), "MATLAB v7.3 (HDF5, column-major)");
        assertRates(ArrayFiles.read("recording", fixture("rates.nwb"), null), "NWB, the only numeric dataset of rank >= 2");
        assertRates(ArrayFiles.read("recording", fixture("rates.nwb"), "/processing/ecephys/trial_averaged_rates/data"),
                "NWB, by path");
    }

    @Test
    void ambiguityAndMissingNamesAreClearErrors() throws IOException {
        ConfigException several = assertThrows(ConfigException.class,
                () -> ArrayFiles.read("recording", fixture("rates_two_variables_v5.mat"), null));
        assertTrue(several.getMessage().contains("[rates, emg]") || several.getMessage().contains("[emg, rates]"),
                several.getMessage());
        assertTrue(several.getMessage().contains("--recording-variable"), several.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ArrayFiles.read("recording", fixture("rates.nwb"), "/processing/nothing"));
        assertTrue(missing.getMessage().contains("'/processing/nothing'"), missing.getMessage());
        ConfigException npyName = assertThrows(ConfigException.class,
                () -> ArrayFiles.read("targets", fixture("rates.npy"), "emg"));
        assertTrue(npyName.getMessage().startsWith("targets:"), npyName.getMessage());
        Path text = Files.writeString(tmp.resolve("notes.mat"), "conditions, time, units\n");
        ConfigException notArray = assertThrows(ConfigException.class, () -> ArrayFiles.read("recording", text, null));
        assertTrue(notArray.getMessage().contains("not a .npy, MATLAB .mat or HDF5 file"), notArray.getMessage());
        assertThrows(ConfigException.class, () -> ArrayFiles.read("recording", tmp.resolve("absent.npy"), null));
    }

    @Test
    void columnMajorBuffersBecomeCOrder() {
        // MATLAB's [1 2 3; 4 5 6] is stored 1 4 2 5 3 6
        NdArray a = ArrayFiles.fromColumnMajor(new int[]{2, 3}, new double[]{1, 4, 2, 5, 3, 6});
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, a.data());
    }
}
