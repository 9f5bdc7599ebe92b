package org.rnnfield.model;

/** The single-neuron nonlinearity phi of DESIGN.md section 1. */
public enum Phi {
    TANH {
        @Override
        public double apply(double x) {
            return tanh(x);
        }

        @Override
        public double derivativeFromValue(double phiOfX) {
            return 1.0 - phiOfX * phiOfX;
        }

        @Override
        public double secondDerivativeFromValue(double phiOfX) {
            return -2.0 * phiOfX * (1.0 - phiOfX * phiOfX);
        }

        @Override
        public double meanDerivative(double meanSquare) {
            return 1.0 - meanSquare;
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

        @Override
        public double secondDerivativeFromValue(double phiOfX) {
            return 0.0;
        }

        @Override
        public double meanDerivative(double meanSquare) {
            return 1.0;
        }
    };

    public abstract double apply(double x);

    /**
     * tanh to within a few ulp, about 5x faster than {@link Math#tanh} (which HotSpot does not
     * intrinsify, while {@link Math#exp} it does): {@code (1 - e) / (1 + e)} with e = exp(-2|x|),
     * and the Taylor series below |x| = 0.01, where 1 - e would cancel (its x^9 term is < 1e-19 x).
     */
    public static double tanh(double x) {
        double a = Math.abs(x);
        if (a < 0.01) {
            double x2 = x * x;
            return x * (1 - x2 * (1.0 / 3 - x2 * (2.0 / 15 - x2 * (17.0 / 315))));
        }
        double e = Math.exp(-2 * a);
        double t = (1 - e) / (1 + e);
        return x < 0 ? -t : t;
    }

    /**
     * tanh in float32 arithmetic as a branch-free rational function, so that the CPU backend's float32 loops
     * vectorize (there is no vector exp in Java 17): {@code tanh(x) ~ x P(x^2) / Q(x^2)} for |x| clamped to 9
     * (where tanh rounds to 1 in float32), P of degree 4 and Q of degree 4 in x^2, all coefficients positive, so
     * Q has no real root for x^2 >= 0. Fitted here (bench/peers/fit_tanh.py: linearized least squares with
     * Lawson reweighting toward the minimax relative error on [0, 9]): relative error 4.6e-8 in exact arithmetic;
     * evaluated in float32, at most 3.5e-7 absolute and relative over 4 million points in [-12, 12] (about 6
     * float32 ulps near |tanh| = 1), below the rounding of a float32 sum of a few neurons' inputs.
     */
    public static float tanh(float x) {
        float c = Math.max(-9f, Math.min(9f, x));
        float s = c * c;
        float p = (((1.371704014263564e-08f * s + 2.0879482109615807e-05f) * s + 0.003512395533751943f) * s
                + 0.1339529872966504f) * s + 0.9999999912462455f;
        float q = (((7.927511007956023e-07f * s + 0.0003312859488987422f) * s + 0.025941302835331744f) * s
                + 0.4672862180788899f) * s + 1f;
        return Math.max(-1f, Math.min(1f, c * p / q));
    }

    /** phi'(x) written in terms of phi(x), which BPTT keeps from the forward pass. */
    public abstract double derivativeFromValue(double phiOfX);

    /** phi''(x) in terms of phi(x): the pathwise conjugate of the equilibrium DMFT needs it (docs/theory.md eq. 5.10). */
    public abstract double secondDerivativeFromValue(double phiOfX);

    /**
     * {@code <phi'(x)>} over a population given {@code <phi(x)^2>} (the kernel's diagonal Phi(t, t)), exact for the
     * nonlinearities here: tanh' = 1 - tanh^2, linear' = 1. The stationary DMFT's control variate needs it.
     */
    public abstract double meanDerivative(double meanSquare);

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
