package org.rnnfield.cli;

/**
 * One group of command-line flags (a picocli mixin per concern: task, network, training, ...). Each flag
 * overrides the same field of the JSON config; an unset flag leaves it alone, so the defaults live in
 * one place, the config classes ({@link RunConfig}, {@link DmftConfig}, {@link EquilibriumConfig}).
 */
interface ConfigFlags {
    void apply(RunConfig config);
}
