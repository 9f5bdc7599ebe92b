package org.rnnfield.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The HTML report embeds every figure and renders in a headless browser (Debian's chromium). */
class HtmlReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path tmp;

    private Path resultFolder(String name, int figures) throws IOException {
        Path d = tmp.resolve(name);
        Files.createDirectories(d);
        ObjectNode s = Json.object();
        s.put("experiment", name);
        s.put("description", "a <test> folder");
        ObjectNode h = s.putObject("headline");
        h.put("critical_gamma", 0.25);
        h.putArray("per_gamma").addObject().put("gamma", 1.0).put("lyapunov", -0.1);
        s.putObject("settings").put("n", 10);
        Json.write(d.resolve("summary.json"), s);
        for (int i = 0; i < figures; i++) {
            new LinePlot("figure " + i, "x", "y").line(new double[]{0, 1, 2}, new double[]{i, 1, 0}, "line")
                    .size(300, 200).write(d.resolve("fig" + i + ".png"));
        }
        return d;
    }

    @Test
    void pageEmbedsEveryFigureAndTheHeadlineNumbers() throws IOException {
        Path page = tmp.resolve("report.html");
        HtmlReport.write(page, List.of(resultFolder("alpha", 2), resultFolder("beta", 1)));
        String html = Files.readString(page);
        assertEquals(3, count(html, "src=\"data:image/png;base64,"));
        assertTrue(html.contains("critical_gamma") && html.contains("0.2500"), "headline numbers");
        assertTrue(html.contains("a &lt;test&gt; folder"), "text is escaped");
        assertTrue(html.contains("<th>lyapunov</th>"), "per-gamma table");
    }

    @Test
    void everyImageRendersInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (scripts/install-deps.sh installs it on Debian)");
        Path page = tmp.resolve("report.html");
        HtmlReport.write(page, List.of(resultFolder("alpha", 2), resultFolder("beta", 1)));
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("profile"), "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
        Matcher m = Pattern.compile("<body data-images-total=\"(\\d+)\" data-images-loaded=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "the page's load script ran: " + dom.substring(0, Math.min(300, dom.length())));
        assertEquals("3", m.group(1), "images on the page");
        assertEquals("3", m.group(2), "images decoded and rendered");
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
