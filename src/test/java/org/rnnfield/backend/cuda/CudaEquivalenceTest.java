package org.rnnfield.backend.cuda;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnfield.analysis.PopulationKernels;
import org.rnnfield.array.NdArray;
import org.rnnfield.array.Rng;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Precision;
import org.rnnfield.backend.Tensor;
import org.rnnfield.backend.cpu.CpuBackend;
import org.rnnfield.dmft.DmftProblem;
import org.rnnfield.dmft.IterationListener;
import org.rnnfield.dmft.MonteCarloDmft;
import org.rnnfield.dmft.MonteCarloSettings;
import org.rnnfield.dynamics.Backprop;
import org.rnnfield.dynamics.DeviceNetwork;
import org.rnnfield.dynamics.ForwardPass;
import org.rnnfield.dynamics.Gradients;
import org.rnnfield.dynamics.LossEvaluation;
import org.rnnfield.dynamics.TaskBatch;
import org.rnnfield.dynamics.Trajectory;
import org.rnnfield.dynamics.Weight;
import org.rnnfield.cli.Main;
import org.rnnfield.dmft.training.TrainingDmft;
import org.rnnfield.dmft.training.TrainingDmftProblem;
import org.rnnfield.dmft.training.TrainingDmftResult;
import org.rnnfield.dmft.training.TrainingDmftSettings;
import org.rnnfield.model.ConfigException;
import org.rnnfield.model.InitialState;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;
import org.rnnfield.model.Phi;
import org.rnnfield.task.TaskConfig;
import org.rnnfield.task.TaskData;
import org.rnnfield.train.Optimizer;
import org.rnnfield.train.TrainSpec;
import org.rnnfield.train.Trainer;
import org.rnnfield.train.TrainingListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CUDA against the CPU reference. Tolerances: float64 1e-10 relative (both compute the same sums
 * in a different order); float32 2e-4 relative for one GEMM-dominated pass (sums of N products
 * carry ~sqrt(N) 6e-8) and 2e-3 through T = 20 Euler steps and their adjoint, where rounding
 * differences are propagated by the (chaotic, g = 1.5) Jacobian.
 *
 * <p>Without a GPU these tests run against the CUDA driver emulator (native/cuda-emulator, a second
 * surefire execution): that proves JCuda's binding, our launches and the kernels' logic, not GPU
 * arithmetic. bench/gpu/run.sh runs them on a real device.
 */
@Tag("gpu")
class CudaEquivalenceTest {
    @BeforeEach
    void needsDevice() {
        CudaDevice.assumeAvailable();
    }

    private static double tolerance(Precision p, boolean deep) {
        return p == Precision.FLOAT64 ? 1e-10 : (deep ? 2e-3 : 2e-4);
    }

    private static void close(NdArray gpu, NdArray cpu, double tol, String what) {
        double d = PopulationKernels.relativeDistance(gpu, cpu);
        assertTrue(d < tol, what + ": relative distance " + d + " >= " + tol);
    }

