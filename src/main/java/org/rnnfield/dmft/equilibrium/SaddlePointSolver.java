package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.dmft.MonteCarloDmft;

import java.util.ArrayList;
import java.util.List;

/**
 * The damped fixed-point iteration of the saddle point (docs/theory.md section 5.3), shared by both
 * site models, with continuation in gamma: gamma enters only through the readout conjugate
 * gamma^2 sum_k a_k a_k^T, and at a target gamma of order one that term, computed from the
 * random-network kernel, is far too strong for the site law to carry (linear phi: not normalizable;
 * tanh: importance weights collapse). So the solver walks gamma up from 0, each stage started from the
 * previous solution, halving the step when a stage fails (not normalizable, ESS collapsed, diverged or
 * not converged, stalled) and doubling it after a success. Within a stage an update that would make the
 * site law non-normalizable is pulled halfway back toward the last evaluated point, up to BACKTRACKS times.
 */
final class SaddlePointSolver {
    /** Give up when the gamma step falls below this fraction of the target gamma. */
    static final double MIN_STEP_FRACTION = 1e-3;
    /**
     * A stage whose best change over the last STALL_WINDOW iterations is not below half the best before
     * them is abandoned (a smaller gamma step is tried): measured on tanh at beta = 60, a too-large step
     * wanders at changes 0.07-0.2 for all 400 allowed iterations, while accepted stages converge in 14-140.
     */
    static final int STALL_WINDOW = 50;
    /** Halvings of the damping tried on one update before the stage fails. */
    static final int BACKTRACKS = 8;
    /**
     * Site-chain refreshes (eq. 5.18) one stage may ask for. Measured (linear, sine, beta = 60): a stage that
     * converges needs none or one (gamma 0 -> 0.5: none in 80 iterations, ESS >= 0.61), while a step too large
     * for the site law refreshes at every iteration as the chains run off (psi 3 -> 1e4 in four refreshes).
     */
    static final int MAX_REFRESHES_PER_STAGE = 5;

    private final EquilibriumProblem problem;
    private final EquilibriumSettings settings;
    private final SiteAverages site;
    private final ReadoutPosterior readout;
    private final SaddlePointListener listener;

    SaddlePointSolver(EquilibriumProblem problem, EquilibriumSettings settings, SiteAverages site,
                      SaddlePointListener listener) {
        this.problem = problem;
        this.settings = settings;
        this.site = site;
        this.readout = new ReadoutPosterior(problem);
        this.listener = listener;
    }

    private record State(NdArray phi, NdArray phiHat, List<Double> changes, boolean converged, double ess,
                         String failure) {
    }

    EquilibriumResult solve(NdArray initialPhi, String method) {
        List<ContinuationStage> stages = new ArrayList<>();
        List<Double> allChanges = new ArrayList<>();
        State current = stage(0.0, initialPhi, NdArray.zeros(problem.dim(), problem.dim()));
        allChanges.addAll(current.changes());
        stages.add(new ContinuationStage(0.0, current.changes().size(), current.failure() == null, current.failure()));
        listener.onStage(stages.get(stages.size() - 1));
        if (current.failure() != null) {
            throw new SaddlePointException("equilibrium DMFT at gamma = 0 (the random network): " + current.failure(),
                    stages, Double.NaN);
        }
        double target = problem.gamma();
        double done = 0;
        double step = target;
        double minEss = current.ess();
        int totalIterations = current.changes().size();
        while (done < target) {
            double next = Math.min(target, done + step);
            State s = stage(next, current.phi(), current.phiHat());
            totalIterations += s.changes().size();
            stages.add(new ContinuationStage(next, s.changes().size(), s.failure() == null, s.failure()));
            listener.onStage(stages.get(stages.size() - 1));
            if (s.failure() == null) {
                current = s;
                site.accept(current.phi(), problem.trainJ() ? current.phiHat() : zero());
                done = next;
                allChanges.addAll(s.changes());
                minEss = Math.min(minEss, s.ess());
                step *= 2;
            } else {
                site.reject();
                step = (next - done) / 2;
                if (step < MIN_STEP_FRACTION * target) {
                    throw new SaddlePointException("equilibrium DMFT: continuation in gamma stalled at gamma = "
                            + done + " of " + target + " (last failure at gamma = " + next + ": " + s.failure() + ")", stages, done,
                            new NdArray[]{current.phi(), current.phiHat()});
                }
            }
        }
        NdArray a = readout.dual(current.phi());
        double loss = readout.loss(a);
        return new EquilibriumResult(current.phi(), current.phiHat(), readout.meanOutput(current.phi(), a), loss,
                loss / problem.task().meanSquaredTarget(), allChanges, totalIterations, current.converged(), minEss,
                method, List.copyOf(stages), null, null, null);
    }

