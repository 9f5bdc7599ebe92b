package org.rnnfield.model;

/** Bad user input, reported as one line naming the field, the value and what is allowed. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public static ConfigException field(String field, Object value, String allowed) {
        return new ConfigException(field + ": " + value + " is not allowed (allowed: " + allowed + ")");
    }
}
