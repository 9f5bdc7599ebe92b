package org.rnnfield.model;

/** The single-neuron nonlinearity phi of DESIGN.md section 1. */
public enum Phi {
    TANH {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivativeFromValue(double phiOfX) {
            return 1.0 - phiOfX * phiOfX;
        }
    },
    LINEAR {
        @Override
        public double apply(double x) {
            return x;
        }

        @Override
        public double derivativeFromValue(double phiOfX) {
            return 1.0;
        }
    };

    public abstract double apply(double x);

    /** phi'(x) written in terms of phi(x), which BPTT keeps from the forward pass. */
    public abstract double derivativeFromValue(double phiOfX);

    public static Phi parse(String name) {
        for (Phi p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw org.rnnfield.model.ConfigException.field("phi", "'" + name + "'", "tanh, linear");
    }

    public String label() {
        return name().toLowerCase();
    }
}
