package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;

/**
 * A finite network's own slope kernel q(t, s) = (1/N) sum_i phi'(x_i(t)) phi'(x_i(s)) along one trajectory
 * (docs/theory.md eq. 7.2 with the population in place of the site law): fed to
 * {@link org.rnnfield.dmft.PerturbationGrowth} it gives the bulk growth of perturbations of that very network,
 * which separates what the slopes explain from what the learned low-rank part of J adds.
 */
public final class SlopeKernel {
    private SlopeKernel() {
    }

    /** q over t, s = 0..steps-1 from x0 under one column of {@code drive}. */
    public static NdArray ofNetwork(Backend be, NetworkSpec spec, Parameters p, double[] x0, Rollout.Drive drive, int steps) {
        try (Backend.Scope scope = be.scope()) {
            int n = spec.n();
            Rollout r = new Rollout(be, spec, p, Rollout.repeatColumns(x0, 1));
            NdArray slopes = NdArray.zeros(steps, n);
            Phi f = spec.phi();
            for (int t = 0; t < steps; t++) {
                double[] ph = be.download(r.phi()).data();
                for (int i = 0; i < n; i++) {
                    slopes.data()[t * n + i] = f.derivativeFromValue(ph[i]);
                }
                r.step(drive.at(t));
            }
            // q = S S^T / N, one GEMM on the backend
            Tensor s = be.upload(slopes);
            Tensor qt = be.zeros(steps, steps);
            be.gemm(false, true, 1.0 / n, s, s, 0.0, qt);
            NdArray q = be.download(qt);
            return q;
        }
    }
}
