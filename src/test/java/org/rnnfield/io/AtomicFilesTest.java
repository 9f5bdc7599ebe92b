package org.rnnfield.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AtomicFilesTest {
    /**
     * Results get the permissions of any new file (0666 less the umask: group-readable under the usual
     * 0022 or 0002), not the private 0600 of a temp file; compared with a file created plainly so the
     * test holds under any umask.
     */
    @Test
    void writtenFilesRespectTheUmask(@TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = tmp.resolve("plain.txt");
        Files.newOutputStream(plain).close();
        Path atomic = tmp.resolve("atomic.json");
        AtomicFiles.writeString(atomic, "{}");
        AtomicFiles.writeString(atomic, "{\"again\": 1}");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        assertEquals("{\"again\": 1}", Files.readString(atomic));
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count(), "no temporary file left behind");
        }
    }
}
