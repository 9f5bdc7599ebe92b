package org.rnnfield.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The CPU matrix-library candidates on square double GEMM (2 n^3 flops): how the CPU backend's
 * library was chosen (bench/README.md). Pure-Java netlib runs with and without the Vector API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class GemmBenchmark {
    @Param({"1000", "2000"})
    public int n;

    private double[] a;
    private double[] b;
    private double[] c;
    private DMatrixRMaj ma;
    private DMatrixRMaj mb;
    private DMatrixRMaj mc;

    @Setup
    public void setup() {
        Random r = new Random(1);
        a = new double[n * n];
        b = new double[n * n];
        c = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
        }
        ma = RandomMatrices_DDRM.rectangle(n, n, r);
        mb = RandomMatrices_DDRM.rectangle(n, n, r);
        mc = new DMatrixRMaj(n, n);
    }

    private void dgemm(BLAS blas) {
        blas.dgemm("N", "N", n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
    }

    @Benchmark
    public void netlibNative() {
        dgemm(NativeBLAS.getInstance());
    }

    @Benchmark
    public void netlibJava() {
        dgemm(JavaBLAS.getInstance());
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public void netlibJavaVector() {
        dgemm(JavaBLAS.getInstance());
    }

    @Benchmark
    public void ejml() {
        CommonOps_DDRM.mult(ma, mb, mc);
    }
}
