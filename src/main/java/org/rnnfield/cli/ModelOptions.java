package org.rnnfield.cli;

import picocli.CommandLine.Mixin;

/** The flag groups every network command shares: the task, the network, and where it runs. */
public final class ModelOptions implements ConfigFlags {
    @Mixin
    TaskOptions task;
    @Mixin
    NetworkOptions network;
    @Mixin
    BackendOptions backend;

    @Override
    public void apply(RunConfig c) {
        task.apply(c);
        network.apply(c);
        backend.apply(c);
    }
}
