package org.rnnfield.dmft.training;

import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;

/**
 * What the sites need to run training step n, on the backend (T P = w columns each):
 * <pre>
 *   u_n     = z_u[:, steps <= n] . uFactor            uFactor((k), j) = L_u(step-n field j, k)
 *   v_n     = z_v[:, steps <= n] . vFactor
 *   drive  += g^2 r_site[:, steps < n] . forward       forward(v position i, j)  = A(j, i) + kappa_J Phi(j, i)   (eq. 2.2)
 *   vdrive += g^2 phi_site[:, steps <= n] . backward   backward(u position i, j) = B(j, i) + kappa_J G(j, i) [step(i) < n]  (eq. 2.3)
 * </pre>
 * u index i is time t-1 and v index i time t of the same step and trial, so Phi(j, i) pairs r(t)
 * with phi(x(t-1)) exactly as the update dJ ~ r(t+1) phi(x(t))^T does. forward/backward are null when
 * the adjoint plays no role (only V learns); forward is null at n = 0.
 */
record StepCouplings(Tensor uFactor, Tensor vFactor, Tensor forward, Tensor backward) {
    /** Returns the tensors to the backend (one set is made per inner iteration). */
    void release(Backend be) {
        for (Tensor t : new Tensor[]{uFactor, vFactor, forward, backward}) {
            if (t != null) {
                be.release(t);
            }
        }
    }
}
