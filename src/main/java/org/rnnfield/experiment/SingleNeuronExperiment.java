package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.ResponseFeatures;
import org.rnnfield.analysis.SingleNeuronStatistics;
import org.rnnfield.analysis.Statistics;
import org.rnnfield.analysis.TargetTraining;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftResult;
import org.rnnfield.dmft.training.TrainingDmftSettings;
import org.rnnfield.io.Json;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-neuron distributions vs richness (THEORY.md section 4): the distribution across neurons of
 * x_i(T) at the end of the trial, after training on the sine task at each gamma.
 * <ul>
 * <li>theory vs network: the training DMFT's single-site samples after {@code dmftSteps} GD steps
 * (the range over which the solver is validated, docs/theory.md section 4) against one N-neuron
 * network trained the same number of steps: excess kurtosis with bootstrap intervals and the
 * two-sample KS test;</li>
 * <li>long training: networks trained {@code steps} GD steps, beyond the solver's validated range,
 * showing how far learning moves single neurons from the Gaussian of the random network.</li>
 * </ul>
 */
public final class SingleNeuronExperiment extends NamedExperiment<SingleNeuronExperiment.Settings> {

    /**
     * @param equilibriumBeta    beta of the equilibrium (Gibbs) theory of the trained column (docs/theory.md eq. 5.1)
     * @param equilibriumSamples its single sites M
     * @param equilibriumProposal how its sites are drawn: importance weights (ADAPTED) or site chains (MCMC, eq. 5.17;
     *                    docs/theory.md section 7: importance weights over-saturated the slopes at gamma = 2)
     * @param steps      step cap of the long training
     * @param targetLoss normalized loss the long training runs to (TargetTraining's rule, eta0 halved up to
     *                   {@code halvings} times); the short training takes exactly {@code dmftSteps} steps at eta0
     * @param langevinChains Langevin-trained networks beside the end-of-training column (0: none; {@link LangevinEnsemble}):
     *                       chains per gamma at the theory's beta, their snapshots' x(T) pooled
     */
    public record Settings(int n, double g, double[] gammas, int steps, double eta0, double targetLoss, int halvings,
                           double duration, double dt, double freq, int dmftSteps, int dmftSamples, int dmftReplicas,
                           double equilibriumBeta, int equilibriumSamples,
                           org.rnnfield.dmft.equilibrium.SiteProposal equilibriumProposal, int langevinChains, double langevinStepMax,
                           double langevinStepGamma2, double langevinBurnIn, int langevinSnapshots, double langevinSpacing,
                           long seed) {
        public Settings {
            langevin();
            Checks.positive("equilibriumBeta", equilibriumBeta);
            Checks.atLeast("equilibriumSamples", equilibriumSamples, 100);
            Checks.given("equilibriumProposal", equilibriumProposal, "ADAPTED or MCMC");
            new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
            Checks.sineTraining(n, 4, gammas, steps, eta0, duration, dt, freq);
            Checks.atLeast("dmftSteps", dmftSteps, 0);
            Checks.atLeast("dmftSamples", dmftSamples, 4);
            Checks.atLeast("dmftReplicas", dmftReplicas, 1);
        }

        LangevinEnsemble langevin() {
            return new LangevinEnsemble(langevinChains, langevinStepMax, langevinStepGamma2, langevinBurnIn, langevinSnapshots,
                    langevinSpacing);
        }

        TargetTraining.Rule rule() {
            return new TargetTraining.Rule(targetLoss, steps, eta0, halvings);
        }
    }

    public SingleNeuronExperiment() {
        super("single-neuron",
                "Single-neuron distributions of x(T) vs gamma: DMFT single-site samples and trained networks (kurtosis, KS)",
                Settings.class);
    }

