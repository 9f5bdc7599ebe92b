package org.rnnfield.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.array.NdArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * .npy/.npz against fixtures written by NumPy (test-data/make_fixtures.py): we read what NumPy
 * wrote, and what we write is byte-identical to what NumPy writes for the same array.
 */
class NpyTest {
    static final Path DATA = Path.of(System.getProperty("rnnfield.testData", "test-data"));

    /** a[i, j] = 10 i + j + 0.25, computed here independently of the fixture. */
    static NdArray expectedA() {
        NdArray a = NdArray.zeros(3, 4);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                a.set(10.0 * i + j + 0.25, i, j);
            }
        }
        return a;
    }

    static NdArray expectedB() {
        NdArray b = NdArray.zeros(2, 3, 4);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    b.set((double) (float) ((i - 1.5) * 0.5 + j * k / 8.0), i, j, k);
                }
            }
        }
        return b;
    }

    @Test
    void readsNumpyFloat64AndFloat32AndFortranOrder() throws IOException {
        assertEquals(expectedA(), Npy.read(DATA.resolve("npy_a_f8.npy")));
        assertEquals(expectedB(), Npy.read(DATA.resolve("npy_b_f4.npy")));
        assertEquals(expectedA(), Npy.read(DATA.resolve("npy_f_fortran.npy")));
        NdArray v = Npy.read(DATA.resolve("npy_v_f8.npy"));
        assertArrayEquals(new int[]{5}, v.shape());
        assertArrayEquals(new double[]{-3, -2, 1, 6, 13}, v.data());
    }

    @Test
    void writesBytesIdenticalToNumpy(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a.npy");
        Npy.write(a, expectedA());
        assertArrayEquals(Files.readAllBytes(DATA.resolve("npy_a_f8.npy")), Files.readAllBytes(a));
        Path b = tmp.resolve("b.npy");
        Npy.write(b, expectedB(), Npy.DType.FLOAT32);
        assertArrayEquals(Files.readAllBytes(DATA.resolve("npy_b_f4.npy")), Files.readAllBytes(b));
        Path v = tmp.resolve("v.npy");
        Npy.write(v, new NdArray(new int[]{5}, new double[]{-3, -2, 1, 6, 13}));
        assertArrayEquals(Files.readAllBytes(DATA.resolve("npy_v_f8.npy")), Files.readAllBytes(v));
    }

    @Test
    void readsNumpyNpzStoredAndCompressed() throws IOException {
        Map<String, NdArray> z = Npz.read(DATA.resolve("fixture.npz"));
        assertEquals(expectedA(), z.get("a"));
        assertArrayEquals(new double[]{-3, -2, 1, 6, 13}, z.get("v").data());
        Map<String, NdArray> c = Npz.read(DATA.resolve("fixture_c.npz"));
        assertEquals(expectedA(), c.get("a"));
        assertEquals(expectedB(), c.get("b"));
    }

    @Test
    void npzRoundTrip(@TempDir Path tmp) throws IOException {
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("a", expectedA());
        m.put("b", expectedB());
        Path f = tmp.resolve("x.npz");
        Npz.write(f, m);
        assertEquals(m, Npz.read(f));
    }

    @Test
    void malformedFilesAreRejectedWithTheFileName(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.npy");
        Files.writeString(bad, "definitely not numpy");
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(bad));
        assertTrue(e.getMessage().contains("bad.npy") && e.getMessage().contains("magic"), e.getMessage());

        Path truncated = tmp.resolve("short.npy");
        byte[] full = Files.readAllBytes(DATA.resolve("npy_a_f8.npy"));
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length - 8));
        e = assertThrows(NpyFormatException.class, () -> Npy.read(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        e = assertThrows(NpyFormatException.class, () -> Npy.read(tmp.resolve("missing.npy")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
