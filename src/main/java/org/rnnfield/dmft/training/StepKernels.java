package org.rnnfield.dmft.training;

import org.ejml.data.DMatrixRMaj;

/**
 * The order parameters that training step n adds (theory.md eqs. 2.8-2.11), rows of step n against
 * steps 0..n in field coordinates ({@link SiteLayout}), each width x (n+1) width:
 * {@code phi} = Phi(u_n, u_{<=n}) and {@code g} = G(v_n, v_{<=n}) (without g^2), and the responses
 * {@code a} (of phi_n to the v fields, columns of steps < n; the block of step n is 0) and {@code b} (of r_n to
 * the u fields, steps <= n). With Stein's estimator they are whitened, a = <d phi_n / d z_v>, b = <d r_n / d z_u>
 * with v = L_v z_v, u = L_u z_u, and A = a L_v^{-1}, B = b L_u^{-1} are formed only to run the site (near-repeated
 * fields make L^{-1} large, while a and b stay bounded, which is what the mixer and the stopping test need). With
 * pathwise responses (eq. 3.9) they are A and B themselves.
 */
record StepKernels(int step, DMatrixRMaj phi, DMatrixRMaj g, DMatrixRMaj a, DMatrixRMaj b) {
    static final double FLOOR = 1e-8;

    double[] toVector() {
        int n = phi.data.length;
        double[] v = new double[4 * n];
        System.arraycopy(phi.data, 0, v, 0, n);
        System.arraycopy(g.data, 0, v, n, n);
        System.arraycopy(a.data, 0, v, 2 * n, n);
        System.arraycopy(b.data, 0, v, 3 * n, n);
        return v;
    }

    StepKernels withVector(double[] v) {
        int n = phi.data.length;
        DMatrixRMaj[] parts = new DMatrixRMaj[4];
        for (int k = 0; k < 4; k++) {
            parts[k] = new DMatrixRMaj(phi.numRows, phi.numCols);
            System.arraycopy(v, k * n, parts[k].data, 0, n);
        }
        return new StepKernels(step, parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * Largest over the four parts of max |other - this| / max(max |other|, FLOOR). The floor keeps a
     * part that is exactly zero in theory (B at step 0, by the antithetic symmetry) from turning
     * round-off into an order-one relative change.
     */
    double relativeChangeTo(StepKernels other) {
        return Math.max(Math.max(change(phi, other.phi), change(g, other.g)),
                Math.max(change(a, other.a), change(b, other.b)));
    }

    private static double change(DMatrixRMaj from, DMatrixRMaj to) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < from.data.length; i++) {
            diff = Math.max(diff, Math.abs(to.data[i] - from.data[i]));
            scale = Math.max(scale, Math.abs(to.data[i]));
        }
        return diff / Math.max(scale, FLOOR);
    }
}
