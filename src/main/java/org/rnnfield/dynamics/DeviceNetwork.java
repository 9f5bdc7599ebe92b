package org.rnnfield.dynamics;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;

/** A network's weights resident on a backend: J (N x N), U (N x D_in), V (N x D_out), x0 (N x B). */
public final class DeviceNetwork {
    private final NetworkSpec spec;
    private final Backend backend;
    private final NdArray j0;
    final Tensor j;
    final Tensor u;
    final Tensor v;
    final Tensor x0;

    public DeviceNetwork(Backend backend, NetworkSpec spec, Parameters p) {
        int n = spec.n();
        check("J", p.j(), n, n);
        check("J0", p.j0(), n, n);
        check("U", p.u(), n, spec.inputDim());
        check("V", p.v(), n, spec.outputDim());
        if (p.x0().ndim() != 2 || p.x0().dim(0) != n) {
            throw new ConfigException("x0: shape " + p.x0().shapeString() + " is not allowed (allowed: (" + n + ", B))");
        }
        this.spec = spec;
        this.backend = backend;
        this.j0 = p.j0();
        this.j = backend.upload(p.j());
        this.u = backend.upload(p.u());
        this.v = backend.upload(p.v());
        this.x0 = backend.upload(p.x0());
    }

    private static void check(String name, NdArray a, int rows, int cols) {
        if (a.ndim() != 2 || a.dim(0) != rows || a.dim(1) != cols) {
            throw new ConfigException(name + ": shape " + a.shapeString() + " is not allowed (allowed: (" + rows + ", " + cols + "))");
        }
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Backend backend() {
        return backend;
    }

    public int trials() {
        return x0.cols();
    }

    /** The current weights copied to the host. */
    public Parameters toHost() {
        return new Parameters(j0, backend.download(j), backend.download(u), backend.download(v), backend.download(x0));
    }

    /** The device tensor of a trainable matrix. */
    public Tensor tensor(Weight w) {
        return switch (w) {
            case J -> j;
            case U -> u;
            case V -> v;
        };
    }
}
