package org.rnnfield.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.rnnfield.model.ConfigException;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The JSON/CLI description of a task. Fields not used by the chosen task are ignored; time is in
 * the units of tau and dt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TaskConfig {
    /** sine, multisine, reach or npy. */
    public String name = "sine";
    /** sine: the frequency (cycles per time unit). */
    public Double freq = 0.2;
    /** multisine: the frequencies. */
    public double[] freqs;
    /** multisine: amplitude per frequency (default 1/sqrt(#freqs) each). */
    public double[] amplitudes;
    public Double duration = 10.0;
    public Double windowStart = 0.0;
    public Double pulseWidth = 0.5;
    public Double pulseAmplitude = 1.0;
    public Integer trials = 1;
    /** reach: the synthetic delayed-reach task's parameters (null: the defaults of {@link ReachConfig}). */
    public ReachConfig reach;
    /** npy: file paths. */
    public String inputs;
    public String targets;
    public String mask;

    public static final String KNOWN = "sine, multisine, reach, npy";

    public Task build() {
        return switch (name == null ? "" : name) {
            case "sine" -> new PeriodicTarget("sine", new double[]{freq}, new double[]{1.0}, duration, windowStart,
                    pulseWidth, pulseAmplitude, trials);
            case "multisine" -> {
                double[] f = freqs != null ? freqs : new double[]{0.1, 0.2, 0.3};
                double[] a = amplitudes;
                if (a == null) {
                    a = new double[f.length];
                    Arrays.fill(a, 1.0 / Math.sqrt(f.length));
                }
                yield new PeriodicTarget("multisine", f, a, duration, windowStart, pulseWidth, pulseAmplitude, trials);
            }
            case "reach" -> new ReachTask(reach != null ? reach : new ReachConfig());
            case "npy" -> new NpyTask(path(inputs), path(targets), path(mask));
            default -> throw ConfigException.field("task", "'" + name + "'", KNOWN);
        };
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}
