package org.rnnfield.dmft;

import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.Phi;

/**
 * Euler integration of M single-site paths at once, in the (time t, trial mu) column layout t P + mu:
 * {@code x(t+1) = (1-alpha) x(t) + alpha drive(t)} from the x(0) already in columns 0..P-1, and phi(x)
 * alongside. Shared by the random-network and the equilibrium solvers.
 */
public final class SitePaths {
    private SitePaths() {
    }

    public static void integrate(Backend backend, Phi phi, double alpha, Tensor x, Tensor phiX, Tensor drive,
                                 int trials, int steps) {
        backend.applyPhi(phi, x.columns(0, trials), phiX.columns(0, trials));
        for (int k = 0; k < steps; k++) {
            backend.leakyStep(phi, alpha, x.columns(k * trials, trials), drive.columns(k * trials, trials),
                    x.columns((k + 1) * trials, trials), phiX.columns((k + 1) * trials, trials));
        }
    }
}