    @Override
    public ObjectNode run(Backend be, Settings s, ExperimentOutput out) throws IOException {
        TaskData task = Tasks.sine(s.freq(), s.duration(), s.dt());
        int column = task.steps();
        int total = s.gammas().length;
        List<Object[]> rows = new ArrayList<>();
        double[] kShort = new double[total];
        double[] kSite = new double[total];
        double[] kLong = new double[total];
        double[] kEq = new double[total];
        boolean[] eqSolved = new boolean[total];
        LangevinEnsemble langevin = s.langevin();
        double[] kLangevin = new double[total];
        boolean[] langevinMixed = new boolean[total];
        List<String> langevinFailures = new ArrayList<>();
        LinePlot endTheory = new LinePlot("x(T) at the end of training: equilibrium theory (solid) vs trained network (dashed)",
                "x(T)", "density");
        List<String> theoryFailures = new ArrayList<>();
        LinePlot hist = new LinePlot("x_i(T) across neurons, trained to loss " + s.targetLoss() + " (N = " + s.n() + ")",
                "x_i(T)", "density");
        LinePlot theory = new LinePlot("x(T) after " + s.dmftSteps() + " steps: DMFT site (solid) vs network (dashed)",
                "x(T)", "density");
        ObjectNode headline = Json.object();
        ArrayNode per = headline.putArray("per_gamma");
        TrainedToTarget training = new TrainedToTarget(name());
        boolean[] reached = new boolean[total];
        for (int i = 0; i < total; i++) {
            double gamma = s.gammas()[i];
            ExperimentOutput.progress(name(), i + 1, total, "DMFT and networks at gamma = " + gamma);
            NetworkSpec spec = Tasks.spec(s.n(), s.g(), gamma, s.dt(), Phi.TANH, task);
            TrainingDmftResult dmft = ExperimentDmft.solve(be, new TrainingDmftProblem(spec, task,
                    Tasks.gd(s.eta0(), s.dmftSteps())), s.dmftSamples(), s.dmftReplicas(), s.seed(), name() + " gamma = " + gamma,
                    headline);
            double[] site = dmft.finalStates().column(column);
            TrainedNetwork shortNet = TrainedNetwork.train(be, spec, task, Tasks.gd(s.eta0(), s.dmftSteps()), s.seed());
            TargetTraining.Outcome trained = training.train(be, spec, task, s.rule(), s.seed(), "gamma = " + gamma);
            reached[i] = trained.reached();
            TrainedNetwork longNet = trained.network();
            SingleNeuronStatistics st = SingleNeuronStatistics.of(site, null, s.seed());
            SingleNeuronStatistics sn = SingleNeuronStatistics.of(shortNet.neuronsAt(column), site, s.seed());
            SingleNeuronStatistics ln = SingleNeuronStatistics.of(longNet.neuronsAt(column), null, s.seed());
            kSite[i] = st.kurtosis();
            kShort[i] = sn.kurtosis();
            kLong[i] = ln.kurtosis();
            rows.add(row(gamma, "dmft", s.dmftSteps(), st, dmft.loss()[s.dmftSteps()]));
            rows.add(row(gamma, "network", s.dmftSteps(), sn, shortNet.loss()[s.dmftSteps()]));
            rows.add(row(gamma, "network", trained.steps(), ln, longNet.loss()[longNet.loss().length - 1]));
            EndTheory end = equilibrium(be, s, task, gamma, longNet.neuronsAt(column), ln, theoryFailures);
            ObjectNode eq = end.record();
            eqSolved[i] = eq.get("converged").asBoolean();
            kEq[i] = eqSolved[i] ? eq.get("site_x_T").get("kurtosis").asDouble() : Double.NaN;
            if (eqSolved[i] && (i == total - 1 || i == 0)) {
                double[][] he = Statistics.histogram(end.sites(), 40);
                double[][] hl = Statistics.histogram(longNet.neuronsAt(column), 40);
                endTheory.line(he[0], he[1], "theory, gamma = " + gamma).dashed(hl[0], hl[1], "network, gamma = " + gamma);
            }
            ObjectNode langevinRecord = null;
            if (langevin.enabled()) {
                ExperimentOutput.progress(name(), i + 1, total, "Langevin chains at gamma = " + gamma);
                List<double[]> shots = new ArrayList<>();
                LangevinEnsemble.Sampled sampled = langevin.sample(be, spec, task, s.equilibriumBeta(), s.seed(),
                        (chain, p) -> shots.add(finalStates(be, spec, p, task)));
                // a neuron's snapshots of one chain are correlated: pool them neuron by neuron and resample them together
                int perChain = langevin.snapshots();
                double[] pooled = neuronMajor(shots, perChain);
                SingleNeuronStatistics lv = SingleNeuronStatistics.ofBlocks(pooled, perChain, end.sites(), s.seed());
                kLangevin[i] = lv.kurtosis();
                langevinMixed[i] = sampled.mixed();
                if (!sampled.mixed()) {
                    langevinFailures.add(sampled.problem(gamma));
                }
                rows.add(row(gamma, "langevin", 0, lv, sampled.normalizedLoss() * task.meanSquaredTarget()));
                ObjectNode lr = sampled.record();
                lr.put("neurons_pooled", pooled.length).put("kurtosis", lv.kurtosis()).put("kurtosis_low", lv.kurtosisLow())
                        .put("kurtosis_high", lv.kurtosisHigh()).put("ks_vs_theory_sites", lv.ksSite())
                        .put("ks_vs_theory_sites_p", lv.ksSiteP());
                if (end.siteStatistics() != null) {
                    lr.put("kurtosis_intervals_overlap_theory", lv.kurtosisOverlaps(end.siteStatistics()));
                }
                langevinRecord = lr;
                if (i == total - 1 || i == 0) {
                    double[][] hv = Statistics.histogram(pooled, 40);
                    endTheory.dashed(hv[0], hv[1], "Langevin networks, gamma = " + gamma);
                }
            }
            double[][] h = Statistics.histogram(longNet.neuronsAt(column), 40);
            hist.line(h[0], h[1], "gamma = " + gamma + (reached[i] ? "" : " (did NOT reach the target)"));
            if (i == total - 1 || i == 0) {
                double[][] hs = Statistics.histogram(site, 40);
                double[][] hn = Statistics.histogram(shortNet.neuronsAt(column), 40);
                theory.line(hs[0], hs[1], "DMFT, gamma = " + gamma).dashed(hn[0], hn[1], "N = " + s.n() + ", gamma = " + gamma);
            }
            ObjectNode o = per.addObject();
            o.put("gamma", gamma);
            o.put("dmft_converged", dmft.converged());
            o.put("dmft_kurtosis", st.kurtosis());
            o.put("network_kurtosis_same_steps", sn.kurtosis());
            o.put("intervals_overlap", st.kurtosisOverlaps(sn));
            o.put("ks_network_vs_site_p", sn.ksSiteP());
            // a response feature beyond x(T): each unit's oscillation amplitude at the target frequency
            double[] siteAmp = ResponseFeatures.amplitudeAt(dmft.finalStates(), task.trials(), 0, s.freq(), s.dt());
            double[] netAmp = ResponseFeatures.amplitudeAt(shortNet.states(), task.trials(), 0, s.freq(), s.dt());
            SingleNeuronStatistics sa = SingleNeuronStatistics.of(netAmp, siteAmp, s.seed());
            o.put("amplitude_median_dmft", Statistics.median(siteAmp));
            o.put("amplitude_median_network", Statistics.median(netAmp));
            o.put("amplitude_ks_network_vs_site_p", sa.ksSiteP());
            o.put("network_kurtosis_long", ln.kurtosis());
            o.put("network_kurtosis_long_low", ln.kurtosisLow());
            o.put("network_kurtosis_long_high", ln.kurtosisHigh());
            TrainedToTarget.record(o.putObject("long_training"), trained);
            o.set("equilibrium_theory", eq);
            if (langevinRecord != null) {
                o.set("langevin_networks", langevinRecord);
            }
        }
        headline.put("equilibrium_theory_solved", theoryFailures.isEmpty());
        theoryFailures.forEach(headline.putArray("equilibrium_theory_failures")::add);
        Experiments.unconverged(headline, "equilibrium theory", theoryFailures);
        Experiments.unconverged(headline, "Langevin networks", langevinFailures);
        training.summarize(headline);
        headline.put("non_gaussianity_grows_with_gamma_long", increasingMagnitude(TrainedToTarget.select(kLong, reached, true)));
        headline.put("non_gaussianity_grows_with_gamma_dmft", increasingMagnitude(kSite));
        out.csv("kurtosis", List.of("gamma", "source", "training_steps", "excess_kurtosis", "kurtosis_low", "kurtosis_high",
                "ks_gaussian_p", "ks_vs_dmft_site", "ks_vs_dmft_site_p", "loss"), rows);
        out.png("kurtosis", TrainedToTarget.plot(new LinePlot("Excess kurtosis of x_i(T) vs gamma (tanh, g = " + s.g() + ")", "gamma",
                "excess kurtosis").logX()
                .line(s.gammas(), kSite, "DMFT, " + s.dmftSteps() + " steps")
                .dashed(s.gammas(), kShort, "network N = " + s.n() + ", " + s.dmftSteps() + " steps"), s.gammas(), kLong, reached, "network N = " + s.n() + ", trained to " + s.targetLoss()));
        out.png("histograms", hist);
        out.png("end_of_training_theory", endTheory);
        LinePlot endKurtosis = new LinePlot("Excess kurtosis of x(T) at the end of training",
                "gamma", "excess kurtosis").logX().line(TrainedToTarget.select(s.gammas(), eqSolved, true),
                TrainedToTarget.select(kEq, eqSolved, true), "equilibrium theory, beta = " + s.equilibriumBeta());
        if (langevin.enabled()) {
            endKurtosis.dashed(TrainedToTarget.select(s.gammas(), langevinMixed, true),
                    TrainedToTarget.select(kLangevin, langevinMixed, true), "Langevin networks N = " + s.n());
        }
        out.png("kurtosis_end_of_training", TrainedToTarget.plot(endKurtosis, s.gammas(), kLong, reached,
                "network N = " + s.n() + ", GD to loss " + s.targetLoss()));
        out.png("theory_vs_network", theory);
        ObjectNode r = Json.object();
        r.set("headline", headline);
        return r;
    }

