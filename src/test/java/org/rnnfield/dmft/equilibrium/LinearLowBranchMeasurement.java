package org.rnnfield.dmft.equilibrium;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.analysis.PowerSpectrum;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.Npz;
import org.rnnfield.task.TaskData;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The low-loss saddle point of the exact linear closure (eq. 5.12) on the multi-sine task (docs/theory.md 5.7), which
 * the continuation from gamma = 0 does not reach. Newton from a Langevin network's window-averaged kernel (`rnnfield
 * sample ... --out DIR`, DIR/kernels.npz, a chain in the low-loss state) with its readout conjugate gamma^2 a a^T fails
 * (residual ~7), so the Newton homotopy of LinearEquilibriumDmft.solveFrom (eq. 5.20) is followed instead. From that
 * saddle point the branch is then followed in gamma, down (u = gamma0 + 1/2 - gamma) and up, point by point, printing loss, activity, margin and the power of x at the task
 * frequencies over the random network's (PowerSpectrum.ofKernel on Phi over t = 1..T, as the experiment measures).
 * A harness, not a test. Usage: LinearLowBranchMeasurement kernels.npz gamma beta gammaMin gammaMax networkN
 */
public final class LinearLowBranchMeasurement {
    private static final double[] FREQS = {0.1, 0.2, 0.3};

    public static void main(String[] args) throws Exception {
        NdArray network = Npz.read(Path.of(args[0])).get("Phi");
        double gamma0 = Double.parseDouble(args[1]);
        double beta = Double.parseDouble(args[2]);
        double gammaMin = Double.parseDouble(args[3]);
        double gammaMax = Double.parseDouble(args[4]);
        int n = Integer.parseInt(args[5]);
        TaskData task = LinearEdgeMeasurement.task();
        EquilibriumProblem p = LinearEdgeMeasurement.problem(task, gamma0, beta);
        ReadoutPosterior readout = new ReadoutPosterior(p);
        int d = p.dim();
        LinearEquilibriumDmft site = new LinearEquilibriumDmft(p, EquilibriumSettings.defaults(1));
        NdArray random = new LinearEquilibriumDmft(LinearEdgeMeasurement.problem(task, 1e-4, beta), EquilibriumSettings.defaults(1))
                .solve().phi();
        PowerSpectrum reference = PowerSpectrum.ofKernel(window(random, d), p.dt());
        System.out.printf(Locale.ROOT, "network kernel: tr Phi / D %.4g, Phi(T,T) %.4g, ridge loss of its kernel %.5g, amplification %s%n",
                LinearEdgeMeasurement.trace(network) / d, network.get(d - 1, d - 1),
                readout.loss(readout.dual(network)) / task.meanSquaredTarget(), amplification(network, reference, d, p.dt()));
        long t0 = System.nanoTime();
        double[] low;
        Path saved = Path.of(args[0] + ".low-saddle-gamma" + gamma0 + ".npz");
        if (java.nio.file.Files.exists(saved)) {
            var m = Npz.read(saved);
            low = LinearNewtonMeasurement.flat(new NdArray[]{m.get("Phi"), m.get("Phihat")});
        } else try {
            EquilibriumResult r = site.solveFrom(network);
            System.out.println(r.method());
            low = LinearNewtonMeasurement.flat(new NdArray[]{r.phi(), r.phiHat()});
        } catch (SaddlePointException e) {
            System.out.println(e.getMessage());
            return;
        }
        NdArray[] lowPair = LinearNewtonMeasurement.unflat(low, d * d);
        Npz.write(saved, java.util.Map.of("Phi", lowPair[0], "Phihat", lowPair[1]));
        System.out.printf(Locale.ROOT, "homotopy done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        report(low, gamma0, readout, site, reference, network, n, d, p.dt(), task);
        if (gammaMin < gamma0) {
            follow(low, gamma0, gammaMin, true, site, readout, reference, network, n, d, p.dt(), task);
        }
        if (gammaMax > gamma0) {
            follow(low, gamma0, gammaMax, false, site, readout, reference, network, n, d, p.dt(), task);
        }
    }

    private static void follow(double[] x0, double gamma0, double end, boolean down, LinearEquilibriumDmft site,
                               ReadoutPosterior readout, PowerSpectrum reference, NdArray network, int n, int d, double dt,
                               TaskData task) {
        BranchFollower.Direction dir = new BranchFollower.Direction(gamma0, down);
        BranchFollower f = new BranchFollower((x, u) -> site.residual(x, dir.gamma(u), readout), 400,
                (point, k, steps) -> report(point.x(), dir.gamma(point.gamma()), readout, site, reference,
                        network, n, d, dt, task));
        try {
            f.follow(x0, dir.gamma(gamma0), dir.gamma(end));
            System.out.println("reached gamma = " + end);
        } catch (BranchFollower.Stopped e) {
            System.out.println((down ? "down" : "up") + " in gamma: " + e.getMessage() + (down ? " (in u = gamma0 + 0.5 - gamma)" : ""));
        }
    }

    private static void report(double[] x, double gamma, ReadoutPosterior readout, LinearEquilibriumDmft site,
                               PowerSpectrum reference, NdArray network, int n, int d, double dt, TaskData task) {
        NdArray[] s = LinearNewtonMeasurement.unflat(x, d * d);
        EquilibriumProblem p = LinearEdgeMeasurement.problem(task, gamma, 60);
        NdArray a = readout.dual(s[0]);
        System.out.printf(Locale.ROOT, "gamma %.4f: normalized loss %.5g (+ excess at N = %d: %.3g), tr Phi / D %.4g, Phi(T,T) %.4g,"
                        + " margin %.4g, amplification at 0.1/0.2/0.3 %s, kernel distance to the network %.4f%n", gamma,
                readout.loss(a) / task.meanSquaredTarget(), n, readout.finiteSizeExcess(s[0], n) / task.meanSquaredTarget(),
                LinearEdgeMeasurement.trace(s[0]) / d, s[0].get(d - 1, d - 1), LinearEdgeMeasurement.margin(p, s[0], s[1]),
                amplification(s[0], reference, d, dt), PopulationKernels.relativeDistance(network, s[0]));
    }

    /** Phi over t = 1..T (trial 0): the activity the experiment's spectra use. */
    private static NdArray window(NdArray phi, int d) {
        NdArray w = NdArray.zeros(d - 1, d - 1);
        for (int a = 1; a < d; a++) {
            for (int b = 1; b < d; b++) {
                w.set(phi.get(a, b), a - 1, b - 1);
            }
        }
        return w;
    }

    private static String amplification(NdArray phi, PowerSpectrum reference, int d, double dt) {
        PowerSpectrum ps = PowerSpectrum.ofKernel(window(phi, d), dt);
        StringBuilder sb = new StringBuilder();
        for (double f : FREQS) {
            sb.append(sb.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.3g", ps.at(f) / reference.at(f)));
        }
        return sb.toString();
    }
}
