package org.rnnfield.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.Statistics;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.MonteCarloSettings;
import org.rnnfield.dmft.training.TrainingDmft;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftResult;
import org.rnnfield.io.Json;
import org.rnnfield.io.Npz;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.report.Heatmap;
import org.rnnfield.report.LinePlot;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rnnfield dmft --trained}: the training DMFT (docs/theory.md) for the task and training flags of
 * {@code train}, next to one network of --N neurons trained the same way. Writes summary.json (loss
 * curves, final loss, excess kurtosis of single-site x after training), kernels.npz and PNGs.
 */
final class TrainedDmftRun {
    /** Smallest number of sites at which the solver was validated against networks (docs/theory.md section 4). */
    static final int VALIDATED_SAMPLES = 8000;

    private TrainedDmftRun() {
    }

    static Integer execute(OutputDirectory dir, Backend backend, RunConfig config, String out) throws IOException {
        TaskData task = config.task.build().generate(config.dt);
        NetworkSpec spec = config.networkSpec(task.inputDim(), task.outputDim());
        TrainingDmftProblem problem = new TrainingDmftProblem(spec, task, config.trainSpec());
        MonteCarloSettings settings = new MonteCarloSettings(config.dmft.samples, 0.5, config.dmft.tolerance,
                config.dmft.iterations, 1, false, true, config.seed);
        System.err.printf(Locale.ROOT, "rnnfield dmft --trained: gamma=%s g=%s eta0=%s, %d steps, M=%d, on %s%n",
                config.gamma, config.g, config.eta0, config.steps, config.dmft.samples, backend.describe());
        if (config.dmft.samples < VALIDATED_SAMPLES) {
            System.err.printf(Locale.ROOT, "rnnfield: warning: --samples %d is below %d, the smallest M at which the training DMFT"
                    + " was validated (at M = 4000 it failed to converge for tanh at gamma = 2; docs/theory.md section 4)%n",
                    config.dmft.samples, VALIDATED_SAMPLES);
        }
        TrainingDmftResult r = new TrainingDmft(backend, problem, settings, 4096).solve((n, total, it, change, loss) ->
                System.err.printf(Locale.ROOT, "  step %d/%d: loss %.5f after %d iterations (change %.1e)%n", n,
                        total - 1, loss, it, change));
        TrainedNetwork net = TrainedNetwork.train(backend, spec, task, config.trainSpec(), config.seed);
        int last = task.steps();
        int column = last * task.trials();
        double siteKurtosis = Statistics.excessKurtosis(r.finalStates().column(column));
        double netKurtosis = Statistics.excessKurtosis(net.neuronsAt(column));

        ObjectNode s = Json.object();
        s.put("command", "dmft --trained");
        s.put("backend", backend.describe());
        s.put("final_loss", r.loss()[r.loss().length - 1]);
        s.put("final_normalized_loss", r.normalized()[r.normalized().length - 1]);
        s.put("network_final_loss", net.loss()[net.loss().length - 1]);
        s.put("converged", r.converged());
        // a converged inner iteration can still land on a spurious fixed point (docs/theory.md section 4);
        // its usual symptom is a loss that jumps up during gradient descent
        ArrayNode rises = s.putArray("dmft_loss_rises_at_steps");
        for (int n = 1; n < r.loss().length; n++) {
            if (r.loss()[n] > r.loss()[n - 1]) {
                rises.add(n);
                System.err.printf(Locale.ROOT, "rnnfield: warning: the DMFT loss rises at step %d (%.5f -> %.5f); check this step"
                        + " with another --seed or --samples%n", n, r.loss()[n - 1], r.loss()[n]);
            }
        }
        s.put("wall_seconds", r.seconds());
        s.put("excess_kurtosis_x_final_time", siteKurtosis);
        s.put("network_excess_kurtosis_x_final_time", netKurtosis);
        ArrayNode curve = s.putArray("loss_curve");
        ArrayNode netCurve = s.putArray("network_loss_curve");
        ArrayNode its = s.putArray("iterations_per_step");
        double[] steps = new double[r.loss().length];
        for (int n = 0; n < steps.length; n++) {
            steps[n] = n;
            curve.add(r.loss()[n]);
            netCurve.add(net.loss()[n]);
            its.add(r.iterations()[n]);
        }
        s.set("config", Json.MAPPER.valueToTree(config));
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("Phi", r.phi());
        arrays.put("G", r.adjoint());
        arrays.put("outputs", r.outputs());
        arrays.put("site_x_final", r.finalStates());
        arrays.put("network_Phi_final", net.phi());
        Npz.write(dir.file("kernels.npz"), arrays);
        new LinePlot("Loss during training: DMFT vs N = " + spec.n() + " network", "training step", "loss")
                .line(steps, r.loss(), "DMFT").dashed(steps, net.loss(), "network, N = " + spec.n())
                .write(dir.file("loss.png"));
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
        new LinePlot("Phi after training: theory vs network (N = " + spec.n() + ")", "time t (tau; trials interleaved)", "Phi")
                .line(time, diagDmft, "DMFT Phi(t, t)").dashed(time, diagNet, "network Phi(t, t)")
                .line(time, rowDmft, "DMFT Phi(T, t)").dashed(time, rowNet, "network Phi(T, t)")
                .write(dir.file("kernel_slices.png"));
        double[][] hs = Statistics.histogram(r.finalStates().column(column), 40);
        double[][] hn = Statistics.histogram(net.neuronsAt(column), 40);
        new LinePlot("Single neurons x(T) after training", "x(T)", "density")
                .line(hs[0], hs[1], "DMFT single site (M = " + config.dmft.samples + ")")
                .dashed(hn[0], hn[1], "network neurons (N = " + spec.n() + ")")
                .write(dir.file("single_neurons.png"));
        Heatmap.write(dir.file("kernel.png"), dmftPhi,
                "DMFT Phi(t, s) after training", "time index (t P + trial)", r.layout().passWidth() - 1);
        Json.write(dir.file("summary.json"), s);
        System.out.println("dmft --trained done (" + out + ")");
        return 0;
    }
}
