package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.SingleNeuronStatistics;
import org.rnnfield.analysis.Statistics;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.training.GuardedTrainingDmft;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftReplicas;
import org.rnnfield.dmft.training.TrainingDmftResult;
import org.rnnfield.dmft.training.TrainingDmftSettings;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.report.Heatmap;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rnnfield dmft --trained}: the training DMFT (docs/theory.md) for the task and training flags of
 * {@code train}, next to one network of --N neurons trained the same way. Writes summary.json (loss
 * curves, final loss, excess kurtosis of single-site x after training), kernels.npz and PNGs.
 */
final class TrainedDmftRun {
    private TrainedDmftRun() {
    }

    /** @param sizes network sizes trained beside the DMFT, ascending; the largest stands for "the network" */
    static Integer execute(OutputDirectory dir, Backend backend, RunConfig config, int[] sizes, String out,
                           ConvergenceOptions convergence) throws IOException {
        TaskData task = config.task.build().generate(config.dt);
        NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim());
        TrainingDmftProblem problem = new TrainingDmftProblem(spec, task, config.trainSpec());
        TrainingDmftSettings settings = config.dmft.trainedSettings(config.seed, config.steps);
        int replicas = config.dmft.replicas;
        System.err.printf(Locale.ROOT, "rnnfield dmft --trained: gamma=%s g=%s eta0=%s, %d steps, M=%d x %d replicas, on %s%n",
                config.gamma, config.g, config.eta0, config.steps, config.dmft.trainedSamples, replicas, backend.describe());
        GuardedTrainingDmft guarded = GuardedTrainingDmft.solve(backend, problem, settings, replicas,
                k -> (n, total, it, change, loss) -> System.err.printf(Locale.ROOT,
                        "  replica %d/%d, step %d/%d: loss %.5g after %d iterations (change %.1e)%n", k + 1, replicas, n,
                        total - 1, loss, it, change), "rnnfield dmft --trained: warning: ");
        TrainingDmftReplicas.Result all = guarded.all();
        // the kernels, outputs and sites reported are the representative replica's; the loss curve is the median
        TrainingDmftResult r = all.chosen();
        double[] median = all.medianLoss();
        TrainedNetwork[] nets = new TrainedNetwork[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            System.err.printf(Locale.ROOT, "  training the network of N = %d%n", sizes[k]);
            nets[k] = TrainedNetwork.train(backend, config.networkSpec(task.inputDim(), task.outputDim(), sizes[k]), task,
                    config.trainSpec(), config.seed);
        }
        TrainedNetwork net = nets[sizes.length - 1];
        int last = task.steps();
        int column = last * task.trials();
        // the same single-neuron statistics the single-neuron experiment reports (bootstrap intervals, two-sample KS)
        double[] site = r.finalStates().column(column);
        SingleNeuronStatistics siteStats = SingleNeuronStatistics.of(site, null, config.seed);
        SingleNeuronStatistics netStats = SingleNeuronStatistics.of(net.neuronsAt(column), site, config.seed);

