package org.rnnfield.analysis;

import org.rnnfield.array.NdArray;
import org.rnnfield.backend.Backend;
import org.rnnfield.backend.Tensor;
import org.rnnfield.model.NetworkSpec;
import org.rnnfield.model.Parameters;

/**
 * A network stepped one Euler step at a time on a backend (DESIGN.md section 1), for analyses that
 * run past a task's window or need the state between steps (Lyapunov exponents, replicas,
 * autonomous continuation). B columns are B independent copies of the network (trials or replicas).
 */
public final class Rollout {
    /** The input driving step k as a (D_in, B) array, or null for no input (autonomous). */
    @FunctionalInterface
    public interface Drive {
        NdArray at(int step);

        Drive NONE = k -> null;
    }

    private final Backend be;
    private final NetworkSpec spec;
    private final Tensor j;
    private final Tensor u;
    private final Tensor input;
    private final Tensor drive;
    private Tensor x;
    private Tensor phi;
    private Tensor xNext;
    private Tensor phiNext;
    private int steps;

    /** A rollout of the weights {@code p} from the state {@code x0} (N x B). */
    public Rollout(Backend be, NetworkSpec spec, Parameters p, NdArray x0) {
        this.be = be;
        this.spec = spec;
        int n = spec.n();
        int b = x0.dim(1);
        this.j = be.upload(p.j());
        this.u = spec.inputDim() > 0 ? be.upload(p.u()) : null;
        this.input = spec.inputDim() > 0 ? be.zeros(spec.inputDim(), b) : null;
        this.drive = be.zeros(n, b);
        this.x = be.upload(x0);
        this.phi = be.zeros(n, b);
        this.xNext = be.zeros(n, b);
        this.phiNext = be.zeros(n, b);
        be.applyPhi(spec.phi(), x, phi);
    }

    /** x0 repeated in B identical columns (e.g. the K tangent copies of a Lyapunov computation). */
    public static NdArray repeatColumns(double[] x0, int b) {
        NdArray m = NdArray.zeros(x0.length, b);
        for (int i = 0; i < x0.length; i++) {
            for (int c = 0; c < b; c++) {
                m.set(x0[i], i, c);
            }
        }
        return m;
    }

    /** One step x(k) -> x(k+1) with input I(k) = {@code in} ((D_in, B), or null for none). */
    public void step(NdArray in) {
        if (in != null && input != null) {
            be.write(in, input);
            be.gemm(false, false, 1.0, u, input, 0.0, drive);
        } else {
            be.fill(drive, 0.0);
        }
        be.gemm(false, false, spec.recurrentScale(), j, phi, 1.0, drive);
        be.leakyStep(spec.phi(), spec.alpha(), x, drive, xNext, phiNext);
        Tensor t = x;
        x = xNext;
        xNext = t;
        t = phi;
        phi = phiNext;
        phiNext = t;
        steps++;
    }

    /** Runs {@code count} steps with the drive of steps k0..k0+count-1 and returns x after each, (count, N, B). */
    public NdArray record(Drive d, int k0, int count) {
        int n = spec.n();
        int b = x.cols();
        NdArray out = NdArray.zeros(count, n, b);
        for (int k = 0; k < count; k++) {
            step(d.at(k0 + k));
            System.arraycopy(be.download(x).data(), 0, out.data(), k * n * b, n * b);
        }
        return out;
    }

    /** Steps without recording. */
    public void advance(Drive d, int k0, int count) {
        for (int k = 0; k < count; k++) {
            step(d.at(k0 + k));
        }
    }

    public Tensor x() {
        return x;
    }

    public Tensor phi() {
        return phi;
    }

    public Tensor j() {
        return j;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Backend backend() {
        return be;
    }

    public NdArray state() {
        return be.download(x);
    }

    /** Steps taken so far. */
    public int steps() {
        return steps;
    }

    /** A drive from a task's inputs (B, T, D_in): step k < T gets I(k) of each trial, later steps none. */
    public static Drive fromTask(NdArray inputs) {
        int[] trials = new int[inputs.dim(0)];
        java.util.Arrays.setAll(trials, c -> c);
        return columns(inputs, trials);
    }

    /** One trial's drive repeated in {@code copies} columns. */
    public static Drive trialRepeated(NdArray inputs, int trial, int copies) {
        int[] trials = new int[copies];
        java.util.Arrays.fill(trials, trial);
        return columns(inputs, trials);
    }

    /** Column c gets the input of trial {@code trialOfColumn[c]}; no input past the task's T steps. */
    private static Drive columns(NdArray inputs, int[] trialOfColumn) {
        int t = inputs.dim(1);
        int d = inputs.dim(2);
        return k -> {
            if (k >= t || d == 0) {
                return null;
            }
            NdArray m = NdArray.zeros(d, trialOfColumn.length);
            for (int i = 0; i < d; i++) {
                for (int c = 0; c < trialOfColumn.length; c++) {
                    m.set(inputs.get(trialOfColumn[c], k, i), i, c);
                }
            }
            return m;
        };
    }
}
