package org.rnnfield.cli;

import org.rnnfield.train.TrainingListener;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Training progress on stderr: a redrawn bar with loss and ETA on a terminal, plain lines
 * (about 20 per run) when output goes to a file or pipe.
 */
final class ProgressBar implements TrainingListener {
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int firstStep = -1;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static ProgressBar forStderr() {
        return new ProgressBar(System.err, stderrIsTerminal(System.getenv("RNNFIELD_PROGRESS"), Path.of("/proc/self/fd/2")));
    }

    /**
     * Whether stderr, where the bar draws, is a terminal: {@code RNNFIELD_PROGRESS=bar|lines} decides if set;
     * else on Linux the target of /proc/self/fd/2 (a /dev/pts or /dev/tty device); elsewhere System.console(),
     * which only knows about stdin and stdout. {@code 2> log} thus gets plain lines, not carriage-return redraws.
     */
    static boolean stderrIsTerminal(String override, Path fd2) {
        if ("bar".equals(override)) {
            return true;
        }
        if ("lines".equals(override)) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    @Override
    public void onStep(int step, int total, double loss, double normalized) {
        if (firstStep < 0) {
            firstStep = step;
        }
        long now = System.nanoTime();
        boolean last = step >= total;
        double elapsed = (now - start) * 1e-9;
        int done = step - firstStep;
        double eta = done > 0 ? elapsed / done * (total - step) : Double.NaN;
        if (terminal) {
            if (!last && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int width = 30;
            int filled = total == 0 ? width : (int) ((long) width * step / total);
            out.printf(Locale.ROOT, "\r[%s%s] %d/%d loss %.4e norm %.4g  %.0fs elapsed, ETA %s ",
                    "#".repeat(filled), " ".repeat(width - filled), step, total, loss, normalized, elapsed, fmt(eta));
            if (last) {
                out.println();
            }
        } else {
            int every = Math.max(1, total / 20);
            if (step % every == 0 || last) {
                out.printf(Locale.ROOT, "step %d/%d loss %.6e normalized %.6g elapsed %.1fs eta %s%n",
                        step, total, loss, normalized, elapsed, fmt(eta));
            }
        }
        out.flush();
    }

    private static String fmt(double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.0fs", seconds) : "?";
    }
}
