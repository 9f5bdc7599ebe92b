package org.rnnfield.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.rnnfield.io.AtomicFiles;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line plot written to PNG by JFreeChart (headless): labelled axes, ticks, legend, optional log axes. Points a
 * log axis cannot show (values <= 0) and non-finite points are left out and counted in a subtitle, never dropped
 * silently.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75), new Color(23, 190, 207),
            new Color(127, 127, 127)};

    private enum Style { LINE, DASHED, POINTS }

    private record Series(double[] x, double[] y, String label, Style style) {
    }

    /** A series key unique by index (labels may repeat or be empty), shown in the legend as its label. */
    private record Key(int index, String label) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return Integer.compare(index, o.index);
        }

        @Override
        public String toString() {
            return label;
        }
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
        return add(x, y, label, Style.LINE);
    }

    /** Markers without lines (scatter), e.g. eigenvalues in the complex plane. */
    public LinePlot points(double[] x, double[] y, String label) {
        return add(x, y, label, Style.POINTS);
    }

    public LinePlot dashed(double[] x, double[] y, String label) {
        return add(x, y, label, Style.DASHED);
    }

    private LinePlot add(double[] x, double[] y, String label, Style style) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("plot series '" + label + "': " + x.length + " x values for " + y.length + " y values");
        }
        series.add(new Series(x, y, label == null ? "" : label, style));
        return this;
    }

    /** The chart: one JFreeChart XY plot, series in palette order. */
    JFreeChart chart() {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        int omitted = 0;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            XYSeries xy = new XYSeries(new Key(i, s.label), false, true);
            for (int k = 0; k < s.x.length; k++) {
                double xv = s.x[k];
                double yv = s.y[k];
                if (!Double.isFinite(xv) || !Double.isFinite(yv) || (logX && xv <= 0) || (logY && yv <= 0)) {
                    omitted++;
                    continue;
                }
                xy.add(xv, yv);
            }
            data.addSeries(xy);
            Color c = PALETTE[i % PALETTE.length];
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesLinesVisible(i, s.style != Style.POINTS);
            renderer.setSeriesShapesVisible(i, s.style == Style.POINTS || s.x.length == 1);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            renderer.setSeriesStroke(i, s.style == Style.DASHED
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{7f, 5f}, 0f)
                    : new BasicStroke(2f));
            renderer.setSeriesVisibleInLegend(i, !s.label.isEmpty());
        }
        XYPlot plot = new XYPlot(data, axis(xLabel, logX), axis(yLabel, logY), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(225, 225, 225));
        plot.setRangeGridlinePaint(new Color(225, 225, 225));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot,
                series.stream().anyMatch(s -> !s.label.isEmpty()));
        chart.setBackgroundPaint(Color.WHITE);
        if (omitted > 0) {
            chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%d point%s not shown (non-finite%s)", omitted,
                    omitted == 1 ? "" : "s", logX || logY ? " or <= 0 on a log axis" : ""),
                    new Font(Font.SANS_SERIF, Font.ITALIC, 11)));
        }
        return chart;
    }

    private static ValueAxis axis(String label, boolean log) {
        if (log) {
            LogAxis a = new LogAxis(label);
            a.setBase(10);
            a.setSmallestValue(1e-300);
            // label ticks with their values (by default a narrow range reads 10^-0.62, 10^-0.6, ...)
            a.setNumberFormatOverride(new SignificantDigits());
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    public BufferedImage render() {
        System.setProperty("java.awt.headless", "true");
        return chart().createBufferedImage(width, height);
    }

    public void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart(), width, height);
        AtomicFiles.write(file, png::writeTo);
    }

    /** Three significant digits, for tick values that span decades ("0.316", "1e-05"). */
    private static final class SignificantDigits extends java.text.NumberFormat {
        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            String s = String.format(Locale.ROOT, "%.3g", v);
            if (s.contains("e")) {
                s = s.replaceFirst("\\.?0+e", "e").replaceFirst("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
            } else if (s.contains(".")) {
                s = s.replaceFirst("\\.?0+$", "");
            }
            return to.append(s);
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition pos) {
            throw new UnsupportedOperationException("tick labels are only written");
        }
    }
}
