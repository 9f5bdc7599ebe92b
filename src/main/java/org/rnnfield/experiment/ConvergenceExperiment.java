package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.FiniteSizeConvergence;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.analysis.SizeScaling;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.dmft.DmftProblem;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftResult;
import org.rnnfield.dmft.training.TrainingDmftSettings;
import org.rnnfield.io.Json;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.TrainSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finite-N networks approach the DMFT (THEORY.md sections 2-3):
 * <ul>
 * <li>gamma -> 0: random tanh networks on the sine task; relative distance of Phi_N to the exact
 * random-network DMFT kernel (causal recursion) vs N;</li>
 * <li>gamma > 0: networks trained a few GD steps (J and V) against the training DMFT: mean
 * |L_N(n) - L_DMFT(n)| over the steps, and the final kernel's and output's relative distances, vs N.</li>
 * </ul>
 * Each error's log-log slope in N is reported (expected -1/2).
 */
public final class ConvergenceExperiment extends NamedExperiment<ConvergenceExperiment.Settings> {

    /**
     * @param trainedPhi phi of the trained part: "linear" (the solver's exact check) or "tanh"
     */
    public record Settings(int[] sizes, int seeds, double g, double duration, double dt, String trainedPhi,
                           double trainedG, double gamma, double eta0, int trainingSteps, double trainedDuration,
                           double trainedDt, int dmftSamples, int dmftReplicas, long seed) {
        public Settings {
            Checks.sizes("sizes", sizes, 2);
            Checks.atLeast("seeds", seeds, 2);
            Checks.positive("duration", duration);
            Checks.positive("dt", dt);
            Checks.positive("gamma", gamma);
            Checks.positive("eta0", eta0);
            Checks.atLeast("trainingSteps", trainingSteps, 1);
            Checks.positive("trainedDuration", trainedDuration);
            Checks.positive("trainedDt", trainedDt);
            Checks.atLeast("dmftReplicas", dmftReplicas, 1);
            Checks.atLeast("dmftSamples", dmftSamples, 4);
            org.rnnfield.model.Phi.parse(trainedPhi);
        }
    }

    public ConvergenceExperiment() {
        super("convergence",
                "Finite-N kernels and loss curves vs the DMFT over N, at gamma -> 0 (random network) and gamma > 0 (training DMFT)",
                Settings.class);
    }

    @Override
    public ObjectNode run(Backend be, Settings s, ExperimentOutput out) throws IOException {
        ObjectNode headline = Json.object();
        List<Object[]> rows = new ArrayList<>();
        ExperimentOutput.progress(name(), 1, 2, "random networks vs the exact random-network DMFT");
        TaskData task = Tasks.sine(0.2, s.duration(), s.dt());
        DmftProblem problem = new DmftProblem(s.g(), 1.0, s.dt(), Phi.TANH, 1.0, task.inputs());
        CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem).solve();
        NetworkSpec random = Tasks.spec(s.sizes()[0], s.g(), 1.0, s.dt(), Phi.TANH, task);
        FiniteSizeConvergence.Result r = FiniteSizeConvergence.run(be, random::withN, task, exact.phi(), exact.c(),
                s.sizes(), s.seeds(), new int[]{task.steps()});
        addRows(rows, "random_kernel", r.scaling());
        headline.put("random_kernel_slope", r.slope());
        headline.put("random_kernel_slope_stderr", r.slopeStdErr());

