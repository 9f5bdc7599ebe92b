package org.rnnfield.dmft.training;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.dmft.AndersonMixer;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.ConfigException;
import org.rnnfield.train.DivergenceException;

/**
 * The DMFT of a network trained by gradient descent at richness gamma (docs/theory.md sections 2-3),
 * solved by sampling and marching in the training step: the law of step n depends only on steps
 * 0..n, so step n's order parameters (its rows of Phi, G and the responses) are iterated to their
 * fixed point with everything earlier frozen, then the sites' weights are updated and the march
 * moves on. Within a step: given its kernels, M single sites run the step ({@link SitePopulation}), the
 * samples re-estimate Phi and G (eq. 2.8) and the responses, by Stein's lemma (eq. 3.3) or from each site's
 * tangents (pathwise, eq. 3.9; {@link TrainingDmftSettings#responses}); Anderson
 * mixing repeats this until the relative change falls below the tolerance. Common random numbers make
 * each step's map deterministic; the sampling error is measured across seeds (replicas).
 *
 * <p>Cost (w = T P fields per step, D = (S+1) w, M samples): step n costs about 10 M (n+1) w^2 flops of
 * GEMMs per inner iteration, so the march costs about 5 M D^2 flops times the inner iterations; memory
 * is about (3 (S+1)(T+1) P + D) M doubles for the paths (x, phi, r; z_u, z_v shared by a pair), 4 D^2 for
 * the two factors and their inverses, and 2 ((S+1)(T+1) P)^2 for the reported kernels.
 */
public final class TrainingDmft {
    private final Backend backend;
    private final TrainingDmftProblem problem;
    private final TrainingDmftSettings settings;

    public TrainingDmft(Backend backend, TrainingDmftProblem problem, TrainingDmftSettings settings) {
        this.backend = backend;
        this.problem = problem;
        this.settings = settings;
    }

    /** Observes the march: step n solved after some inner iterations, with its loss. */
    @FunctionalInterface
    public interface Listener {
        void onStep(int step, int totalSteps, int iterations, double change, double loss);

        Listener NONE = (n, total, it, change, loss) -> {
        };
    }

    public TrainingDmftResult solve(Listener listener) {
        // the sites' tensors live only as long as the solve (its result is on the host), also when it diverges
        try (Backend.Scope scope = backend.scope()) {
            return march(listener);
        }
    }

    private TrainingDmftResult march(Listener listener) {
        long t0 = System.nanoTime();
        SiteLayout lay = problem.layout();
        int w = lay.fieldWidth();
        int steps = lay.passes();
        SitePopulation population = new SitePopulation(backend, problem, settings.samples(), settings.blockSize(), settings.seed(),
                settings.responses(), settings.probes(), settings.orthonormalDraws(), settings.orthonormalProbes());
        FieldFactor forwardField = new FieldFactor(steps, w, lay.trials(), settings);
        FieldFactor backwardField = new FieldFactor(steps, w, 0, settings);
        double[] loss = new double[steps];
        NdArray[] outputs = new NdArray[steps];
        int[] iterations = new int[steps];
        int[] floored = new int[steps];
        double[] finalChange = new double[steps];
        boolean converged = true;
        population.start();
        StepKernels previous = null;
        Fields fields = new Fields(population, forwardField, backwardField);
        for (int n = 0; n < steps; n++) {
            StepSolution step = solveStep(n, previous, fields);
            converged &= step.change() < settings.tolerance();
            forwardField.commit(step.uRows());
            if (step.vRows() != null) {
                backwardField.commit(step.vRows());
            }
            loss[n] = step.est().loss();
            outputs[n] = step.est().output();
            iterations[n] = step.iterations();
            floored[n] = step.uRows().floored() + (step.vRows() != null ? step.vRows().floored() : 0);
            finalChange[n] = step.change();
            population.commit(n);
            previous = step.kernels();
            listener.onStep(n, steps, step.iterations(), step.change(), loss[n]);
        }
        double[] normalized = new double[steps];
        double meanSq = problem.task().meanSquaredTarget();
        for (int n = 0; n < steps; n++) {
            normalized[n] = loss[n] / meanSq;
        }
        return new TrainingDmftResult(lay, loss, normalized, networkLayout(outputs, lay), population.fullKernel(false),
                population.fullKernel(true), population.states(lay.trainingSteps()), iterations, floored, finalChange, converged,
                (System.nanoTime() - t0) * 1e-9);
    }

    /** What a step's solve reads and builds on: the sites and the two fields' committed factors. */
    private record Fields(SitePopulation population, FieldFactor forward, FieldFactor backward) {
    }

    /** A step's fixed point: its kernels, factor rows and the estimates of its last run. */
    private record StepSolution(StepKernels kernels, FieldFactor.Rows uRows, FieldFactor.Rows vRows,
                                SitePopulation.StepEstimates est, int iterations, double change) {
    }

