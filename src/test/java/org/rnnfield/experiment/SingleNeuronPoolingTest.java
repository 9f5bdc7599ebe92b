package org.rnnfield.experiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class SingleNeuronPoolingTest {
    /** Two chains of three snapshots of two neurons: each neuron's snapshots of a chain end up consecutive. */
    @Test
    void snapshotsArePooledNeuronByNeuron() {
        // value = 100 chain + 10 neuron + snapshot
        List<double[]> shots = List.of(new double[]{0, 10}, new double[]{1, 11}, new double[]{2, 12},
                new double[]{100, 110}, new double[]{101, 111}, new double[]{102, 112});
        assertArrayEquals(new double[]{0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112},
                SingleNeuronExperiment.neuronMajor(shots, 3));
    }
}
