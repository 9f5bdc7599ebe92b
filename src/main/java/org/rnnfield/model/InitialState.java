package org.rnnfield.model;

/** How x(0) is drawn: zero, or i.i.d. N(0, q0) frozen per network seed (DESIGN.md section 1). */
public enum InitialState {
    ZERO, GAUSSIAN;

    public static InitialState parse(String s) {
        for (InitialState v : values()) {
            if (v.name().equalsIgnoreCase(s)) {
                return v;
            }
        }
        throw ConfigException.field("init", "'" + s + "'", "zero, gaussian");
    }
}
