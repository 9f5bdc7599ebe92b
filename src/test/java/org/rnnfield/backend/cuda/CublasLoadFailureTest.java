package org.rnnfield.backend.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** describe() and summaries carry one readable line, not JCuda's pages of nested stack traces. */
class CublasLoadFailureTest {
    @Test
    void namesTheMissingLibrary() {
        String jcuda = "Error while loading native library \"JCublas2-12.6.0-linux-x86_64\"\nOperating system name: Linux\n"
                + "---(start of nested stack traces)---\n\tat java.base/java.lang.ClassLoader.loadLibrary(Unknown Source)\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared "
                + "object file: No such file or directory\n\tat jcuda.LibUtils.loadLibrary(LibUtils.java:168)\n";
        assertEquals("libcublas.so.12 not found (UnsatisfiedLinkError)",
                CublasGemm.loadFailure(new UnsatisfiedLinkError(jcuda)));
        assertEquals("IllegalStateException: first line", CublasGemm.loadFailure(new IllegalStateException("first line\nsecond")));
    }
}
