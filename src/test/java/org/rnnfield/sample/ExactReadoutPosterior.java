package org.rnnfield.sample;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.task.TaskData;

/**
 * The exact Gibbs law of a readout-only network with one trial and a full mask (J frozen, so phi is
 * fixed): y = V^T phi / (N gamma) is Gaussian with mean Phi_N (Phi_N + lambda)^{-1} y* and covariance
 * (lambda / (N gamma^2)) Phi_N (Phi_N + lambda)^{-1}, Phi_N = phi_r^T phi_r / N over the scored points.
 * Written directly with EJML, independently of the sampler and of the DMFT code.
 */
record ExactReadoutPosterior(double[] mean, double expectedLoss) {

    static ExactReadoutPosterior of(NetworkSpec spec, TaskData task, Parameters params, double beta) {
        CpuBackend be = new CpuBackend(Precision.FLOAT64);
        DeviceNetwork net = new DeviceNetwork(be, spec, params);
        Trajectory traj = new Trajectory(be, spec.n(), 1, task.steps(), 1);
        ForwardPass.run(net, new TaskBatch(be, task), traj);
        NdArray phi = be.download(traj.activations()); // N x (T+1)
        int n = spec.n();
        int w = task.steps();
        DMatrixRMaj phiR = new DMatrixRMaj(n, w);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < w; k++) {
                phiR.set(i, k, phi.get(i, k + 1));
            }
        }
        DMatrixRMaj kernel = new DMatrixRMaj(w, w);
        CommonOps_DDRM.multTransA(phiR, phiR, kernel);
        CommonOps_DDRM.scale(1.0 / n, kernel);
        double lambda = w / beta;
        DMatrixRMaj ridgeInv = kernel.copy();
        for (int k = 0; k < w; k++) {
            ridgeInv.add(k, k, lambda);
        }
        CommonOps_DDRM.invert(ridgeInv);
        DMatrixRMaj smoother = new DMatrixRMaj(w, w);
        CommonOps_DDRM.mult(kernel, ridgeInv, smoother);
        double scale = lambda / (n * spec.gamma() * spec.gamma());
        double sq = 0;
        double[] m = new double[w];
        for (int k = 0; k < w; k++) {
            for (int j = 0; j < w; j++) {
                m[k] += smoother.get(k, j) * task.targets().get(0, j, 0);
            }
            double e = task.targets().get(0, k, 0) - m[k];
            sq += e * e + scale * smoother.get(k, k);
        }
        return new ExactReadoutPosterior(m, sq / (2 * w));
    }
}
