package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;

import java.util.List;

/**
 * The equilibrium saddle point could not be reached (the message says where and why). It carries the
 * continuation so far and the gamma of the last accepted stage, for the summary a failed run still writes.
 */
public final class SaddlePointException extends RuntimeException {
    private final transient List<ContinuationStage> stages;
    private final double reachedGamma;
    private final transient NdArray[] lastSolution;

    public SaddlePointException(String message, List<ContinuationStage> stages, double reachedGamma) {
        this(message, stages, reachedGamma, null);
    }

    SaddlePointException(String message, List<ContinuationStage> stages, double reachedGamma, NdArray[] lastSolution) {
        super(message);
        this.stages = List.copyOf(stages);
        this.reachedGamma = reachedGamma;
        this.lastSolution = lastSolution;
    }

    /** (Phi, Phihat) of the last accepted stage, at {@link #reachedGamma()}; null when none was kept. */
    NdArray[] lastSolution() {
        return lastSolution;
    }

    public List<ContinuationStage> stages() {
        return stages;
    }

    /** The largest gamma at which a stage converged (NaN when not even gamma = 0 did). */
    public double reachedGamma() {
        return reachedGamma;
    }
}
