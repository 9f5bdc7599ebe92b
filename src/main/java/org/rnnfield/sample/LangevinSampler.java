package org.rnnfield.sample;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
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
import org.rnnfield.train.DivergenceException;
import org.rnnfield.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Langevin sampling of the Gibbs measure of training (docs/theory.md eqs. 5.1-5.2) for finite networks:
 * each update is one exact BPTT gradient, {@code theta <- (1 - h) theta - h beta gamma^2 N dL/dtheta + sqrt(2h) xi}
 * on the sampled matrices, with xi from Philox at (seed, chain, step, matrix), so a run is reproducible on
 * every backend. After burn-in it accumulates, per chain, the output y at every readout point, the
 * population kernel {@code (1/N) phi^T phi} over (t = 0..T, trial) (the DMFT's layout) and the loss, in
 * {@link LangevinSpec#BATCHES} batches for standard errors and R-hat.
 */
public final class LangevinSampler {
    private final Backend backend;
    private final NetworkSpec spec;
    private final TaskData task;
    private final LangevinSpec langevin;

    public LangevinSampler(Backend backend, NetworkSpec spec, TaskData task, LangevinSpec langevin) {
        this.backend = backend;
        this.spec = spec;
        this.task = task;
        this.langevin = langevin;
    }

    /**
     * One chain's outcome.
     *
     * @param losses  the loss before each update, burn-in included (length burnIn + window)
     * @param outputs batch means of y, BATCHES x (D_out T B), column a (T B) + k B + b = y_b(k+1) of output a
     * @param kernels batch means of the kernel, BATCHES x D^2
     */
    public record Chain(Parameters finalParams, double[] losses, double[][] outputs, double[][] kernels,
                        double[][] lossBatches) {
    }

    /** The chain's initial state: the network's frozen U and x(0), and fresh prior draws of the sampled matrices. */
    public Parameters initialState(Parameters network, int chain) {
        if (chain == 0) {
            return network;
        }
        long s = langevin.seed() * 1_000_003L + chain;
        int n = spec.n();
        NdArray j = langevin.trained().contains(Weight.J) ? Rng.stream(s, "chain-J").normal(1.0, n, n) : network.j();
        NdArray u = langevin.trained().contains(Weight.U) ? Rng.stream(s, "chain-U").normal(1.0, n, spec.inputDim()) : network.u();
        NdArray v = langevin.trained().contains(Weight.V) ? Rng.stream(s, "chain-V").normal(1.0, n, spec.outputDim()) : network.v();
        return new Parameters(network.j0(), j, u, v, network.x0());
    }

    public List<Chain> run(Parameters network, TrainingListener listener) {
        try {
            return run(network, listener, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Runs every chain. With a folder: each finished chain is stored there ({@code chain-<c>.npz}) and the
     * running one is checkpointed every {@link LangevinSpec#checkpointEvery()} updates
     * ({@code checkpoint.npz}); a later call with the same folder continues bit-identically from what it finds.
     */
    public List<Chain> run(Parameters network, TrainingListener listener, java.nio.file.Path folder) throws java.io.IOException {
        List<Chain> chains = new ArrayList<>();
        for (int c = 0; c < langevin.chains(); c++) {
            java.nio.file.Path finished = folder == null ? null : folder.resolve(finishedFile(c));
            if (finished != null && java.nio.file.Files.exists(finished)) {
                chains.add(ChainState.loadFinished(finished));
                continue;
            }
            java.nio.file.Path checkpoint = folder == null ? null : folder.resolve(CHECKPOINT_FILE);
            ChainState start = null;
            if (checkpoint != null && java.nio.file.Files.exists(checkpoint)) {
                ChainState saved = ChainState.load(checkpoint, langevin.totalSteps(), langevin.window());
                if (saved.chain() == c) {
                    start = saved;
                }
            }
            if (start == null) {
                start = fresh(initialState(network, c), c);
            }
            Chain done;
            try (Backend.Scope scope = backend.scope()) {
                done = chainInScope(start, listener, checkpoint, 0, null);
            }
            if (finished != null) {
                ChainState.saveFinished(finished, done);
                java.nio.file.Files.deleteIfExists(checkpoint);
            }
            chains.add(done);
        }
        return chains;
    }

    /** The checkpoint of the running chain inside a sampler folder. */
    public static final String CHECKPOINT_FILE = "checkpoint.npz";

    /** A finished chain's file inside a sampler folder. */
    public static String finishedFile(int chain) {
        return "chain-" + chain + ".npz";
    }

    /** One chain from its initial state; tensors are released when it ends. */
    public Chain runChain(Parameters start, int chain, TrainingListener listener) {
        return runChain(start, chain, listener, 0, null);
    }

    /**
     * A network drawn from the chain inside its window, for measurements a window average cannot give (e.g. the
     * Lyapunov exponent of each sampled network).
     *
     * @param update     updates done when it was taken (burn-in included)
     * @param params     the network after that update
     * @param windowLoss mean loss over the window's updates so far
     */
    public record Snapshot(int update, Parameters params, double windowLoss) {
    }

    /**
     * One chain, handing {@code sink} the network after every {@code every}-th update of the window (the chain and
     * its noise are those of {@link #runChain(Parameters, int, TrainingListener)}: snapshots only read it).
     */
    public Chain runChain(Parameters start, int chain, TrainingListener listener, int every,
                          java.util.function.Consumer<Snapshot> sink) {
        if (sink != null && every < 1) {
            throw new IllegalArgumentException("snapshot spacing must be >= 1 update, got " + every);
        }
        try (Backend.Scope scope = backend.scope()) {
            return chainInScope(fresh(start, chain), listener, null, every, sink);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ChainState fresh(Parameters start, int chain) {
        int d = (task.steps() + 1) * task.trials();
        return new ChainState(chain, 0, start, new double[langevin.totalSteps()],
                new ChainAverages(spec.outputDim() * task.steps() * task.trials(), langevin.window()),
                new ChainAverages(d * d, langevin.window()), new ChainAverages(1, langevin.window()));
    }

    private Chain chainInScope(ChainState state, TrainingListener listener, java.nio.file.Path checkpoint, int every,
                               java.util.function.Consumer<Snapshot> sink) throws java.io.IOException {
        int chain = state.chain();
        DeviceNetwork net = new DeviceNetwork(backend, spec, state.params());
        TaskBatch batch = new TaskBatch(backend, task);
        Trajectory traj = new Trajectory(backend, spec.n(), task.trials(), task.steps(), spec.outputDim());
        Gradients grads = new Gradients(backend, spec, langevin.trained());
        int d = (task.steps() + 1) * task.trials();
        Tensor kernel = backend.zeros(d, d);
        java.util.Map<Weight, Tensor> noise = new java.util.EnumMap<>(Weight.class);
        for (Weight w : langevin.trained()) {
            Tensor p = net.tensor(w);
            noise.put(w, backend.zeros(p.rows(), p.cols()));
        }
        int total = langevin.totalSteps();
        double[] losses = state.losses();
        ChainAverages outputs = state.outputs();
        ChainAverages kernels = state.kernels();
        ChainAverages lossAvg = state.lossAverages();
        double drift = langevin.h() * org.rnnfield.model.MeanFieldScaling.gibbsWeight(langevin.beta(), spec.gamma(), spec.n());
        double noiseScale = Math.sqrt(2 * langevin.h());
        for (int step = state.completedSteps(); step < total; step++) {
            if (checkpoint != null && langevin.checkpointEvery() > 0 && step > state.completedSteps()
                    && step % langevin.checkpointEvery() == 0) {
                new ChainState(chain, step, net.toHost(), losses, outputs, kernels, lossAvg).save(checkpoint);
            }
            ForwardPass.run(net, batch, traj);
            NdArray y = backend.download(traj.readoutTensor());
            LossEvaluation eval = LossEvaluation.of(y, task);
            losses[step] = eval.loss();
            listener.onStep(step, total, eval.loss(), eval.normalized());
            if (!Double.isFinite(eval.loss())) {
                throw new DivergenceException(step, "loss (chain " + chain + ")", eval.loss());
            }
            if (step >= langevin.burnIn()) {
                outputs.add(y.data());
                backend.gemm(true, false, 1.0 / spec.n(), traj.activations(), traj.activations(), 0.0, kernel);
                kernels.add(backend.download(kernel).data());
                lossAvg.add(new double[]{eval.loss()});
            }
            Backprop.run(net, batch, traj, eval.dLdy(), grads);
            for (Weight w : langevin.trained()) {
                Tensor param = net.tensor(w);
                Tensor xi = noise.get(w);
                backend.axpy(-langevin.h(), param, param);
                backend.axpy(-drift, grads.get(w), param);
                backend.fillNormal(xi, langevin.seed(), noiseStream(chain, step, w));
                backend.axpy(noiseScale, xi, param);
            }
            int inWindow = step + 1 - langevin.burnIn();
            if (sink != null && inWindow > 0 && inWindow % every == 0) {
                double sum = 0;
                for (int k = langevin.burnIn(); k <= step; k++) {
                    sum += losses[k];
                }
                sink.accept(new Snapshot(step + 1, net.toHost(), sum / inWindow));
            }
        }
        return new Chain(net.toHost(), losses, outputs.batchMeans(), kernels.batchMeans(), lossAvg.batchMeans());
    }

    /** Philox stream of the noise of one matrix at one update of one chain (disjoint for all of them). */
    static long noiseStream(int chain, int step, Weight w) {
        return ((long) chain << 40) | ((long) step << 2) | w.ordinal();
    }
}
