package org.rnnfield.io;

import org.rnnfield.array.NdArray;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy format, version 1.0/2.0/3.0 (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 * Reads little-endian float32/float64 (and int32/int64, converted to double) in C or Fortran order;
 * writes little-endian C-order float64 or float32, version 1.0.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Element type written to disk. */
    public enum DType {
        FLOAT64("<f8", 8), FLOAT32("<f4", 4);
        final String descr;
        final int bytes;

        DType(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }
    }

    private Npy() {
    }

    public static NdArray read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new NpyFormatException(path + ": file not found");
        }
    }

    public static NdArray read(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8) {
            throw new NpyFormatException(name + ": not a .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new NpyFormatException(name + ": not a .npy file (bad magic string)");
            }
        }
        int major = magic[6];
        int headerLen;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            headerLen = (l[0] & 0xff) | ((l[1] & 0xff) << 8);
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new NpyFormatException(name + ": unsupported .npy version " + major);
        }
        String header = new String(in.readNBytes(headerLen), StandardCharsets.ISO_8859_1);
        String descr = match(DESCR, header, name, "descr");
        boolean fortran = "True".equals(match(FORTRAN, header, name, "fortran_order"));
        int[] shape = parseShape(match(SHAPE, header, name, "shape"), name);
        int elemBytes;
        switch (descr) {
            case "<f8", "<i8" -> elemBytes = 8;
            case "<f4", "<i4" -> elemBytes = 4;
            default -> throw new NpyFormatException(name + ": dtype '" + descr
                    + "' not supported (allowed: little-endian float64 '<f8', float32 '<f4', int64 '<i8', int32 '<i4')");
        }
        long count = NdArray.sizeOf(shape);
        long bytes = count * elemBytes;
        if (bytes > Integer.MAX_VALUE) {
            throw new NpyFormatException(name + ": array too large (" + bytes + " bytes)");
        }
        byte[] raw = in.readNBytes((int) bytes);
        if (raw.length != bytes) {
            throw new NpyFormatException(name + ": truncated data (expected " + bytes + " bytes, found " + raw.length + ")");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double[] data = new double[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (descr) {
                case "<f8" -> buf.getDouble();
                case "<f4" -> buf.getFloat();
                case "<i8" -> buf.getLong();
                default -> buf.getInt();
            };
        }
        if (fortran && shape.length > 1) {
            data = fortranToC(data, shape);
        }
        return new NdArray(shape, data);
    }

    private static String match(Pattern p, String header, String name, String key) throws NpyFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new NpyFormatException(name + ": malformed .npy header (no '" + key + "')");
        }
        return m.group(1);
    }

    private static int[] parseShape(String s, String name) throws NpyFormatException {
        String[] parts = s.split(",");
        int n = 0;
        int[] shape = new int[parts.length];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                shape[n++] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(name + ": malformed shape '(" + s + ")'");
            }
        }
        return java.util.Arrays.copyOf(shape, n);
    }

    private static double[] fortranToC(double[] f, int[] shape) {
        double[] c = new double[f.length];
        int nd = shape.length;
        int[] idx = new int[nd];
        for (int k = 0; k < f.length; k++) {
            // k walks C order; compute Fortran offset of the same index
            int off = 0;
            int stride = 1;
            for (int a = 0; a < nd; a++) {
                off += idx[a] * stride;
                stride *= shape[a];
            }
            c[k] = f[off];
            for (int a = nd - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return c;
    }

    public static byte[] toBytes(NdArray a, DType dtype) {
        int[] dims = a.shape();
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            shape.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        shape.append(dims.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        // header padded with spaces and a newline so that magic + len + header is a multiple of 64
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + a.size() * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : a.data()) {
            if (dtype == DType.FLOAT64) {
                buf.putDouble(v);
            } else {
                buf.putFloat((float) v);
            }
        }
        return buf.array();
    }

    public static void write(Path path, NdArray a, DType dtype) throws IOException {
        AtomicFiles.write(path, out -> out.write(toBytes(a, dtype)));
    }

    public static void write(Path path, NdArray a) throws IOException {
        write(path, a, DType.FLOAT64);
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** A sink of bytes, so writers can stream into a temporary file. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }
}
