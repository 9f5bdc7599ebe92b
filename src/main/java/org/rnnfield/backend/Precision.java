package org.rnnfield.backend;

/** Floating-point precision of a backend's device-side storage and arithmetic. */
public enum Precision {
    FLOAT64, FLOAT32;

    public static Precision parse(String name) {
        return switch (name.toLowerCase()) {
            case "float64", "double", "f64", "fp64" -> FLOAT64;
            case "float32", "float", "f32", "fp32" -> FLOAT32;
            default -> throw org.rnnfield.model.ConfigException.field("precision", "'" + name + "'", "float64, float32");
        };
    }

    public String label() {
        return name().toLowerCase();
    }
}
