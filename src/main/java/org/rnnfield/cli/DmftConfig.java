package org.rnnfield.cli;

import org.rnnfield.dmft.MonteCarloSettings;
import org.rnnfield.dmft.training.TrainingDmftSettings;

/** The DMFT solver's part of a {@link RunConfig} ("dmft" in JSON). */
public final class DmftConfig {
    /** true: the autonomous network's stationary state; false: the task's inputs, from x(0) ~ N(0, q0). */
    public boolean autonomous = true;
    /** Time window (units of tau): the period of the stationary solution, ignored with a task. */
    public double tmax = 60;
    /** Single-site samples M per iteration. */
    public int samples = 4000;
    /** Independent solves (seeds seed..seed+R-1) whose spread gives the error bars. */
    public int replicas = 3;
    /** Iterations per solve, at most. */
    public int iterations = 60;
    /** Stop when the relative change of Phi falls below this. */
    public double tolerance = 1e-4;
    /** dmft --trained: single-site samples M (the smallest M at which it was validated, docs/theory.md section 4). */
    public int trainedSamples = TrainingDmftSettings.VALIDATED_SAMPLES;
    /**
     * dmft --trained: tolerance of each training step's inner iteration (docs/theory.md eq. 3.7); null: the estimator's
     * default (Stein 4e-8, pathwise 1e-6, a tenth of their DROP or less).
     */
    public Double trainedTolerance;
    /** dmft --trained: inner iterations per training step, at most. */
    public int trainedIterations = TrainingDmftSettings.MAX_ITERATIONS;
    /** dmft --trained: base damping of its Anderson mixing (the random-network solver's is {@link #damping}). */
    public double trainedDamping = TrainingDmftSettings.DAMPING;
    /**
     * dmft --trained: how the response functions are estimated (docs/theory.md eqs. 3.3, 3.9); null: Stein's lemma up
     * to the 10 steps where it was validated, pathwise beyond ({@link TrainingDmftSettings#forSteps}).
     */
    public org.rnnfield.dmft.training.ResponseEstimator trainedResponses;
    /** dmft --trained with pathwise responses: probe vectors per site (docs/theory.md eq. 3.9). */
    public int trainedProbes = TrainingDmftSettings.PROBES;
    /**
     * dmft --trained: field normals orthonormal over the sites (docs/theory.md eq. 3.10; needs M / 2 > (steps + 1) x T x outputs);
     * null: the estimator's default.
     */
    public Boolean trainedOrthonormalDraws;
    /**
     * dmft --trained with pathwise responses: probes orthonormal over the sites and their probes (docs/theory.md
     * eq. 3.11; needs M K / 2 > (steps + 1) x T x outputs); null: the estimator's default.
     */
    public Boolean trainedOrthonormalProbes;
    /** Mixing parameter (Anderson) / damping of the random-network solver. */
    public double damping = 1.0;
    /** Largest lag (units of tau) reported in the autocorrelation. */
    public double maxLag = 10;

    void validate(double dt) {
        if (!(tmax >= 4 * dt) || Double.isInfinite(tmax)) {
            throw org.rnnfield.model.ConfigException.field("dmft.tmax", tmax, "finite number >= 4 dt = " + 4 * dt);
        }
        if (replicas < 1) {
            throw org.rnnfield.model.ConfigException.field("dmft.replicas", replicas, "integer >= 1");
        }
        if (!(maxLag > 0) || maxLag > tmax / 2) {
            throw org.rnnfield.model.ConfigException.field("dmft.maxLag", maxLag, "0 < maxLag <= tmax / 2 = " + tmax / 2);
        }
        settings(0);
        trainedSettings(0, 1);
    }

    /** The training DMFT's settings (dmft --trained). */
    TrainingDmftSettings trainedSettings(long seed, int trainingSteps) {
        TrainingDmftSettings base = trainedResponses == null
                ? TrainingDmftSettings.forSteps(trainingSteps, trainedSamples, seed)
                : TrainingDmftSettings.of(trainedResponses, trainedSamples, seed);
        base = base.withTolerance(trainedTolerance != null ? trainedTolerance : base.tolerance(), trainedIterations)
                .withDamping(trainedDamping).withProbes(trainedProbes);
        base = trainedOrthonormalDraws == null ? base : base.withOrthonormalDraws(trainedOrthonormalDraws);
        return trainedOrthonormalProbes == null ? base : base.withOrthonormalProbes(trainedOrthonormalProbes);
    }

    MonteCarloSettings settings(long seed) {
        return new MonteCarloSettings(samples, damping, tolerance, iterations, 1, autonomous, true, seed);
    }
}