    /**
     * One fixed-point solve at richness gamma from (phi, phiHat), Anderson-accelerated on the pair
     * (the map is deterministic: exact, or sampled with common random numbers); a proposal whose site
     * law is not normalizable restarts the mixer and is pulled back toward the last evaluated point.
     * failure says why the stage was not accepted.
     */
    private State stage(double gamma, NdArray phi, NdArray phiHat) {
        List<Double> changes = new ArrayList<>();
        double minEss = 1.0;
        int size = phi.size();
        org.rnnfield.dmft.AndersonMixer mixer = freshMixer();
        NdArray evalPhi = phi;
        NdArray evalHat = phiHat;
        NdArray proposedPhi = phi;
        NdArray proposedHat = phiHat;
        int refreshes = 0;
        // a refresh restarts the iteration on moved chains (fresh mixer): progress is judged from there on
        int progressFrom = 0;
        for (int iteration = 0; iteration < settings.maxIterations(); iteration++) {
            SiteAverages.Moments moments = null;
            double pull = 1.0;
            for (int back = 0; back <= BACKTRACKS; back++) {
                NdArray tryPhi = mix(evalPhi, proposedPhi, pull);
                NdArray tryHat = mix(evalHat, proposedHat, pull);
                try {
                    moments = site.evaluate(tryPhi, problem.trainJ() ? tryHat : zero());
                    evalPhi = tryPhi;
                    evalHat = tryHat;
                    break;
                } catch (SiteAverages.NotNormalizable e) {
                    if (back == BACKTRACKS || iteration == 0) {
                        return new State(evalPhi, evalHat, changes, false, minEss, e.getMessage());
                    }
                    mixer = freshMixer();
                    pull /= 2;
                }
            }
            if (moments.essFraction() < settings.mcmcRefreshFraction() && refreshes == MAX_REFRESHES_PER_STAGE) {
                return new State(evalPhi, evalHat, changes, false, minEss, "site chains refreshed " + refreshes
                        + " times in this stage without converging (the site law moves faster than the chains follow)");
            }
            if (moments.essFraction() < settings.mcmcRefreshFraction()
                    && site.refresh(evalPhi, problem.trainJ() ? evalHat : zero())) {
                refreshes++;
                // site chains re-drawn here (eq. 5.18): a new map, so the mixer's history no longer applies
                mixer = freshMixer();
                try {
                    moments = site.evaluate(evalPhi, problem.trainJ() ? evalHat : zero());
                } catch (SiteAverages.NotNormalizable e) {
                    return new State(evalPhi, evalHat, changes, false, minEss, e.getMessage());
                }
            }
            minEss = Math.min(minEss, moments.essFraction());
            if (moments.essFraction() < settings.minEffectiveSampleFraction()) {
                return new State(evalPhi, evalHat, changes, false, minEss, String.format(java.util.Locale.ROOT,
                        "importance weights collapsed (mean ESS fraction %.3g < %.3g)", moments.essFraction(),
                        settings.minEffectiveSampleFraction()));
            }
            NdArray phiNew = moments.phi();
            if (!Double.isFinite(Dense.maxAbs(phiNew))) {
                return new State(evalPhi, evalHat, changes, false, minEss, "the iteration diverged at iteration " + iteration);
            }
            NdArray hatNew;
            try {
                hatNew = Dense.plus(moments.recurrentConjugate(), 1.0, readout.conjugate(readout.dual(phiNew), gamma));
            } catch (IllegalStateException e) {
                // site chains that ran off (a site law that is not normalizable here) give a kernel without a readout
                return new State(evalPhi, evalHat, changes, false, minEss, "at iteration " + iteration + ": " + e.getMessage());
            }
            double change = Math.max(MonteCarloDmft.relativeChange(phiNew, evalPhi), MonteCarloDmft.relativeChange(hatNew, evalHat));
            listener.onIteration(gamma, iteration, change, moments.essFraction());
            if (!Double.isFinite(Dense.maxAbs(hatNew))) {
                return new State(evalPhi, evalHat, changes, false, minEss, "the iteration diverged at iteration " + iteration);
            }
            changes.add(change);
            if (change < settings.tolerance() && moments.essFraction() < settings.mcmcAcceptFraction()
                    && refreshes < MAX_REFRESHES_PER_STAGE && site.refresh(evalPhi, problem.trainJ() ? evalHat : zero())) {
                // converged on reweighted chains: move them at the solution and go on, so the answer is theirs (eq. 5.18)
                refreshes++;
                progressFrom = changes.size();
                mixer = freshMixer();
                proposedPhi = evalPhi;
                proposedHat = evalHat;
                continue;
            }
            if (change < settings.tolerance()) {
                return new State(phiNew, hatNew, changes, true, minEss, null);
            }
            if (stalled(changes, progressFrom)) {
                return new State(evalPhi, evalHat, changes, false, minEss, String.format(java.util.Locale.ROOT,
                        "stalled: best change %.3g over the last %d iterations", best(changes, changes.size() - STALL_WINDOW,
                                changes.size()), STALL_WINDOW));
            }
            double[] next = mixer.next(concat(evalPhi, evalHat), concat(phiNew, hatNew));
            proposedPhi = new NdArray(phi.shape(), java.util.Arrays.copyOfRange(next, 0, size));
            proposedHat = new NdArray(phi.shape(), java.util.Arrays.copyOfRange(next, size, 2 * size));
        }
        return new State(evalPhi, evalHat, changes, false, minEss, "not converged in " + settings.maxIterations()
                + " iterations (last change " + changes.get(changes.size() - 1) + ")");
    }

