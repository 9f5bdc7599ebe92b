package org.rnnfield.report;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinePlotTest {
    @Test
    void drawsSeriesOnLogAxes() {
        double[] x = {250, 500, 1000, 2000, 4000};
        double[] y = {0.26, 0.19, 0.14, 0.09, 0.08};
        BufferedImage img = new LinePlot("t", "N", "d").logX().logY().line(x, y, "a").render();
        int colored = 0;
        for (int i = 0; i < img.getWidth(); i++) {
            for (int j = 0; j < img.getHeight(); j++) {
                int rgb = img.getRGB(i, j) & 0xFFFFFF;
                int r = rgb >> 16;
                int b = rgb & 0xFF;
                if (b > 150 && r < 100) {
                    colored++;
                }
            }
        }
        assertTrue(colored > 300, "the blue series is drawn: " + colored + " pixels");
    }

    /** A log axis cannot show 0 or a negative value: the plot says how many points it left out. */
    @Test
    void pointsALogAxisCannotShowAreCountedNotDroppedSilently() {
        double[] x = {1, 2, 3, 4};
        org.jfree.chart.JFreeChart chart = new LinePlot("t", "step", "loss").logY()
                .line(x, new double[]{0.5, 0.0, -1e-3, Double.NaN}, "a").dashed(x, new double[]{1, 2, 3, 4}, "").chart();
        assertEquals(1, chart.getSubtitleCount() - 1, "a legend and one note");
        String note = ((org.jfree.chart.title.TextTitle) chart.getSubtitle(1)).getText();
        assertEquals("3 points not shown (non-finite or <= 0 on a log axis)", note);
        assertEquals(1, chart.getXYPlot().getDataset().getItemCount(0), "one drawable point of the first series");
        assertEquals(1, chart.getXYPlot().getLegendItems().getItemCount(), "the unlabelled series has no legend entry");
        assertTrue(new LinePlot("t", "x", "y").line(x, x, "a").chart().getSubtitleCount() == 1, "no note when all are drawn");
    }
}
