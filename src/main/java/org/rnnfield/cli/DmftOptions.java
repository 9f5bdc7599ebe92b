package org.rnnfield.cli;

import picocli.CommandLine.Option;

/** The Monte Carlo DMFT solvers' flags (dmft); each overrides the same field of "dmft" in the config. */
public final class DmftOptions implements ConfigFlags {
    @Option(names = "--tmax", description = "dmft: time window / period of the stationary solution (default: 60)")
    Double tmax;
    @Option(names = "--samples", description = "dmft: single-site samples M per iteration (default: 4000; 8000 with --trained; 16000 keeps"
            + " tanh marches at small gamma within 5%% of networks over 100 GD steps, ~19 GB: docs/theory.md 3.5b)")
    Integer samples;
    @Option(names = "--replicas", description = "dmft: independent solves for the error bars; with --trained also to flag a"
            + " replica that lands on a spurious fixed point (default: 3)")
    Integer replicas;
    @Option(names = "--iterations", description = "dmft: iterations per solve (with --trained: per training step), at most"
            + " (default: 60; 200 with --trained)")
    Integer iterations;
    @Option(names = "--responses", description = "dmft --trained: response functions by ${COMPLETION-CANDIDATES}: Stein's"
            + " lemma on the sampled fields or pathwise tangents of each site (docs/theory.md eqs. 3.3, 3.9; default: STEIN up to"
            + " 10 steps, PATHWISE beyond)")
    org.rnnfield.dmft.training.ResponseEstimator responses;
    @Option(names = "--orthonormal-draws", negatable = true, description = "dmft --trained: make the sites' field normals"
            + " and quenched draws x(0), U(0), V(0) orthonormal over the sites, so the sampled fields' covariance is the"
            + " factor's exactly (docs/theory.md eqs. 3.10, 3.12; needs samples / 2 > (steps + 1) x T x trials + max(trials + inputs, outputs))")
    Boolean orthonormalDraws;
    @Option(names = "--orthonormal-probes", negatable = true, description = "dmft --trained with pathwise responses: make the"
            + " probes orthonormal over the sites and their probes, so the responses carry no probe noise where the sites'"
            + " tangents agree (docs/theory.md eq. 3.11; needs samples x probes / 2 > (steps + 1) x T x outputs)")
    Boolean orthonormalProbes;
    @Option(names = "--max-lag", description = "dmft: largest reported lag in units of tau (default: 10)")
    Double maxLag;

    @Override
    public void apply(RunConfig c) {
        if (tmax != null) c.dmft.tmax = tmax;
        if (samples != null) {
            c.dmft.samples = samples;
            c.dmft.trainedSamples = samples;
        }
        if (replicas != null) c.dmft.replicas = replicas;
        if (iterations != null) {
            c.dmft.iterations = iterations;
            c.dmft.trainedIterations = iterations;
        }
        if (maxLag != null) c.dmft.maxLag = maxLag;
        if (responses != null) c.dmft.trainedResponses = responses;
        if (orthonormalDraws != null) c.dmft.trainedOrthonormalDraws = orthonormalDraws;
        if (orthonormalProbes != null) c.dmft.trainedOrthonormalProbes = orthonormalProbes;
    }
}
