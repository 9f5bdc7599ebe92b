package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.AutonomousContinuation;
import org.rnnfield.analysis.LyapunovSpectrum;
import org.rnnfield.analysis.ParticipationRatio;
import org.rnnfield.analysis.ReplicaDivergence;
import org.rnnfield.analysis.Rollout;
import org.rnnfield.analysis.SlopeKernel;
import org.rnnfield.analysis.TargetTraining;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.PerturbationGrowth;
import org.rnnfield.io.Json;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chaos to order (THEORY.md section 4): tanh networks with g > 1 are chaotic at initialization;
 * trained on the sine task at richness gamma, they are measured on the task's input continued
 * autonomously past the training window: the largest Lyapunov exponent, participation-ratio
 * dimension, two-replica divergence, the regime of the continuation and its error against the
 * continued target. The critical gamma is where the exponent crosses zero (log-linear interpolation).
 * Beside the networks' exponent over the training window stands the theory's (docs/theory.md section 7): the
 * mean-field growth of perturbations through the random bulk of J with the slopes of the equilibrium theory's
 * single sites (eq. 7.4), and the same growth with each network's own slopes, which separates what the
 * slopes explain from what the learned low-rank part of J adds. With {@code langevinChains > 0}, networks sampled
 * from the Gibbs measure the theory describes (Langevin training, {@link LangevinEnsemble}) are measured the same way
 * beside the GD-trained ones, and their own critical gamma is reported.
 */
public final class ChaosOrderExperiment extends NamedExperiment<ChaosOrderExperiment.Settings> {
    /**
     * A network generalizes past its window when its output's normalized error over the next window is below this:
     * 5x the 0.02 it is trained to inside the window, and well below the ~1 of an output unrelated to the target
     * (or 2 for one in antiphase).
     */
    static final double GENERALIZES = 0.1;

    /**
     * @param steps        step cap of each training run
     * @param targetLoss   normalized loss every gamma is trained to (TargetTraining's rule, eta0 halved up to
     *                     {@code halvings} times)
     * @param duration     training window (tau)
     * @param continuation total simulated time after training, window included (tau)
     * @param equilibriumBeta    beta of the equilibrium (Gibbs) theory whose sites give the theory's slopes (eq. 5.1)
     * @param equilibriumSamples its single sites M
     * @param equilibriumProposal how its sites are drawn: importance weights (ADAPTED) or site chains (MCMC, eq. 5.17;
     *                    docs/theory.md section 7: importance weights over-saturated the slopes at gamma = 2)
     * @param langevinChains     Langevin-trained networks beside the GD-trained ones (0: none; {@link LangevinEnsemble}),
     *                           chains per gamma at the theory's beta, h = min(langevinStepMax, langevinStepGamma2 /
     *                           gamma^2), burn-in and snapshot spacing in Langevin time
     */
    public record Settings(int n, double g, double[] gammas, int steps, double eta0, double targetLoss, int halvings,
                           double duration, double continuation, double dt, double freq, int lyapunovSteps,
                           double equilibriumBeta, int equilibriumSamples,
                           org.rnnfield.dmft.equilibrium.SiteProposal equilibriumProposal, int langevinChains, double langevinStepMax,
                           double langevinStepGamma2, double langevinBurnIn, int langevinSnapshots, double langevinSpacing,
                           long seed) {
        public Settings {
            langevin();
            Checks.positive("equilibriumBeta", equilibriumBeta);
            Checks.atLeast("equilibriumSamples", equilibriumSamples, 100);
            Checks.given("equilibriumProposal", equilibriumProposal, "ADAPTED or MCMC");
            Checks.sineTraining(n, 2, gammas, steps, eta0, duration, dt, freq);
            new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
            Checks.atLeast("lyapunovSteps", lyapunovSteps, 1);
            if (!(continuation > duration)) {
                throw org.rnnfield.model.ConfigException.field("settings.continuation", continuation, "> duration = " + duration);
            }
        }

        LangevinEnsemble langevin() {
            return new LangevinEnsemble(langevinChains, langevinStepMax, langevinStepGamma2, langevinBurnIn, langevinSnapshots,
                    langevinSpacing);
        }

        TargetTraining.Rule rule() {
            return new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
        }
    }

