package org.rnnfield.dmft;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Independent solves with seeds seed, seed + 1, ...: their mean is the estimate and their spread
 * (standard deviation / sqrt R) its statistical error. This is the honest error of a solve with
 * common random numbers, whose own iterates do not fluctuate.
 */
public final class DmftReplicas {
    private DmftReplicas() {
    }

    /** Mean and standard error over replicas, plus each replica's result. */
    public record Result(NdArray phi, NdArray c, NdArray phiStdErr, NdArray cStdErr, List<MonteCarloDmft.Result> replicas) {
    }

    public static Result solve(Backend backend, DmftProblem problem, MonteCarloSettings settings, int replicas,
                               IterationListener listener) {
        if (replicas < 1) {
            throw org.rnnfield.model.ConfigException.field("replicas", replicas, "integer >= 1");
        }
        List<MonteCarloDmft.Result> results = new ArrayList<>();
        MonteCarloDmft.Accumulator phi = null;
        MonteCarloDmft.Accumulator c = null;
        for (int r = 0; r < replicas; r++) {
            MonteCarloDmft.Result res = new MonteCarloDmft(backend, problem, settings.withSeed(settings.seed() + r)).solve(listener);
            results.add(res);
            if (phi == null) {
                phi = new MonteCarloDmft.Accumulator(res.phi().dim(0));
                c = new MonteCarloDmft.Accumulator(res.c().dim(0));
            }
            phi.add(res.phi());
            c.add(res.c());
        }
        if (replicas == 1) {
            MonteCarloDmft.Result only = results.get(0);
            return new Result(only.phi(), only.c(), only.phiStdErr(), only.cStdErr(), results);
        }
        return new Result(phi.mean(), c.mean(), phi.stdErr(), c.stdErr(), results);
    }
}
