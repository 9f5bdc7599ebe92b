package org.rnnfield.cli;

import org.rnnfield.model.ConfigException;
import org.rnnfield.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rnnfield report DIR...}: one self-contained HTML page from result folders. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Build one self-contained HTML page (figures embedded) from result folders written by",
                "experiment, train, dmft, convergence or simulate: headline numbers, tables, figures, settings, versions."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "result folders (each with a summary.json)")
    List<Path> dirs;

    @Option(names = "--out", description = "the HTML file to write (default: report.html)")
    Path out = Path.of("report.html");

    @Override
    public Integer call() throws IOException {
        for (Path d : dirs) {
            if (!Files.isRegularFile(d.resolve("summary.json"))) {
                throw ConfigException.field("DIR", "'" + d + "'", "a result folder containing summary.json");
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        HtmlReport.write(out, dirs);
        System.out.println("report: " + dirs.size() + " folder(s) -> " + out);
        return 0;
    }
}
