package org.rnnfield.dmft.equilibrium;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.sample.LangevinSampler;
import org.rnnfield.sample.LangevinSpec;
import org.rnnfield.sample.SampleSummary;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.TrainingListener;

import java.util.EnumSet;

/**
 * Theory beside Langevin networks, for the numbers in docs/theory.md section 5.4 (a harness, not a test):
 * {@code java -cp target/classes:target/test-classes:<deps> -Dg.phi=TANH -Dg.gamma=1 -Dg.n=250,500
 * org.rnnfield.dmft.equilibrium.EquilibriumValidation}.
 */
public final class EquilibriumValidation {
    public static void main(String[] args) {
        double gamma = Double.parseDouble(System.getProperty("g.gamma", "0.5"));
        double beta = Double.parseDouble(System.getProperty("g.beta", "60"));
        double h = Double.parseDouble(System.getProperty("g.h", "0.02"));
        int window = Integer.parseInt(System.getProperty("g.window", "3000"));
        String phiName = System.getProperty("g.phi", "LINEAR");
        Phi phi = Phi.valueOf(phiName);
        double g = phi == Phi.LINEAR ? 0.8 : 1.5;
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 6.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        EquilibriumProblem pr = new EquilibriumProblem(g, 1.0, 0.1, phi, 1.0, gamma, beta, true, false, task);
        EquilibriumSettings s = EquilibriumSettings.defaults(1).withSamples(Integer.parseInt(System.getProperty("g.samples", "32000")));
        long t0 = System.nanoTime();
        CpuBackend be = new CpuBackend(Precision.FLOAT64);
        EquilibriumResult th = phi == Phi.LINEAR ? new LinearEquilibriumDmft(pr, s).solve() : new SampledEquilibriumDmft(be, pr, s).solve();
        System.out.printf("theory gamma %g beta %g: loss %.5g it %d stages %d %.1fs%n", gamma, beta, th.loss(), th.iterations(), th.stages().size(), (System.nanoTime() - t0) * 1e-9);
        ReadoutPosterior rp = new ReadoutPosterior(pr);
        for (String ns : System.getProperty("g.n", "250,500").split(",")) {
            int n = Integer.parseInt(ns);
            NetworkSpec spec = new NetworkSpec(n, g, gamma, 1.0, 0.1, phi, InitialState.GAUSSIAN, 1.0, task.inputDim(), task.outputDim());
            LangevinSpec ls = new LangevinSpec(beta, h, window / 5, window, Integer.getInteger("g.chains", 2), EnumSet.of(Weight.J, Weight.V), 3, 0);
            t0 = System.nanoTime();
            var chains = new LangevinSampler(be, spec, task, ls).run(Parameters.initialize(spec, 1, 7), TrainingListener.NONE);
            SampleSummary sum = SampleSummary.of(chains, task, ls.burnIn());
            double num = 0, den = 0;
            for (int k = 0; k < task.steps(); k++) {
                double d = sum.output().get(0, k, 0) - th.output().get(0, k, 0);
                num += d * d;
                den += th.output().get(0, k, 0) * th.output().get(0, k, 0);
            }
            double excess = rp.finiteSizeExcess(th.phi(), n);
            System.out.printf("N %d: loss %.5g +- %.2g (theory %.5g + excess %.3g = %.5g) rhat %.3f tau %.1f | output rel dist %.4f | kernel rel dist %.4f  %.0fs%n",
                    n, sum.loss(), sum.lossStdErr(), th.loss(), excess, th.loss() + excess, sum.outputRHatMax(), sum.lossAutocorrelationTimes()[0],
                    Math.sqrt(num / den), PopulationKernels.relativeDistance(sum.kernel(), th.phi()), (System.nanoTime() - t0) * 1e-9);
        }
    }
}
