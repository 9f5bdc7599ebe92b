package org.rnnfield.backend;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kernels/*.cu has committed PTX for sm_80 and sm_90 whose recorded source hash matches. */
class PtxUpToDateTest {
    @Test
    void committedPtxMatchesItsSource() throws IOException, NoSuchAlgorithmException {
        Path kernels = Path.of(System.getProperty("rnnfield.basedir", ".")).resolve("kernels");
        List<Path> sources;
        try (Stream<Path> s = Files.list(kernels)) {
            sources = s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no kernels in " + kernels);
        for (Path src : sources) {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(src)));
            String name = src.getFileName().toString().replace(".cu", "");
            for (String arch : new String[]{"sm_80", "sm_90"}) {
                String resource = "/org/rnnfield/ptx/" + name + "." + arch + ".ptx";
                try (InputStream in = PtxUpToDateTest.class.getResourceAsStream(resource)) {
                    assertNotNull(in, resource + " missing: run native/build-ptx.sh");
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    String first = text.substring(0, text.indexOf('\n'));
                    assertEquals("// rnnfield: kernels/" + name + ".cu sha256 " + hash, first,
                            resource + " is stale: run native/build-ptx.sh and commit the PTX");
                    assertTrue(text.contains(".target " + arch), resource + " targets " + arch);
                }
            }
        }
    }
}
