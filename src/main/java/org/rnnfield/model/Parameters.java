package org.rnnfield.model;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host copy of a network's weights: J (N x N), U (N x D_in), V (N x D_out), the initial J0, and the
 * frozen initial states x0 (N x B, one column per trial). All N(0,1) at initialization
 * (x0 ~ N(0, q0)), each matrix from its own seeded stream so that changing N_in does not change J.
 */
public record Parameters(NdArray j0, NdArray j, NdArray u, NdArray v, NdArray x0) {
    /**
     * Largest N with a host copy of J (one Java array, as for the CPU backend): training, sampling, checkpoints and
     * weight files need it; wider networks are drawn on the device ({@code DeviceNetwork.drawnOnDevice}).
     */
    public static final int MAX_HOST_N = 46_340;

    public static Parameters initialize(NetworkSpec spec, int trials, long seed) {
        int n = spec.n();
        if (n > MAX_HOST_N) {
            throw ConfigException.field("N", n, "1.." + MAX_HOST_N + " for a network with a host copy of its weights"
                    + " (train, sample, dmft, experiments); `bench --backend cuda` draws wider networks on the device");
        }
        NdArray j = Rng.stream(seed, "J").normal(1.0, n, n);
        NdArray u = Rng.stream(seed, "U").normal(1.0, n, spec.inputDim());
        NdArray v = Rng.stream(seed, "V").normal(1.0, n, spec.outputDim());
        NdArray x0 = spec.init() == InitialState.ZERO
                ? NdArray.zeros(n, trials)
                : Rng.stream(seed, "x0").normal(spec.q0(), n, trials);
        return new Parameters(j.copy(), j, u, v, x0);
    }

    public Map<String, NdArray> asMap() {
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("J0", j0);
        m.put("J", j);
        m.put("U", u);
        m.put("V", v);
        m.put("x0", x0);
        return m;
    }

    public static Parameters fromMap(Map<String, NdArray> m, String source) {
        for (String k : new String[]{"J0", "J", "U", "V", "x0"}) {
            if (!m.containsKey(k)) {
                throw new ConfigException(source + ": array '" + k + "' missing (expected J0, J, U, V, x0)");
            }
        }
        return new Parameters(m.get("J0"), m.get("J"), m.get("U"), m.get("V"), m.get("x0"));
    }
}