        ObjectNode s = Json.object();
        s.put("command", "dmft --trained");
        s.put("final_loss", median[median.length - 1]);
        s.put("final_normalized_loss", median[median.length - 1] / task.meanSquaredTarget());
        s.put("network_final_loss", net.loss()[net.loss().length - 1]);
        // a converged inner iteration can still land on a spurious fixed point (docs/theory.md eq. 3.8);
        // replicas expose it, and its usual symptom is a loss that jumps up during gradient descent
        guarded.record(s);
        List<String> problems = guarded.problems();
        convergence.record(s, problems);
        ArrayNode rises = s.putArray("dmft_loss_rises_at_steps");
        for (int n = 1; n < median.length; n++) {
            if (median[n] > median[n - 1]) {
                rises.add(n);
                System.err.printf(Locale.ROOT, "rnnfield: warning: the median DMFT loss rises at step %d (%.5g -> %.5g); check this"
                        + " step with more --replicas or --samples%n", n, median[n - 1], median[n]);
            }
        }
        double wall = all.replicas().stream().mapToDouble(TrainingDmftResult::seconds).sum();
        s.put("excess_kurtosis_x_final_time", siteStats.kurtosis());
        s.put("network_excess_kurtosis_x_final_time", netStats.kurtosis());
        ObjectNode single = s.putObject("single_neurons_x_final_time");
        single.set("dmft_site", Json.MAPPER.valueToTree(siteStats));
        single.set("network", Json.MAPPER.valueToTree(netStats));
        ArrayNode curve = s.putArray("loss_curve");
        ArrayNode netCurve = s.putArray("network_loss_curve");
        ArrayNode its = s.putArray("iterations_per_step");
        ArrayNode floored = s.putArray("floored_pivots_per_step");
        double[] steps = new double[median.length];
        for (int n = 0; n < steps.length; n++) {
            steps[n] = n;
            curve.add(median[n]);
            netCurve.add(net.loss()[n]);
            its.add(r.iterations()[n]);
            floored.add(r.flooredPivots()[n]);
        }
        ObjectNode bySize = s.putObject("network_loss_curves");
        for (TrainedNetwork nk : nets) {
            ArrayNode row = bySize.putArray(String.valueOf(nk.n()));
            java.util.Arrays.stream(nk.loss()).forEach(row::add);
        }
        ArrayNode perReplica = s.putArray("loss_curve_replicas");
        for (double[] l : all.losses()) {
            ArrayNode row = perReplica.addArray();
            java.util.Arrays.stream(l).forEach(row::add);
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("Phi", r.phi());
        arrays.put("G", r.adjoint());
        arrays.put("outputs", r.outputs());
        arrays.put("site_x_final", r.finalStates());
        arrays.put("network_Phi_final", net.phi());
        Npz.write(dir.file("kernels.npz"), arrays);
        LinePlot lossPlot = new LinePlot("Loss during training: DMFT vs networks", "training step", "loss")
                .line(steps, median, "DMFT (median of " + all.replicas().size() + " replicas)");
        for (int k = 0; k < all.replicas().size(); k++) {
            lossPlot.points(steps, all.replicas().get(k).loss(), "DMFT replica, seed " + all.seeds()[k]);
        }
        for (TrainedNetwork nk : nets) {
            lossPlot.dashed(steps, nk.loss(), "network, N = " + nk.n());
        }
        lossPlot.write(dir.file("loss.png"));
        NdArray dmftPhi = r.phiAtStep(r.layout().trainingSteps());
        int width = dmftPhi.dim(0);
        double[] time = new double[width];
        double[] diagDmft = new double[width];
        double[] diagNet = new double[width];
        double[] rowDmft = new double[width];
        double[] rowNet = new double[width];
        for (int c = 0; c < width; c++) {
            time[c] = (double) (c / task.trials()) * config.dt;
            diagDmft[c] = dmftPhi.get(c, c);
            diagNet[c] = net.phi().get(c, c);
            rowDmft[c] = dmftPhi.get(width - 1, c);
            rowNet[c] = net.phi().get(width - 1, c);
        }
        new LinePlot("Phi after training: theory vs network (N = " + net.n() + ")", "time t (tau; trials interleaved)", "Phi")
                .line(time, diagDmft, "DMFT Phi(t, t)").dashed(time, diagNet, "network Phi(t, t)")
                .line(time, rowDmft, "DMFT Phi(T, t)").dashed(time, rowNet, "network Phi(T, t)")
                .write(dir.file("kernel_slices.png"));
        double[][] hs = Statistics.histogram(r.finalStates().column(column), 40);
        double[][] hn = Statistics.histogram(net.neuronsAt(column), 40);
        new LinePlot("Single neurons x(T) after training", "x(T)", "density")
                .line(hs[0], hs[1], "DMFT single site (M = " + config.dmft.trainedSamples + ")")
                .dashed(hn[0], hn[1], "network neurons (N = " + net.n() + ")")
                .write(dir.file("single_neurons.png"));
        Heatmap.write(dir.file("kernel.png"), dmftPhi,
                "DMFT Phi(t, s) after training", "time index (t P + trial)", r.layout().passWidth() - 1);
        dir.writeSummary(s, wall, backend, config);
        System.out.println("dmft --trained done (" + out + ")");
        return convergence.exitCode("dmft --trained", problems);
    }
}
