package org.rnnfield.dmft.training;

import org.rnnfield.model.ConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * Every numerical setting of the GD-training DMFT ({@link TrainingDmft}), one record written whole into
 * summary.json. The defaults are the values measured in docs/theory.md sections 3-4; {@link #cautions(int)} names
 * the settings outside the range where the solver was validated, for the caller to warn about.
 *
 * @param samples         M single sites per replica
 * @param damping         base damping of Anderson mixing within a step
 * @param andersonMemory  Anderson history length (iterates)
 * @param tolerance       relative change of a step's kernels at which its inner iteration stops (eq. 3.7)
 * @param maxIterations   inner iterations per step before the plain-damping fallback (which may take as many again)
 * @param fallbackDamping damping of the plain iteration that takes over where Anderson did not settle
 * @param pinAfter        inner iteration after which a step's kept field directions are pinned (eq. 3.5)
 * @param ridge           relative innovation variance at which a direction's response gets weight 1/2 (eq. 3.5; Stein only)
 * @param drop            relative innovation variance below which a direction is dropped (eq. 3.5)
 * @param silentField     fraction of a step's largest field variance below which a field carries nothing
 * @param blockSize       sites per tensor block of the population (memory, not results)
 * @param seed            seed of the Philox streams (replicas use seed, seed + 1, ...)
 * @param responses       how the response functions are estimated (Stein's lemma, eq. 3.3, or pathwise, eq. 3.9)
 * @param probes          pathwise only: independent probe vectors per site (each adds two tangent systems)
 * @param orthonormalDraws the sites' normals orthonormalized over the sites: z_u with the quenched x(0) and U(0), z_v
 *                        with V(0) (their empirical Gram is I, so the sampled fields' covariance is the factor's
 *                        exactly, eq. 3.10, and the quenched draws' moments are the law's, eq. 3.12); on in the
 *                        pathwise defaults; needs M / 2 > (steps + 1) x T x trials + max(trials + inputs, outputs)
 * @param orthonormalProbes pathwise only: the probes xi_u and xi_v orthonormalized over the sites and their K probes
 *                        (eq. 3.11), so the site-independent part of the Jacobian is estimated without probe noise;
 *                        on in the pathwise defaults (tanh gamma = 0.5 over 100 steps: within 5.8% of N = 6000
 *                        networks, against 11.9% without); needs M K / 2 > (steps + 1) x T x outputs
 */
public record TrainingDmftSettings(int samples, double damping, int andersonMemory, double tolerance, int maxIterations,
                                   double fallbackDamping, int pinAfter, double ridge, double drop, double silentField,
                                   int blockSize, long seed, ResponseEstimator responses, int probes,
                                   boolean orthonormalDraws, boolean orthonormalProbes) {
    /** Smallest M at which the solver was validated against networks across cases (docs/theory.md section 4). */
    public static final int VALIDATED_SAMPLES = 8000;
    /**
     * Default tolerance of the pathwise solver. The committed factor of a step is built from its last iterate, while
     * later steps measure their covariance with it from the sites' realized paths; the two differ by about the
     * tolerance, and that difference is divided by kept innovations as small as DROP of a field's variance
     * (eq. 3.7), so the tolerance must sit well below DROP: {@link #TOLERANCE_PER_DROP}. At 1e-4 (with DROP 1e-7)
     * it made later steps' innovation variances negative (a spurious fixed point in 3 of 14 tanh runs); at 1e-6 none
     * of 14 failed. Pathwise DROP is 1e-3, so 1e-6 is 1e-3 of it.
     */
    public static final double TOLERANCE = 1e-6;
    /**
     * Largest tolerance relative to DROP that is not cautioned: the relative error of the smallest kept innovation is
     * about tolerance / DROP (eq. 3.7), at most 10% here.
     */
    public static final double TOLERANCE_PER_DROP = 0.1;
    /**
     * Default tolerance of Stein's solver: {@link #TOLERANCE_PER_DROP} x {@link #DROP} = 4e-8 (until 2026-12-07 it was
     * 1e-6, 2.5 DROP, so the smallest kept innovations could carry errors larger than themselves). Measured with the
     * pivot floor of eq. 3.5b (M = 8000, seed 1): tanh gamma = 1 over 6 steps and linear over 10 steps converge at
     * every step in 249 / 476 inner iterations (1e-6: 233 / 399), losses within 0.8% of the 1e-6 march, largest gaps to
     * N = 2000 networks 3.0% -> 2.9% and 6.7% -> 6.3%.
     */
    public static final double STEIN_TOLERANCE = 4e-8;
    /** Largest tolerance not known to fail: 1e-4 failed 3 of 14 tanh runs (see {@link #TOLERANCE}). */
    public static final double VALIDATED_TOLERANCE = 1e-5;
    public static final int MAX_ITERATIONS = 200;
    /** Base damping of Anderson mixing within a step. */
    public static final double DAMPING = 0.5;
    /** Sites per tensor block: 4096 x (S+1)(T+1)P doubles stays well inside a GPU's memory at S = 100. */
    public static final int BLOCK_SIZE = 4096;
    /**
     * RIDGE 1e-4 biased tanh networks at gamma = 1 by 3-8%; 1e-6 fits tanh best but lets sampling noise bias linear
     * networks by 10-30% after 4 steps; 1e-5 keeps both within ~3% over 6 steps (docs/theory.md section 4).
     */
    public static final double RIDGE = 1e-5;
    /**
     * Measured with tolerance 1e-6: linear networks over 10 GD steps at M = 8000 stayed right for 6 of 6 seeds at
     * 4e-7, against 1 of 3 at 1e-7, 2 of 3 at 2e-7 and 2 of 3 at 1e-6; 13 tanh runs were right at 1e-7 and 4e-7.
     */
    public static final double DROP = 4e-7;
    /**
     * Probes per site of the pathwise responses. Measured (tanh, gamma = 1, 6 steps, M = 8000, docs/theory.md 3.9):
     * K = 1 left the last step 8-23% off for two seeds, K = 4 kept both within 2.6% of the networks.
     */
    public static final int PROBES = 4;
    /**
     * DROP of the pathwise solver. Its responses do not pass through the factor, so a dropped innovation only leaves
     * out at most this fraction of a field's variance from the sampled fields. Measured (linear, g = 0.8, gamma = 1,
     * eta0 = 0.5, M = 8000, K = 4; docs/theory.md 3.9, 3.10): with 4e-7 the march ran away at step 25-29 (at
     * M = 16000 at step 15); with 1e-4 the S = 100 realization of seed 1 ran away at step 33 with raw draws and at
     * step 37 with orthonormal ones (two other raw realizations did not, to steps 30 and 36); with 1e-3 it stayed
     * within -6.2% .. -2% of N = 3000 networks to step 40. For tanh (gamma = 0.5, orthonormal draws, 100 steps)
     * DROP 1e-6 and 1e-4 stay within 4% of each other, so the linear runaway decides.
     */
    public static final double PATHWISE_DROP = 1e-3;
    /** Most training steps at which Stein's responses were validated against networks (docs/theory.md section 4). */
    public static final int STEIN_VALIDATED_STEPS = 10;

    public TrainingDmftSettings {
        if (samples < 2 || samples % 2 != 0) {
            throw ConfigException.field("samples", samples, "even integer >= 2 (sites come in antithetic pairs)");
        }
        if (!(damping > 0 && damping <= 1)) {
            throw ConfigException.field("damping", damping, "0 < damping <= 1");
        }
        if (andersonMemory < 0) {
            throw ConfigException.field("andersonMemory", andersonMemory, "integer >= 0");
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw ConfigException.field("tolerance", tolerance, "number in (0, 1); validated at <= " + VALIDATED_TOLERANCE);
        }
        if (maxIterations < 1) {
            throw ConfigException.field("maxIterations", maxIterations, "integer >= 1");
        }
        if (!(fallbackDamping > 0 && fallbackDamping <= 1)) {
            throw ConfigException.field("fallbackDamping", fallbackDamping, "0 < fallbackDamping <= 1");
        }
        if (pinAfter < 1) {
            throw ConfigException.field("pinAfter", pinAfter, "integer >= 1");
        }
        if (!(ridge > 0) || !(drop > 0) || !(silentField > 0)) {
            throw ConfigException.field("ridge, drop, silentField", ridge + ", " + drop + ", " + silentField, "numbers > 0");
        }
        if (blockSize < 1) {
            throw ConfigException.field("blockSize", blockSize, "integer >= 1");
        }
        if (probes < 1) {
            throw ConfigException.field("probes", probes, "integer >= 1");
        }
        if (responses == null) {
            throw ConfigException.field("responses", "null", "one of " + java.util.Arrays.toString(ResponseEstimator.values()));
        }
    }

    /** The measured defaults for M sites. */
    public static TrainingDmftSettings defaults(int samples, long seed) {
        return new TrainingDmftSettings(samples, DAMPING, 6, STEIN_TOLERANCE, MAX_ITERATIONS, 0.3, 10, RIDGE, DROP, 1e-12,
                BLOCK_SIZE, seed, ResponseEstimator.STEIN, PROBES, false, false);
    }

    /**
     * The measured defaults of the pathwise solver (eq. 3.9) for M sites: K = {@link #PROBES} probes, orthonormal
     * draws (eq. 3.10) and probes (eq. 3.11), {@link #PATHWISE_DROP} and {@link #TOLERANCE}; the rest as
     * {@link #defaults}. RIDGE plays no part in it.
     */
    public static TrainingDmftSettings pathwise(int samples, long seed) {
        return defaults(samples, seed).withResponses(ResponseEstimator.PATHWISE).withDrop(PATHWISE_DROP).withOrthonormalDraws(true)
                .withOrthonormalProbes(true).withTolerance(TOLERANCE, MAX_ITERATIONS);
    }

    /** The measured defaults of the given estimator ({@link #defaults} for Stein, {@link #pathwise} for pathwise). */
    public static TrainingDmftSettings of(ResponseEstimator responses, int samples, long seed) {
        return switch (responses) {
            case STEIN -> defaults(samples, seed);
            case PATHWISE -> pathwise(samples, seed);
        };
    }

    /** Stein's estimator where it was validated (at most {@link #STEIN_VALIDATED_STEPS} steps), pathwise beyond. */
    public static TrainingDmftSettings forSteps(int trainingSteps, int samples, long seed) {
        return of(trainingSteps <= STEIN_VALIDATED_STEPS ? ResponseEstimator.STEIN : ResponseEstimator.PATHWISE, samples, seed);
    }

    public TrainingDmftSettings withSeed(long s) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, tolerance, maxIterations, fallbackDamping,
                pinAfter, ridge, drop, silentField, blockSize, s, responses, probes, orthonormalDraws, orthonormalProbes);
    }

    public TrainingDmftSettings withTolerance(double t, int iterations) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, t, iterations, fallbackDamping, pinAfter,
                ridge, drop, silentField, blockSize, seed, responses, probes, orthonormalDraws, orthonormalProbes);
    }

    public TrainingDmftSettings withDamping(double d) {
        return new TrainingDmftSettings(samples, d, andersonMemory, tolerance, maxIterations, fallbackDamping, pinAfter,
                ridge, drop, silentField, blockSize, seed, responses, probes, orthonormalDraws, orthonormalProbes);
    }

    public TrainingDmftSettings withBlockSize(int b) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, tolerance, maxIterations, fallbackDamping,
                pinAfter, ridge, drop, silentField, b, seed, responses, probes, orthonormalDraws, orthonormalProbes);
    }

    public TrainingDmftSettings withResponses(ResponseEstimator r) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, tolerance, maxIterations, fallbackDamping,
                pinAfter, ridge, drop, silentField, blockSize, seed, r, probes, orthonormalDraws, orthonormalProbes);
    }

    public TrainingDmftSettings withDrop(double d) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, tolerance, maxIterations, fallbackDamping,
                pinAfter, ridge, d, silentField, blockSize, seed, responses, probes, orthonormalDraws, orthonormalProbes);
    }

    public TrainingDmftSettings withProbes(int k) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, tolerance, maxIterations, fallbackDamping,
                pinAfter, ridge, drop, silentField, blockSize, seed, responses, k, orthonormalDraws, orthonormalProbes);
    }

    public TrainingDmftSettings withOrthonormalDraws(boolean on) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, tolerance, maxIterations, fallbackDamping,
                pinAfter, ridge, drop, silentField, blockSize, seed, responses, probes, on, orthonormalProbes);
    }

    public TrainingDmftSettings withOrthonormalProbes(boolean on) {
        return new TrainingDmftSettings(samples, damping, andersonMemory, tolerance, maxIterations, fallbackDamping,
                pinAfter, ridge, drop, silentField, blockSize, seed, responses, probes, orthonormalDraws, on);
    }

    /** Settings outside the validated range, each a sentence naming the field, its value and what was measured. */
    public List<String> cautions(int trainingSteps) {
        List<String> out = new ArrayList<>();
        if (responses == ResponseEstimator.STEIN && trainingSteps > STEIN_VALIDATED_STEPS) {
            out.add("responses STEIN over " + trainingSteps + " training steps: Stein's estimator was validated over at most "
                    + STEIN_VALIDATED_STEPS + " steps and the linear network diverged at step 15 (division by small pivots"
                    + " of near-repeated fields); --responses PATHWISE does not divide by them (docs/theory.md eq. 3.9)");
        }
        if (responses == ResponseEstimator.PATHWISE && drop < PATHWISE_DROP) {
            out.add("drop " + drop + " with pathwise responses is below " + PATHWISE_DROP + ": at 4e-7 the linear march ran"
                    + " away at step 15-29, at 1e-4 at step 33 (raw draws) and 37 (orthonormal draws) in the realization"
                    + " of the 100-step test (near-repeated field directions kept; docs/theory.md eqs. 3.9, 3.10)");
        }
        if (responses == ResponseEstimator.PATHWISE && !orthonormalDraws && trainingSteps > STEIN_VALIDATED_STEPS) {
            out.add("raw draws with pathwise responses over " + trainingSteps + " steps: the loss moved by 4.8% with DROP"
                    + " (1e-3 vs 1e-4) within 30 steps and sat up to 21% above networks at steps 55-90, against 2% and 12%"
                    + " with orthonormal draws (docs/theory.md eq. 3.10)");
        }
        if (responses == ResponseEstimator.PATHWISE && !orthonormalProbes && trainingSteps > STEIN_VALIDATED_STEPS) {
            out.add("raw probes with pathwise responses over " + trainingSteps + " steps: with them the tanh gamma = 0.5 march"
                    + " sat up to 12-16% above networks at steps 50-100, against within 6% with orthonormal probes"
                    + " (docs/theory.md eq. 3.11)");
        }
        if (responses == ResponseEstimator.PATHWISE && probes < PROBES) {
            out.add("probes " + probes + " is below " + PROBES + ": with 1 probe per site the last of 6 steps was 8-23% off"
                    + " the networks for two seeds (docs/theory.md eq. 3.9)");
        }
        if (samples < VALIDATED_SAMPLES) {
            out.add("samples " + samples + " is below " + VALIDATED_SAMPLES + ", the smallest M at which the training DMFT was"
                    + " validated across cases (its seed-to-seed spread grows like 1/sqrt(M); docs/theory.md section 4)");
        }
        if (tolerance > TOLERANCE_PER_DROP * drop) {
            out.add("tolerance " + tolerance + " is above " + TOLERANCE_PER_DROP + " x drop = " + TOLERANCE_PER_DROP * drop
                    + ": a step's committed factor and the covariance later steps measure differ by about the tolerance,"
                    + " and that is divided by kept innovations as small as drop x var (docs/theory.md eq. 3.7)");
        }
        if (tolerance > VALIDATED_TOLERANCE) {
            out.add("tolerance " + tolerance + " is above " + VALIDATED_TOLERANCE + ": at 1e-4, 3 of 14 tanh runs reached a"
                    + " spurious fixed point (negative innovation variances; docs/theory.md eq. 3.7)");
        }
        return out;
    }
}
