package org.rnnfield.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.rnnfield.array.NdArray;
import org.rnnfield.model.ConfigException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One numeric array from a file a user brings: NumPy {@code .npy}, MATLAB {@code .mat} (v5/v7 through MFL, v7.3
 * through HDF5) or HDF5 ({@code .h5}, {@code .hdf5}, NWB {@code .nwb}, through jHDF), returned in C order with
 * the shape the user sees in Python or MATLAB. The format is decided by the file's signature, not its name.
 * A file holding several arrays needs the array's name (a MATLAB variable, an HDF5 dataset path); without one,
 * the single numeric array of rank >= 2 is taken, and an error lists the candidates when there are several.
 */
public final class ArrayFiles {
    /** What a file holds, by its signature. */
    public enum Format { NPY, MAT_V5, MAT_V73, HDF5 }

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private ArrayFiles() {
    }

    /**
     * @param field named in errors (e.g. "recording")
     * @param name  the array inside the file (MATLAB variable or HDF5 dataset path), or null for "the only one"
     */
    public static NdArray read(String field, Path file, String name) {
        if (!Files.isRegularFile(file)) {
            throw ConfigException.field(field, file, "an existing .npy, .mat, .h5 or .nwb file");
        }
        try {
            Format format = format(file);
            return switch (format) {
                case NPY -> {
                    if (name != null) {
                        throw new ConfigException(field + ": " + file + " is a .npy file, which holds one array; no name ('"
                                + name + "') is used");
                    }
                    yield Npy.read(file);
                }
                case MAT_V5 -> fromMat5(field, file, name);
                case MAT_V73, HDF5 -> fromHdf5(field, file, name, format == Format.MAT_V73);
            };
        } catch (IOException e) {
            throw new ConfigException(field + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The format by signature: NPY magic, HDF5 at offset 0 or 512 (a v7.3 .mat's user block), or MATLAB's v5 header. */
    public static Format format(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(520);
        }
        if (startsWith(head, 0, NPY_MAGIC)) {
            return Format.NPY;
        }
        if (startsWith(head, 0, HDF5_MAGIC)) {
            return Format.HDF5;
        }
        String text = new String(head, 0, Math.min(head.length, 116), StandardCharsets.US_ASCII);
        if (startsWith(head, 512, HDF5_MAGIC)) {
            return text.startsWith("MATLAB 7.3") ? Format.MAT_V73 : Format.HDF5;
        }
        if (text.startsWith("MATLAB 5.0 MAT-file") || text.startsWith("MATLAB 7.")) {
            return Format.MAT_V5;
        }
        throw new ConfigException(file + ": not a .npy, MATLAB .mat or HDF5 file (its first bytes match none of them)");
    }

    private static boolean startsWith(byte[] data, int offset, byte[] magic) {
        if (data.length < offset + magic.length) {
            return false;
        }
        return Arrays.equals(data, offset, offset + magic.length, magic, 0, magic.length);
    }

    private static NdArray fromMat5(String field, Path file, String name) throws IOException {
        try (MatFile mat = Mat5.readFromFile(file.toFile())) {
            List<String> candidates = new ArrayList<>();
            Matrix chosen = null;
            for (MatFile.Entry e : mat.getEntries()) {
                Array a = e.getValue();
                if (!(a instanceof Matrix m)) {
                    continue;
                }
                if (name != null ? e.getName().equals(name) : a.getNumDimensions() >= 2 && a.getNumElements() > 1) {
                    candidates.add(e.getName());
                    chosen = m;
                }
            }
            Matrix m = single(field, file, name, candidates, chosen, "variable");
            if (m.isComplex()) {
                throw new ConfigException(field + ": variable '" + candidates.get(0) + "' in " + file + " is complex (allowed: real)");
            }
            int[] shape = m.getDimensions();
            double[] columnMajor = new double[m.getNumElements()];
            for (int i = 0; i < columnMajor.length; i++) {
                columnMajor[i] = m.getDouble(i);
            }
            return fromColumnMajor(shape, columnMajor);
        }
    }

    private static NdArray fromHdf5(String field, Path file, String name, boolean matlab) {
        try (HdfFile hdf = new HdfFile(file)) {
            List<String> candidates = new ArrayList<>();
            Dataset chosen = null;
            if (name != null) {
                Node n = hdf.getByPath(name.startsWith("/") ? name.substring(1) : name);
                if (n instanceof Dataset d) {
                    candidates.add(name);
                    chosen = d;
                }
            } else {
                for (Dataset d : numericDatasets(hdf)) {
                    if (d.getDimensions().length >= 2) {
                        candidates.add(d.getPath());
                        chosen = d;
                    }
                }
            }
            Dataset d = single(field, file, name, candidates, chosen, "dataset");
            double[] flat = toDoubles(field, file, d);
            int[] stored = d.getDimensions();
            // MATLAB v7.3 writes column-major arrays, so HDF5 shows their dimensions reversed
            return matlab ? fromColumnMajor(reverse(stored), flat) : new NdArray(stored, flat);
        } catch (io.jhdf.exceptions.HdfException e) {
            throw new ConfigException(field + ": cannot read " + file + " as HDF5: " + e.getMessage());
        }
    }

    private static <T> T single(String field, Path file, String name, List<String> candidates, T chosen, String kind) {
        if (name != null && chosen == null) {
            throw new ConfigException(field + ": no numeric " + kind + " '" + name + "' in " + file);
        }
        if (candidates.isEmpty()) {
            throw new ConfigException(field + ": " + file + " holds no numeric " + kind + " of rank >= 2");
        }
        if (candidates.size() > 1) {
            throw new ConfigException(field + ": " + file + " holds several numeric " + kind + "s " + candidates
                    + "; name the one to use (--" + field + "-variable)");
        }
        return chosen;
    }

    private static List<Dataset> numericDatasets(Group g) {
        List<Dataset> out = new ArrayList<>();
        for (Node n : g) {
            if (n instanceof Group child) {
                out.addAll(numericDatasets(child));
            } else if (n instanceof Dataset d && !d.isScalar() && isNumeric(d.getJavaType())) {
                out.add(d);
            }
        }
        return out;
    }

    private static boolean isNumeric(Class<?> type) {
        return type == double.class || type == float.class || type == int.class || type == long.class
                || type == short.class || type == byte.class;
    }

    private static double[] toDoubles(String field, Path file, Dataset d) {
        Object data = d.getDataFlat();
        if (data instanceof double[] v) {
            return v;
        }
        if (!(data != null && data.getClass().isArray() && data.getClass().getComponentType().isPrimitive()
                && isNumeric(data.getClass().getComponentType()))) {
            throw new ConfigException(field + ": dataset '" + d.getPath() + "' in " + file + " is not numeric ("
                    + d.getJavaType().getSimpleName() + ")");
        }
        int n = java.lang.reflect.Array.getLength(data);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) java.lang.reflect.Array.get(data, i)).doubleValue();
        }
        return out;
    }

    private static int[] reverse(int[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[v.length - 1 - i];
        }
        return r;
    }

    /** A column-major (Fortran, MATLAB) buffer of the given shape as a C-order array of the same shape. */
    static NdArray fromColumnMajor(int[] shape, double[] columnMajor) {
        NdArray out = NdArray.zeros(shape);
        double[] rowMajor = out.data();
        int[] index = new int[shape.length];
        for (int r = 0; r < rowMajor.length; r++) {
            int c = 0;
            int stride = 1;
            for (int k = 0; k < shape.length; k++) {
                c += index[k] * stride;
                stride *= shape[k];
            }
            rowMajor[r] = columnMajor[c];
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++index[k] < shape[k]) {
                    break;
                }
                index[k] = 0;
            }
        }
        return out;
    }
}
