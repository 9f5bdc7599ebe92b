package org.rnnfield.backend;

import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.ConfigException;

import java.lang.reflect.InvocationTargetException;

/**
 * Creates the backend named by {@code --backend auto|cpu|cuda}. The CUDA backend is loaded
 * reflectively so nothing outside {@code backend.cuda} depends on JCuda; {@code auto} falls back to
 * the CPU with a one-line message when no CUDA device initializes.
 */
public final class Backends {
    public static final String CUDA_CLASS = "org.rnnfield.backend.cuda.CudaBackend";

    private Backends() {
    }

    public static Backend create(String name, Precision precision) {
        return switch (name == null ? "" : name.toLowerCase()) {
            case "cpu" -> new CpuBackend(precision);
            case "cuda" -> createCuda(precision);
            case "auto" -> {
                try {
                    yield createCuda(precision);
                } catch (ConfigException e) {
                    System.err.println("rnnfield: backend auto: " + e.getMessage().replaceFirst("^backend: ", "") + "; using cpu");
                    yield new CpuBackend(precision);
                }
            }
            default -> throw ConfigException.field("backend", "'" + name + "'", "auto, cpu, cuda");
        };
    }

    private static Backend createCuda(Precision precision) {
        Class<?> cls;
        try {
            cls = Class.forName(CUDA_CLASS);
        } catch (ClassNotFoundException e) {
            throw new ConfigException("backend: 'cuda' is not available: this build has no CUDA backend (allowed here: cpu, auto)");
        }
        try {
            return (Backend) cls.getConstructor(Precision.class).newInstance(precision);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String m = String.valueOf(cause.getMessage());
            if (cause instanceof LinkageError || m.contains("native library")) {
                throw new ConfigException("backend: 'cuda' is not available: the JCuda driver library did not load"
                        + " (no NVIDIA driver, libcuda.so.1, on this machine)");
            }
            throw new ConfigException("backend: 'cuda' could not start: " + oneLine(cause));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigException("backend: 'cuda' could not start: " + oneLine(e));
        }
    }

    /** A cause's message on one line (native-library errors span many), at most 300 characters. */
    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
