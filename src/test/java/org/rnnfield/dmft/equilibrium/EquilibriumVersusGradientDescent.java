package org.rnnfield.dmft.equilibrium;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.analysis.Statistics;
import org.rnnfield.analysis.TrainedNetwork;
import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dmft.CausalKernelRecursion;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Phi;
import org.rnnfield.task.PeriodicTarget;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;

import java.util.EnumSet;

/**
 * The equilibrium (Gibbs) theory beside long gradient-descent training of the same task, for docs/theory.md
 * section 5.5 (a harness, not a test): tanh, g = 1.5, sine task T = 60, J and V trained by GD for 2000 steps from
 * the random draw, networks of N = 500 and 1000 (3 seeds), against the theory at beta = 60 and 600. Reported:
 * losses, output distance, kernel distances, and how the kernel moved away from the random network's, as the
 * cosine between the changes dPhi = Phi - Phi_random of the networks and of the theory.
 * {@code java -cp target/classes:target/test-classes:<deps> -Dg.gamma=0.5 org.rnnfield.dmft.equilibrium.EquilibriumVersusGradientDescent}
 */
public final class EquilibriumVersusGradientDescent {
    public static void main(String[] args) {
        double gamma = Double.parseDouble(System.getProperty("g.gamma", "0.5"));
        double eta0 = Double.parseDouble(System.getProperty("g.eta0", "0.5"));
        int steps = Integer.getInteger("g.steps", 2000);
        TaskData task = new PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0}, 6.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        CpuBackend be = new CpuBackend(Precision.FLOAT64);
        EquilibriumProblem base = new EquilibriumProblem(1.5, 1.0, 0.1, Phi.TANH, 1.0, gamma, 60, true, false, task);
        NdArray random = new CausalKernelRecursion(base.randomNetwork(), 32).solve().phi();
        String[] betas = System.getProperty("g.betas", "60,600").split(",");
        EquilibriumResult[] theory = new EquilibriumResult[betas.length];
        for (int b = 0; b < betas.length; b++) {
            double beta = Double.parseDouble(betas[b]);
            EquilibriumProblem pr = new EquilibriumProblem(1.5, 1.0, 0.1, Phi.TANH, 1.0, gamma, beta, true, false, task);
            long t0 = System.nanoTime();
            theory[b] = new SampledEquilibriumDmft(be, pr, EquilibriumSettings.defaults(1)).solve();
            NdArray sites = theory[b].siteSamples();
            double siteKurtosis = sites == null ? Double.NaN : Statistics.excessKurtosis(sites.column(0));
            System.out.printf("theory gamma %g beta %g: loss %.5g, kernel moved %.4f from random, excess kurtosis of sites x(T)"
                            + " %.3f, %.0f s%n", gamma, beta, theory[b].loss(), PopulationKernels.relativeDistance(theory[b].phi(), random),
                    siteKurtosis, (System.nanoTime() - t0) * 1e-9);
        }
        for (String ns : System.getProperty("g.n", "500,1000").split(",")) {
            int n = Integer.parseInt(ns);
            NetworkSpec spec = new NetworkSpec(n, 1.5, gamma, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, task.inputDim(),
                    task.outputDim());
            TrainSpec train = new TrainSpec(eta0, steps, Optimizer.GD, EnumSet.of(Weight.J, Weight.V), 0, 0);
            for (long seed = 1; seed <= Integer.getInteger("g.seeds", 3); seed++) {
                long t0 = System.nanoTime();
                TrainedNetwork net = TrainedNetwork.train(be, spec, task, train, seed);
                double[] l = net.loss();
                double kurt = Statistics.excessKurtosis(net.neuronsAt(task.steps() * task.trials()));
                System.out.printf("N %d seed %d: GD loss at steps 100/500/%d: %.5g %.5g %.5g | kernel moved %.4f from random"
                                + " | excess kurtosis x(T) %.3f | %.0f s%n", n, seed, steps, l[Math.min(100, steps)], l[Math.min(500, steps)],
                        l[steps], PopulationKernels.relativeDistance(net.phi(), random), kurt, (System.nanoTime() - t0) * 1e-9);
                for (int b = 0; b < betas.length; b++) {
                    System.out.printf("    vs beta %s: output distance %.4f, kernel distance %.4f, cos(dPhi_GD, dPhi_eq) %.3f,"
                                    + " |dPhi_GD| / |dPhi_eq| %.3f%n", betas[b],
                            PopulationKernels.relativeDistance(net.outputs(), theory[b].output()),
                            PopulationKernels.relativeDistance(net.phi(), theory[b].phi()),
                            cosine(minus(net.phi(), random), minus(theory[b].phi(), random)),
                            norm(minus(net.phi(), random)) / norm(minus(theory[b].phi(), random)));
                }
            }
        }
    }

    private static NdArray minus(NdArray a, NdArray b) {
        NdArray out = a.copy();
        for (int i = 0; i < out.size(); i++) {
            out.data()[i] -= b.data()[i];
        }
        return out;
    }

    private static double norm(NdArray a) {
        double s = 0;
        for (double v : a.data()) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double cosine(NdArray a, NdArray b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s / (norm(a) * norm(b));
    }
}
