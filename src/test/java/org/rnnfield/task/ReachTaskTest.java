package org.rnnfield.task;

import org.junit.jupiter.api.Test;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.Npy;
import org.rnnfield.model.ConfigException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReachTaskTest {
    private static TaskData reach(int conditions, long seed) {
        ReachConfig c = new ReachConfig();
        c.conditions = conditions;
        c.seed = seed;
        return new ReachTask(c).generate(0.2);
    }

    @Test
    void shapesTimingAndRangeFollowTheSpec() {
        TaskData d = reach(27, 1);
        assertArrayEquals(new int[]{27, 90, 8}, d.targets().shape(), "T = 900 ms / 10 ms");
        assertArrayEquals(new int[]{27, 90, 8}, d.inputs().shape());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : d.targets().data()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertEquals(0.0, lo, 1e-12);
        assertEquals(1.0, hi, 1e-12);
        // hold: steps whose target time (k+1) 10 ms <= 400 ms are flat; the hold input is 1 before 300 ms
        for (int b = 0; b < 27; b++) {
            for (int m = 0; m < 8; m++) {
                for (int k = 1; k < 39; k++) {
                    assertEquals(d.targets().get(b, 0, m), d.targets().get(b, k, m), 1e-12, "flat during hold");
                }
            }
            assertEquals(1.0, d.inputs().get(b, 29, 7));
            assertEquals(0.0, d.inputs().get(b, 30, 7));
        }
        for (int i = 0; i < 7; i++) {
            double ms = 0;
            for (int b = 0; b < 27; b++) {
                ms += d.inputs().get(b, 0, i) * d.inputs().get(b, 0, i) / 27;
            }
            assertEquals(1.0, ms, 1e-12, "condition code channel " + i + " has unit RMS");
        }
    }

    @Test
    void musclesAreMultiphasicAndConditionDependent() {
        TaskData d = reach(27, 1);
        int multiphasic = 0;
        for (int m = 0; m < 8; m++) {
            int extrema = 0;
            for (int k = 41; k < 89; k++) {
                double a = d.targets().get(0, k - 1, m);
                double b = d.targets().get(0, k, m);
                double c = d.targets().get(0, k + 1, m);
                if ((b > a && b > c) || (b < a && b < c)) {
                    extrema++;
                }
            }
            multiphasic += extrema >= 2 ? 1 : 0;
        }
        assertTrue(multiphasic >= 4, "muscles with >= 2 turning points during the movement: " + multiphasic);
        double diff = 0;
        for (int k = 0; k < 90; k++) {
            diff += Math.abs(d.targets().get(0, k, 0) - d.targets().get(13, k, 0));
        }
        assertTrue(diff > 1, "conditions differ: " + diff);
    }

    @Test
    void deterministicBySeed() {
        assertArrayEquals(reach(8, 3).targets().data(), reach(8, 3).targets().data());
        assertTrue(!java.util.Arrays.equals(reach(8, 3).targets().data(), reach(8, 4).targets().data()));
        assertEquals(8, reach(8, 1).trials());
    }

    /** test-data/reach holds the default task for users; it must stay what the generator makes. */
    @Test
    void committedFilesMatchTheGenerator() throws Exception {
        TaskData d = reach(27, 1);
        Path dir = Path.of("test-data/reach");
        NdArray targets = Npy.read(dir.resolve("targets.npy"));
        NdArray inputs = Npy.read(dir.resolve("inputs.npy"));
        assertArrayEquals(d.targets().data(), targets.data(), 0.0, "regenerate: rnnfield task --task reach --dt 0.2 --out test-data/reach");
        assertArrayEquals(d.inputs().data(), inputs.data(), 0.0);
    }

    @Test
    void badParametersNameTheField() {
        ReachConfig c = new ReachConfig();
        c.conditions = 10;
        ConfigException e = assertThrows(ConfigException.class, () -> new ReachTask(c));
        assertTrue(e.getMessage().contains("task.reach.conditions"), e.getMessage());
        ReachConfig c2 = new ReachConfig();
        c2.trialMs = 500;
        assertTrue(assertThrows(ConfigException.class, () -> new ReachTask(c2)).getMessage().contains("task.reach.trialMs"));
    }
}
