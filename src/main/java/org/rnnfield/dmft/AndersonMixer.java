package org.rnnfield.dmft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Anderson acceleration (Walker and Ni, SIAM J. Numer. Anal. 49, 1715 (2011)) of a fixed-point
 * iteration x = F(x): the next iterate mixes the last m iterates with weights that minimize the
 * linearized residual. The DMFT map of a chaotic network contracts its slowest mode (the
 * correlation-time tail) only by ~g^2 <phi'>^2 ~ 0.96 per step; Anderson removes that slowness.
 * Use it only on a deterministic map (common random numbers), never on a noisy one.
 */
public final class AndersonMixer {
    private final int memory;
    private final double beta;
    private final double regularization;
    private final Deque<double[]> dx = new ArrayDeque<>();
    private final Deque<double[]> df = new ArrayDeque<>();
    private double[] lastX;
    private double[] lastF;

    public AndersonMixer(int memory, double beta) {
        this.memory = memory;
        this.beta = beta;
        this.regularization = 1e-10;
    }

    /** Given the current iterate x and F(x), returns the next iterate. */
    public double[] next(double[] x, double[] fx) {
        int n = x.length;
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = fx[i] - x[i];
        }
        if (lastX != null) {
            double[] ddx = new double[n];
            double[] ddf = new double[n];
            for (int i = 0; i < n; i++) {
                ddx[i] = x[i] - lastX[i];
                ddf[i] = f[i] - lastF[i];
            }
            dx.addLast(ddx);
            df.addLast(ddf);
            if (dx.size() > memory) {
                dx.removeFirst();
                df.removeFirst();
            }
        }
        lastX = x.clone();
        lastF = f.clone();
        double[] next = new double[n];
        for (int i = 0; i < n; i++) {
            next[i] = x[i] + beta * f[i];
        }
        int k = df.size();
        if (k == 0) {
            return next;
        }
        // least squares: gamma = argmin |f - DF gamma|, via the (regularized) normal equations
        DMatrixRMaj a = new DMatrixRMaj(k, k);
        DMatrixRMaj b = new DMatrixRMaj(k, 1);
        double[][] dfs = df.toArray(new double[0][]);
        double[][] dxs = dx.toArray(new double[0][]);
        double trace = 0;
        for (int p = 0; p < k; p++) {
            for (int q = p; q < k; q++) {
                double s = dot(dfs[p], dfs[q]);
                a.set(p, q, s);
                a.set(q, p, s);
            }
            trace += a.get(p, p);
            b.set(p, 0, dot(dfs[p], f));
        }
        for (int p = 0; p < k; p++) {
            a.add(p, p, regularization * trace / k);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(k);
        DMatrixRMaj gamma = new DMatrixRMaj(k, 1);
        if (!solver.setA(a)) {
            return next;
        }
        solver.solve(b, gamma);
        for (int p = 0; p < k; p++) {
            double gp = gamma.get(p);
            for (int i = 0; i < n; i++) {
                next[i] -= gp * (dxs[p][i] + beta * dfs[p][i]);
            }
        }
        CommonOps_DDRM.fill(a, 0);
        return next;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }
}
