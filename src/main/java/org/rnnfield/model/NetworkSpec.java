package org.rnnfield.model;

/**
 * The rate network of DESIGN.md section 1:
 * {@code x(t+dt) = x + (dt/tau)(-x + (g/sqrt N) J phi(x) + U I(t))},
 * {@code y = (1/(N gamma)) V^T phi(x)}.
 */
public record NetworkSpec(int n, double g, double gamma, double tau, double dt, Phi phi,
                          InitialState init, double q0, int inputDim, int outputDim) {

    public NetworkSpec {
        // the upper limit is the backend's (Backend.maxNetworkWidth) and the host copy's (Parameters.MAX_HOST_N)
        if (n < 1) {
            throw ConfigException.field("N", n, "integer 1.. up to the backend's limit (46340 on the CPU)");
        }
        if (!(g >= 0) || Double.isInfinite(g)) {
            throw ConfigException.field("g", g, "finite number >= 0");
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw ConfigException.field("gamma", gamma, "finite number > 0");
        }
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw ConfigException.field("tau", tau, "finite number > 0");
        }
        if (!(dt > 0) || dt > tau) {
            throw ConfigException.field("dt", dt, "0 < dt <= tau = " + tau);
        }
        if (!(q0 >= 0) || Double.isInfinite(q0)) {
            throw ConfigException.field("q0", q0, "finite number >= 0");
        }
        if (inputDim < 0) {
            throw ConfigException.field("inputDim", inputDim, "integer >= 0");
        }
        if (outputDim < 1) {
            throw ConfigException.field("outputDim", outputDim, "integer >= 1");
        }
    }

    /** The same network at another size. */
    public NetworkSpec withN(int size) {
        return new NetworkSpec(size, g, gamma, tau, dt, phi, init, q0, inputDim, outputDim);
    }

    /** Euler factor alpha = dt / tau. */
    public double alpha() {
        return dt / tau;
    }

    /** Scale of the recurrent GEMM, g / sqrt(N). */
    public double recurrentScale() {
        return MeanFieldScaling.recurrent(g, n);
    }

    /** Scale of the readout GEMM, 1 / (N gamma). */
    public double readoutScale() {
        return MeanFieldScaling.readout(n, gamma);
    }
}
