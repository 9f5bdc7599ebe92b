package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** Where and in which precision the work runs. */
public final class BackendOptions implements ConfigFlags {
    @Option(names = "--backend", description = "auto, cpu or cuda (default: cpu)")
    String backend;
    @Option(names = "--precision", description = "float64 or float32 (default: float64)")
    String precision;

    @Override
    public void apply(RunConfig c) {
        if (backend != null) c.backend = backend;
        if (precision != null) c.precision = precision;
    }
}
