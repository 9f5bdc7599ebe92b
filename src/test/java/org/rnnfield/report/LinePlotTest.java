package org.rnnfield.report;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

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
}
