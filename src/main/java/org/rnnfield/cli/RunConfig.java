package org.rnnfield.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.rnnfield.backend.Precision;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.io.Json;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The complete, JSON-serializable description of a run (what {@code --config} reads and what
 * summary.json records). Flags given on the command line override the file.
 */
public final class RunConfig {
    public TaskConfig task = new TaskConfig();
    @JsonProperty("N")
    public int n = 400;
    public double g = 1.5;
    public double gamma = 1.0;
    public double tau = 1.0;
    public double dt = 0.1;
    public String phi = "tanh";
    public String init = "gaussian";
    public double q0 = 1.0;
    /**
     * Default chosen by a sweep (N = 400, g = 1.5, sine, 2000 GD steps, seeds 1-3): eta0 = 1 reached
     * normalized loss 0.001 at gamma = 1 and 3e-5 at gamma = 0.1 on every seed; eta0 = 2 oscillated
     * and eta0 = 3 diverged on 2 of 3 seeds at gamma = 1.
     */
    public double eta0 = 1.0;
    public int steps = 2000;
    public String optimizer = "gd";
    public List<String> train = List.of("J", "V");
    public double targetLoss = 0.0;
    /** Training stops as diverged when the loss exceeds this multiple of its initial value (TrainSpec). */
    public double divergenceFactor = org.rnnfield.train.TrainSpec.DEFAULT_DIVERGENCE_FACTOR;
    public int checkpointEvery = 0;
    public long seed = 1;
    public String backend = "cpu";
    public String precision = "float64";
    public DmftConfig dmft = new DmftConfig();
    public EquilibriumConfig equilibrium = new EquilibriumConfig();

    public static RunConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw ConfigException.field("config", "'" + file + "'", "an existing JSON file");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), RunConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("config: unknown field '" + e.getPropertyName() + "' in " + file
                    + " (allowed: " + e.getKnownPropertyIds() + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: " + file + " is not valid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + ": " + e.getMessage());
        }
    }

    public NetworkSpec networkSpec(int inputDim, int outputDim) {
        return networkSpec(inputDim, outputDim, n);
    }

    /** The network of this config with another width. */
    public NetworkSpec networkSpec(int inputDim, int outputDim, int width) {
        return new NetworkSpec(width, g, gamma, tau, dt, Phi.parse(phi), InitialState.parse(init), q0, inputDim, outputDim);
    }

    public TrainSpec trainSpec() {
        return new TrainSpec(eta0, steps, Optimizer.parse(optimizer), Weight.parse(train), targetLoss, checkpointEvery,
                divergenceFactor);
    }

    public Precision precision() {
        return Precision.parse(precision);
    }

    /** Checks every field that does not depend on the task's data, naming the first bad one. */
    public void validate() {
        networkSpec(0, 1);
        trainSpec();
        precision();
        if (!List.of("auto", "cpu", "cuda").contains(backend)) {
            throw ConfigException.field("backend", "'" + backend + "'", "auto, cpu, cuda");
        }
        if (task == null) {
            throw ConfigException.field("task", "null", TaskConfig.KNOWN);
        }
        task.build();
    }
}
