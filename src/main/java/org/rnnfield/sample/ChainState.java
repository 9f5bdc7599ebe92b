package org.rnnfield.sample;

import org.rnnfield.array.NdArray;
import org.rnnfield.io.Npz;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to continue a Langevin chain bit-identically: the chain index, updates done, the
 * weights, the losses so far and the window accumulators (the noise is a function of (seed, chain,
 * update, matrix), so nothing else is needed). Saved as one float64 .npz, written atomically.
 */
record ChainState(int chain, int completedSteps, Parameters params, double[] losses, ChainAverages outputs,
                  ChainAverages kernels, ChainAverages lossAverages) {

    void save(Path file) throws IOException {
        Map<String, NdArray> m = new LinkedHashMap<>(params.asMap());
        m.put("chain", scalar(chain));
        m.put("completed_steps", scalar(completedSteps));
        m.put("losses", new NdArray(new int[]{completedSteps}, Arrays.copyOf(losses, completedSteps)));
        m.put("acc_outputs", outputs.toArray());
        m.put("acc_kernels", kernels.toArray());
        m.put("acc_loss", lossAverages.toArray());
        Npz.write(file, m);
    }

    static ChainState load(Path file, int totalSteps, int window) throws IOException {
        Map<String, NdArray> m = Npz.read(file);
        for (String k : new String[]{"chain", "completed_steps", "losses", "acc_outputs", "acc_kernels", "acc_loss"}) {
            if (!m.containsKey(k)) {
                throw new ConfigException(file + ": not an rnnfield sampler checkpoint (no '" + k + "')");
            }
        }
        int done = (int) m.get("completed_steps").data()[0];
        double[] losses = Arrays.copyOf(m.get("losses").data(), totalSteps);
        return new ChainState((int) m.get("chain").data()[0], done, Parameters.fromMap(m, file.toString()), losses,
                ChainAverages.fromArray(m.get("acc_outputs"), window), ChainAverages.fromArray(m.get("acc_kernels"), window),
                ChainAverages.fromArray(m.get("acc_loss"), window));
    }

    /** A finished chain as stored beside the checkpoint, so a resumed run does not redo it. */
    static void saveFinished(Path file, LangevinSampler.Chain c) throws IOException {
        Map<String, NdArray> m = new LinkedHashMap<>(c.finalParams().asMap());
        m.put("losses", new NdArray(new int[]{c.losses().length}, c.losses()));
        m.put("outputs", matrix(c.outputs()));
        m.put("kernels", matrix(c.kernels()));
        m.put("loss_batches", matrix(c.lossBatches()));
        Npz.write(file, m);
    }

    static LangevinSampler.Chain loadFinished(Path file) throws IOException {
        Map<String, NdArray> m = Npz.read(file);
        return new LangevinSampler.Chain(Parameters.fromMap(m, file.toString()), m.get("losses").data(),
                rows(m.get("outputs")), rows(m.get("kernels")), rows(m.get("loss_batches")));
    }

    private static NdArray scalar(double v) {
        return new NdArray(new int[]{1}, new double[]{v});
    }

    private static NdArray matrix(double[][] rows) {
        NdArray a = NdArray.zeros(rows.length, rows[0].length);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, a.data(), i * rows[0].length, rows[0].length);
        }
        return a;
    }

    private static double[][] rows(NdArray a) {
        double[][] r = new double[a.dim(0)][a.dim(1)];
        for (int i = 0; i < r.length; i++) {
            System.arraycopy(a.data(), i * r[0].length, r[i], 0, r[0].length);
        }
        return r;
    }
}
