package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** Checkpoints of long runs (train, sample), for --resume. */
public final class CheckpointOptions implements ConfigFlags {
    @Option(names = "--checkpoint-every", description = "checkpoint every K steps (default: 0 = never)")
    Integer checkpointEvery;

    @Override
    public void apply(RunConfig c) {
        if (checkpointEvery != null) c.checkpointEvery = checkpointEvery;
    }
}
