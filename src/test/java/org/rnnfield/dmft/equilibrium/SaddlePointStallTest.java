package org.rnnfield.dmft.equilibrium;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaddlePointStallTest {
    private static void add(List<Double> changes, int count, double value) {
        for (int i = 0; i < count; i++) {
            changes.add(value);
        }
    }

    /** A stage wandering at 0.1 stalls; one still halving its change does not. */
    @Test
    void wanderingStallsAndProgressDoesNot() {
        int w = SaddlePointSolver.STALL_WINDOW;
        List<Double> wandering = new ArrayList<>();
        add(wandering, 2 * w, 0.1);
        assertTrue(SaddlePointSolver.stalled(wandering, 0));
        List<Double> progressing = new ArrayList<>();
        add(progressing, w, 0.1);
        add(progressing, w, 0.01);
        assertFalse(SaddlePointSolver.stalled(progressing, 0));
    }

    /**
     * After a refresh the chains have moved and the iteration restarts from larger changes: it is judged from the refresh
     * on, not against the near-converged changes before it (which abandoned a converging stage at reach, gamma = 1).
     */
    @Test
    void aRefreshRestartsTheStallHistory() {
        int w = SaddlePointSolver.STALL_WINDOW;
        List<Double> changes = new ArrayList<>();
        add(changes, w, 1e-3);
        changes.add(9e-7);
        int refreshedAt = changes.size();
        add(changes, w, 1e-3);
        add(changes, w, 1e-5);
        assertTrue(SaddlePointSolver.stalled(changes, 0), "judged against the 9e-7 before the refresh");
        assertFalse(SaddlePointSolver.stalled(changes, refreshedAt), "progress since the refresh: 1e-3 -> 1e-5");
        assertFalse(SaddlePointSolver.stalled(changes.subList(0, refreshedAt + w), refreshedAt), "too few since the refresh");
    }
}
