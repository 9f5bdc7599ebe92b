package org.rnnfield.dynamics;

import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.NetworkSpec;

/**
 * The forward Euler recursion of DESIGN.md section 1 for all trials at once:
 * {@code x(k+1) = (1-alpha) x(k) + alpha [(g/sqrt N) J phi(x(k)) + U I(k)]} (one GEMM per step, the
 * input drive of all steps in one GEMM up front) and the readout
 * {@code y(k+1) = (1/(N gamma)) V^T phi(x(k+1))} of all steps in one GEMM at the end.
 */
public final class ForwardPass {
    private ForwardPass() {
    }

    public static void run(DeviceNetwork net, TaskBatch task, Trajectory traj) {
        Backend be = net.backend();
        NetworkSpec s = net.spec();
        int b = traj.trials;
        int steps = traj.steps;
        if (task.trials() != b || task.steps() != steps || net.trials() != b) {
            throw new IllegalArgumentException("trajectory " + b + " trials x " + steps + " steps does not match task "
                    + task.trials() + " x " + task.steps() + " / network x0 with " + net.trials() + " trials");
        }
        be.copy(net.x0, traj.x(0));
        be.applyPhi(s.phi(), traj.x(0), traj.phi(0));
        // drive(k) = U I(k) for all k in one GEMM, then += (g/sqrt N) J phi(x(k)) step by step
        if (task.inputs != null) {
            be.gemm(false, false, 1.0, net.u, task.inputs, 0.0, traj.scratch);
        } else {
            be.fill(traj.scratch, 0.0);
        }
        double c = s.recurrentScale();
        double alpha = s.alpha();
        for (int k = 0; k < steps; k++) {
            Tensor drive = traj.scratch.columns(k * b, b);
            be.gemm(false, false, c, net.j, traj.phi(k), 1.0, drive);
            be.leakyStep(s.phi(), alpha, traj.x(k), drive, traj.x(k + 1), traj.phi(k + 1));
        }
        be.gemm(true, false, s.readoutScale(), net.v, traj.phi.columns(b, b * steps), 0.0, traj.readout);
    }
}