    public ChaosOrderExperiment() {
        super("chaos-order",
                "Lyapunov exponent, dimension, replica divergence and autonomous continuation of trained g > 1 networks vs gamma",
                Settings.class);
    }

    @Override
    public ObjectNode run(Backend be, Settings s, ExperimentOutput out) throws IOException {
        TaskData window = Tasks.sine(s.freq(), s.duration(), s.dt());
        TaskData longer = Tasks.sine(s.freq(), s.continuation(), s.dt());
        int extSteps = longer.steps();
        List<Object[]> rows = new ArrayList<>();
        double[] lyap = new double[s.gammas().length];
        double[] pr = new double[s.gammas().length];
        LinePlot replicas = new LinePlot("Two-replica distance (epsilon = 1e-6) under the task input", "time (tau)",
                "|x_a - x_b| / sqrt N").logY();
        LinePlot cont = new LinePlot("Output continued past the training window (t > " + s.duration() + ")", "time (tau)", "y");
        double[] time = new double[extSteps];
        double[] target = new double[extSteps];
        for (int k = 0; k < extSteps; k++) {
            time[k] = (k + 1) * s.dt();
            target[k] = longer.targets().get(0, k, 0);
        }
        cont.dashed(time, target, "target");
        ObjectNode headline = Json.object();
        ArrayNode per = headline.putArray("per_gamma");
        TrainedToTarget training = new TrainedToTarget(name());
        ArrayNode generalizing = headline.putArray("generalizing_gammas");
        LinePlot windows = new LinePlot("Output error in successive windows of " + s.duration() + " tau past training",
                "window after the training window", "normalized MSE").logY();
        boolean[] reached = new boolean[s.gammas().length];
        int windowSteps = window.steps();
        Rollout.Drive windowDrive = Rollout.trialRepeated(window.inputs(), 0, 1);
        double[] windowLyap = new double[s.gammas().length];
        double[] ownBulk = new double[s.gammas().length];
        double[] theoryBulk = new double[s.gammas().length];
        boolean[] theorySolved = new boolean[s.gammas().length];
        List<String> theoryFailures = new ArrayList<>();
        LangevinEnsemble langevin = s.langevin();
        double[] langevinLyap = new double[s.gammas().length];
        double[] langevinBulk = new double[s.gammas().length];
        boolean[] langevinMixed = new boolean[s.gammas().length];
        List<String> langevinFailures = new ArrayList<>();
        for (int i = 0; i < s.gammas().length; i++) {
            double gamma = s.gammas()[i];
            ExperimentOutput.progress(name(), i + 1, s.gammas().length, "training and measuring gamma = " + gamma);
            NetworkSpec spec = Tasks.spec(s.n(), s.g(), gamma, s.dt(), org.rnnfield.model.Phi.TANH, window);
            TargetTraining.Outcome trained = training.train(be, spec, window, s.rule(), s.seed(), "gamma = " + gamma);
            reached[i] = trained.reached();
            TrainedNetwork net = trained.network();
            Parameters p = net.params();
            double[] x0 = p.x0().column(0);
            lyap[i] = LyapunovSpectrum.compute(be, spec, p, x0, Rollout.trialRepeated(longer.inputs(), 0, 1), 0,
                    extSteps, 1, s.seed()).largest();
            ReplicaDivergence rep = ReplicaDivergence.run(be, spec, p, x0, Rollout.trialRepeated(longer.inputs(), 0, 2),
                    1e-6, extSteps, s.seed());
            AutonomousContinuation c = AutonomousContinuation.run(be, spec, p, window, longer, s.lyapunovSteps(), s.seed());
            pr[i] = ParticipationRatio.of(c.states());
            // over the training window, where the theory lives: the networks' exponent, the bulk growth with their
            // own slopes, and the bulk growth with the equilibrium theory's (eq. 7.4)
            windowLyap[i] = LyapunovSpectrum.compute(be, spec, p, x0, windowDrive, 0, windowSteps, 1, s.seed()).largest();
            ownBulk[i] = PerturbationGrowth.of(SlopeKernel.ofNetwork(be, spec, p, x0, windowDrive, windowSteps), s.g(),
                    spec.alpha(), s.dt(), windowSteps).rate();
            ExperimentEquilibrium.Solve theory = ExperimentEquilibrium.solve(be, name(), s.g(), s.dt(), gamma,
                    s.equilibriumBeta(), s.equilibriumSamples(), s.equilibriumProposal(), s.seed(), window, theoryFailures);
            theorySolved[i] = theory.converged();
            theoryBulk[i] = theory.result() == null ? Double.NaN : PerturbationGrowth.ofTrial(
                    theory.result().slopeKernel(), window.trials(), 0, s.g(), spec.alpha(), s.dt(), windowSteps).rate();
            LangevinGrowth sampled = null;
            if (langevin.enabled()) {
                ExperimentOutput.progress(name(), i + 1, s.gammas().length, "Langevin chains at gamma = " + gamma);
                sampled = LangevinGrowth.measure(langevin, be, spec, window, s.equilibriumBeta(), s.seed());
                langevinLyap[i] = sampled.lyapunov();
                langevinBulk[i] = sampled.ownBulk();
                langevinMixed[i] = sampled.sampled().mixed();
                if (!langevinMixed[i]) {
                    langevinFailures.add(sampled.sampled().problem(gamma));
                }
            }
            replicas.line(rep.time(), rep.distance(), "gamma = " + gamma);
            cont.line(time, c.outputs().column(0), "gamma = " + gamma);
            double finalLoss = trained.normalizedLoss();
            rows.add(new Object[]{gamma, finalLoss, reached[i], lyap[i], pr[i], rep.finalDistance(), rep.growthRate(), c.regime(),
                    c.lyapunov(), c.generalization(), windowLyap[i], ownBulk[i], theoryBulk[i], theorySolved[i],
                    theory.record().path("normalized_loss").asDouble(Double.NaN),
                    sampled == null ? Double.NaN : sampled.sampled().normalizedLoss(), sampled == null ? Double.NaN : sampled.lyapunov(),
                    sampled == null ? Double.NaN : sampled.lyapunovStdErr(), sampled == null ? Double.NaN : sampled.ownBulk(),
                    sampled == null ? Double.NaN : sampled.sampled().outputRHat()});
            ObjectNode o = per.addObject();
            o.put("gamma", gamma);
            TrainedToTarget.record(o, trained);
            o.put("lyapunov", lyap[i]);
            o.put("participation_ratio", pr[i]);
            o.put("replica_final_distance", rep.finalDistance());
            o.put("continuation_regime", c.regime());
            o.put("continuation_lyapunov", c.lyapunov());
            o.put("generalization_error", c.generalization());
            o.put("window_lyapunov", windowLyap[i]);
            o.put("window_bulk_growth_own_slopes", ownBulk[i]);
            o.put("window_bulk_growth_theory", theoryBulk[i]);
            o.set("equilibrium_theory", theory.record());
            if (sampled != null) {
                o.set("langevin_networks", sampled.record());
            }
            java.util.Arrays.stream(c.windowErrors()).forEach(o.putArray("generalization_by_window")::add);
            boolean generalizes = c.windowErrors()[0] < GENERALIZES;
            o.put("generalizes_next_window", generalizes);
            if (generalizes && reached[i]) {
                generalizing.add(gamma);
            }
            double[] windowIndex = new double[c.windowErrors().length];
            for (int w = 0; w < windowIndex.length; w++) {
                windowIndex[w] = w + 1;
            }
            windows.line(windowIndex, c.windowErrors(), "gamma = " + gamma + (reached[i] ? "" : " (did NOT reach the target)"));
        }
        training.summarize(headline);
        // the transition is located on the networks that learned the task only
        double[] reachedGammas = TrainedToTarget.select(s.gammas(), reached, true);
        double critical = zeroCrossing(reachedGammas, TrainedToTarget.select(lyap, reached, true));
        headline.put("critical_gamma", critical);
        headline.put("critical_gamma_window", zeroCrossing(reachedGammas,
                TrainedToTarget.select(windowLyap, reached, true)));
        headline.put("critical_gamma_window_own_slopes", zeroCrossing(reachedGammas,
                TrainedToTarget.select(ownBulk, reached, true)));
        double[] solvedGammas = TrainedToTarget.select(s.gammas(), theorySolved, true);
        double[] solvedTheory = TrainedToTarget.select(theoryBulk, theorySolved, true);
        headline.put("critical_gamma_theory", zeroCrossing(solvedGammas, solvedTheory));
        headline.put("equilibrium_theory_solved", theoryFailures.isEmpty());
        Experiments.unconverged(headline, "equilibrium theory", theoryFailures);
        if (langevin.enabled()) {
            // the ensemble the theory describes: its transition from chains that mixed
            headline.put("critical_gamma_langevin", zeroCrossing(TrainedToTarget.select(s.gammas(), langevinMixed, true),
                    TrainedToTarget.select(langevinLyap, langevinMixed, true)));
            headline.put("critical_gamma_langevin_own_slopes", zeroCrossing(TrainedToTarget.select(s.gammas(), langevinMixed, true),
                    TrainedToTarget.select(langevinBulk, langevinMixed, true)));
            Experiments.unconverged(headline, "Langevin networks", langevinFailures);
        }
        out.csv("chaos_order", List.of("gamma", "normalized_loss", "reached_target", "lyapunov", "participation_ratio", "replica_final_distance",
                "replica_growth_rate", "continuation_regime", "continuation_lyapunov", "generalization_error", "window_lyapunov",
                "window_bulk_growth_own_slopes", "window_bulk_growth_theory", "theory_converged", "theory_normalized_loss",
                "langevin_normalized_loss", "langevin_window_lyapunov", "langevin_window_lyapunov_stderr",
                "langevin_window_bulk_growth_own_slopes", "langevin_output_r_hat"), rows);
        double[] zero = new double[s.gammas().length];
        out.png("lyapunov", TrainedToTarget.plot(new LinePlot("Largest Lyapunov exponent after training (g = " + s.g() + ", N = " + s.n() + ")",
                "gamma", "lambda_max (1/tau)").logX().dashed(s.gammas(), zero, "0"), s.gammas(), lyap, reached, "trained networks"));
        LinePlot growth = new LinePlot("Growth of perturbations over the training window (g = "
                + s.g() + ", N = " + s.n() + ")", "gamma", "rate (1/tau)").logX().dashed(s.gammas(), zero, "0")
                .line(solvedGammas, solvedTheory,
                        "theory: bulk of J, equilibrium sites' slopes (beta = " + s.equilibriumBeta() + ")")
                .dashed(s.gammas(), ownBulk, "bulk of J, GD networks' own slopes");
        if (langevin.enabled()) {
            growth.line(TrainedToTarget.select(s.gammas(), langevinMixed, true), TrainedToTarget.select(langevinLyap, langevinMixed, true),
                    "Langevin networks (beta = " + s.equilibriumBeta() + ", Lyapunov)");
        }
        out.png("lyapunov_window", TrainedToTarget.plot(growth, s.gammas(), windowLyap, reached, "GD networks (Lyapunov)"));
        out.png("dimension", TrainedToTarget.plot(new LinePlot("Participation ratio of activity", "gamma", "PR").logX(),
                s.gammas(), pr, reached, "trained networks"));
        out.png("replicas", replicas);
        out.png("continuation", cont);
        out.png("generalization", windows);
        ObjectNode result = Json.object();
        result.set("headline", headline);
        return result;
    }

    /** The gamma where y first crosses from > 0 to <= 0, interpolated linearly in log gamma; NaN if it does not. */
    static double zeroCrossing(double[] gammas, double[] y) {
        for (int i = 0; i + 1 < y.length; i++) {
            if (y[i] > 0 && y[i + 1] <= 0) {
                double a = Math.log(gammas[i]);
                double b = Math.log(gammas[i + 1]);
                return Math.exp(a + (b - a) * y[i] / (y[i] - y[i + 1]));
            }
        }
        return Double.NaN;
    }
}
