package org.rnnfield.dmft.training;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.dynamics.LossEvaluation;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskData;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * M samples of the single site of theory.md section 2, marched through the training steps: for step n
 * and given that step's couplings ({@link StepCouplings}), the forward pass of every site (eq. 2.2),
 * the population output (eq. 2.5) and the backward pass (eq. 2.3) - repeatable while step n's kernels
 * are iterated, since nothing of earlier steps changes - then {@link #commit} applies the site's own
 * weight updates (eqs. 2.6-2.7).
 *
 * <p>Samples live on the backend in blocks of rows (sites); a block's path is an m x full tensor in
 * the network's own trajectory layout, so integration reuses {@link Backend#leakyStep} and
 * {@link Backend#adjointStep}, and every sum over sites or over the site's history is a GEMM.
 * Blocks come in antithetic pairs: the partner has the same z_u, x(0), U(0) and the negated z_v,
 * V(0). At gamma -> 0 the adjoint is odd and the activity even under that flip, so the leading,
 * gamma-independent noise of the response and output estimates cancels inside each pair (theory.md
 * section 3). The normals are drawn once (common random numbers), which makes the iteration map of
 * each step deterministic.
 *
 * <p>With {@link ResponseEstimator#PATHWISE} every block also carries two tangent systems, the forward-mode
 * derivative of its whole history (every step's x, phi, r, V and U) along a probe of its u fields and along a
 * probe of its v fields, both fixed normals per site (eq. 3.9). The responses are then sums over sites of
 * tangent times probe, with no factor inverted.
 */
final class SitePopulation {
    private final Backend be;
    private final TrainingDmftProblem problem;
    private final SiteLayout lay;
    private final int samples;
    private final List<Block> blocks = new ArrayList<>();
    private final Tensor inputs;
    private final Tensor y;
    private final Tensor weightedError;
    private final boolean pathwise;
    private final int probes;
    /** Shift of every site's u and v fields along its first probe (zero; set only by the tangents' finite-difference test). */
    private double shiftU;
    private double shiftV;

    /**
     * Averages over the sites for step n (rows of step n, full pass layout): phi_n phi_{<=n}^T, r_n r_{<=n}^T,
     * the responses of phi_n to the v fields and of r_n to the u fields of steps <= n, and the output and loss
     * of the step. The responses are whitened, phi_n z_v^T and r_n z_u^T (Stein, eq. 3.3), or in field
     * coordinates, d phi_n xi_v^T and d r_n xi_u^T (pathwise, eq. 3.9).
     */
    record StepEstimates(NdArray phi, NdArray g, NdArray phiResponse, NdArray rResponse, NdArray output, double loss) {
    }

    SitePopulation(Backend be, TrainingDmftProblem problem, int samples, int blockSize, long seed,
                   ResponseEstimator responses, int probes, boolean orthonormalDraws, boolean orthonormalProbes) {
        if (samples < 2 || samples % 2 != 0) {
            throw new org.rnnfield.model.ConfigException("samples: " + samples + " is not allowed; allowed: even integer >= 2 (antithetic pairs)");
        }
        this.be = be;
        this.problem = problem;
        this.lay = problem.layout();
        this.samples = samples;
        this.pathwise = responses == ResponseEstimator.PATHWISE;
        this.probes = probes;
        TaskData task = problem.task();
        this.inputs = task.inputDim() == 0 ? null : be.upload(TaskBatch.timeMajor(task.inputs()));
        this.y = be.zeros(task.outputDim(), lay.passWidth());
        this.weightedError = be.zeros(task.outputDim(), lay.passWidth());
        int half = samples / 2;
        int pair = 0;
        for (int start = 0; start < half; start += blockSize, pair++) {
            int m = Math.min(blockSize, half - start);
            Noise noise = new Noise(m, seed, pair);
            blocks.add(new Block(noise, 1.0));
            blocks.add(new Block(noise, -1.0));
        }
        List<Noise> noises = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b += 2) {
            noises.add(blocks.get(b).noise);
        }
        String drawsOff = "settings orthonormalDraws false, --no-orthonormal-draws, JSON dmft.trainedOrthonormalDraws false;"
                + " docs/theory.md eq. 3.10";
        if (orthonormalDraws) {
            orthonormalizeJointly(noises, Noise::even, "z_u, x(0) and U(0)", drawsOff);
            orthonormalizeJointly(noises, Noise::odd, problem.needsAdjoint() ? "z_v and V(0)" : "V(0)", drawsOff);
        }
        for (Noise n : noises) {
            be.axpy(Math.sqrt(problem.initialVariance()), n.x0Normals, n.x0);
        }
        if (orthonormalProbes && pathwise && problem.needsAdjoint()) {
            String probesOff = "settings orthonormalProbes false, --no-orthonormal-probes, JSON dmft.trainedOrthonormalProbes"
                    + " false; docs/theory.md eq. 3.11";
            orthonormalize(parts(noises, n -> n.probeU, probes, lay.fields()), "the u probes", "samples x probes", probesOff);
            orthonormalize(parts(noises, n -> n.probeV, probes, lay.fields()), "the v probes", "samples x probes", probesOff);
        }
    }

    /**
     * Orthonormalizes each pair's draws of one parity side by side (docs/theory.md eq. 3.12): the even ones (z_u, the
     * normals of x(0), U(0): the antithetic partner repeats them) or the odd ones (z_v, V(0): negated in the partner).
     * Their empirical second moments over the sites are then exactly those of the law (I within a parity; across
     * parities the pair cancels them), so kernels such as <phi phi> carry no quenched sampling error where the site is
     * linear in its draws.
     */
    private void orthonormalizeJointly(List<Noise> noises, java.util.function.Function<Noise, List<Tensor>> pieces, String name,
                                       String howToTurnOff) {
        List<Tensor> joined = new ArrayList<>();
        for (Noise n : noises) {
            List<Tensor> ps = pieces.apply(n);
            int width = 0;
            for (Tensor t : ps) {
                width += t.cols();
            }
            Tensor j = be.zeros(n.m, width);
            int at = 0;
            for (Tensor t : ps) {
                be.copy(t, j.columns(at, t.cols()));
                at += t.cols();
            }
            joined.add(j);
        }
        orthonormalize(joined, name, "samples", howToTurnOff);
        for (int k = 0; k < noises.size(); k++) {
            int at = 0;
            for (Tensor t : pieces.apply(noises.get(k))) {
                be.copy(joined.get(k).columns(at, t.cols()), t);
                at += t.cols();
            }
            be.release(joined.get(k));
        }
    }

    /** Each pair's tensor cut into its {@code count} column blocks of width d (the K probes side by side, or one z). */
    private static List<Tensor> parts(List<Noise> noises, java.util.function.Function<Noise, Tensor> which, int count, int d) {
        List<Tensor> out = new ArrayList<>();
        for (Noise n : noises) {
            for (int k = 0; k < count; k++) {
                out.add(which.apply(n).columns(k * d, d));
            }
        }
        return out;
    }

    /**
     * Makes the columns of one set of normals orthonormal over its distinct rows (docs/theory.md eqs. 3.10, 3.11):
     * with G = sum over the distinct rows of z^T z (the antithetic partner repeats z_u and the probes and negates
     * z_v, so the Gram over all M sites is 2 G) and G = R R^T, z becomes sqrt(rows) z R^{-T}, whose Gram over its
     * rows is rows x I exactly. A field sampled as L z then has the empirical covariance L L^T the factor assumed,
     * so a small pivot of the factor divides no sampling inconsistency (as the causal march's draws, eq. 6.4); a
     * response estimated as the mean of J xi xi^T then has no probe noise in the site-independent part of J.
     */
    private void orthonormalize(List<Tensor> parts, String name, String sizeField, String howToTurnOff) {
        int d = parts.get(0).cols();
        int distinct = 0;
        for (Tensor z : parts) {
            distinct += z.rows();
        }
        if (distinct <= d) {
            throw new org.rnnfield.model.ConfigException(sizeField + ": " + (2 * distinct) + " is too small for orthonormal "
                    + name + " (" + d + " directions need more than " + d + " distinct rows, " + sizeField + " > " + 2 * d
                    + "; or turn them off: " + howToTurnOff + ")");
        }
        Tensor gram = be.zeros(d, d);
        for (Tensor z : parts) {
            be.gemm(true, false, 1.0, z, z, 1.0, gram);
        }
        org.ejml.data.DMatrixRMaj g = new org.ejml.data.DMatrixRMaj(d, d);
        NdArray host = be.download(gram);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                g.set(i, j, 0.5 * (host.get(i, j) + host.get(j, i)));
            }
        }
        var chol = org.ejml.dense.row.factory.DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(g)) {
            throw new IllegalStateException("orthonormalization: the Gram matrix of " + name + " is not positive definite");
        }
        org.ejml.data.DMatrixRMaj r = chol.getT(null);
        org.ejml.dense.row.decomposition.TriangularSolver_DDRM.invertLower(r.data, d);
        NdArray transform = NdArray.zeros(d, d);
        double scale = Math.sqrt(distinct);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                transform.set(scale * r.get(j, i), i, j);
            }
        }
        Tensor t = be.upload(transform);
        for (Tensor z : parts) {
            Tensor out = be.zeros(z.rows(), d);
            be.gemm(false, false, 1.0, z, t, 0.0, out);
            be.copy(out, z);
            be.release(out);
        }
        be.release(t);
        be.release(gram);
    }

    /** The Gram matrix of the sites' z_u over all M sites divided by M (the identity with orthonormal draws; for tests). */
    NdArray fieldNormalGram() {
        int d = blocks.get(0).noise.zu.cols();
        Tensor gram = be.zeros(d, d);
        for (Block b : blocks) {
            be.gemm(true, false, 1.0 / samples, b.noise.zu, b.noise.zu, 1.0, gram);
        }
        NdArray out = be.download(gram);
        be.release(gram);
        return out;
    }

    /** The standard normals of one pair of blocks, drawn once from Philox streams (seed, 8 pair + k). */
    private final class Noise {
        final int m;
        final Tensor zu;
        final Tensor zv;
        /** Standard normals of x(0); x0 = sqrt(q0) times them, set once the draws are final. */
        final Tensor x0Normals;
        final Tensor x0;
        final Tensor v0;
        final Tensor u0;
        /** K probes of the u and v fields side by side, m x K D (pathwise responses only), shared by the pair like z_u. */
        final Tensor probeU;
        final Tensor probeV;

        Noise(int m, long seed, int pair) {
            this.m = m;
            int d = lay.fields();
            int p = lay.trials();
            this.zu = be.zeros(m, d);
            be.fillNormal(zu, seed, 8L * pair);
            this.zv = problem.needsAdjoint() ? be.zeros(m, d) : null;
            if (zv != null) {
                be.fillNormal(zv, seed, 8L * pair + 1);
            }
            this.x0Normals = be.zeros(m, p);
            be.fillNormal(x0Normals, seed, 8L * pair + 2);
            this.x0 = be.zeros(m, p);
            this.v0 = be.zeros(m, problem.task().outputDim());
            be.fillNormal(v0, seed, 8L * pair + 3);
            int din = problem.task().inputDim();
            this.u0 = din == 0 ? null : be.zeros(m, din);
            if (u0 != null) {
                be.fillNormal(u0, seed, 8L * pair + 4);
            }
            this.probeU = pathwise && problem.needsAdjoint() ? be.zeros(m, probes * d) : null;
            this.probeV = pathwise && problem.needsAdjoint() ? be.zeros(m, probes * d) : null;
            if (probeU != null) {
                be.fillNormal(probeU, seed, 8L * pair + 5);
                be.fillNormal(probeV, seed, 8L * pair + 6);
            }
        }

        /** The draws the antithetic partner repeats. */
        List<Tensor> even() {
            List<Tensor> out = new ArrayList<>(List.of(zu, x0Normals));
            if (u0 != null) {
                out.add(u0);
            }
            return out;
        }

        /** The draws the antithetic partner negates. */
        List<Tensor> odd() {
            return zv == null ? List.of(v0) : List.of(zv, v0);
        }
    }

    /** One block's paths and working storage. */
    private final class Block {
        final Noise noise;
        final double sign;
        final Tensor x;
        final Tensor phi;
        final Tensor r;
        final Tensor readout;
        final Tensor inputWeights;
        final Tensor drive;
        final Tensor vdrive;
        final Tensor source;
        final Tensor zero;
        /** Tangents along each probe of the u fields and of the v fields (pathwise responses only). */
        final List<Tangent> alongU = new ArrayList<>();
        final List<Tangent> alongV = new ArrayList<>();

        Block(Noise noise, double sign) {
            this.noise = noise;
            this.sign = sign;
            int m = noise.m;
            this.x = be.zeros(m, lay.full());
            this.phi = be.zeros(m, lay.full());
            this.r = problem.needsAdjoint() ? be.zeros(m, lay.full()) : null;
            this.readout = be.zeros(m, problem.task().outputDim());
            this.inputWeights = noise.u0 == null ? null : be.zeros(m, noise.u0.cols());
            this.drive = be.zeros(m, lay.fieldWidth());
            this.vdrive = problem.needsAdjoint() ? be.zeros(m, lay.fieldWidth()) : null;
            this.source = be.zeros(m, lay.passWidth());
            this.zero = be.zeros(m, lay.trials());
            for (int k = 0; noise.probeU != null && k < probes; k++) {
                int d = lay.fields();
                alongU.add(new Tangent(this, noise.probeU.columns(k * d, d), null));
                alongV.add(new Tangent(this, null, noise.probeV.columns(k * d, d)));
            }
        }

        Tensor pass(Tensor t, int n) {
            return t.columns(n * lay.passWidth(), lay.passWidth());
        }

        void start() {
            be.fill(readout, 0.0);
            be.axpy(sign, noise.v0, readout);
            if (inputWeights != null) {
                be.copy(noise.u0, inputWeights);
            }
            for (Tangent t : tangents()) {
                t.start();
            }
        }

        List<Tangent> tangents() {
            List<Tangent> all = new ArrayList<>(alongU);
            all.addAll(alongV);
            return all;
        }

        /** Eq. 2.2: x_n(t+1) = (1-alpha) x_n(t) + alpha [u_n(t) + U_n I(t) + g^2 sum (A + kappa Phi) r_{n'<n}]. */
        void forward(int n, StepCouplings c, double g2, double alpha, Phi phiFn) {
            int w = lay.fieldWidth();
            be.gemm(false, false, 1.0, noise.zu.columns(0, (n + 1) * w), c.uFactor(), 0.0, drive);
            if (shiftU != 0) {
                be.axpy(shiftU, noise.probeU.columns(n * w, w), drive);
            }
            if (n > 0 && c.forward() != null) {
                be.gemm(false, false, g2, r.columns(0, n * lay.passWidth()), c.forward(), 1.0, drive);
            }
            if (inputWeights != null) {
                be.gemm(false, false, 1.0, inputWeights, inputs, 1.0, drive);
            }
            int p = lay.trials();
            Tensor xs = pass(x, n);
            Tensor ps = pass(phi, n);
            be.copy(noise.x0, xs.columns(0, p));
            be.applyPhi(phiFn, xs.columns(0, p), ps.columns(0, p));
            for (int t = 0; t < lay.times(); t++) {
                be.leakyStep(phiFn, alpha, xs.columns(t * p, p), drive.columns(t * p, p),
                        xs.columns((t + 1) * p, p), ps.columns((t + 1) * p, p));
            }
        }

        /** Eq. 2.3: r_n(t) = phi'(x_n(t)) [V_n . eps_n(t) + alpha (v_n(t+1) + g^2 sum (B + kappa G) phi)] + (1-alpha) r_n(t+1). */
        void backward(int n, StepCouplings c, Tensor weightedError, double g2, double alpha, Phi phiFn) {
            int w = lay.fieldWidth();
            int p = lay.trials();
            be.gemm(false, false, sign, noise.zv.columns(0, (n + 1) * w), c.vFactor(), 0.0, vdrive);
            if (shiftV != 0) {
                be.axpy(shiftV, noise.probeV.columns(n * w, w), vdrive);
            }
            be.gemm(false, false, g2, phi.columns(0, (n + 1) * lay.passWidth()), c.backward(), 1.0, vdrive);
            be.gemm(false, false, 1.0, readout, weightedError, 0.0, source);
            Tensor ps = pass(phi, n);
            Tensor rs = pass(r, n);
            for (int t = lay.times(); t >= 0; t--) {
                Tensor src = source.columns(t * p, p);
                Tensor next = t == lay.times() ? zero : rs.columns((t + 1) * p, p);
                if (t < lay.times()) {
                    be.axpy(alpha, vdrive.columns(t * p, p), src);
                }
                be.adjointStep(phiFn, alpha, ps.columns(t * p, p), src, next, rs.columns(t * p, p));
            }
        }

        /** Eqs. 2.6-2.7: V_{n+1} = V_n + (eta0 gamma / W) sum phi eps^T, U_{n+1} = U_n + kappa sum r(t+1) I(t)^T. */
        void update(int n, Tensor weightedError) {
            updateWeights(n, phi, r, readout, inputWeights, weightedError);
            for (Tangent t : tangents()) {
                updateWeights(n, t.phi, t.r, t.readout, t.inputWeights, weightedError);
            }
        }

        /** Eqs. 2.6-2.7 for the path or, being linear in it, for its tangent (eps is the population's). */
        private void updateWeights(int n, Tensor phiPath, Tensor rPath, Tensor v, Tensor u, Tensor weightedError) {
            if (problem.trains(Weight.V)) {
                be.gemm(false, true, problem.readoutRate(), pass(phiPath, n), weightedError, 1.0, v);
            }
            if (problem.trains(Weight.U) && u != null) {
                be.gemm(false, true, problem.kappa(), pass(rPath, n).columns(lay.trials(), lay.fieldWidth()), inputs, 1.0, u);
            }
        }
    }

    /**
     * The derivative of one block's history along a probe of its u fields or of its v fields (eq. 3.9): the site
     * equations 2.2, 2.3, 2.6, 2.7 differentiated with the population's kernels, responses and errors held fixed.
     * x(0), V(0) and U(0) are not fields, so their tangents start at zero.
     */
    private final class Tangent {
        final Block primal;
        final Tensor probeU;
        final Tensor probeV;
        final Tensor x;
        final Tensor phi;
        final Tensor r;
        final Tensor readout;
        final Tensor inputWeights;
        final Tensor drive;
        final Tensor vdrive;
        final Tensor source;

        Tangent(Block primal, Tensor probeU, Tensor probeV) {
            this.primal = primal;
            this.probeU = probeU;
            this.probeV = probeV;
            int m = primal.noise.m;
            this.x = be.zeros(m, lay.passWidth());
            this.phi = be.zeros(m, lay.full());
            this.r = be.zeros(m, lay.full());
            this.readout = be.zeros(m, problem.task().outputDim());
            this.inputWeights = primal.inputWeights == null ? null : be.zeros(m, primal.inputWeights.cols());
            this.drive = be.zeros(m, lay.fieldWidth());
            this.vdrive = be.zeros(m, lay.fieldWidth());
            this.source = be.zeros(m, lay.passWidth());
        }

        void start() {
            be.fill(readout, 0.0);
            if (inputWeights != null) {
                be.fill(inputWeights, 0.0);
            }
        }

        /** d x_n(t+1) = (1-alpha) d x_n(t) + alpha [d u_n(t) + dU_n I(t) + g^2 sum (A + kappa Phi) d r_{n'<n}], d phi = phi' d x. */
        void forward(int n, StepCouplings c, double g2, double alpha, Phi phiFn) {
            int w = lay.fieldWidth();
            int p = lay.trials();
            if (probeU != null) {
                be.copy(probeU.columns(n * w, w), drive);
            } else {
                be.fill(drive, 0.0);
            }
            if (n > 0 && c.forward() != null) {
                be.gemm(false, false, g2, r.columns(0, n * lay.passWidth()), c.forward(), 1.0, drive);
            }
            if (inputWeights != null) {
                be.gemm(false, false, 1.0, inputWeights, inputs, 1.0, drive);
            }
            Tensor ps = primal.pass(primal.phi, n);
            Tensor dps = primal.pass(phi, n);
            be.fill(x.columns(0, p), 0.0);
            be.fill(dps.columns(0, p), 0.0);
            for (int t = 0; t < lay.times(); t++) {
                Tensor next = dps.columns((t + 1) * p, p);
                be.leakyStep(Phi.LINEAR, alpha, x.columns(t * p, p), drive.columns(t * p, p), x.columns((t + 1) * p, p), next);
                be.adjointStep(phiFn, 1.0, ps.columns((t + 1) * p, p), next, primal.zero, next);
            }
        }

        /**
         * d r_n(t) = phi' [dV_n eps(t) + alpha (d v_n(t+1) + g^2 sum (B + kappa G) d phi)] + phi'' d x [source(t)]
         * + (1-alpha) d r_n(t+1), with source(t) the primal's bracket (left in the block by its backward pass).
         */
        void backward(int n, StepCouplings c, Tensor weightedError, double g2, double alpha, Phi phiFn) {
            int w = lay.fieldWidth();
            int p = lay.trials();
            if (probeV != null) {
                be.copy(probeV.columns(n * w, w), vdrive);
            } else {
                be.fill(vdrive, 0.0);
            }
            be.gemm(false, false, g2, phi.columns(0, (n + 1) * lay.passWidth()), c.backward(), 1.0, vdrive);
            be.gemm(false, false, 1.0, readout, weightedError, 0.0, source);
            Tensor ps = primal.pass(primal.phi, n);
            Tensor rs = primal.pass(r, n);
            for (int t = lay.times(); t >= 0; t--) {
                Tensor src = source.columns(t * p, p);
                Tensor next = t == lay.times() ? primal.zero : rs.columns((t + 1) * p, p);
                if (t < lay.times()) {
                    be.axpy(alpha, vdrive.columns(t * p, p), src);
                }
                be.adjointTangentStep(phiFn, alpha, ps.columns(t * p, p), x.columns(t * p, p),
                        primal.source.columns(t * p, p), src, next, rs.columns(t * p, p));
            }
        }
    }

    /** Starts the march: every site's readout and input weights at their initial values. */
    void start() {
        for (Block b : blocks) {
            b.start();
        }
    }

    /** Runs step n for all sites with the given couplings; repeatable until {@link #commit}. */
    StepEstimates runStep(int n, StepCouplings c) {
        double g2 = problem.spec().g() * problem.spec().g();
        double alpha = problem.spec().alpha();
        double gamma = problem.spec().gamma();
        Phi phiFn = problem.spec().phi();
        int dOut = problem.task().outputDim();
        int pw = lay.passWidth();
        be.fill(y, 0.0);
        for (Block b : blocks) {
            b.forward(n, c, g2, alpha, phiFn);
            // eq. 2.5: y_n = (1/gamma) <V_n phi(x_n)>
            be.gemm(true, false, org.rnnfield.model.MeanFieldScaling.siteReadout(gamma) / samples, b.readout, b.pass(b.phi, n), 1.0, y);
        }
        NdArray yHost = be.download(y);
        NdArray eps = NdArray.zeros(dOut, pw);
        double loss = weightedErrors(yHost, eps);
        be.write(eps, weightedError);
        boolean backward = problem.needsAdjoint() && n < lay.trainingSteps();
        if (backward) {
            for (Block b : blocks) {
                b.backward(n, c, weightedError, g2, alpha, phiFn);
            }
        }
        if (pathwise && problem.needsAdjoint()) {
            for (Block b : blocks) {
                // the last step runs no backward pass and needs no B, but its activity responds to earlier v fields
                for (int k = 0; k < probes; k++) {
                    if (backward) {
                        b.alongU.get(k).forward(n, c, g2, alpha, phiFn);
                        b.alongU.get(k).backward(n, c, weightedError, g2, alpha, phiFn);
                    }
                    b.alongV.get(k).forward(n, c, g2, alpha, phiFn);
                    if (backward) {
                        b.alongV.get(k).backward(n, c, weightedError, g2, alpha, phiFn);
                    }
                }
            }
        }
        int upTo = (n + 1) * pw;
        int fieldsUpTo = (n + 1) * lay.fieldWidth();
        NdArray phiRows = accumulate(pw, upTo, b -> b.pass(b.phi, n), b -> b.phi.columns(0, upTo), false);
        NdArray gRows = null;
        NdArray phiResponse = null;
        NdArray rResponse = null;
        if (problem.needsAdjoint()) {
            // the last step runs no backward pass, but its activity still responds to earlier adjoints
            phiResponse = pathwise
                    ? probed(pw, fieldsUpTo, b -> b.alongV, t -> t.primal.pass(t.phi, n), t -> t.probeV.columns(0, fieldsUpTo))
                    : accumulate(pw, fieldsUpTo, b -> b.pass(b.phi, n), b -> b.noise.zv.columns(0, fieldsUpTo), true);
        }
        if (backward) {
            gRows = accumulate(pw, upTo, b -> b.pass(b.r, n), b -> b.r.columns(0, upTo), false);
            rResponse = pathwise
                    ? probed(pw, fieldsUpTo, b -> b.alongU, t -> t.primal.pass(t.r, n), t -> t.probeU.columns(0, fieldsUpTo))
                    : accumulate(pw, fieldsUpTo, b -> b.pass(b.r, n), b -> b.noise.zu.columns(0, fieldsUpTo), false);
        }
        return new StepEstimates(phiRows, gRows, phiResponse, rResponse, yHost, loss);
    }

    /** Applies the weight updates of step n with the errors of its last run (eqs. 2.6-2.7). */
    void commit(int n) {
        for (Block b : blocks) {
            b.update(n, weightedError);
        }
    }

    /**
     * The loss of the network's own definition ({@link LossEvaluation}) for the output y (columns t P + mu,
     * t = 0..T), and eps(t) = mask (y*(t) - y(t)) = -W dL/dy(t) in the same layout (0 at t = 0).
     */
    private double weightedErrors(NdArray y, NdArray eps) {
        int p = lay.trials();
        int pw = lay.passWidth();
        int window = lay.fieldWidth();
        int dOut = y.dim(0);
        NdArray scored = NdArray.zeros(dOut, window);
        for (int a = 0; a < dOut; a++) {
            System.arraycopy(y.data(), a * pw + p, scored.data(), a * window, window);
        }
        LossEvaluation eval = LossEvaluation.of(scored, problem.task());
        double w = problem.scoredPoints();
        for (int a = 0; a < dOut; a++) {
            for (int c = 0; c < window; c++) {
                eps.data()[a * pw + p + c] = -w * eval.dLdy().data()[a * window + c];
            }
        }
        return eval.loss();
    }

    /**
     * (1/M) sum over sites of left^T right, rows x cols; with {@code antithetic} the partner block's right
     * factor counts negated (z_v flips sign inside a pair).
     */
    private NdArray accumulate(int rows, int cols, Function<Block, Tensor> left,
                               Function<Block, Tensor> right, boolean antithetic) {
        return summed(rows, cols, acc -> {
            for (Block b : blocks) {
                double s = antithetic ? b.sign : 1.0;
                be.gemm(true, false, s / samples, left.apply(b), right.apply(b), 1.0, acc);
            }
        });
    }

    /** (1/(M K)) sum over sites and their K probes of tangent^T probe: a pathwise response (eq. 3.9). */
    private NdArray probed(int rows, int cols, Function<Block, List<Tangent>> system, Function<Tangent, Tensor> tangent,
                           Function<Tangent, Tensor> probe) {
        return summed(rows, cols, acc -> {
            for (Block b : blocks) {
                for (Tangent t : system.apply(b)) {
                    be.gemm(true, false, 1.0 / ((double) samples * probes), tangent.apply(t), probe.apply(t), 1.0, acc);
                }
            }
        });
    }

    /** A rows x cols accumulator on the backend, filled by {@code sum} and returned on the host. */
    private NdArray summed(int rows, int cols, java.util.function.Consumer<Tensor> sum) {
        Tensor acc = be.zeros(rows, cols);
        sum.accept(acc);
        NdArray out = be.download(acc);
        be.release(acc);
        return out;
    }

    /** (1/M) sum over sites of phi phi^T (or r r^T) over the full index: the kernels for reports. */
    NdArray fullKernel(boolean adjoint) {
        int full = lay.full();
        if (adjoint && !problem.needsAdjoint()) {
            return NdArray.zeros(full, full);
        }
        return accumulate(full, full, b -> adjoint ? b.r : b.phi, b -> adjoint ? b.r : b.phi, false);
    }

    /**
     * Moves every site's u and v fields by eu and ev times its first probe, so that central differences of the
     * paths can be set against the tangents (pathwise responses only; the test of eq. 3.9).
     */
    void shiftFieldsAlongProbes(double eu, double ev) {
        if (!pathwise) {
            throw new IllegalStateException("the probes exist only with pathwise responses");
        }
        this.shiftU = eu;
        this.shiftV = ev;
    }

    /**
     * phi (or, with {@code adjoint}, r) of every site at training step n, M x ((T+1) P): of the path itself
     * ({@code tangent} 0) or of its tangent along the first probe of the u fields (1) or of the v fields (2).
     */
    NdArray pathAtStep(boolean adjoint, int n, int tangent) {
        return sitesAtStep(n, b -> switch (tangent) {
            case 0 -> adjoint ? b.r : b.phi;
            case 1 -> adjoint ? b.alongU.get(0).r : b.alongU.get(0).phi;
            case 2 -> adjoint ? b.alongV.get(0).r : b.alongV.get(0).phi;
            default -> throw new IllegalArgumentException("tangent: " + tangent + "; allowed: 0, 1, 2");
        });
    }

    /** The sites' states x at training step n, M x ((T+1) P) on the host (column t P + mu). */
    NdArray states(int n) {
        return sitesAtStep(n, b -> b.x);
    }

    /** Step n's pass of a full-history tensor of every block, stacked over the sites: M x ((T+1) P) on the host. */
    private NdArray sitesAtStep(int n, Function<Block, Tensor> history) {
        int pw = lay.passWidth();
        NdArray out = NdArray.zeros(samples, pw);
        int row = 0;
        for (Block b : blocks) {
            NdArray part = be.download(b.pass(history.apply(b), n));
            System.arraycopy(part.data(), 0, out.data(), row * pw, part.size());
            row += part.dim(0);
        }
        return out;
    }
}
