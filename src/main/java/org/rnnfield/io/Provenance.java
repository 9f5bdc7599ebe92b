package org.rnnfield.io;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What produced an output: the versions recorded in every summary.json. */
public final class Provenance {
    public static final String VERSION = "0.1.0";

    private Provenance() {
    }

    public static ObjectNode versions() {
        ObjectNode v = Json.object();
        v.put("rnnfield", VERSION);
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return v;
    }
}
