package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.ConnectivitySpectrum;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.analysis.PowerSpectrum;
import org.rnnfield.analysis.TargetTraining;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.io.Json;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Frequency amplification in linear networks (THEORY.md section 4): linear networks (phi = x, g < 1)
 * trained on a multi-frequency target. The population power spectrum of x (Hann window) after
 * training is divided by the untrained network's (the gamma -> 0 limit, where J stays random) at each
 * target frequency; the eigenvalues of (g/sqrt N) J gain outliers outside the bulk of radius g whose
 * oscillation frequencies |Im w| / (2 pi tau) sit near the targets. Beside the networks, the theory at the end of
 * training: the exact linear Gibbs closure at {@code equilibriumBeta} on its lowest-loss branch
 * ({@link ExperimentEquilibrium#solveLinear}), its amplification taken from its kernel the same way (docs/theory.md 5.7).
 */
public final class LinearFrequenciesExperiment extends NamedExperiment<LinearFrequenciesExperiment.Settings> {
    /**
     * An eigenvalue counts as an outlier when its modulus exceeds g (1 + 3 / sqrt N): the bulk's edge
     * is g up to fluctuations of order N^-1/2 (at N = 200 a random matrix has eigenvalues at 1.1 g).
     */
    static double outlierThreshold(double g, int n) {
        return g * (1 + 3 / Math.sqrt(n));
    }

    /**
     * @param steps      step cap of each training run
     * @param targetLoss normalized loss every gamma is trained to (TargetTraining's rule, eta0 halved up to
     *                   {@code halvings} times after a divergent or unstable run)
     * @param equilibriumBeta beta of the equilibrium (Gibbs) theory beside the networks (exact linear closure, eq. 5.12)
     */
    public record Settings(int n, double g, double[] freqs, double[] gammas, int steps, double eta0, double targetLoss,
                           int halvings, double duration, double dt, double equilibriumBeta, long seed) {
        public Settings {
            Checks.positive("equilibriumBeta", equilibriumBeta);
            new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
            Checks.atLeast("n", n, 2);
            Checks.grid("freqs", freqs);
            Checks.grid("gammas", gammas);
            Checks.atLeast("steps", steps, 0);
            Checks.positive("eta0", eta0);
            Checks.positive("duration", duration);
            Checks.positive("dt", dt);
        }

        TargetTraining.Rule rule() {
            return new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
        }
    }

    public LinearFrequenciesExperiment() {
        super("linear-frequencies",
                "Linear networks on a multi-frequency target: power amplification at the task frequencies and eigenvalue outliers vs gamma",
                Settings.class);
    }

    /**
     * Each gamma is trained to the target loss by TargetTraining's rule: in the quick form (N = 300, g = 0.8,
     * float64) eta0 = 1 reaches 1e-2 at gamma = 0.5 and 1 in 1356 and 437 steps and diverges at gamma = 2, where
     * 0.25 reaches it in 240; at gamma = 0.05 (J nearly frozen) the loss stalls near 0.1, so that point is flagged.
     */
    @Override
    public ObjectNode run(Backend be, Settings s, ExperimentOutput out) throws IOException {
        TaskData task = Tasks.multisine(s.freqs(), s.duration(), s.dt());
        NetworkSpec base = Tasks.spec(s.n(), s.g(), s.gammas()[0], s.dt(), Phi.LINEAR, task);
        // the untrained network (zero GD steps) is the gamma -> 0 limit, where J stays random
        TrainedNetwork untrained = TrainedNetwork.train(be, base, task, Tasks.gd(s.eta0(), 0), s.seed());
        PowerSpectrum reference = PowerSpectrum.of(activity(untrained, task.steps()), s.dt());
        ConnectivitySpectrum initEig = ConnectivitySpectrum.of(untrained.params().j(), base.recurrentScale());
        int initialOutliers = initEig.outliers(outlierThreshold(s.g(), s.n())).length;
        double fmax = 4 * java.util.Arrays.stream(s.freqs()).max().orElse(1);
        LinePlot spectra = new LinePlot("Population power spectrum of x (linear, N = " + s.n() + ")", "frequency (1/tau)",
                "power").logY();
        addBelow(spectra, reference, fmax, "untrained (gamma -> 0)");
        LinePlot eig = new LinePlot("Eigenvalues of (g/sqrt N) J", "Re w", "Im w").points(initEig.real(), initEig.imag(), "untrained");
        int gammas = s.gammas().length;
        double[][] amplification = new double[s.freqs().length][gammas];
        List<Object[]> rows = new ArrayList<>();
        ObjectNode headline = Json.object();
        ArrayNode per = headline.putArray("per_gamma");
        TrainedToTarget training = new TrainedToTarget(name());
        boolean[] reached = new boolean[gammas];
        ExperimentOutput.progress(name(), 0, gammas, "equilibrium theory (exact linear closure) over the gamma grid");
        List<String> theoryFailures = new ArrayList<>();
        ExperimentEquilibrium.LinearGrid theoryGrid = ExperimentEquilibrium.solveLinear(name(), s.g(), s.dt(), s.gammas(),
                s.equilibriumBeta(), task, theoryFailures);
        // the theory's spectra are divided by the closure's own gamma -> 0 kernel, as the networks' by the untrained one
        PowerSpectrum theoryReference = PowerSpectrum.ofKernel(trialWindow(theoryGrid.randomKernel(), task.trials()), s.dt());
        double[][] theoryAmplification = new double[s.freqs().length][gammas];
        boolean[] theorySolved = new boolean[gammas];
        for (int i = 0; i < gammas; i++) {
            double gamma = s.gammas()[i];
            ExperimentOutput.progress(name(), i + 1, gammas, "training linear network at gamma = " + gamma);
            NetworkSpec spec = Tasks.spec(s.n(), s.g(), gamma, s.dt(), Phi.LINEAR, task);
            TargetTraining.Outcome trained = training.train(be, spec, task, s.rule(), s.seed(), "gamma = " + gamma);
            reached[i] = trained.reached();
            TrainedNetwork net = trained.network();
            PowerSpectrum ps = PowerSpectrum.of(activity(net, task.steps()), s.dt());
            addBelow(spectra, ps, fmax, "gamma = " + gamma);
            ConnectivitySpectrum e = ConnectivitySpectrum.of(net.params().j(), spec.recurrentScale());
            double[][] outliers = e.outliers(outlierThreshold(s.g(), s.n()));
            if (i == gammas - 1) {
                eig.points(e.real(), e.imag(), "trained, gamma = " + gamma);
            }
            ObjectNode o = per.addObject();
            o.put("gamma", gamma);
            TrainedToTarget.record(o, trained);
            o.put("outliers", outliers.length);
            ExperimentEquilibrium.Solve theory = theoryGrid.solves()[i];
            theorySolved[i] = theory.converged();
            ObjectNode eq = theory.record();
            o.set("equilibrium_theory", eq);
            PowerSpectrum theoryPs = theorySolved[i]
                    ? PowerSpectrum.ofKernel(trialWindow(theory.result().phi(), task.trials()), s.dt()) : null;
            if (theorySolved[i]) {
                eq.put("kernel_distance_to_network", PopulationKernels.relativeDistance(net.phi(), theory.result().phi()));
            }
            ArrayNode amp = o.putArray("amplification");
            ArrayNode near = o.putArray("nearest_outlier_frequency");
            ArrayNode theoryAmp = eq.putArray("amplification");
            for (int f = 0; f < s.freqs().length; f++) {
                amplification[f][i] = ps.at(s.freqs()[f]) / reference.at(s.freqs()[f]);
                theoryAmplification[f][i] = theorySolved[i]
                        ? theoryPs.at(s.freqs()[f]) / theoryReference.at(s.freqs()[f]) : Double.NaN;
                double nearest = nearestOutlierFrequency(outliers, s.freqs()[f]);
                amp.add(amplification[f][i]);
                near.add(nearest);
                theoryAmp.add(theoryAmplification[f][i]);
                rows.add(new Object[]{gamma, s.freqs()[f], amplification[f][i], nearest, outliers.length,
                        trained.normalizedLoss(), trained.reached(), theoryAmplification[f][i],
                        theorySolved[i] ? theory.result().normalizedLoss() : Double.NaN,
                        eq.path("reached_from").asText("failed")});
            }
        }
        headline.put("equilibrium_theory_solved", theoryFailures.isEmpty());
        Experiments.unconverged(headline, "equilibrium theory", theoryFailures);
        headline.put("untrained_outliers", initialOutliers);
        training.summarize(headline);
        out.csv("amplification", List.of("gamma", "target_frequency", "power_ratio_to_untrained",
                "nearest_outlier_frequency", "outliers", "normalized_loss", "reached_target", "theory_power_ratio",
                "theory_normalized_loss", "theory_reached_from"), rows);
        LinePlot ampPlot = new LinePlot("Power at the target frequencies relative to gamma -> 0", "gamma",
                "P_gamma(f) / P_0(f)").logX().logY();
        for (int f = 0; f < s.freqs().length; f++) {
            TrainedToTarget.plot(ampPlot, s.gammas(), amplification[f], reached, "f = " + s.freqs()[f]);
            ampPlot.dashed(TrainedToTarget.select(s.gammas(), theorySolved, true),
                    TrainedToTarget.select(theoryAmplification[f], theorySolved, true),
                    "f = " + s.freqs()[f] + ", Gibbs theory (beta = " + s.equilibriumBeta() + ")");
        }
        out.png("spectra", spectra);
        out.png("amplification", ampPlot);
        out.png("eigenvalues", eig);
        ObjectNode r = Json.object();
        r.set("headline", headline);
        return r;
    }

    private static void addBelow(LinePlot plot, PowerSpectrum ps, double fmax, String label) {
        int m = 0;
        while (m < ps.freqs().length && ps.freqs()[m] <= fmax) {
            m++;
        }
        plot.line(java.util.Arrays.copyOf(ps.freqs(), m), java.util.Arrays.copyOf(ps.power(), m), label);
    }

    /** A kernel over (t = 0..T, trial), index t P + mu, restricted to trial 0 and t = 1..T: the times the spectra use. */
    static NdArray trialWindow(NdArray kernel, int trials) {
        int steps = kernel.dim(0) / trials - 1;
        NdArray w = NdArray.zeros(steps, steps);
        for (int a = 0; a < steps; a++) {
            for (int b = 0; b < steps; b++) {
                w.set(kernel.get((a + 1) * trials, (b + 1) * trials), a, b);
            }
        }
        return w;
    }

    /** x(t), t = 1..T, of trial 0 as (T, N), from the network's recorded states (column t P + mu). */
    static NdArray activity(TrainedNetwork net, int steps) {
        int trials = net.outputs().dim(0);
        NdArray a = NdArray.zeros(steps, net.n());
        for (int k = 0; k < steps; k++) {
            System.arraycopy(net.neuronsAt((k + 1) * trials), 0, a.data(), k * net.n(), net.n());
        }
        return a;
    }

    private static double nearestOutlierFrequency(double[][] outliers, double f) {
        double best = Double.NaN;
        for (double[] w : outliers) {
            double fw = ConnectivitySpectrum.linearModeFrequency(w[1], 1.0);
            if (Double.isNaN(best) || Math.abs(fw - f) < Math.abs(best - f)) {
                best = fw;
            }
        }
        return best;
    }
}
