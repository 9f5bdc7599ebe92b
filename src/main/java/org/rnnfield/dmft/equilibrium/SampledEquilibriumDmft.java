package org.rnnfield.dmft.equilibrium;

import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.dmft.CovarianceFactor;
import org.rnnfield.dmft.SitePaths;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.model.Phi;


/**
 * The equilibrium DMFT for any phi by importance sampling of the tilted single-site law
 * (docs/theory.md eqs. 5.8-5.10, 5.14). M Gaussian site paths are drawn once (common random numbers:
 * the map is then deterministic and iterates to a fixed-point tolerance): normals z (M x T P), frozen
 * x(0) and U per quenched group of K sites, U per site when sampled. Each iteration
 * <ol>
 *   <li>u = z F^T with F F^T = g^2 Phi_F, x = Euler(u + U . I) from x(0), phi(x)  (backend: GEMM + leaky steps)</li>
 *   <li>log weight psi = phi^T Phihat phi / 2 (w = phi Phihat: one GEMM), normalized within each quenched
 *       group (a quenched average of self-normalized tilted averages)</li>
 *   <li>Phi = sum_i omega_i phi_i phi_i^T and the pathwise conjugate of eq. 5.10,
 *       {@code g^2 A^T < (phi'.*w)(phi'.*w)^T + (phi' phi'^T).*Phihat + diag(phi''.*w) > A}: three weighted GEMMs</li>
 *   <li>Phihat = gamma^2 sum_k a_k a_k^T + that term; damped.</li>
 * </ol>
 * The effective sample size of each group's weights is monitored; when its mean fraction falls below
 * {@link EquilibriumSettings#minEffectiveSampleFraction()} the result says so (the estimates are then biased).
 */
public final class SampledEquilibriumDmft {
    /**
     * Site chains are reweighted between refreshes within their quenched group (eq. 5.18): a group of one has
     * weight 1 whatever the tilt, so the map would not see the iterate move.
     */
    static final int MIN_CHAIN_GROUP = 10;
    private final Backend backend;
    private final EquilibriumProblem problem;
    private final EquilibriumSettings settings;

    public SampledEquilibriumDmft(Backend backend, EquilibriumProblem problem, EquilibriumSettings settings) {
        this.backend = backend;
        this.problem = problem;
        this.settings = settings;
    }

    /** The random-network kernel (eq. 5.11), the starting point of the iteration. */
    private NdArray randomNetworkKernel() {
        return new CausalKernelRecursion(problem.randomNetwork()).solve().phi();
    }

    /**
     * How many consecutive site samples of a result ({@link EquilibriumResult#siteSamples()}) belong together: the
     * sites of one quenched group share x(0) and U (eq. 5.14), and resampling keeps them in order; 1 without quenched
     * variables. Intervals over the sites resample these blocks (`SingleNeuronStatistics.ofBlocks`).
     */
    public static int siteBlock(EquilibriumProblem problem, EquilibriumSettings settings) {
        return problem.hasQuenchedVariables() ? settings.groupSize() : 1;
    }

    public EquilibriumResult solve() {
        return solve(SaddlePointListener.NONE);
    }

    public EquilibriumResult solve(SaddlePointListener listener) {
        try (Backend.Scope scope = backend.scope()) {
            Sites sites = new Sites();
            EquilibriumResult r = new SaddlePointSolver(problem, settings, sites, listener)
                    .solve(randomNetworkKernel(), sites.describe());
            NdArray samples = sites.finalStates(r.phi(), r.phiHat());
            return r.withSiteLaw(samples, sites.slopeKernel(r.phi()), sites.chainReport());
        }
    }

    /** The site model alone, for tests of eq. 5.10 (open a backend scope around its use). */
    Sites sites() {
        return new Sites();
    }

    /** The M sampled paths on the backend, drawn once (common random numbers), and their tilted averages. */
    final class Sites implements SiteAverages {
        /** E_q log Z_site of the last evaluation (eq. 5.8), the mean over groups of log mean exp(psi). */
        private double logPartition;