    private org.rnnfield.dmft.AndersonMixer freshMixer() {
        return new org.rnnfield.dmft.AndersonMixer(settings.andersonMemory(), settings.damping());
    }

    /**
     * Whether the iterations since {@code from} (the stage's start or its last refresh) stalled: at least 2
     * STALL_WINDOW of them, and the best change of the last STALL_WINDOW not below half the best before. Before
     * 2026-12-08 the history ran across refreshes, so a stage that had converged to 9e-7 on reweighted chains and was
     * refreshed was judged against that 9e-7 and abandoned (reach, D = 368, gamma = 1).
     */
    static boolean stalled(List<Double> changes, int from) {
        int n = changes.size();
        return n - from >= 2 * STALL_WINDOW && best(changes, n - STALL_WINDOW, n) > 0.5 * best(changes, from, n - STALL_WINDOW);
    }

    private static double best(List<Double> changes, int from, int to) {
        double b = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            b = Math.min(b, changes.get(i));
        }
        return b;
    }

    private static double[] concat(NdArray a, NdArray b) {
        double[] out = new double[a.size() + b.size()];
        System.arraycopy(a.data(), 0, out, 0, a.size());
        System.arraycopy(b.data(), 0, out, a.size(), b.size());
        return out;
    }

    private NdArray zero() {
        return NdArray.zeros(problem.dim(), problem.dim());
    }

    /** (1 - w) a + w b. */
    private static NdArray mix(NdArray a, NdArray b, double w) {
        return Dense.plus(Dense.scaled(a, 1 - w), w, b);
    }

}
