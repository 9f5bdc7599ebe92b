package org.rnnfield.backend.cpu;

import org.rnnfield.model.Phi;

import java.util.stream.IntStream;

/**
 * The CPU backend's element-wise loops, written on the primitive arrays of each precision so that HotSpot's C2
 * vectorizes them (float32 tanh is {@link Phi#tanh(float)}, branch-free), and split over the cores in fixed
 * chunks. Chunk boundaries do not depend on the thread count, so results (the order of the partial sums of
 * {@link #sumSquares} included) are the same on every machine.
 */
final class Elementwise {
    /**
     * Elements per parallel task; shorter loops run on the calling thread. A fork costs a few microseconds,
     * a chunk of 2^15 float32 tanh about 15 us on one core (AMD EPYC, 2026-12-02).
     */
    static final int GRAIN = 1 << 15;

    private Elementwise() {
    }

    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    static void forRange(int length, Range body) {
        forRange(length, GRAIN, body);
    }

    /** As {@link #forRange(int, Range)} with chunks of {@code grain} indices (each index a row or column of work). */
    static void forRange(int length, int grain, Range body) {
        if (length <= grain) {
            body.run(0, length);
            return;
        }
        int chunks = (length + grain - 1) / grain;
        IntStream.range(0, chunks).parallel().forEach(k -> body.run(k * grain, Math.min(length, (k + 1) * grain)));
    }

    /**
     * Whether the float32 loops take the tanh branch (the other is linear); exhaustive, so a new Phi does not
     * compile until these loops know it (the float64 loops call Phi itself).
     */
    private static boolean isTanh(Phi phi) {
        return switch (phi) {
            case TANH -> true;
            case LINEAR -> false;
        };
    }

