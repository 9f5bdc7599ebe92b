package org.rnnfield.dmft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.function.DoubleUnaryOperator;

/**
 * Gauss-Hermite quadrature for standard-normal expectations, {@code E f(z) ~ sum_i w_i f(z_i)},
 * exact for polynomials of degree < 2n. Nodes and weights by Golub-Welsch: the eigenvalues of the
 * Jacobi matrix of the probabilists' Hermite polynomials (off-diagonal sqrt(k)) and the squared
 * first components of its unit eigenvectors.
 */
public final class GaussHermite {
    private final double[] nodes;
    private final double[] weights;

    public GaussHermite(int n) {
        if (n < 1 || n > 200) {
            throw new IllegalArgumentException("Gauss-Hermite order " + n + " outside 1..200");
        }
        DMatrixRMaj jacobi = new DMatrixRMaj(n, n);
        for (int k = 1; k < n; k++) {
            jacobi.set(k - 1, k, Math.sqrt(k));
            jacobi.set(k, k - 1, Math.sqrt(k));
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(jacobi)) {
            throw new IllegalStateException("Gauss-Hermite: eigen-decomposition failed for n = " + n);
        }
        nodes = new double[n];
        weights = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(a).real, eig.getEigenvalue(b).real));
        double total = 0;
        for (int i = 0; i < n; i++) {
            int k = order[i];
            nodes[i] = eig.getEigenvalue(k).real;
            DMatrixRMaj v = eig.getEigenVector(k);
            double norm = 0;
            for (int r = 0; r < n; r++) {
                norm += v.get(r) * v.get(r);
            }
            weights[i] = v.get(0) * v.get(0) / norm;
            total += weights[i];
        }
        for (int i = 0; i < n; i++) {
            weights[i] /= total;
        }
    }

    public int order() {
        return nodes.length;
    }

    public double node(int i) {
        return nodes[i];
    }

    public double weight(int i) {
        return weights[i];
    }

    /** E f(z), z ~ N(0, 1). */
    public double expect(DoubleUnaryOperator f) {
        double s = 0;
        for (int i = 0; i < nodes.length; i++) {
            s += weights[i] * f.applyAsDouble(nodes[i]);
        }
        return s;
    }

    /**
     * E[f(a) f(b)] for zero-mean jointly Gaussian (a, b) with variances va, vb and covariance c:
     * a = sqrt(va) z1, b = (c / sqrt(va)) z1 + sqrt(vb - c^2/va) z2 (2-D product rule).
     */
    public double pairExpectation(DoubleUnaryOperator f, double va, double vb, double c) {
        // condition on the larger-variance variable: makes the rule exactly symmetric in (a, b)
        return vb > va ? orderedPair(f, vb, va, c) : orderedPair(f, va, vb, c);
    }

    private double orderedPair(DoubleUnaryOperator f, double va, double vb, double c) {
        if (va <= 0 || vb <= 0) {
            return f.applyAsDouble(0) * (va <= 0 && vb <= 0 ? f.applyAsDouble(0) : expect(z -> f.applyAsDouble(Math.sqrt(Math.max(va, vb)) * z)));
        }
        double sa = Math.sqrt(va);
        double slope = c / sa;
        double rest = Math.sqrt(Math.max(0, vb - slope * slope));
        double s = 0;
        int n = nodes.length;
        for (int i = 0; i < n; i++) {
            double fa = f.applyAsDouble(sa * nodes[i]);
            double inner = 0;
            double mean = slope * nodes[i];
            for (int j = 0; j < n; j++) {
                inner += weights[j] * f.applyAsDouble(mean + rest * nodes[j]);
            }
            s += weights[i] * fa * inner;
        }
        return s;
    }
}
