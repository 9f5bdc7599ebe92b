package org.rnnfield.train;

import org.rnnfield.array.NdArray;
import org.rnnfield.io.Npz;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to continue training bit-identically: updates done, weights, optimizer moments
 * and the loss history so far. Saved as one .npz (float64, which holds float32 values exactly),
 * written atomically.
 */
public record TrainingState(int completedSteps, Parameters params, Map<String, NdArray> optimizerMoments,
                            LossHistory history) {

    public void save(Path file) throws IOException {
        Map<String, NdArray> m = new LinkedHashMap<>(params.asMap());
        optimizerMoments.forEach((k, v) -> m.put("opt_" + k, v));
        m.put("history", history.toArray());
        m.put("completed_steps", new NdArray(new int[]{1}, new double[]{completedSteps}));
        Npz.write(file, m);
    }

    public static TrainingState load(Path file) throws IOException {
        Map<String, NdArray> m = Npz.read(file);
        if (!m.containsKey("completed_steps") || !m.containsKey("history")) {
            throw new ConfigException(file + ": not an rnnfield checkpoint (no completed_steps/history)");
        }
        Map<String, NdArray> moments = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("opt_")) {
                moments.put(k.substring(4), v);
            }
        });
        return new TrainingState((int) m.get("completed_steps").data()[0], Parameters.fromMap(m, file.toString()),
                moments, LossHistory.fromArray(m.get("history")));
    }
}
