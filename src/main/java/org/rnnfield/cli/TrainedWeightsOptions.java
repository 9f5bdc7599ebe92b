package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** Which matrices learn (or are sampled); the others stay at their random draw. */
public final class TrainedWeightsOptions implements ConfigFlags {
    @Option(names = "--train", split = ",", description = "trained matrices, comma-separated subset of J,U,V (default: J,V)")
    java.util.List<String> train;

    @Override
    public void apply(RunConfig c) {
        if (train != null) c.train = train;
    }
}
