package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;

/** Observes the sample-and-iterate solvers (progress bars, convergence traces). */
@FunctionalInterface
public interface IterationListener {
    /** After iteration {@code iteration}: relative change of the raw estimate, and the raw estimates. */
    void onIteration(int iteration, double change, NdArray phiHat, NdArray cHat);

    IterationListener NONE = (i, change, phi, c) -> {
    };
}