    /** The theory's record for the summary and its sites' x(T) (null when the solve failed). */
    private record EndTheory(ObjectNode record, double[] sites, SingleNeuronStatistics siteStatistics) {
    }

    /**
     * The equilibrium (Gibbs) theory at this gamma beside the GD-trained network: its loss, the site law of x(T)
     * (kurtosis with interval) and the two-sample KS of the network's neurons against the sites.
     */
    private EndTheory equilibrium(Backend be, Settings s, TaskData task, double gamma, double[] neurons,
                                   SingleNeuronStatistics network, List<String> failures) {
        ExperimentEquilibrium.Solve solve = ExperimentEquilibrium.solve(be, name(), s.g(), s.dt(), gamma,
                s.equilibriumBeta(), s.equilibriumSamples(), s.equilibriumProposal(), s.seed(), task, failures);
        ObjectNode o = solve.record();
        if (solve.result() == null) {
            return new EndTheory(o, null, null);
        }
        double[] sites = solve.result().siteSamples().column(0);
        // sites of one quenched group share x(0) and U: the interval resamples whole groups
        SingleNeuronStatistics site = SingleNeuronStatistics.ofBlocks(sites, solve.siteBlock(), null, s.seed());
        SingleNeuronStatistics vs = SingleNeuronStatistics.of(neurons, sites, s.seed());
        // the sites' law of x(T) whole (kurtosis with its interval, KS to a Gaussian), as dmft --trained writes it
        o.set("site_x_T", Json.MAPPER.valueToTree(site));
        o.put("kurtosis_intervals_overlap_network", site.kurtosisOverlaps(network)).put("ks_network_vs_sites_p", vs.ksSiteP());
        return new EndTheory(o, sites, site);
    }

