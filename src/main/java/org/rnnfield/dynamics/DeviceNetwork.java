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
        requireWidth(backend, n);
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

    private DeviceNetwork(Backend backend, NetworkSpec spec, Tensor j, Tensor u, Tensor v, Tensor x0) {
        this.spec = spec;
        this.backend = backend;
        this.j0 = null;
        this.j = j;
        this.u = u;
        this.v = v;
        this.x0 = x0;
    }

    /**
     * A random network drawn on the device, with no host copy of J: J's entries are Philox normals
     * (Backend.fillNormal with {@code seed}, stream {@link #DEVICE_J_STREAM}), U, V and x0 (N x D and N x B) the host
     * draws of {@link Parameters#initialize}. This is how networks wider than {@link Parameters#MAX_HOST_N} run
     * (benchmarks at N = 65536 on a GPU); {@link #toHost} refuses them.
     */
    public static DeviceNetwork drawnOnDevice(Backend backend, NetworkSpec spec, int trials, long seed) {
        int n = spec.n();
        requireWidth(backend, n);
        Tensor j = backend.zeros(n, n);
        backend.fillNormal(j, seed, DEVICE_J_STREAM);
        org.rnnfield.array.Rng rng = org.rnnfield.array.Rng.stream(seed, "device-network");
        NdArray x0 = spec.init() == org.rnnfield.model.InitialState.ZERO ? NdArray.zeros(n, trials)
                : rng.normal(spec.q0(), n, trials);
        return new DeviceNetwork(backend, spec, j, backend.upload(rng.normal(1.0, n, spec.inputDim())),
                backend.upload(rng.normal(1.0, n, spec.outputDim())), backend.upload(x0));
    }

    /** The Philox stream of J in {@link #drawnOnDevice}. */
    public static final long DEVICE_J_STREAM = 0x4A30L;

    private static void requireWidth(Backend backend, int n) {
        if (n > backend.maxNetworkWidth()) {
            throw ConfigException.field("N", n, "1.." + backend.maxNetworkWidth() + " on " + backend.describe()
                    + " (the widest N x N tensor it holds); on cuda only device memory bounds N");
        }
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
        if (j0 == null) {
            throw new IllegalStateException("this network was drawn on the device (N = " + spec.n()
                    + ") and has no host copy of J0; only networks made from Parameters can be copied to the host");
        }
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