    /** Every tiling of {@link GemmTiling}, each transpose, both precisions, on sizes that are not tile multiples. */
    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @CsvSource({"FLOAT64, 37, 53, 29", "FLOAT32, 37, 53, 29", "FLOAT64, 150, 140, 45", "FLOAT32, 150, 140, 45",
            "FLOAT64, 130, 3, 150", "FLOAT32, 130, 3, 150", "FLOAT64, 100, 16, 70", "FLOAT32, 100, 16, 70",
            "FLOAT64, 70, 29, 200", "FLOAT32, 70, 29, 200"})
    void gemmMatchesBlasForEveryTilingAndTranspose(Precision p, int m, int n, int k) {
        Rng r = new Rng(2);
        try (CudaBackend gpu = new CudaBackend(p)) {
            CpuBackend cpu = new CpuBackend(p);
            Backend[] bes = {gpu, cpu};
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                NdArray[] abc = org.rnnfield.backend.BackendContract.gemmOperands(r, ta, tb, m, n, k);
                NdArray[] out = new NdArray[2];
                for (int i = 0; i < 2; i++) {
                    Tensor tc = bes[i].upload(abc[2]);
                    bes[i].gemm(ta, tb, 0.7, bes[i].upload(abc[0]), bes[i].upload(abc[1]), -0.3, tc);
                    out[i] = bes[i].download(tc);
                }
                close(out[0], out[1], tolerance(p, false), GemmTiling.of(m, n) + " gemm transA=" + ta + " transB=" + tb);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} N={2} B={3}")
    @CsvSource({"FLOAT64, TANH, 50, 1", "FLOAT64, TANH, 130, 7", "FLOAT64, LINEAR, 130, 7",
            "FLOAT32, TANH, 130, 7", "FLOAT32, LINEAR, 50, 1"})
    void forwardTrajectoryAndGradientsMatchTheCpu(Precision p, Phi phi, int n, int trials) {
        NetworkSpec spec = new NetworkSpec(n, phi == Phi.TANH ? 1.5 : 0.8, 0.7, 1.0, 0.1, phi, InitialState.GAUSSIAN, 1.0, 2, 2);
        Rng r = new Rng(9);
        NdArray mask = NdArray.zeros(trials, 20);
        java.util.Arrays.fill(mask.data(), 1.0);
        TaskData task = new TaskData(r.normal(1, trials, 20, 2), r.normal(0.3, trials, 20, 2), mask);
        Parameters params = Parameters.initialize(spec, trials, 5);
        NdArray[][] results = new NdArray[2][];
        try (CudaBackend gpu = new CudaBackend(p)) {
            Backend[] bes = {gpu, new CpuBackend(p)};
            for (int i = 0; i < 2; i++) {
                Backend be = bes[i];
                DeviceNetwork net = new DeviceNetwork(be, spec, params);
                TaskBatch batch = new TaskBatch(be, task);
                Trajectory traj = new Trajectory(be, n, trials, 20, 2);
                ForwardPass.run(net, batch, traj);
                LossEvaluation loss = LossEvaluation.of(be, traj, task);
                Gradients g = new Gradients(be, spec, EnumSet.allOf(Weight.class));
                Backprop.run(net, batch, traj, loss.dLdy(), g);
                results[i] = new NdArray[]{traj.statesToHost(be).reshape(trials * 21, n), be.download(g.get(Weight.J)),
                        be.download(g.get(Weight.U)), be.download(g.get(Weight.V))};
            }
        }
        String[] names = {"trajectory", "dL/dJ", "dL/dU", "dL/dV"};
        for (int k = 0; k < names.length; k++) {
            close(results[0][k], results[1][k], tolerance(p, true), names[k]);
        }
    }

    @Test
    void shortTrainingRunMatchesTheCpu() {
        NetworkSpec spec = new NetworkSpec(100, 1.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        org.rnnfield.task.TaskConfig tc = new org.rnnfield.task.TaskConfig();
        tc.duration = 3.0;
        TaskData task = tc.build().generate(0.1);
        TrainSpec ts = new TrainSpec(1.0, 20, Optimizer.GD, EnumSet.of(Weight.J, Weight.V), 0, 0);
        double[] cpu = new Trainer(new CpuBackend(Precision.FLOAT64), spec, task, ts)
                .train(Parameters.initialize(spec, 1, 1), null, TrainingListener.NONE).history().losses();
        try (CudaBackend gpu = new CudaBackend(Precision.FLOAT64)) {
            double[] g = new Trainer(gpu, spec, task, ts).train(Parameters.initialize(spec, 1, 1), null, TrainingListener.NONE)
                    .history().losses();
            for (int i = 0; i < cpu.length; i++) {
                assertTrue(Math.abs(g[i] - cpu[i]) <= 1e-9 * cpu[i], "step " + i + ": " + g[i] + " vs " + cpu[i]);
            }
        }
    }

    @Test
    void dmftKernelsMatchTheCpu() {
        try (CudaBackend gpu = new CudaBackend(Precision.FLOAT64)) {
            CpuBackend cpu = new CpuBackend(Precision.FLOAT64);
            DmftProblem problem = new DmftProblem(1.5, 1.0, 0.1, Phi.TANH, 0.5, new Rng(3).normal(0.5, 2, 20, 2));
            MonteCarloSettings s = new MonteCarloSettings(1000, 1.0, 1e-6, 30, 1, false, true, 1);
            NdArray kg = new MonteCarloDmft(gpu, problem, s).solve(IterationListener.NONE).phi();
            NdArray kc = new MonteCarloDmft(cpu, problem, s).solve(IterationListener.NONE).phi();
            close(kg, kc, 1e-9, "DMFT kernel");
        }
    }

    /**
     * The trained-network DMFT (theory.md section 3) runs unchanged on CUDA: every GEMM, step and normal.
     * Solved to 1e-10 so both stop at the same fixed point (at 1e-4 their iteration paths differ and the
     * losses by ~1e-6); 1e-8 then allows for the response solves, whose ridge (1e-5) amplifies the
     * ~1e-15 differences in summation order by up to 1e5 (measured: 2e-10 and 8e-10 at steps 1, 2). With pathwise
     * responses the defaults' orthonormal draws and probes (eqs. 3.10-3.11: Gram GEMMs over column views, host
     * Cholesky, the transform applied on the device) are part of what runs on CUDA.
     */
    @ParameterizedTest
    @EnumSource(org.rnnfield.dmft.training.ResponseEstimator.class)
    void trainedNetworkDmftMatchesTheCpu(org.rnnfield.dmft.training.ResponseEstimator responses) {
        TaskConfig c = new TaskConfig();
        c.duration = 3.0;
        TaskData task = c.build().generate(0.2);
        NetworkSpec spec = new NetworkSpec(1000, 1.5, 1.0, 1.0, 0.2, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        TrainSpec train = new TrainSpec(0.5, 2, Optimizer.GD, EnumSet.of(Weight.J, Weight.V), 0, 0);
        TrainingDmftSettings s = TrainingDmftSettings.of(responses, 600, 3).withTolerance(1e-10, 200).withBlockSize(256);
        TrainingDmftResult[] r = new TrainingDmftResult[2];
        try (CudaBackend gpu = new CudaBackend(Precision.FLOAT64)) {
            Backend[] bes = {gpu, new CpuBackend(Precision.FLOAT64)};
            for (int i = 0; i < 2; i++) {
                long before = bes[i].allocatedBytes();
                r[i] = new TrainingDmft(bes[i], new TrainingDmftProblem(spec, task, train), s).solve(TrainingDmft.Listener.NONE);
                assertEquals(before, bes[i].allocatedBytes(), "device memory returned after the solve");
            }
        }
        for (int n = 0; n < r[0].loss().length; n++) {
            assertEquals(r[1].loss()[n], r[0].loss()[n], 1e-8 * r[1].loss()[n], responses + " DMFT loss at step " + n);
        }
        close(r[0].phi(), r[1].phi(), 1e-8, "trained DMFT kernel");
    }

    /** A tensor larger than any GPU's memory is refused with the memory it needs, not a crash. */
    @Test
    void outOfMemoryNamesTheMemoryNeeded() {
        try (CudaBackend gpu = new CudaBackend(Precision.FLOAT32)) {
            ConfigException e = assertThrows(ConfigException.class, () -> gpu.zeros(400_000, 400_000));
            assertTrue(e.getMessage().startsWith("out of GPU memory: a 400000 x 400000 float32 tensor needs 610351.6 MiB"),
                    e.getMessage());
            Tensor small = gpu.zeros(3, 2);
            gpu.fill(small, 2.0);
            assertEquals(24.0, gpu.sumSquares(small), 0.0, "the backend still works after the refusal");
            assertEquals(24, gpu.allocatedBytes(), "the refused tensor is not counted");
        }
    }

    /**
     * The device's memory, not the CPU's array limit, bounds N on CUDA: a network wider than any GPU holds is refused
     * when J is allocated, with the memory it needs; below that, J drawn on the device is the CPU's to rounding.
     */
    @Test
    void networkWidthIsTheDevicesMemory() {
        NetworkSpec huge = new NetworkSpec(300_000, 1.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        NetworkSpec small = new NetworkSpec(33, 1.5, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 1, 1);
        try (CudaBackend gpu = new CudaBackend(Precision.FLOAT64); CpuBackend cpu = new CpuBackend(Precision.FLOAT64)) {
            ConfigException e = assertThrows(ConfigException.class, () -> DeviceNetwork.drawnOnDevice(gpu, huge, 1, 1));
            assertTrue(e.getMessage().startsWith("out of GPU memory: a 300000 x 300000 float64 tensor"), e.getMessage());
            assertEquals(0, gpu.allocatedBytes(), "the refused J is not counted");
            NdArray onGpu = gpu.download(DeviceNetwork.drawnOnDevice(gpu, small, 2, 5).tensor(Weight.J));
            NdArray onCpu = cpu.download(DeviceNetwork.drawnOnDevice(cpu, small, 2, 5).tensor(Weight.J));
            close(onGpu, onCpu, 1e-12, "J drawn on the device (Philox; the device's log/sin/cos to rounding)");
        }
    }

    /**
     * The equilibrium DMFT's site chains (docs/theory.md eqs. 5.17-5.18) are written against Backend: on CUDA the same
     * solve (Philox proposals, GEMM paths, host acceptance) gives the CPU's kernel, and returns its memory.
     */
    @Test
    void siteChainsMatchTheCpu() {
        org.rnnfield.task.TaskData task = new org.rnnfield.task.PeriodicTarget("sine", new double[]{0.2}, new double[]{1.0},
                1.0, 0.0, 0.5, 1.0, 1).generate(0.1);
        org.rnnfield.dmft.equilibrium.EquilibriumProblem problem = new org.rnnfield.dmft.equilibrium.EquilibriumProblem(
                1.5, 1.0, 0.1, Phi.TANH, 1.0, 0.3, 60, true, false, task);
        org.rnnfield.dmft.equilibrium.EquilibriumSettings settings = org.rnnfield.dmft.equilibrium.EquilibriumSettings
                .defaults(3).withSamples(400).withGroups(10, org.rnnfield.dmft.equilibrium.QuenchedSampling.LATIN_HYPERCUBE)
                .withSiteChains(5, 0.5);
        try (CudaBackend gpu = new CudaBackend(Precision.FLOAT64)) {
            var onGpu = new org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft(gpu, problem, settings).solve();
            var onCpu = new org.rnnfield.dmft.equilibrium.SampledEquilibriumDmft(new CpuBackend(Precision.FLOAT64), problem,
                    settings).solve();
            assertEquals(onCpu.chains().refreshes(), onGpu.chains().refreshes());
            assertTrue(onGpu.chains().refreshes() >= 1, onGpu.chains().toString());
            close(onGpu.phi(), onCpu.phi(), 1e-8, "site-chain kernel");
            assertEquals(0, gpu.allocatedBytes(), "the solve returns every byte");
        }
    }

    /** The CLI trains on --backend cuda and records the device in its summary. */
    @Test
    void cliTrainsOnCuda(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        Path out = tmp.resolve("run");
        int code = Main.run("train", "--backend", "cuda", "--N", "64", "--steps", "3", "--out", out.toString());
        assertEquals(0, code, "exit code");
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("cuda"), summary);
    }

    /** The analyses are written once against Backend: Lyapunov exponents and replica divergence agree, and return their memory. */
    @Test
    void analysesMatchTheCpu() {
        NetworkSpec spec = new NetworkSpec(70, 2.0, 1.0, 1.0, 0.1, Phi.TANH, InitialState.GAUSSIAN, 1.0, 0, 1);
        Parameters p = Parameters.initialize(spec, 1, 4);
        double[] x0 = p.x0().column(0);
        try (CudaBackend gpu = new CudaBackend(Precision.FLOAT64)) {
            CpuBackend cpu = new CpuBackend(Precision.FLOAT64);
            double[][] exponents = new double[2][];
            double[][] distances = new double[2][];
            Backend[] bes = {gpu, cpu};
            for (int i = 0; i < 2; i++) {
                long before = bes[i].allocatedBytes();
                exponents[i] = org.rnnfield.analysis.LyapunovSpectrum.compute(bes[i], spec, p, x0,
                        org.rnnfield.analysis.Rollout.Drive.NONE, 50, 300, 3, 1).exponents();
                distances[i] = org.rnnfield.analysis.ReplicaDivergence.run(bes[i], spec, p, x0,
                        org.rnnfield.analysis.Rollout.Drive.NONE, 1e-6, 200, 1).distance();
                assertEquals(before, bes[i].allocatedBytes(), "the analyses return their device memory");
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(exponents[1][k], exponents[0][k], 1e-8 * Math.max(1, Math.abs(exponents[1][k])), "exponent " + k);
            }
            // chaotic (g = 2): rounding differences grow like the separation itself, so compare the early part
            close(new NdArray(new int[]{1, 50}, java.util.Arrays.copyOf(distances[0], 50)),
                    new NdArray(new int[]{1, 50}, java.util.Arrays.copyOf(distances[1], 50)), 1e-6, "replica distance");
        }
    }
}