    /** xNext = (1 - alpha) x + alpha drive, phiNext = phi(xNext). */
    static void leakyStep(Phi phi, double alpha, CpuTensor x, CpuTensor drive, CpuTensor xNext, CpuTensor phiNext) {
        boolean tanh = isTanh(phi);
        if (x instanceof CpuTensor.F32 a && drive instanceof CpuTensor.F32 d && xNext instanceof CpuTensor.F32 n
                && phiNext instanceof CpuTensor.F32 p) {
            float keep = (float) (1 - alpha);
            float al = (float) alpha;
            forRange(a.length(), (from, to) -> leaky32(tanh, keep, al, a.data, a.offset, d.data, d.offset, n.data, n.offset,
                    p.data, p.offset, from, to));
        } else if (x instanceof CpuTensor.F64 a && drive instanceof CpuTensor.F64 d && xNext instanceof CpuTensor.F64 n
                && phiNext instanceof CpuTensor.F64 p) {
            double keep = 1 - alpha;
            forRange(a.length(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double v = keep * a.data[a.offset + i] + alpha * d.data[d.offset + i];
                    n.data[n.offset + i] = v;
                    p.data[p.offset + i] = phi.apply(v);
                }
            });
        } else {
            throw mixed("leakyStep");
        }
    }

    // Loops on primitive arrays with their offsets as arguments. C2 (JDK 17) vectorizes a loop calling
    // Phi.tanh(float) only when its arrays share one offset (measured: 5.9 ns per element with two offsets,
    // 0.6 with one), so the tanh runs in place after the leak is written and copied.
    private static void leaky32(boolean tanh, float keep, float al, float[] x, int xo, float[] d, int d0, float[] n, int no,
                                float[] p, int po, int from, int to) {
        for (int i = from; i < to; i++) {
            n[no + i] = keep * x[xo + i] + al * d[d0 + i];
        }
        System.arraycopy(n, no + from, p, po + from, to - from);
        if (tanh) {
            tanhInPlace(p, po, from, to);
        }
    }

    private static void tanhInPlace(float[] p, int po, int from, int to) {
        for (int i = from; i < to; i++) {
            p[po + i] = Phi.tanh(p[po + i]);
        }
    }

    /** lambda = phi'(x) source + (1 - alpha) lambdaNext, phi'(x) from phiX = phi(x). */
    static void adjointStep(Phi phi, double alpha, CpuTensor phiX, CpuTensor source, CpuTensor lambdaNext, CpuTensor lambda) {
        boolean tanh = isTanh(phi);
        if (phiX instanceof CpuTensor.F32 p && source instanceof CpuTensor.F32 s && lambdaNext instanceof CpuTensor.F32 n
                && lambda instanceof CpuTensor.F32 l) {
            float keep = (float) (1 - alpha);
            forRange(p.length(), (from, to) -> adjoint32(tanh, keep, p.data, p.offset, s.data, s.offset, n.data, n.offset,
                    l.data, l.offset, from, to));
        } else if (phiX instanceof CpuTensor.F64 p && source instanceof CpuTensor.F64 s
                && lambdaNext instanceof CpuTensor.F64 n && lambda instanceof CpuTensor.F64 l) {
            double keep = 1 - alpha;
            forRange(p.length(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    l.data[l.offset + i] = phi.derivativeFromValue(p.data[p.offset + i]) * s.data[s.offset + i]
                            + keep * n.data[n.offset + i];
                }
            });
        } else {
            throw mixed("adjointStep");
        }
    }

    private static void adjoint32(boolean tanh, float keep, float[] p, int po, float[] s, int so, float[] n, int no,
                                  float[] l, int lo, int from, int to) {
        if (tanh) {
            for (int i = from; i < to; i++) {
                float v = p[po + i];
                l[lo + i] = (1 - v * v) * s[so + i] + keep * n[no + i];
            }
        } else {
            for (int i = from; i < to; i++) {
                l[lo + i] = s[so + i] + keep * n[no + i];
            }
        }
    }

    /** dLambda = phi'(x) dSource + phi''(x) dX source + (1 - alpha) dLambdaNext, from phiX = phi(x). */
    static void adjointTangentStep(Phi phi, double alpha, CpuTensor phiX, CpuTensor dX, CpuTensor source, CpuTensor dSource,
                                   CpuTensor dLambdaNext, CpuTensor dLambda) {
        double keep = 1 - alpha;
        if (phiX instanceof CpuTensor.F64 p && dX instanceof CpuTensor.F64 dx && source instanceof CpuTensor.F64 s
                && dSource instanceof CpuTensor.F64 ds && dLambdaNext instanceof CpuTensor.F64 n
                && dLambda instanceof CpuTensor.F64 l) {
            forRange(p.length(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double v = p.data[p.offset + i];
                    l.data[l.offset + i] = phi.derivativeFromValue(v) * ds.data[ds.offset + i]
                            + phi.secondDerivativeFromValue(v) * dx.data[dx.offset + i] * s.data[s.offset + i]
                            + keep * n.data[n.offset + i];
                }
            });
        } else if (phiX instanceof CpuTensor.F32 p && dX instanceof CpuTensor.F32 dx && source instanceof CpuTensor.F32 s
                && dSource instanceof CpuTensor.F32 ds && dLambdaNext instanceof CpuTensor.F32 n
                && dLambda instanceof CpuTensor.F32 l) {
            float k = (float) keep;
            forRange(p.length(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    float v = p.data[p.offset + i];
                    l.data[l.offset + i] = (float) phi.derivativeFromValue(v) * ds.data[ds.offset + i]
                            + (float) phi.secondDerivativeFromValue(v) * dx.data[dx.offset + i] * s.data[s.offset + i]
                            + k * n.data[n.offset + i];
                }
            });
        } else {
            throw mixed("adjointTangentStep");
        }
    }

    static void applyPhi(Phi phi, CpuTensor x, CpuTensor out) {
        boolean tanh = isTanh(phi);
        if (x instanceof CpuTensor.F32 a && out instanceof CpuTensor.F32 o) {
            System.arraycopy(a.data, a.offset, o.data, o.offset, a.length());
            if (tanh) {
                forRange(a.length(), (from, to) -> tanhInPlace(o.data, o.offset, from, to));
            }
        } else if (x instanceof CpuTensor.F64 a && out instanceof CpuTensor.F64 o) {
            forRange(a.length(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    o.data[o.offset + i] = phi.apply(a.data[a.offset + i]);
                }
            });
        } else {
            throw mixed("applyPhi");
        }
    }

    /** y += a x. */
    static void axpy(double a, CpuTensor x, CpuTensor y) {
        if (x instanceof CpuTensor.F32 u && y instanceof CpuTensor.F32 v) {
            float af = (float) a;
            forRange(u.length(), (from, to) -> axpy32(af, u.data, u.offset, v.data, v.offset, from, to));
        } else if (x instanceof CpuTensor.F64 u && y instanceof CpuTensor.F64 v) {
            forRange(u.length(), (from, to) -> axpy64(a, u.data, u.offset, v.data, v.offset, from, to));
        } else {
            throw mixed("axpy");
        }
    }

    private static void axpy32(float a, float[] x, int xo, float[] y, int yo, int from, int to) {
        for (int i = from; i < to; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    private static void axpy64(double a, double[] x, int xo, double[] y, int yo, int from, int to) {
        for (int i = from; i < to; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    static void fill(CpuTensor t, double value) {
        if (t instanceof CpuTensor.F32 f) {
            java.util.Arrays.fill(f.data, f.offset, f.offset + f.length(), (float) value);
        } else if (t instanceof CpuTensor.F64 d) {
            java.util.Arrays.fill(d.data, d.offset, d.offset + d.length(), value);
        }
    }

    /** Sum of squares in double, chunk by chunk, the partial sums added in chunk order. */
    static double sumSquares(CpuTensor t) {
        int length = t.length();
        double[] partial = new double[Math.max(1, (length + GRAIN - 1) / GRAIN)];
        forRange(length, (from, to) -> {
            double s = 0;
            if (t instanceof CpuTensor.F32 f) {
                for (int i = from; i < to; i++) {
                    double v = f.data[f.offset + i];
                    s += v * v;
                }
            } else {
                CpuTensor.F64 d = (CpuTensor.F64) t;
                for (int i = from; i < to; i++) {
                    double v = d.data[d.offset + i];
                    s += v * v;
                }
            }
            partial[from / GRAIN] = s;
        });
        double s = 0;
        for (double v : partial) {
            s += v;
        }
        return s;
    }

    /**
     * out[i] = sum_k x[i, k]^2 in double, k in order: column by column into one accumulator per row, the rows split
     * into chunks of whole rows (so the sums do not depend on the thread count).
     */
    static void rowSumsOfSquares(CpuTensor x, CpuTensor out) {
        int rows = x.rows();
        int cols = x.cols();
        int chunk = Math.max(1, GRAIN / Math.max(1, cols));
        double[] acc = new double[rows];
        forRange(rows, chunk, (from, to) -> {
            for (int k = 0; k < cols; k++) {
                if (x instanceof CpuTensor.F32 f) {
                    int base = f.offset + k * rows;
                    for (int i = from; i < to; i++) {
                        double v = f.data[base + i];
                        acc[i] += v * v;
                    }
                } else {
                    CpuTensor.F64 d = (CpuTensor.F64) x;
                    int base = d.offset + k * rows;
                    for (int i = from; i < to; i++) {
                        double v = d.data[base + i];
                        acc[i] += v * v;
                    }
                }
            }
        });
        if (out instanceof CpuTensor.F32 f) {
            for (int i = 0; i < rows; i++) {
                f.data[f.offset + i] = (float) acc[i];
            }
        } else {
            CpuTensor.F64 d = (CpuTensor.F64) out;
            System.arraycopy(acc, 0, d.data, d.offset, rows);
        }
    }

    /** dst[i, :] = src[i, :] where mask[i] != 0. */
    static void copyRowsWhere(CpuTensor mask, CpuTensor src, CpuTensor dst) {
        int rows = src.rows();
        int cols = src.cols();
        if (mask instanceof CpuTensor.F32 m && src instanceof CpuTensor.F32 a && dst instanceof CpuTensor.F32 b) {
            forRange(cols, Math.max(1, GRAIN / Math.max(1, rows)), (from, to) -> {
                for (int k = from; k < to; k++) {
                    for (int i = 0; i < rows; i++) {
                        if (m.data[m.offset + i] != 0) {
                            b.data[b.offset + k * rows + i] = a.data[a.offset + k * rows + i];
                        }
                    }
                }
            });
        } else if (mask instanceof CpuTensor.F64 m && src instanceof CpuTensor.F64 a && dst instanceof CpuTensor.F64 b) {
            forRange(cols, Math.max(1, GRAIN / Math.max(1, rows)), (from, to) -> {
                for (int k = from; k < to; k++) {
                    for (int i = 0; i < rows; i++) {
                        if (m.data[m.offset + i] != 0) {
                            b.data[b.offset + k * rows + i] = a.data[a.offset + k * rows + i];
                        }
                    }
                }
            });
        } else {
            throw mixed("copyRowsWhere");
        }
    }

    private static IllegalArgumentException mixed(String op) {
        return new IllegalArgumentException(op + ": operands mix precisions");
    }
}