        ExperimentOutput.progress(name(), 2, 2, "trained networks vs the training DMFT (gamma = " + s.gamma() + ")");
        TaskData tt = Tasks.sine(0.2, s.trainedDuration(), s.trainedDt());
        NetworkSpec spec = Tasks.spec(s.sizes()[0], s.trainedG(), s.gamma(), s.trainedDt(), Phi.parse(s.trainedPhi()), tt);
        TrainSpec train = Tasks.gd(s.eta0(), s.trainingSteps());
        TrainingDmftResult dmft = ExperimentDmft.solve(be, new TrainingDmftProblem(spec, tt, train), s.dmftSamples(),
                s.dmftReplicas(), s.seed(), name(), headline);
        int steps = s.trainingSteps();
        double[][] lossErr = new double[s.sizes().length][s.seeds()];
        double[][] kernelErr = new double[s.sizes().length][s.seeds()];
        double[][] outputErr = new double[s.sizes().length][s.seeds()];
        double[] stepAxis = new double[steps + 1];
        for (int n = 0; n <= steps; n++) {
            stepAxis[n] = n;
        }
        LinePlot curves = new LinePlot("Loss during training: DMFT vs networks (" + s.trainedPhi() + ", gamma = " + s.gamma() + ")",
                "training step", "loss").line(stepAxis, dmft.loss(), "DMFT");
        for (int i = 0; i < s.sizes().length; i++) {
            double[] mean = new double[steps + 1];
            for (int k = 0; k < s.seeds(); k++) {
                TrainedNetwork net = TrainedNetwork.train(be, spec.withN(s.sizes()[i]), tt, train, 1000L + k);
                double e = 0;
                for (int n = 0; n <= steps; n++) {
                    e += Math.abs(net.loss()[n] - dmft.loss()[n]) / (steps + 1);
                    mean[n] += net.loss()[n] / s.seeds();
                }
                lossErr[i][k] = e;
                kernelErr[i][k] = PopulationKernels.relativeDistance(net.phi(), dmft.phiAtStep(steps));
                outputErr[i][k] = PopulationKernels.relativeDistance(net.outputs(), dmft.outputAtStep(steps));
            }
            curves.dashed(stepAxis, mean, "N = " + s.sizes()[i] + " (mean of " + s.seeds() + ")");
        }
        SizeScaling lossScaling = SizeScaling.fit(s.sizes(), lossErr);
        SizeScaling kernelScaling = SizeScaling.fit(s.sizes(), kernelErr);
        SizeScaling outputScaling = SizeScaling.fit(s.sizes(), outputErr);
        addRows(rows, "trained_loss", lossScaling);
        addRows(rows, "trained_kernel", kernelScaling);
        addRows(rows, "trained_output", outputScaling);
        headline.put("trained_loss_slope", lossScaling.slope());
        headline.put("trained_loss_slope_stderr", lossScaling.slopeStdErr());
        headline.put("trained_kernel_slope", kernelScaling.slope());
        headline.put("trained_output_slope", outputScaling.slope());
        headline.put("dmft_converged", dmft.converged());
        ArrayNode curve = headline.putArray("dmft_loss_curve");
        for (double l : dmft.loss()) {
            curve.add(l);
        }
        out.csv("convergence", List.of("quantity", "N", "mean_error", "stderr"), rows);
        double[] n = new double[s.sizes().length];
        double[] ref = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = s.sizes()[i];
            ref[i] = r.meanDistance()[0] * Math.sqrt(n[0] / n[i]);
        }
        out.png("errors_vs_N", new LinePlot("Distance to the DMFT vs N", "N", "relative error").logX().logY()
                .line(n, r.meanDistance(), "random net: |Phi_N - Phi| / |Phi| (slope " + fmt(r.slope()) + ")")
                .line(n, lossScaling.mean(), "trained: mean |L_N - L| (slope " + fmt(lossScaling.slope()) + ")")
                .line(n, kernelScaling.mean(), "trained: final kernel (slope " + fmt(kernelScaling.slope()) + ")")
                .line(n, outputScaling.mean(), "trained: final output |y_N - y| / |y| (slope " + fmt(outputScaling.slope()) + ")")
                .dashed(n, ref, "N^-1/2"));
        out.png("loss_curves", curves);
        ObjectNode res = Json.object();
        res.set("headline", headline);
        return res;
    }

    private static void addRows(List<Object[]> rows, String quantity, SizeScaling s) {
        for (int i = 0; i < s.sizes().length; i++) {
            rows.add(new Object[]{quantity, s.sizes()[i], s.mean()[i], s.stdErr()[i]});
        }
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
