package org.rnnfield.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    /** Terminal or not is decided by what stderr points at, so {@code 2> log} gets lines. */
    @Test
    void stderrRedirectedToAFileIsNotATerminal(@TempDir Path tmp) throws IOException {
        Path log = Files.createFile(tmp.resolve("log"));
        Path toFile = Files.createSymbolicLink(tmp.resolve("fd-file"), log);
        Path toTty = Files.createSymbolicLink(tmp.resolve("fd-tty"), Path.of("/dev/pts/3"));
        assertFalse(ProgressBar.stderrIsTerminal(null, toFile));
        assertTrue(ProgressBar.stderrIsTerminal(null, toTty));
        assertTrue(ProgressBar.stderrIsTerminal("bar", toFile));
        assertFalse(ProgressBar.stderrIsTerminal("lines", toTty));
    }

    /** Plain-line mode: no carriage returns, and a huge normalized loss printed in exponent form. */
    @Test
    void linesHaveNoCarriageReturnsAndReadableNumbers() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true), false);
        for (int s = 0; s <= 40; s++) {
            bar.onStep(s, 40, 2.45e186, 4.9e186);
        }
        String text = bytes.toString();
        assertFalse(text.contains("\r"));
        assertEquals(21, text.lines().count(), text);
        assertTrue(text.contains("normalized 4.90000e+186"), text);
    }
}
