package org.rnnfield.dmft.equilibrium;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The recurrent part of the conjugate (docs/theory.md eq. 5.10) is twice the derivative of E_q log Z_site
 * with respect to Phi through the field covariance. Checked against a central finite difference of the
 * sampled log-partition (common random numbers, so the difference quotient is smooth), along two
 * symmetric directions, for tanh (where the phi' and phi'' terms matter) and linear phi. Measured at
 * M = 64000: tanh 0.0424 vs 0.0425 and -0.0813 vs -0.0795; linear 0.1111 vs 0.1113 and -0.1304 vs -0.1265.
 */
class PathwiseConjugateTest {
    private static final TaskData TASK = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 2.0, 0.0,
            0.5, 1.0, 1).generate(0.1);

    @ParameterizedTest
    @EnumSource(Phi.class)
    void recurrentConjugateIsTheDerivativeOfTheLogPartition(Phi phi) throws Exception {
        // no quenched variables: x(0) = 0 and U sampled, so log Z is one log-mean-exp over all sites
        EquilibriumProblem p = new EquilibriumProblem(1.5, 1.0, 0.1, phi, 0.0, 1.0, 60, true, true, TASK);
        Backend be = new CpuBackend(Precision.FLOAT64);
        int d = p.dim();
        int df = p.fieldDim();
        NdArray kernel = new CausalKernelRecursion(p.randomNetwork(), 24).solve().phi();
        // a conjugate of the size the solver meets (entries ~0.03-0.3), smooth and positive semi-definite
        NdArray conjugate = NdArray.zeros(d, d);
        Rng rng = new Rng(5);
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = Math.sin(0.3 * i) + 0.3 * rng.normal();
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                conjugate.set(0.02 * v[i] * v[j] + (i == j ? 0.05 : 0), i, j);
            }
        }
        try (Backend.Scope scope = be.scope()) {
            SampledEquilibriumDmft solver = new SampledEquilibriumDmft(be, p, EquilibriumSettings.defaults(2).withSamples(64_000));
            SampledEquilibriumDmft.Sites sites = solver.sites();
            NdArray recurrent = sites.evaluate(kernel, conjugate).recurrentConjugate();
            for (int direction = 0; direction < 2; direction++) {
                NdArray e = NdArray.zeros(d, d);
                for (int i = 0; i < df; i++) {
                    for (int j = 0; j < df; j++) {
                        double val = direction == 0 ? kernel.get(i, j)
                                : Math.exp(-Math.abs(i - j) * 0.2) * Math.cos(0.1 * (i + j));
                        e.set(val, i, j);
                    }
                }
                double h = 1e-3;
                sites.evaluate(Dense.plus(kernel, h, e), conjugate);
                double up = SampledEquilibriumDmft.lastLogPartition(sites);
                sites.evaluate(Dense.plus(kernel, -h, e), conjugate);
                double down = SampledEquilibriumDmft.lastLogPartition(sites);
                double finiteDifference = (up - down) / (2 * h);
                double pathwise = 0;
                for (int k = 0; k < d * d; k++) {
                    pathwise += 0.5 * recurrent.data()[k] * e.data()[k];
                }
                assertEquals(finiteDifference, pathwise, 0.05 * Math.abs(finiteDifference),
                        phi + ", direction " + direction + ": pathwise " + pathwise + " vs finite difference " + finiteDifference);
            }
        }
    }
}
