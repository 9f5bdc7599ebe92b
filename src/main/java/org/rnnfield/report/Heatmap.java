package org.rnnfield.report;

import org.rnnfield.array.NdArray;
import org.rnnfield.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** A matrix drawn as a PNG heatmap with a diverging colormap (blue - white - red) and a colorbar. */
public final class Heatmap {
    private Heatmap() {
    }

    public static void write(Path file, NdArray m, String title, String axisLabel, double extent) throws IOException {
        int rows = m.dim(0);
        int cols = m.dim(1);
        int plot = 480;
        int left = 70;
        int top = 40;
        BufferedImage img = new BufferedImage(left + plot + 110, top + plot + 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        double max = 0;
        for (double v : m.data()) {
            if (Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        max = max == 0 ? 1 : max;
        for (int py = 0; py < plot; py++) {
            int r = Math.min(rows - 1, py * rows / plot);
            for (int px = 0; px < plot; px++) {
                int c = Math.min(cols - 1, px * cols / plot);
                img.setRGB(left + px, top + py, color(m.get(r, c) / max));
            }
        }
        for (int py = 0; py < plot; py++) {
            int rgb = color(1 - 2.0 * py / plot);
            for (int px = 0; px < 18; px++) {
                img.setRGB(left + plot + 20 + px, top + py, rgb);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plot, plot);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, top - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "%.3g", max), left + plot + 42, top + 10);
        g.drawString("0", left + plot + 42, top + plot / 2 + 4);
        g.drawString(String.format(Locale.ROOT, "%.3g", -max), left + plot + 42, top + plot);
        g.drawString(axisLabel + " (0 .. " + String.format(Locale.ROOT, "%.3g", extent) + ")", left + plot / 2 - 60, top + plot + 30);
        g.drawString("0", left - 14, top + 10);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        AtomicFiles.write(file, out -> bytes.writeTo(out));
    }

    /** v in [-1, 1] to blue (-1), white (0), red (+1). */
    private static int color(double v) {
        double t = Math.max(-1, Math.min(1, Double.isFinite(v) ? v : 0));
        int r;
        int gr;
        int b;
        if (t >= 0) {
            r = 255;
            gr = (int) (255 * (1 - t));
            b = (int) (255 * (1 - t));
        } else {
            r = (int) (255 * (1 + t));
            gr = (int) (255 * (1 + t));
            b = 255;
        }
        return (r << 16) | (gr << 8) | b;
    }
}
