package org.rnnfield.experiment;

/** The name, one-line description and settings type every experiment declares. */
abstract class NamedExperiment<S> implements Experiment<S> {
    private final String name;
    private final String description;
    private final Class<S> settingsType;

    NamedExperiment(String name, String description, Class<S> settingsType) {
        this.name = name;
        this.description = description;
        this.settingsType = settingsType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<S> settingsType() {
        return settingsType;
    }
}
