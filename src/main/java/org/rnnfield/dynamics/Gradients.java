package org.rnnfield.dynamics;

import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.NetworkSpec;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Gradient buffers dL/dJ, dL/dU, dL/dV (only for the trained matrices), shaped like the weights. */
public final class Gradients {
    private final Map<Weight, Tensor> grads = new EnumMap<>(Weight.class);

    public Gradients(Backend backend, NetworkSpec spec, Set<Weight> trained) {
        for (Weight w : trained) {
            int cols = switch (w) {
                case J -> spec.n();
                case U -> spec.inputDim();
                case V -> spec.outputDim();
            };
            grads.put(w, backend.zeros(spec.n(), cols));
        }
    }

    public Set<Weight> weights() {
        return grads.keySet();
    }

    public Tensor get(Weight w) {
        return grads.get(w);
    }
}