    /** Iterates step n's kernels to their fixed point with earlier steps frozen (eqs. 3.1, 3.5, 3.6). */
    private StepSolution solveStep(int n, StepKernels previous, Fields f) {
        SiteLayout lay = problem.layout();
        double g2 = problem.spec().g() * problem.spec().g();
        boolean backward = problem.needsAdjoint() && n < lay.trainingSteps();
        StepKernels current = initialGuess(n, lay.fieldWidth(), previous);
        AndersonMixer mixer = new AndersonMixer(settings.andersonMemory(), settings.damping());
        boolean fallback = false;
        StepKernels best = current;
        double bestChange = Double.POSITIVE_INFINITY;
        boolean[] uPinned = null;
        boolean[] vPinned = null;
        int it = 0;
        while (true) {
            FieldFactor.Rows uRows = f.forward().rows(n, scaled(current.phi(), g2), uPinned);
            FieldFactor.Rows vRows = backward ? f.backward().rows(n, scaled(current.g(), g2), vPinned) : null;
            if (it == settings.pinAfter()) {
                uPinned = uRows.active();
                vPinned = vRows != null ? vRows.active() : null;
            }
            StepCouplings c = couplings(n, current, uRows, vRows, f.forward(), f.backward());
            SitePopulation.StepEstimates est = f.population().runStep(n, c);
            c.release(backend);
            if (!Double.isFinite(est.loss())) {
                throw new DivergenceException(n, "DMFT loss (inner iteration " + it + ")", est.loss());
            }
            StepKernels next = estimated(n, est, backward);
            double change = current.relativeChangeTo(next);
            it++;
            if (change < bestChange) {
                bestChange = change;
                best = current;
            }
            if (change >= settings.tolerance() && it == settings.maxIterations() && !fallback) {
                // Anderson did not settle (its secant model is poor along the noisy, near-neutral
                // directions of near-repeated fields): continue from the best iterate with plain damping
                fallback = true;
                mixer = new AndersonMixer(0, settings.fallbackDamping());
                current = best;
                continue;
            }
            int limit = (fallback ? 2 : 1) * settings.maxIterations();
            if (change < settings.tolerance() || it >= limit) {
                return new StepSolution(current, uRows, vRows, est, it, change);
            }
            current = current.withVector(mixer.next(current.toVector(), next.toVector()));
        }
    }

    /** Step 0 starts from no fields at all; step n from a repeat of step n-1 (one update moves little). */
    private static StepKernels initialGuess(int n, int w, StepKernels prev) {
        int cols = (n + 1) * w;
        DMatrixRMaj phi = new DMatrixRMaj(w, cols);
        DMatrixRMaj g = new DMatrixRMaj(w, cols);
        DMatrixRMaj a = new DMatrixRMaj(w, cols);
        DMatrixRMaj b = new DMatrixRMaj(w, cols);
        if (prev != null) {
            // the fields repeat step n-1's (Phi(n, n) = Phi(n, n-1) = Phi(n-1, n-1)); the responses to the
            // repeat's own innovation start at zero
            for (DMatrixRMaj[] pair : new DMatrixRMaj[][]{{prev.phi(), phi}, {prev.g(), g}}) {
                CommonOps_DDRM.insert(pair[0], pair[1], 0, 0);
                CommonOps_DDRM.insert(CommonOps_DDRM.extract(pair[0], 0, w, n * w - w, n * w), pair[1], 0, n * w);
            }
            CommonOps_DDRM.insert(prev.a(), a, 0, 0);
            CommonOps_DDRM.insert(prev.b(), b, 0, 0);
        }
        return new StepKernels(n, phi, g, a, b);
    }

