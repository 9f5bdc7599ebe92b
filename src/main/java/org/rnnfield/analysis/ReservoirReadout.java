package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.task.TaskData;

/**
 * The reservoir limit of training: when only V trains, the features phi(x) never change and full-batch
 * GD with eta = eta0 gamma^2 N moves the output exactly by kernel gradient descent,
 * <pre>
 *   y_{n+1}(z) = y_n(z) - (eta0 / W) sum_{z'} Phi(z, z') mask(z') (y_n(z') - y*(z')),
 * </pre>
 * z = (readout time t = 1..T, trial). With the DMFT kernel and y_0 = 0 (the N -> infinity limit of
 * y_0 = (1/(N gamma)) V_0^T phi) this predicts the loss curve of large networks; a finite network
 * differs by its kernel's O(N^-1/2) fluctuation and its initial output of variance Phi / (gamma^2 N).
 */
public final class ReservoirReadout {
    private ReservoirReadout() {
    }

    /**
     * @param phi DMFT kernel over (t = 0..T, trial), index t P + mu
     * @return the loss after n = 0..steps updates
     */
    public static double[] lossCurve(NdArray phi, TaskData task, double eta0, int steps) {
        int p = task.trials();
        int t = task.steps();
        int d = p * t;
        int stride = phi.dim(0);
        double w = task.maskCount();
        double[] y = new double[d * task.outputDim()];
        double[] loss = new double[steps + 1];
        int dOut = task.outputDim();
        double[] e = new double[d * dOut];
        for (int n = 0; n <= steps; n++) {
            double l = 0;
            for (int k = 0; k < t; k++) {
                for (int mu = 0; mu < p; mu++) {
                    int z = k * p + mu;
                    double m = task.mask().get(mu, k);
                    for (int a = 0; a < dOut; a++) {
                        double diff = y[z * dOut + a] - task.targets().get(mu, k, a);
                        e[z * dOut + a] = m * diff;
                        l += m * diff * diff;
                    }
                }
            }
            loss[n] = l / (2 * w);
            if (n == steps) {
                break;
            }
            for (int z = 0; z < d; z++) {
                // readout time k+1 sits at kernel index (k+1) P + mu = z + P
                int row = (z + p) * stride + p;
                for (int a = 0; a < dOut; a++) {
                    double s = 0;
                    for (int z2 = 0; z2 < d; z2++) {
                        s += phi.data()[row + z2] * e[z2 * dOut + a];
                    }
                    y[z * dOut + a] -= eta0 / w * s;
                }
            }
        }
        return loss;
    }
}
