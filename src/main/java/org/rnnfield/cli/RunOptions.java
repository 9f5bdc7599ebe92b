package org.rnnfield.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The flags every run command has (--out, --config), and the resolution of a command's flag groups
 * ({@link ConfigFlags}) over the JSON config: the file (or the defaults), then each given flag.
 */
public final class RunOptions {
    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config (fields as in summary.json's \"config\"); flags override it")
    Path config;

    /** {@link #resolve}, then every field checked that does not depend on the task's data. */
    public RunConfig validated(ConfigFlags... groups) {
        RunConfig c = resolve(groups);
        c.validate();
        return c;
    }

    /** The config file (or defaults) with every given flag of the groups applied. */
    public RunConfig resolve(ConfigFlags... groups) {
        RunConfig c = config != null ? RunConfig.read(config) : new RunConfig();
        if (c.task == null) {
            c.task = new org.rnnfield.task.TaskConfig();
        }
        if (c.dmft == null) {
            c.dmft = new DmftConfig();
        }
        if (c.equilibrium == null) {
            c.equilibrium = new EquilibriumConfig();
        }
        for (ConfigFlags g : groups) {
            g.apply(c);
        }
        return c;
    }
}
