package org.rnnfield.dmft;

import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;

/**
 * Causal marching against the exact recursion at long horizons (docs/theory.md section 6; a harness, not a
 * test): {@code -Dg.durations=40,100 -Dg.samples=10000,20000}, sine task, tanh g = 1.5 and 2, linear g = 0.8.
 */
public final class LongHorizonMeasurement {
    public static void main(String[] args) {
        CpuBackend backend = new CpuBackend(Precision.FLOAT64);
        for (String dur : System.getProperty("g.durations", "40,100").split(",")) {
            TaskConfig task = new TaskConfig();
            task.duration = Double.parseDouble(dur);
            for (String[] c : new String[][]{{"TANH", "1.5"}, {"TANH", "2.0"}, {"LINEAR", "0.8"}}) {
                DmftProblem problem = new DmftProblem(Double.parseDouble(c[1]), 1.0, 0.1, Phi.valueOf(c[0]), 1.0,
                        task.build().generate(0.1).inputs());
                long t0 = System.nanoTime();
                CausalKernelRecursion.Kernels exact = new CausalKernelRecursion(problem, 24).solve();
                double exactSeconds = (System.nanoTime() - t0) * 1e-9;
                for (String ms : System.getProperty("g.samples", "10000").split(",")) {
                    t0 = System.nanoTime();
                    MonteCarloDmft.Result r = new CausalMarchingDmft(backend, problem,
                            MonteCarloSettings.defaults(Integer.parseInt(ms), 1)).solve();
                    int last = problem.steps();
                    System.out.printf("T = %d steps, %s g = %s, M = %s: Phi distance %.4f, C(T,T) %.4f vs %.4f, %.1f s"
                                    + " (exact recursion %.1f s)%n", last, c[0], c[1], ms,
                            PopulationKernels.relativeDistance(r.phi(), exact.phi()), r.c().get(last, last),
                            exact.c().get(last, last), (System.nanoTime() - t0) * 1e-9, exactSeconds);
                }
            }
        }
    }
}
