package org.rnnfield.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rnnfield.io.AtomicFiles;

/** A small line-plot renderer to PNG (Java2D, headless): labelled axes, ticks, legend, optional log y. */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75), new Color(23, 190, 207),
            new Color(127, 127, 127)};

    private enum Style { LINE, DASHED, POINTS }

    private record Series(double[] x, double[] y, String label, Style style) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logY;
    private boolean logX;
    private int width = 800;
    private int height = 500;

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LinePlot logY() {
        this.logY = true;
        return this;
    }

    public LinePlot logX() {
        this.logX = true;
        return this;
    }

    public LinePlot size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }

    public LinePlot line(double[] x, double[] y, String label) {
        series.add(new Series(x, y, label, Style.LINE));
        return this;
    }

    /** Markers without lines (scatter), e.g. eigenvalues in the complex plane. */
    public LinePlot points(double[] x, double[] y, String label) {
        series.add(new Series(x, y, label, Style.POINTS));
        return this;
    }

    public LinePlot dashed(double[] x, double[] y, String label) {
        series.add(new Series(x, y, label, Style.DASHED));
        return this;
    }

    private double ty(double v) {
        return logY ? Math.log10(v) : v;
    }

    private double tx(double v) {
        return logX ? Math.log10(v) : v;
    }

    public BufferedImage render() {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 80;
        int right = 20;
        int top = 40;
        int bottom = 60;
        int pw = width - left - right;
        int ph = height - top - bottom;

        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                double yv = ty(s.y[i]);
                double xv = tx(s.x[i]);
                if (!Double.isFinite(xv) || !Double.isFinite(yv)) {
                    continue;
                }
                xmin = Math.min(xmin, xv);
                xmax = Math.max(xmax, xv);
                ymin = Math.min(ymin, yv);
                ymax = Math.max(ymax, yv);
            }
        }
        if (!(xmax > xmin)) {
            xmin = Double.isFinite(xmin) ? xmin - 1 : 0;
            xmax = xmin + 2;
        }
        if (!(ymax > ymin)) {
            ymin = Double.isFinite(ymin) ? ymin - 1 : 0;
            ymax = ymin + 2;
        }
        double pad = 0.05 * (ymax - ymin);
        ymin -= pad;
        ymax += pad;
        if (series.stream().anyMatch(s -> s.style == Style.POINTS)) {
            double xpad = 0.05 * (xmax - xmin);
            xmin -= xpad;
            xmax += xpad;
        }

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(new Color(235, 235, 235));
        double[] xt = logX ? logTicks(xmin, xmax) : ticks(xmin, xmax);
        double[] yt = logY ? logTicks(ymin, ymax) : ticks(ymin, ymax);
        for (double t : xt) {
            int px = left + (int) Math.round((t - xmin) / (xmax - xmin) * pw);
            g.setColor(new Color(235, 235, 235));
            g.drawLine(px, top, px, top + ph);
            g.setColor(Color.DARK_GRAY);
            String s = logX ? fmt(Math.pow(10, t)) : fmt(t);
            g.drawString(s, px - fm.stringWidth(s) / 2, top + ph + 16);
        }
        for (double t : yt) {
            int py = top + ph - (int) Math.round((t - ymin) / (ymax - ymin) * ph);
            g.setColor(new Color(235, 235, 235));
            g.drawLine(left, py, left + pw, py);
            g.setColor(Color.DARK_GRAY);
            String s = logY ? fmt(Math.pow(10, t)) : fmt(t);
            g.drawString(s, left - 6 - fm.stringWidth(s), py + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, top - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        fm = g.getFontMetrics();
        String xl = xLabel + (logX ? " (log scale)" : "");
        g.drawString(xl, left + pw / 2 - fm.stringWidth(xl) / 2, height - 18);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel + (logY ? " (log scale)" : ""), -(top + ph / 2) - fm.stringWidth(yLabel) / 2, 18);
        gy.dispose();

        int legendWidth = 0;
        for (Series s : series) {
            legendWidth = Math.max(legendWidth, fm.stringWidth(s.label));
        }
        int legendX = left + pw - legendWidth - 50;
        List<Runnable> legend = new ArrayList<>();
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            g.setColor(PALETTE[si % PALETTE.length]);
            g.setStroke(s.style == Style.DASHED ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{8f, 6f}, 0f)
                    : new BasicStroke(2f));
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < s.x.length; i++) {
                double yv = ty(s.y[i]);
                double xv = tx(s.x[i]);
                if (!Double.isFinite(yv) || !Double.isFinite(xv)) {
                    pen = false;
                    continue;
                }
                double px = left + (xv - xmin) / (xmax - xmin) * pw;
                double py = top + ph - (yv - ymin) / (ymax - ymin) * ph;
                if (s.style == Style.POINTS) {
                    g.fill(new java.awt.geom.Ellipse2D.Double(px - 2.5, py - 2.5, 5, 5));
                } else if (pen) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    pen = true;
                }
            }
            g.draw(path);
            int ly = top + 18 + 18 * si;
            Color color = PALETTE[si % PALETTE.length];
            BasicStroke stroke = (BasicStroke) g.getStroke();
            legend.add(() -> {
                g.setColor(color);
                g.setStroke(stroke);
                if (s.style == Style.POINTS) {
                    g.fillOval(legendX + 12, ly - 7, 6, 6);
                } else {
                    g.drawLine(legendX, ly - 4, legendX + 30, ly - 4);
                }
                g.setColor(Color.BLACK);
                g.drawString(s.label, legendX + 36, ly);
            });
        }
        // the legend goes on top of the data, on a translucent box so that lines under it stay visible
        if (!series.isEmpty()) {
            g.setColor(new Color(255, 255, 255, 215));
            g.fillRect(legendX - 6, top + 4, legendWidth + 48, 18 * series.size() + 6);
            legend.forEach(Runnable::run);
        }
        g.dispose();
        return img;
    }

    public void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(render(), "png", bytes);
        AtomicFiles.write(file, out -> bytes.writeTo(out));
    }

    private static double[] ticks(double lo, double hi) {
        double span = hi - lo;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (span / (step * m) <= 7) {
                step *= m;
                break;
            }
        }
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-12 * span; v += step) {
            t.add(Math.abs(v) < 1e-12 * span ? 0.0 : v);
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Ticks at m 10^e (m = 1, 2, 5, or 1 alone over many decades), in log10 units. */
    private static double[] logTicks(double lo, double hi) {
        double[] mantissas = hi - lo > 3 ? new double[]{1} : new double[]{1, 2, 5};
        List<Double> t = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil((hi - lo) / 8));
        for (int e = (int) Math.floor(lo); e <= Math.ceil(hi); e++) {
            if (mantissas.length == 1 && e % every != 0) {
                continue;
            }
            for (double m : mantissas) {
                double v = e + Math.log10(m);
                if (v >= lo && v <= hi) {
                    t.add(v);
                }
            }
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String fmt(double v) {
        if (v != 0 && Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.0e", v);
        }
        if (Math.abs(v - Math.rint(v)) < 1e-9 * Math.max(1, Math.abs(v)) && Math.abs(v) < 1e6) {
            v = Math.rint(v);
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