    /**
     * Snapshots in chain order ({@code perChain} per chain, one value per neuron each) pooled so that each neuron's
     * snapshots of one chain are consecutive: chain c, neuron i, snapshot k at (c N + i) perChain + k.
     */
    static double[] neuronMajor(List<double[]> shots, int perChain) {
        int n = shots.get(0).length;
        double[] pooled = new double[shots.size() * n];
        for (int shot = 0; shot < shots.size(); shot++) {
            int chain = shot / perChain;
            int k = shot % perChain;
            for (int i = 0; i < n; i++) {
                pooled[(chain * n + i) * perChain + k] = shots.get(shot)[i];
            }
        }
        return pooled;
    }

    /** x_i(T) of every neuron of a sampled network under the task's input (trial 0). */
    private static double[] finalStates(Backend be, NetworkSpec spec, org.rnnfield.model.Parameters p, TaskData task) {
        org.rnnfield.analysis.Rollout r = new org.rnnfield.analysis.Rollout(be, spec, p, p.x0());
        r.advance(org.rnnfield.analysis.Rollout.fromTask(task.inputs()), 0, task.steps());
        return r.state().column(0);
    }

    private static Object[] row(double gamma, String source, int steps, SingleNeuronStatistics s, double loss) {
        return new Object[]{gamma, source, steps, s.kurtosis(), s.kurtosisLow(), s.kurtosisHigh(), s.ksGaussianP(),
                s.ksSite(), s.ksSiteP(), loss};
    }

    /** |k| strictly increasing along the gamma grid. */
    static boolean increasingMagnitude(double[] k) {
        for (int i = 0; i + 1 < k.length; i++) {
            if (!(Math.abs(k[i + 1]) > Math.abs(k[i]))) {
                return false;
            }
        }
        return true;
    }
}
