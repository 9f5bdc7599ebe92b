package org.rnnfield.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnfield.array.NdArray;
import org.rnnfield.io.Npy;
import org.rnnfield.model.ConfigException;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TasksTest {
    @Test
    void sineHasAPulseAndATargetOnTheReadoutTimes() {
        TaskConfig c = new TaskConfig();
        c.freq = 0.25;
        c.duration = 4.0;
        c.pulseWidth = 0.3;
        c.windowStart = 1.0;
        c.trials = 2;
        TaskData d = c.build().generate(0.1);
        assertArrayEquals(new int[]{2, 40, 1}, d.inputs().shape());
        // pulse on steps 0..2 (t = 0, 0.1, 0.2 < 0.3)
        assertEquals(1.0, d.inputs().get(1, 2, 0));
        assertEquals(0.0, d.inputs().get(1, 3, 0));
        // step k is compared with y at t = (k+1) dt
        assertEquals(Math.sin(2 * Math.PI * 0.25 * 1.5), d.targets().get(0, 14, 0), 1e-12);
        assertEquals(0.0, d.mask().get(0, 8));
        assertEquals(1.0, d.mask().get(0, 10));
        assertEquals(60.0, d.maskCount());
    }

    @Test
    void multisineSumsItsFrequencies() {
        TaskConfig c = new TaskConfig();
        c.name = "multisine";
        c.freqs = new double[]{0.1, 0.3};
        c.amplitudes = new double[]{1.0, 0.5};
        TaskData d = c.build().generate(0.1);
        double t = 0.8;
        assertEquals(Math.sin(2 * Math.PI * 0.1 * t) + 0.5 * Math.sin(2 * Math.PI * 0.3 * t), d.targets().get(0, 7, 0), 1e-12);
        c.amplitudes = new double[]{1.0};
        assertThrows(ConfigException.class, c::build);
    }

    @Test
    void npyTaskReadsUserFilesWithDefaultMask(@TempDir Path tmp) throws IOException {
        NdArray y = NdArray.zeros(3, 5, 2);
        y.set(0.5, 2, 4, 1);
        NdArray x = NdArray.zeros(3, 5, 4);
        Npy.write(tmp.resolve("y.npy"), y);
        Npy.write(tmp.resolve("x.npy"), x, Npy.DType.FLOAT32);
        TaskConfig c = new TaskConfig();
        c.name = "npy";
        c.targets = tmp.resolve("y.npy").toString();
        c.inputs = tmp.resolve("x.npy").toString();
        TaskData d = c.build().generate(0.1);
        assertEquals(3, d.trials());
        assertEquals(4, d.inputDim());
        assertEquals(2, d.outputDim());
        assertEquals(15.0, d.maskCount());
        assertEquals(0.5, d.targets().get(2, 4, 1));
    }
}