        private final int p = problem.trials();
        private final int d = problem.dim();
        private final int df = problem.fieldDim();
        private final boolean quenched = problem.hasQuenchedVariables();
        private final int group = quenched ? settings.groupSize() : settings.samples();
        private final int groups = settings.samples() / group;
        private final int m = groups * group;
        private final NdArray filter = problem.eulerFilter();
        private final Tensor z = backend.zeros(m, df);
        private final Tensor inputDrive = inputDrive(m, group);
        private final Tensor x = backend.zeros(m, d);
        private final Tensor phiX = backend.zeros(m, d);
        private final Tensor drive = backend.zeros(m, df);
        private final Tensor x0 = backend.upload(initialStates(m, group));
        private final Tensor weighted = backend.zeros(m, d);
        private final Tensor w = backend.zeros(m, d);
        private final Tensor kernel = backend.zeros(d, d);
        private final double[] omega = new double[m];
        private final double[] priorOmega = new double[m];
        private final UntiltedKernel untilted = new UntiltedKernel(problem);
        /** The fields' whitened draws that evaluate uses: z under the prior, the proposal's after adaptation. */
        private Tensor draws = z;
        private NdArray drawsHost;
        /** log N(draw; 0, I) - log q(draw) per site (eq. 5.15); null while drawing from the prior. */
        private double[] logCorrection;
        private int adaptations;

        /** The site chains of eq. 5.17 (proposal MCMC with J sampled), else null. */
        private final SiteChains chains;

        Sites() {
            backend.fillNormal(z, settings.seed(), 0);
            boolean mcmc = settings.proposal() == SiteProposal.MCMC && problem.trainJ();
            if (mcmc && problem.trainU() && problem.task().inputDim() > 0) {
                throw org.rnnfield.model.ConfigException.field("proposal", SiteProposal.MCMC,
                        "PRIOR or ADAPTED when U is sampled (site chains move the fields, not an annealed U)");
            }
            if (mcmc && quenched && group < MIN_CHAIN_GROUP) {
                throw org.rnnfield.model.ConfigException.field("groupSize", group, "integer >= " + MIN_CHAIN_GROUP
                        + " with proposal MCMC (between refreshes the chains are reweighted within their quenched group)");
            }
            chains = mcmc ? new SiteChains(backend, z, settings.seed()) : null;
            if (mcmc) {
                draws = chains.states();
            }
        }

        /**
         * Resample-move (eq. 5.18) at (phi, conjugate): the chains are resampled within their quenched groups by the
         * reweighting from the last refresh to this point, moved by pCN sweeps under this point's tilt, and
         * become the reference: log weights psi - psi_ref, uniform right here.
         */
        @Override
        public boolean refresh(NdArray phi, NdArray conjugate) {
            if (chains == null) {
                return false;
            }
            Tensor factorOnDevice = backend.upload(fieldFactor(phi));
            Tensor conj = backend.upload(conjugate);
            // only the weights that carry the chains here are needed, not this point's moments
            logWeights(tilt(draws, factorOnDevice, conj), logCorrection, group, groups, omega);
            double[] psi = chains.refresh(omega, group, groups, settings.mcmcSweeps(), draws -> tilt(draws, factorOnDevice, conj));
            backend.release(factorOnDevice);
            backend.release(conj);
            double[] corr = new double[m];
            for (int i = 0; i < m; i++) {
                corr[i] = -psi[i];
            }
            logCorrection = corr;
            return true;
        }

        /** The site chains' log weights at the last accepted stage. */
        private double[] acceptedCorrection;

        @Override
        public void reject() {
            if (chains != null) {
                chains.restore();
                logCorrection = acceptedCorrection;
            }
        }

        /** How the site chains moved (null without them). */
        SiteChainReport chainReport() {
            return chains == null ? null : chains.report();
        }

        /** F with F F^T = g^2 Phi_F (the fields' prior covariance). */
        private NdArray fieldFactor(NdArray phi) {
            double g2 = problem.g() * problem.g();
            return CovarianceFactor.of(Dense.scaled(Dense.leading(phi, df), g2)).matrix();
        }

        /** The paths of whitened draws (rows) under factor F: x, phiX hold them afterwards. */
        private void integrate(Tensor of, Tensor factorOnDevice) {
            backend.copy(inputDrive, drive);
            backend.gemm(false, true, 1.0, of, factorOnDevice, 1.0, drive);
            backend.copy(x0, x.columns(0, p));
            SitePaths.integrate(backend, problem.phi(), problem.alpha(), x, phiX, drive, p, problem.steps());
        }

