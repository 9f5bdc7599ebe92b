package org.rnnfield.analysis;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.task.TaskData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lyapunov exponents, replica divergence and continuation on networks whose answer is known. */
class DynamicsAnalysesTest {
    private final Backend be = new CpuBackend(Precision.FLOAT64);

    private static NetworkSpec spec(int n, double g, Phi phi) {
        return new NetworkSpec(n, g, 1.0, 1.0, 0.1, phi, InitialState.GAUSSIAN, 1.0, 0, 1);
    }

    /** Linear network: the tangent map is the constant M = (1 - a) I + a (g/sqrt N) J, so lambda_i = log|mu_i(M)| / dt. */
    @Test
    void linearNetworkExponentsAreTheLogModuliOfTheStepMatrix() {
        NetworkSpec s = spec(60, 0.9, Phi.LINEAR);
        Parameters p = Parameters.initialize(s, 1, 3);
        ConnectivitySpectrum eig = ConnectivitySpectrum.of(p.j(), s.recurrentScale());
        double[] expected = new double[eig.real().length];
        for (int i = 0; i < expected.length; i++) {
            double re = 1 - s.alpha() + s.alpha() * eig.real()[i];
            double im = s.alpha() * eig.imag()[i];
            expected[i] = Math.log(Math.hypot(re, im)) / s.dt();
        }
        java.util.Arrays.sort(expected);
        LyapunovSpectrum.Result r = LyapunovSpectrum.compute(be, s, p, p.x0().column(0), Rollout.Drive.NONE, 0, 4000, 1, 7);
        double top = expected[expected.length - 1];
        assertEquals(top, r.largest(), 0.02 * Math.abs(top) + 2e-3, "largest exponent vs log|mu_max| / dt");
        assertTrue(top < 0, "g = 0.9 < 1: the linear network is stable, " + top);
    }

    /** Random tanh networks: the largest exponent changes sign at g = 1 (Sompolinsky, Crisanti, Sommers 1988). */
    @Test
    void tanhExponentIsNegativeBelowAndPositiveAboveTheTransition() {
        double low = largest(0.5);
        double high = largest(2.0);
        assertTrue(low < -0.3, "g = 0.5: x = 0 is stable with exponent about g - 1 = -0.5, got " + low);
        assertTrue(high > 0.05, "g = 2: chaotic, got " + high);
    }

    private double largest(double g) {
        NetworkSpec s = spec(300, g, Phi.TANH);
        Parameters p = Parameters.initialize(s, 1, 11);
        return LyapunovSpectrum.compute(be, s, p, p.x0().column(0), Rollout.Drive.NONE, 200, 1500, 2, 5).largest();
    }

    @Test
    void replicasSeparateOnlyInTheChaoticRegime() {
        for (double g : new double[]{0.5, 2.0}) {
            NetworkSpec s = spec(300, g, Phi.TANH);
            Parameters p = Parameters.initialize(s, 1, 2);
            ReplicaDivergence d = ReplicaDivergence.run(be, s, p, p.x0().column(0), Rollout.Drive.NONE, 1e-6, 1500, 9);
            assertEquals(1e-6, d.distance()[0], 1e-12);
            if (g < 1) {
                assertTrue(d.finalDistance() < 1e-6, "stable: replicas converge, " + d.finalDistance());
                assertTrue(d.growthRate() < 0, "rate " + d.growthRate());
            } else {
                assertTrue(d.finalDistance() > 0.1, "chaotic: replicas decorrelate, " + d.finalDistance());
                assertTrue(d.growthRate() > 0.05, "rate " + d.growthRate());
            }
        }
    }

