package org.rnnfield.dynamics;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.task.TaskData;

/**
 * The loss of DESIGN.md section 1 on a forward pass,
 * {@code L = 1/(2W) sum_{b,k} mask[b,k] |y_b(k+1) - y*_b(k)|^2} with W = sum mask
 * (= 1/(2 B T_w) sum ... when every trial has the same window of T_w points), and its gradient
 * with respect to the readout, {@code dL/dy = mask (y - y*) / W}, laid out D_out x (T B) for Backprop.
 *
 * @param loss       L
 * @param normalized L divided by the mean over the window of |y*|^2, {@code L / ((1/W) sum mask |y*|^2)};
 *                   the zero output scores 0.5
 * @param dLdy       dL/dy, D_out x (T B) host array
 */
public record LossEvaluation(double loss, double normalized, NdArray dLdy) {

    public static LossEvaluation of(Backend backend, Trajectory traj, TaskData task) {
        return of(backend.download(traj.readout), task);
    }

    /** The loss of readouts y, D_out x (T B) with column k B + b = y_b(k+1) (the layout of {@link TaskBatch}). */
    public static LossEvaluation of(NdArray y, TaskData task) {
        int dOut = y.dim(0);
        int b = task.trials();
        int steps = task.steps();
        double w = task.maskCount();
        double[] yd = y.data();
        double[] target = task.targets().data();
        double[] mask = task.mask().data();
        NdArray grad = NdArray.zeros(dOut, b * steps);
        double[] gd = grad.data();
        double sq = 0;
        double sqTarget = 0;
        for (int bi = 0; bi < b; bi++) {
            for (int k = 0; k < steps; k++) {
                double m = mask[bi * steps + k];
                if (m == 0) {
                    continue;
                }
                for (int a = 0; a < dOut; a++) {
                    int col = a * (b * steps) + k * b + bi;
                    double tgt = target[(bi * steps + k) * dOut + a];
                    double diff = yd[col] - tgt;
                    sq += m * diff * diff;
                    sqTarget += m * tgt * tgt;
                    gd[col] = m * diff / w;
                }
            }
        }
        return new LossEvaluation(sq / (2 * w), sqTarget > 0 ? (sq / (2 * w)) / (sqTarget / w) : Double.NaN, grad);
    }
}
