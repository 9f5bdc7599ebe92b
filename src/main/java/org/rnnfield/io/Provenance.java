package org.rnnfield.io;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What produced an output: the versions recorded in every summary.json. Version and git commit come from
 * build.properties, written at build time (scripts/build-info.sh); "dirty" says the checkout had
 * uncommitted changes to tracked files, so the commit alone does not reproduce the run.
 */
public final class Provenance {
    private static final Properties BUILD = load();
    public static final String VERSION = BUILD.getProperty("version", "unknown");

    private Provenance() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/rnnfield/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource leaves the fields "unknown", which the summary then says
        }
        return p;
    }

    public static ObjectNode versions() {
        ObjectNode v = Json.object();
        v.put("rnnfield", VERSION);
        v.put("git_commit", BUILD.getProperty("commit", "unknown"));
        v.put("git_dirty", BUILD.getProperty("dirty", "unknown"));
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        // the CPU path's BLAS (also the reference for GPU cross-checks); the backend's description sits beside it
        v.put("blas", org.rnnfield.backend.cpu.BlasLibrary.get().loadedLibraries());
        return v;
    }
}