    @Test
    void continuationClassifiesFixedPointAndChaos() {
        TaskConfig tc = new TaskConfig();
        tc.duration = 5.0;
        TaskData window = tc.build().generate(0.1);
        tc.duration = 30.0;
        TaskData longer = tc.build().generate(0.1);
        NetworkSpec quiet = new NetworkSpec(200, 0.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        AutonomousContinuation a = AutonomousContinuation.run(be, quiet, Parameters.initialize(quiet, 1, 1), window, longer, 300, 1);
        assertEquals("fixed point", a.regime(), "g = 0.5 decays to x = 0 (speed " + a.speed() + ")");
        assertEquals(1.0, a.generalization(), 0.05, "a zero output scores normalized error 1 past the window");
        NetworkSpec wild = quiet.withN(300);
        wild = new NetworkSpec(300, 2.0, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        AutonomousContinuation b = AutonomousContinuation.run(be, wild, Parameters.initialize(wild, 1, 1), window, longer, 600, 1);
        assertEquals("chaotic", b.regime(), "g = 2 (exponent " + b.lyapunov() + ")");
        assertEquals(longer.steps(), b.outputs().dim(0));
    }

    /** A linear rotation x' = (1-a) x + a W x with W a scaled rotation: a limit cycle when |1 - a + a w| = 1. */
    @Test
    void neutralOscillationIsALimitCycle() {
        int n = 2;
        double a = 0.1;
        double omega = 2 * Math.PI * 0.2;
        // choose w = 1 + i b with |1 + a i b| scaled down so that the discrete map has modulus exactly 1
        double mod = Math.hypot(1, a * omega);
        double re = (1 / mod - (1 - a)) / a;
        double im = omega / mod;
        NetworkSpec s = new NetworkSpec(n, 1.0, 1.0, 1.0, a, Phi.LINEAR, InitialState.GAUSSIAN, 1.0, 1, 1);
        NdArray j = new NdArray(new int[]{2, 2}, new double[]{re, -im, im, re});
        for (int i = 0; i < 4; i++) {
            j.data()[i] /= s.recurrentScale();
        }
        Parameters p = new Parameters(j.copy(), j, NdArray.zeros(2, 1), new NdArray(new int[]{2, 1}, new double[]{1, 0}),
                new NdArray(new int[]{2, 1}, new double[]{1, 0}));
        TaskConfig tc = new TaskConfig();
        tc.duration = 5.0;
        TaskData window = tc.build().generate(a);
        tc.duration = 40.0;
        AutonomousContinuation c = AutonomousContinuation.run(be, s, p, window, tc.build().generate(a), 500, 1);
        assertEquals("limit cycle", c.regime(), "exponent " + c.lyapunov() + ", speed " + c.speed());
    }

    @Test
    void participationRatioOfKnownSpectra() {
        // orthogonal directions with variances 4, 1, 1: PR = 36 / 18 = 2
        int samples = 4;
        NdArray x = NdArray.zeros(samples, 5);
        double[][] rows = {{2, 1, 1}, {-2, 1, -1}, {2, -1, -1}, {-2, -1, 1}};
        for (int t = 0; t < samples; t++) {
            for (int d = 0; d < 3; d++) {
                x.set(rows[t][d], t, d);
            }
        }
        assertEquals(2.0, ParticipationRatio.of(x), 1e-12);
        NdArray iso = Rng.stream(4, "iso").normal(1.0, 4000, 10);
        assertEquals(10.0, ParticipationRatio.of(iso), 0.4, "isotropic noise in 10 dimensions");
    }

    @Test
    void powerSpectrumFindsTheToneAndCalibratesWhiteNoise() {
        double dt = 0.1;
        int t = 500;
        NdArray tone = NdArray.zeros(t, 3);
        for (int k = 0; k < t; k++) {
            for (int i = 0; i < 3; i++) {
                tone.set(Math.sin(2 * Math.PI * 0.6 * k * dt + i), k, i);
            }
        }
        PowerSpectrum ps = PowerSpectrum.of(tone, dt);
        assertEquals(0.6, ps.peakFrequency(), 1.0 / (t * dt) + 1e-12);
        NdArray noise = Rng.stream(5, "white").normal(4.0, t, 200);
        PowerSpectrum w = PowerSpectrum.of(noise, dt);
        double mean = 0;
        for (int m = 5; m < w.power().length - 5; m++) {
            mean += w.power()[m] / (w.power().length - 10);
        }
        assertEquals(4.0 * dt, mean, 0.03 * 4.0 * dt, "white noise of variance 4: P(f) = 4 dt");
    }

    /** The spectrum of a kernel is the neuron-averaged spectrum: for c = A A^T / N it equals of(A) bin by bin. */
    @Test
    void kernelSpectrumEqualsTheNeuronAverage() {
        NdArray a = Rng.stream(9, "act").normal(1.0, 41, 30);
        for (int k = 0; k < 41; k++) {
            for (int i = 0; i < 30; i++) {
                a.set(a.get(k, i) + Math.cos(0.3 * k + i) + 0.2 * i, k, i);
            }
        }
        NdArray c = NdArray.zeros(41, 41);
        for (int t = 0; t < 41; t++) {
            for (int u = 0; u < 41; u++) {
                double acc = 0;
                for (int i = 0; i < 30; i++) {
                    acc += a.get(t, i) * a.get(u, i) / 30;
                }
                c.set(acc, t, u);
            }
        }
        PowerSpectrum direct = PowerSpectrum.of(a, 0.1);
        PowerSpectrum fromKernel = PowerSpectrum.ofKernel(c, 0.1);
        for (int m = 0; m < direct.power().length; m++) {
            assertEquals(direct.freqs()[m], fromKernel.freqs()[m], 0.0);
            assertEquals(direct.power()[m], fromKernel.power()[m], 1e-10 * (1 + direct.power()[m]), "bin " + m);
        }
    }

    @Test
    void randomConnectivityFillsTheDiscOfRadiusG() {
        NetworkSpec s = spec(400, 1.5, Phi.TANH);
        ConnectivitySpectrum e = ConnectivitySpectrum.of(Parameters.initialize(s, 1, 1).j(), s.recurrentScale());
        assertEquals(1.5, e.radius(), 0.15, "circular law");
        NdArray rot = new NdArray(new int[]{2, 2}, new double[]{0, -2, 2, 0});
        ConnectivitySpectrum r = ConnectivitySpectrum.of(rot, 1.0);
        assertEquals(2.0, Math.abs(r.imag()[0]), 1e-12);
        assertEquals(0.0, r.real()[0], 1e-12);
    }
}