        /** psi = phi^T Phihat phi / 2 of each row's path (eq. 5.8's exponent); w holds Phihat phi afterwards. */
        private double[] tilt(Tensor of, Tensor factorOnDevice, Tensor conj) {
            integrate(of, factorOnDevice);
            backend.gemm(false, false, 1.0, phiX, conj, 0.0, w);
            return halfQuadratic(backend.download(phiX).data(), backend.download(w).data(), d);
        }

        /**
         * Re-fits the defensive Gaussian proposal of eq. 5.15 to the tilted law at an accepted stage: the
         * weighted mean m and covariance S of the current draws, then draws m + L z (L L^T = S) for all but a
         * fixed alpha share of the sites, which keep their prior draw z (common random numbers throughout).
         * Skipped when fewer than 2 df effective samples would fit S (keeps the last proposal).
         */
        @Override
        public void accept(NdArray phi, NdArray conjugate) {
            if (refresh(phi, conjugate)) {
                chains.checkpoint();
                acceptedCorrection = logCorrection;
                return;
            }
            if (settings.proposal() != SiteProposal.ADAPTED || !problem.trainJ()) {
                return;
            }
            evaluate(phi, conjugate);
            NdArray zh = zHost();
            NdArray current = drawsHost != null ? drawsHost : zh;
            double sq = 0;
            for (double o : omega) {
                sq += o * o;
            }
            if (1.0 / sq < 2.0 * df) {
                return;
            }
            double[] c = current.data();
            double[] mean = new double[df];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < df; k++) {
                    mean[k] += omega[i] * c[i * df + k];
                }
            }
            NdArray centered = NdArray.zeros(m, df);
            double[] r = centered.data();
            for (int i = 0; i < m; i++) {
                double sw = Math.sqrt(omega[i]);
                for (int k = 0; k < df; k++) {
                    r[i * df + k] = sw * (c[i * df + k] - mean[k]);
                }
            }
            Tensor rows = backend.upload(centered);
            Tensor cov = backend.zeros(df, df);
            backend.gemm(true, false, 1.0, rows, rows, 0.0, cov);
            NdArray covariance = Dense.symmetrized(backend.download(cov));
            backend.release(rows);
            backend.release(cov);
            for (int k = 0; k < df; k++) {
                covariance.set(covariance.get(k, k) + 1e-10, k, k);
            }
            NdArray l = Dense.choleskyOrNull(covariance);
            if (l == null) {
                return;
            }
            Tensor lDev = backend.upload(l);
            if (draws == z) {
                draws = backend.zeros(m, df);
            }
            backend.gemm(false, true, 1.0, z, lDev, 0.0, draws);
            backend.release(lDev);
            NdArray fitted = backend.download(draws);
            double[] f = fitted.data();
            double[] zd = zh.data();
            double logDet = 0;
            for (int k = 0; k < df; k++) {
                logDet += Math.log(l.get(k, k));
            }
            double alpha = SiteProposal.DEFENSIVE_FRACTION;
            double[] u = componentUniforms();
            double[] corr = new double[m];
            double[] y = new double[df];
            for (int i = 0; i < m; i++) {
                boolean prior = u[i] < alpha;
                double zz = 0;
                double yy = 0;
                for (int k = 0; k < df; k++) {
                    double v = prior ? zd[i * df + k] : f[i * df + k] + mean[k];
                    f[i * df + k] = v;
                    zz += v * v;
                }
                if (prior) {
                    // y = L^{-1} (draw - m) by forward substitution
                    for (int k = 0; k < df; k++) {
                        double acc = f[i * df + k] - mean[k];
                        for (int j = 0; j < k; j++) {
                            acc -= l.get(k, j) * y[j];
                        }
                        y[k] = acc / l.get(k, k);
                        yy += y[k] * y[k];
                    }
                } else {
                    for (int k = 0; k < df; k++) {
                        yy += zd[i * df + k] * zd[i * df + k];
                    }
                }
                double a = Math.log(alpha) - 0.5 * zz;
                double b = Math.log1p(-alpha) - 0.5 * yy - logDet;
                double top = Math.max(a, b);
                corr[i] = -0.5 * zz - (top + Math.log(Math.exp(a - top) + Math.exp(b - top)));
            }
            backend.write(fitted, draws);
            drawsHost = fitted;
            logCorrection = corr;
            adaptations++;
        }

        private NdArray zHostCache;

        private NdArray zHost() {
            if (zHostCache == null) {
                zHostCache = backend.download(z);
            }
            return zHostCache;
        }

        /** One uniform per site (common random numbers): below alpha, the site keeps its prior draw. */
        private double[] componentUniforms() {
            Rng rng = Rng.stream(settings.seed(), "equilibrium-proposal-component");
            double[] u = new double[m];
            for (int i = 0; i < m; i++) {
                u[i] = rng.uniform();
            }
            return u;
        }

        /** Proposal re-fits done so far (0: every draw from the prior). */
        int adaptations() {
            return adaptations;
        }

        /**
         * x(T) of every trial for M sites resampled (systematic resampling, seeded) from the tilted law at the
         * solution: unweighted draws for histograms and kurtosis.
         */
        NdArray finalStates(NdArray phi, NdArray phiHat) {
            evaluate(phi, problem.trainJ() ? phiHat : NdArray.zeros(d, d));
            NdArray states = backend.download(x.columns(problem.steps() * p, p));
            NdArray out = NdArray.zeros(m, p);
            double u = Rng.stream(settings.seed(), "equilibrium-resample").uniform() / m;
            double cumulative = omega[0];
            int source = 0;
            for (int i = 0; i < m; i++) {
                double level = u + (double) i / m;
                while (cumulative < level && source < m - 1) {
                    source++;
                    cumulative += omega[source];
                }
                for (int mu = 0; mu < p; mu++) {
                    out.set(states.get(source, mu), i, mu);
                }
            }
            return out;
        }

        /**
         * E phi'(x) phi'(x)^T over the tilted law of the last {@link #evaluate} (call after {@link #finalStates}):
         * the slope kernel of eq. 7.4, with the same control variate as the kernel (eq. 5.16) when enabled.
         */
        NdArray slopeKernel(NdArray phi) {
            double[] ph = backend.download(phiX).data();
            NdArray tilted = weightedGram(ph, omega, d, weighted, kernel, Scale.DERIVATIVE);
            if (!settings.controlVariate()) {
                return tilted;
            }
            if (!problem.trainJ()) {
                return untilted.slopes(phi);
            }
            priorWeights(logCorrection, group, groups, priorOmega);
            NdArray plain = weightedGram(ph, priorOmega, d, weighted, kernel, Scale.DERIVATIVE);
            return Dense.positivePart(Dense.plus(untilted.slopes(phi), 1.0, Dense.plus(tilted, -1.0, plain)));
        }

        String describe() {
            String sites = chains != null ? "site chains (pCN resample-move, eqs. 5.17-5.18, " + settings.mcmcSweeps()
                    + " sweeps per refresh)" : "importance-sampled sites (eq. 5.14)";
            return sites + ", M = " + m + (quenched ? ", K = " + group : "")
                    + (settings.proposal() == SiteProposal.ADAPTED ? ", adapted defensive proposal (eq. 5.15)" : "");
        }

        @Override
        public Moments evaluate(NdArray phi, NdArray conjugate) {
            double g2 = problem.g() * problem.g();
            Tensor factorOnDevice = backend.upload(fieldFactor(phi));
            integrate(draws, factorOnDevice);
            backend.release(factorOnDevice);
            double[] ph = backend.download(phiX).data();
            if (chains != null && Dense.maxAbs(conjugate) == 0) {
                // no tilt (the gamma = 0 stage): the site law is the prior, whose kernel is known exactly (eq. 5.16);
                // the chains' sampled kernel of the driven reach task (D = 728) took > 50 iterations at change 0.03
                java.util.Arrays.fill(omega, 1.0 / m);
                return new Moments(untilted.of(phi), NdArray.zeros(d, d), 1.0);
            }
            if (!problem.trainJ()) {
                java.util.Arrays.fill(omega, 1.0 / m);
                // no tilt: the control-variate estimate is the exact untilted kernel itself
                NdArray k = settings.controlVariate() ? untilted.of(phi) : weightedGram(ph, omega, d, weighted, kernel, Scale.VALUE);
                return new Moments(k, NdArray.zeros(d, d), 1.0);
            }
            Tensor conj = backend.upload(conjugate);
            backend.gemm(false, false, 1.0, phiX, conj, 0.0, w);
            backend.release(conj);
            double[] wv = backend.download(w).data();
            Weights weights = weights(ph, wv, logCorrection, d, group, groups, omega);
            logPartition = weights.logPartition();
            NdArray phiNew = weightedGram(ph, omega, d, weighted, kernel, Scale.VALUE);
            if (settings.controlVariate()) {
                // eq. 5.16: the same paths weighted by prior / proposal alone estimate the untilted kernel,
                // known exactly; their difference carries most of the quenched and sampling noise
                priorWeights(logCorrection, group, groups, priorOmega);
                NdArray plain = weightedGram(ph, priorOmega, d, weighted, kernel, Scale.VALUE);
                // unlike a weighted Gram matrix the sum can be indefinite: project onto the PSD cone
                phiNew = Dense.positivePart(Dense.plus(untilted.of(phi), 1.0, Dense.plus(phiNew, -1.0, plain)));
            }
            NdArray moment = pathwiseMoment(ph, wv, omega, d, conjugate, weighted, kernel);
            NdArray recurrent = Dense.scaled(Dense.embedLeading(Dense.congruence(filter, moment), d), g2);
            return new Moments(phiNew, recurrent, weights.essFraction());
        }
    }

    /** E_q log Z_site of the last {@link Sites#evaluate} (0 when J is frozen). */
    static double lastLogPartition(Sites s) {
        return s.logPartition;
    }

    /** Mean over groups of ESS / K, and E_q log Z_site = mean over groups of log mean exp(psi) (eq. 5.8). */
    private record Weights(double essFraction, double logPartition) {
    }

    /** Weights exp(psi_i) (times prior / proposal density, eq. 5.15) into omega, normalized as {@link #normalizeInGroups}. */
    private static Weights weights(double[] ph, double[] wv, double[] logCorrection, int d, int group, int groups,
                                   double[] omega) {
        return logWeights(halfQuadratic(ph, wv, d), logCorrection, group, groups, omega);
    }

    /** Weights exp(psi_i + logCorrection_i) into omega, normalized as {@link #normalizeInGroups}. */
    private static Weights logWeights(double[] psi, double[] logCorrection, int group, int groups, double[] omega) {
        for (int i = 0; i < omega.length; i++) {
            omega[i] = psi[i] + (logCorrection == null ? 0 : logCorrection[i]);
        }
        return normalizeInGroups(omega, group, groups);
    }

    /** Per row i: phi_i . w_i / 2 with w = phi Phihat, i.e. psi = phi^T Phihat phi / 2. */
    private static double[] halfQuadratic(double[] ph, double[] wv, int d) {
        int m = ph.length / d;
        double[] psi = new double[m];
        for (int i = 0; i < m; i++) {
            double acc = 0;
            for (int c = 0; c < d; c++) {
                acc += ph[i * d + c] * wv[i * d + c];
            }
            psi[i] = 0.5 * acc;
        }
        return psi;
    }

    /** Weights prior / proposal (no tilt), self-normalized within each group like {@link #weights}. */
    private static void priorWeights(double[] logCorrection, int group, int groups, double[] out) {
        if (logCorrection == null) {
            java.util.Arrays.fill(out, 1.0 / out.length);
            return;
        }
        System.arraycopy(logCorrection, 0, out, 0, out.length);
        normalizeInGroups(out, group, groups);
    }

    /**
     * Log weights in {@code omega} to weights self-normalized within each group and divided by the number of
     * groups (so they sum to 1), in place; ESS = 1 / sum (normalized weight)^2 per group.
     */
    private static Weights normalizeInGroups(double[] omega, int group, int groups) {
        double essSum = 0;
        double logSum = 0;
        for (int q = 0; q < groups; q++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = q * group; i < (q + 1) * group; i++) {
                max = Math.max(max, omega[i]);
            }
            double sum = 0;
            for (int i = q * group; i < (q + 1) * group; i++) {
                omega[i] = Math.exp(omega[i] - max);
                sum += omega[i];
            }
            logSum += max + Math.log(sum / group);
            double sq = 0;
            for (int i = q * group; i < (q + 1) * group; i++) {
                omega[i] /= sum;
                sq += omega[i] * omega[i];
                omega[i] /= groups;
            }
            essSum += 1.0 / (sq * group);
        }
        return new Weights(essSum / groups, logSum / groups);
    }

    private enum Scale { VALUE, DERIVATIVE }

    /** sum_i omega_i v_i v_i^T with v = phi or phi' of the sampled paths (one GEMM of row-scaled samples). */
    private NdArray weightedGram(double[] ph, double[] omega, int d, Tensor scratch, Tensor kernel, Scale what) {
        int m = omega.length;
        NdArray rows = NdArray.zeros(m, d);
        double[] r = rows.data();
        Phi f = problem.phi();
        for (int i = 0; i < m; i++) {
            double s = Math.sqrt(omega[i]);
            for (int c = 0; c < d; c++) {
                double v = ph[i * d + c];
                r[i * d + c] = s * (what == Scale.VALUE ? v : f.derivativeFromValue(v));
            }
        }
        return gram(rows, scratch, kernel);
    }

    private NdArray gram(NdArray rows, Tensor scratch, Tensor kernel) {
        backend.write(rows, scratch);
        backend.gemm(true, false, 1.0, scratch, scratch, 0.0, kernel);
        return Dense.symmetrized(backend.download(kernel));
    }

    /**
     * The tilted average in eq. 5.10, {@code <(phi'.*w)(phi'.*w)^T + (phi' phi'^T).*Phihat + diag(phi''.*w)>},
     * w = Phihat phi: the gradient outer product and the Hessian of psi = phi^T Phihat phi / 2 with respect to x.
     */
    private NdArray pathwiseMoment(double[] ph, double[] wv, double[] omega, int d, NdArray conjugate,
                                   Tensor scratch, Tensor kernel) {
        int m = omega.length;
        Phi f = problem.phi();
        NdArray rows = NdArray.zeros(m, d);
        double[] r = rows.data();
        double[] diag = new double[d];
        for (int i = 0; i < m; i++) {
            double s = Math.sqrt(omega[i]);
            for (int c = 0; c < d; c++) {
                double v = ph[i * d + c];
                r[i * d + c] = s * f.derivativeFromValue(v) * wv[i * d + c];
                diag[c] += omega[i] * f.secondDerivativeFromValue(v) * wv[i * d + c];
            }
        }
        NdArray outer = gram(rows, scratch, kernel);
        NdArray slopes = f == Phi.LINEAR ? null : weightedGram(ph, omega, d, scratch, kernel, Scale.DERIVATIVE);
        double[] o = outer.data();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double slope = slopes == null ? 1.0 : slopes.get(i, j);
                o[i * d + j] += slope * conjugate.get(i, j);
            }
            o[i * d + i] += diag[i];
        }
        return outer;
    }

    /** U . I(t) per site over the field indices: U per quenched group when frozen, per site when sampled. */
    private Tensor inputDrive(int m, int group) {
        Tensor drive = backend.zeros(m, problem.fieldDim());
        int dIn = problem.task().inputDim();
        if (dIn == 0) {
            return drive;
        }
        NdArray u = NdArray.zeros(m, dIn);
        int stride = problem.trainU() ? 1 : group;
        for (int a = 0; a < dIn; a++) {
            Rng rng = Rng.stream(settings.seed(), "equilibrium-U-" + a);
            // sampled U is annealed: i.i.d. per site; frozen U is quenched: placed like x(0)
            double[] v = problem.trainU() ? QuenchedSampling.INDEPENDENT.draws(rng, m)
                    : settings.quenchedSampling().draws(rng, m / group);
            for (int i = 0; i < m; i++) {
                u.set(v[i / stride], i, a);
            }
        }
        Tensor uDev = backend.upload(u);
        Tensor inputs = backend.upload(TaskBatch.timeMajor(problem.task().inputs()));
        backend.gemm(false, false, 1.0, uDev, inputs, 0.0, drive);
        return drive;
    }

    /** x(0) ~ N(0, q0) per trial, one draw per quenched group, placed by the settings' quenched sampling. */
    private NdArray initialStates(int m, int group) {
        int p = problem.trials();
        NdArray x0 = NdArray.zeros(m, p);
        double sd = Math.sqrt(problem.q0());
        for (int mu = 0; mu < p; mu++) {
            double[] v = settings.quenchedSampling().draws(Rng.stream(settings.seed(), "equilibrium-x0-" + mu), m / group);
            for (int i = 0; i < m; i++) {
                x0.set(sd * v[i / group], i, mu);
            }
        }
        return x0;
    }

}
