package org.rnnfield.train;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.dynamics.Backprop;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.Gradients;
import org.rnnfield.dynamics.LossEvaluation;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.task.TaskData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Full-batch training by exact BPTT (DESIGN.md section 1). Deterministic: the same backend,
 * precision and inputs give the same numbers, also across a checkpoint and resume.
 */
public final class Trainer {
    private final Backend backend;
    private final NetworkSpec spec;
    private final TaskData task;
    private final TrainSpec trainSpec;

    public Trainer(Backend backend, NetworkSpec spec, TaskData task, TrainSpec trainSpec) {
        this.backend = backend;
        this.spec = spec;
        this.task = task;
        this.trainSpec = trainSpec;
    }

    /** Trains from fresh weights. */
    public TrainingResult train(Parameters init, Path checkpoint, TrainingListener listener) {
        return run(new TrainingState(0, init, Map.of(), new LossHistory()), checkpoint, listener);
    }

    /**
     * Continues from a saved state (or a fresh one with completedSteps 0), writing a checkpoint to
     * {@code checkpoint} every {@code checkpointEvery} updates when it is not null.
     */
    public TrainingResult run(TrainingState start, Path checkpoint, TrainingListener listener) {
        DeviceNetwork net = new DeviceNetwork(backend, spec, start.params());
        TaskBatch batch = new TaskBatch(backend, task);
        Trajectory traj = new Trajectory(backend, spec.n(), task.trials(), task.steps(), spec.outputDim());
        // GD writes its step straight into the weights (Backprop.descend): no gradient buffers
        Map<Weight, Double> descentRates = null;
        Gradients grads = null;
        if (trainSpec.optimizer() == Optimizer.GD) {
            descentRates = new EnumMap<>(Weight.class);
            for (Weight w : trainSpec.trained()) {
                descentRates.put(w, trainSpec.learningRate(w, spec));
            }
        } else {
            grads = new Gradients(backend, spec, trainSpec.trained());
        }
        Map<Weight, Tensor[]> moments = adamMoments(net, start.optimizerMoments());
        LossHistory history = new LossHistory();
        start.history().rows().forEach(history::add);
        double secondsBefore = history.size() == 0 ? 0 : history.last().seconds();
        long t0 = System.nanoTime();

        int step = start.completedSteps();
        boolean reached = false;
        while (true) {
            ForwardPass.run(net, batch, traj);
            LossEvaluation eval = LossEvaluation.of(backend, traj, task);
            double seconds = secondsBefore + (System.nanoTime() - t0) * 1e-9;
            history.add(new LossHistory.Row(step, eval.loss(), eval.normalized(), seconds));
            listener.onStep(step, trainSpec.steps(), eval.loss(), eval.normalized());
            if (!Double.isFinite(eval.loss())) {
                throw new DivergenceException(step, "loss", eval.loss());
            }
            double initial = history.rows().get(0).loss();
            if (eval.loss() > trainSpec.divergenceFactor() * initial) {
                throw DivergenceException.lossGrowth(step, eval.loss(), initial, trainSpec.divergenceFactor());
            }
            if (eval.loss() <= trainSpec.targetLoss()) {
                reached = true;
                break;
            }
            if (step >= trainSpec.steps()) {
                break;
            }
            if (descentRates != null) {
                // plain GD folded into the gradient GEMMs; a non-finite step shows in the next loss (always evaluated
                // before the next update) or in the check before a checkpoint
                Backprop.descend(net, batch, traj, eval.dLdy(), descentRates);
            } else {
                Backprop.run(net, batch, traj, eval.dLdy(), grads);
                for (Weight w : grads.weights()) {
                    double norm = backend.sumSquares(grads.get(w));
                    if (!Double.isFinite(norm)) {
                        throw new DivergenceException(step, "gradient dL/d" + w + " (squared norm)", norm);
                    }
                }
                adam(net, grads, moments, step + 1);
            }
            step++;
            if (checkpoint != null && trainSpec.checkpointEvery() > 0 && step % trainSpec.checkpointEvery() == 0
                    && step < trainSpec.steps()) {
                requireFiniteWeights(net, step);
                save(checkpoint, new TrainingState(step, net.toHost(), hostMoments(moments), history));
            }
        }
        NdArray outputs = traj.outputsToHost(backend);
        return new TrainingResult(net.toHost(), history, step, reached, outputs);
    }

    private void adam(DeviceNetwork net, Gradients grads, Map<Weight, Tensor[]> moments, long iteration) {
        for (Weight w : grads.weights()) {
            Tensor[] mv = moments.get(w);
            backend.adamUpdate(net.tensor(w), grads.get(w), mv[0], mv[1], trainSpec.learningRate(w, spec),
                    TrainSpec.ADAM_BETA1, TrainSpec.ADAM_BETA2, TrainSpec.ADAM_EPS, iteration);
        }
    }

    /** A checkpoint never holds a diverged state: the trained weights are checked before one is written. */
    private void requireFiniteWeights(DeviceNetwork net, int step) {
        for (Weight w : trainSpec.trained()) {
            double norm = backend.sumSquares(net.tensor(w));
            if (!Double.isFinite(norm)) {
                throw new DivergenceException(step, "weights " + w + " after the update (squared norm)", norm);
            }
        }
    }

    private Map<Weight, Tensor[]> adamMoments(DeviceNetwork net, Map<String, NdArray> saved) {
        Map<Weight, Tensor[]> m = new EnumMap<>(Weight.class);
        if (trainSpec.optimizer() != Optimizer.ADAM) {
            return m;
        }
        for (Weight w : trainSpec.trained()) {
            Tensor p = net.tensor(w);
            Tensor first = backend.zeros(p.rows(), p.cols());
            Tensor second = backend.zeros(p.rows(), p.cols());
            if (saved.containsKey("m_" + w)) {
                backend.write(saved.get("m_" + w), first);
                backend.write(saved.get("v_" + w), second);
            }
            m.put(w, new Tensor[]{first, second});
        }
        return m;
    }

    private Map<String, NdArray> hostMoments(Map<Weight, Tensor[]> moments) {
        Map<String, NdArray> out = new LinkedHashMap<>();
        moments.forEach((w, mv) -> {
            out.put("m_" + w, backend.download(mv[0]));
            out.put("v_" + w, backend.download(mv[1]));
        });
        return out;
    }

    private static void save(Path file, TrainingState state) {
        try {
            state.save(file);
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
