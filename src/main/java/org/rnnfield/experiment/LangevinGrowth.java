package org.rnnfield.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnnfield.analysis.LyapunovSpectrum;
import org.rnnfield.analysis.Rollout;
import org.rnnfield.analysis.SlopeKernel;
import org.rnnfield.analysis.Statistics;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.dmft.PerturbationGrowth;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.task.TaskData;

/**
 * Growth of perturbations in Langevin-trained networks (chaos-order): every snapshot of a {@link LangevinEnsemble}
 * is measured over the training window, its largest Lyapunov exponent and its bulk growth with its own slopes
 * (docs/theory.md eq. 7.4), so that the theory of section 7 meets the ensemble it describes. Exponents of
 * successive snapshots of a chain are correlated: the standard error is across chains (across snapshots when
 * there is one chain, then an underestimate).
 *
 * @param meanSlope mean over the window of q(t, t) = (1/N) sum_i phi'(x_i(t))^2
 */
record LangevinGrowth(LangevinEnsemble.Sampled sampled, double lyapunov, double lyapunovStdErr, double ownBulk,
                      double ownBulkStdErr, double meanSlope, double[] chainLyapunov) {

    static LangevinGrowth measure(LangevinEnsemble ensemble, Backend be, NetworkSpec spec, TaskData window, double beta,
                                  long seed) {
        Rollout.Drive drive = Rollout.trialRepeated(window.inputs(), 0, 1);
        int steps = window.steps();
        int chains = ensemble.chains();
        int snapshots = ensemble.snapshots();
        double[] chainLyap = new double[chains];
        double[] chainBulk = new double[chains];
        double[] lyap = new double[chains * snapshots];
        double[] bulk = new double[chains * snapshots];
        double[] slope = new double[chains * snapshots];
        int[] count = new int[chains];
        LangevinEnsemble.Sampled sampled = ensemble.sample(be, spec, window, beta, seed, (chain, p) -> {
            double[] x0 = p.x0().column(0);
            NdArray own = SlopeKernel.ofNetwork(be, spec, p, x0, drive, steps);
            int i = chain * snapshots + count[chain]++;
            lyap[i] = LyapunovSpectrum.compute(be, spec, p, x0, drive, 0, steps, 1, seed).largest();
            bulk[i] = PerturbationGrowth.of(own, spec.g(), spec.alpha(), spec.dt(), steps).rate();
            for (int t = 0; t < steps; t++) {
                slope[i] += own.get(t, t) / steps;
            }
            chainLyap[chain] += lyap[i] / snapshots;
            chainBulk[chain] += bulk[i] / snapshots;
        });
        return new LangevinGrowth(sampled, Statistics.mean(lyap), Statistics.stdErr(chains > 1 ? chainLyap : lyap), Statistics.mean(bulk),
                Statistics.stdErr(chains > 1 ? chainBulk : bulk), Statistics.mean(slope), chainLyap);
    }

    ObjectNode record() {
        ObjectNode o = sampled.record();
        o.put("window_lyapunov", lyapunov);
        o.put("window_lyapunov_stderr", lyapunovStdErr);
        o.put("window_bulk_growth_own_slopes", ownBulk);
        o.put("window_bulk_growth_own_slopes_stderr", ownBulkStdErr);
        o.put("mean_slope_qtt", meanSlope);
        java.util.Arrays.stream(chainLyapunov).forEach(o.putArray("chain_window_lyapunov")::add);
        return o;
    }
}
