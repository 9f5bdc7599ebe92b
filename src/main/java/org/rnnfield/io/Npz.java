package org.rnnfield.io;

import org.rnnfield.array.NdArray;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** NumPy .npz archives: a zip of .npy members, as written by np.savez / np.savez_compressed. */
public final class Npz {
    private Npz() {
    }

    public static Map<String, NdArray> read(Path path) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                String key = name.substring(0, name.length() - 4);
                byte[] bytes = Npy.readAll(zip);
                arrays.put(key, Npy.read(new ByteArrayInputStream(bytes), path + ":" + name));
            }
        } catch (NoSuchFileException e) {
            throw new NpyFormatException(path + ": file not found");
        } catch (ZipException e) {
            throw new NpyFormatException(path + ": not a .npz archive (" + e.getMessage() + ")");
        }
        if (arrays.isEmpty()) {
            throw new NpyFormatException(path + ": no .npy members (not a .npz archive?)");
        }
        return arrays;
    }

    public static void write(Path path, Map<String, NdArray> arrays, Npy.DType dtype) throws IOException {
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(1);
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Npy.toBytes(e.getValue(), dtype));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    public static void write(Path path, Map<String, NdArray> arrays) throws IOException {
        write(path, arrays, Npy.DType.FLOAT64);
    }
}