    private StepCouplings couplings(int n, StepKernels k, FieldFactor.Rows uRows, FieldFactor.Rows vRows,
                                    FieldFactor forwardField, FieldFactor backwardField) {
        SiteLayout lay = problem.layout();
        int w = lay.fieldWidth();
        Tensor uFactor = backend.upload(transposed(uRows.lower()));
        if (vRows == null && !(problem.needsAdjoint() && n > 0)) {
            return new StepCouplings(uFactor, null, null, null);
        }
        double kappaJ = problem.trains(Weight.J) ? problem.kappa() : 0.0;
        Tensor forward = null;
        if (n > 0) {
            int past = n * w;
            NdArray cf = NdArray.zeros(n * lay.passWidth(), w);
            // A(step n, steps < n) = a L_v^{-1}, the earlier steps' factor being final (eq. 3.3), or a itself (eq. 3.9)
            DMatrixRMaj resp = CommonOps_DDRM.extract(k.a(), 0, w, 0, past);
            if (!pathwise()) {
                resp = CommonOps_DDRM.mult(weighted(resp, backwardField.weights(), null),
                        CommonOps_DDRM.extract(backwardField.inverse(), 0, past, 0, past), null);
            }
            for (int j = 0; j < w; j++) {
                for (int i = 0; i < past; i++) {
                    cf.data()[lay.fullOfV(i) * w + j] = resp.get(j, i) + kappaJ * k.phi().get(j, i);
                }
            }
            forward = backend.upload(cf);
        }
        if (vRows == null) {
            return new StepCouplings(uFactor, null, forward, null);
        }
        // B(step n, steps <= n) = b L_u^{-1} with step n's rows of L_u^{-1} from this iterate (eq. 3.3), or b (eq. 3.9)
        int upTo = (n + 1) * w;
        DMatrixRMaj resp = k.b();
        if (!pathwise()) {
            DMatrixRMaj inv = CommonOps_DDRM.extract(forwardField.inverse(), 0, upTo, 0, upTo);
            CommonOps_DDRM.insert(uRows.inverse(), inv, n * w, 0);
            resp = CommonOps_DDRM.mult(weighted(k.b(), forwardField.weights(), uRows), inv, null);
        }
        NdArray cb = NdArray.zeros((n + 1) * lay.passWidth(), w);
        for (int j = 0; j < w; j++) {
            for (int i = 0; i < upTo; i++) {
                double memory = i < n * w ? kappaJ * k.g().get(j, i) : 0.0;
                cb.data()[lay.fullOfU(i) * w + j] = resp.get(j, i) + memory;
            }
        }
        return new StepCouplings(uFactor, backend.upload(transposed(vRows.lower())), forward, backend.upload(cb));
    }

    private boolean pathwise() {
        return settings.responses() == ResponseEstimator.PATHWISE;
    }

    /** Scales the columns of a whitened response by the directions' weights (committed steps, plus the current one's). */
    private static DMatrixRMaj weighted(DMatrixRMaj m, double[] committed, FieldFactor.Rows current) {
        DMatrixRMaj out = m.copy();
        int w = current == null ? 0 : current.weights().length;
        int start = current == null ? Integer.MAX_VALUE : current.step() * w;
        for (int c = 0; c < out.numCols; c++) {
            double weight = c >= start ? current.weights()[c - start] : committed[c];
            for (int r = 0; r < out.numRows; r++) {
                out.set(r, c, weight * out.get(r, c));
            }
        }
        return out;
    }

    /** Step n's kernels as estimated from the sites (field coordinates, see {@link StepKernels}). */
    private StepKernels estimated(int n, SitePopulation.StepEstimates e, boolean backward) {
        SiteLayout lay = problem.layout();
        int w = lay.fieldWidth();
        int p = lay.trials();
        int cols = (n + 1) * w;
        DMatrixRMaj phi = new DMatrixRMaj(w, cols);
        DMatrixRMaj g = new DMatrixRMaj(w, cols);
        DMatrixRMaj a = new DMatrixRMaj(w, cols);
        DMatrixRMaj b = new DMatrixRMaj(w, cols);
        int fullCols = e.phi().dim(1);
        for (int j = 0; j < w; j++) {
            for (int i = 0; i < cols; i++) {
                // u row j = pass column j (t = 0..T-1); v row j = pass column P + j (t = 1..T)
                phi.set(j, i, e.phi().data()[j * fullCols + lay.fullOfU(i)]);
                if (backward) {
                    g.set(j, i, e.g().data()[(p + j) * fullCols + lay.fullOfV(i)]);
                    b.set(j, i, e.rResponse().data()[(p + j) * cols + i]);
                }
                if (e.phiResponse() != null && i < n * w) {
                    a.set(j, i, e.phiResponse().data()[j * cols + i]);
                }
            }
        }
        return new StepKernels(n, phi, g, a, b);
    }

    private static DMatrixRMaj scaled(DMatrixRMaj a, double s) {
        DMatrixRMaj out = a.copy();
        CommonOps_DDRM.scale(s, out);
        return out;
    }

    private static NdArray transposed(DMatrixRMaj a) {
        return new NdArray(new int[]{a.numCols, a.numRows}, CommonOps_DDRM.transpose(a, null).data);
    }

    /** The output after each step, (D_out, (T+1) P) with column t P + mu, to (S+1, P, T, D_out) for t = 1..T. */
    private static NdArray networkLayout(NdArray[] y, SiteLayout lay) {
        int p = lay.trials();
        int t = lay.times();
        int dOut = y[0].dim(0);
        NdArray out = NdArray.zeros(y.length, p, t, dOut);
        for (int n = 0; n < y.length; n++) {
            NdArray scored = NdArray.zeros(dOut, t * p);
            for (int a = 0; a < dOut; a++) {
                System.arraycopy(y[n].data(), a * lay.passWidth() + p, scored.data(), a * t * p, t * p);
            }
            NdArray step = TaskBatch.batchMajor(scored, p, t);
            System.arraycopy(step.data(), 0, out.data(), n * step.size(), step.size());
        }
        return out;
    }
}
