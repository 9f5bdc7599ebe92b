#!/usr/bin/env python3
"""Side-by-side CPU throughput of one forward+BPTT training step: rnnfield vs NumPy vs PyTorch.

All three do the same work: a tanh rate network of N neurons, B trials, T Euler steps
(x <- (1-a) x + a ((g/sqrt N) J tanh(x) + U I)), readout y = V^T tanh(x) / (N gamma), squared loss,
exact BPTT for J and V, and a gradient step. Throughput counts 6 N^2 B T flops per step.
NumPy's BPTT is written by hand; PyTorch uses autograd. rnnfield is run through `rnnfield bench`
in the same invocation, so the printed ratios come from one run on one machine.

The shared 2-vCPU machines are noisy (a peer's rate moved by up to 2.5x between two runs minutes apart), so the
engines are interleaved: each of --rounds rounds runs, shape by shape, rnnfield (its own JVM), NumPy and
PyTorch back to back, and the table gives each engine's median over the rounds (every round is kept in the
JSON). --peak also times a square N_peak GEMM of the same precision through NumPy's BLAS at the start and end,
the machine's attainable GEMM rate that "percent of peak" refers to. "GEMMs only" is rnnfield's own step with the
element-wise work left out (the same GEMMs, `rnnfield bench`): the ceiling a step on this BLAS can reach.

Usage: python3 bench/peers/peer_step.py [--N 1000,4000] [--B 16,64] [--T 20] [--precision float32]
                                        [--rounds 3] [--peak 4000] [--jar target/rnnfield.jar] [--json out.json]
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from machine import cpu_model


def blas_in_use():
    """The BLAS library NumPy actually loaded (Debian's NumPy uses the slow reference BLAS without OpenBLAS)."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if "blas" in path.lower() or "lapack" in path.lower():
                libs.add(os.path.realpath(path))
    names = sorted(libs)
    kind = "openblas" if any("openblas" in n for n in names) else ("reference BLAS (slow)" if names else "unknown")
    return kind, names



def median_time(fn, repeats, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def gemm_peak(n, dtype, repeats):
    """GFLOP/s of a square n x n GEMM through NumPy's BLAS: the attainable rate of this machine."""
    rng = np.random.default_rng(1)
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    return 2.0 * n ** 3 / median_time(lambda: a @ b, repeats, 1) * 1e-9


def numpy_step_factory(n, b, t_steps, dtype, seed=0):
    rng = np.random.default_rng(seed)
    g, gamma, alpha = 1.5, 1.0, 0.1
    c = g / np.sqrt(n)
    J = rng.standard_normal((n, n)).astype(dtype)
    U = rng.standard_normal((n, 1)).astype(dtype)
    V = rng.standard_normal((n, 1)).astype(dtype)
    x0 = rng.standard_normal((n, b)).astype(dtype)
    I = rng.standard_normal((t_steps, 1, b)).astype(dtype)
    Y = rng.standard_normal((t_steps, 1, b)).astype(dtype)
    ro = 1.0 / (n * gamma)
    W = b * t_steps

    def step():
        nonlocal J, V
        xs = [x0]
        ps = [np.tanh(x0)]
        for k in range(t_steps):
            x = (1 - alpha) * xs[-1] + alpha * (c * (J @ ps[-1]) + U @ I[k])
            xs.append(x)
            ps.append(np.tanh(x))
        P = np.stack(ps[1:])                      # (T, N, B)
        y = ro * np.einsum("na,tnb->tab", V, P)   # (T, 1, B)
        d = (y - Y) / W                           # dL/dy
        loss = 0.5 * W * float(np.sum(d * d))
        e = ro * np.einsum("na,tab->tnb", V, d)   # readout source
        lam = np.zeros((n, b), dtype)
        lams = [None] * t_steps
        for k in range(t_steps - 1, -1, -1):
            src = e[k] if k == t_steps - 1 else e[k] + alpha * c * (J.T @ lam)
            lam = (1 - ps[k + 1] ** 2) * src + (1 - alpha) * lam
            lams[k] = lam
        L = np.concatenate(lams, axis=1)                    # (N, T B)
        Pprev = np.concatenate(ps[:-1], axis=1)             # (N, T B)
        dJ = alpha * c * (L @ Pprev.T)
        dV = ro * np.einsum("tnb,tab->na", P, d)
        J -= 1e-6 * dJ
        V -= 1e-6 * dV
        return loss

    return step


def torch_step_factory(n, b, t_steps, dtype, seed=0, device="cpu"):
    import torch
    torch.manual_seed(seed)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    torch.set_default_device(device) if hasattr(torch, "set_default_device") else None
    g, gamma, alpha = 1.5, 1.0, 0.1
    c = g / n ** 0.5
    J = torch.randn(n, n, dtype=tdtype, requires_grad=True)
    V = torch.randn(n, 1, dtype=tdtype, requires_grad=True)
    U = torch.randn(n, 1, dtype=tdtype)
    x0 = torch.randn(n, b, dtype=tdtype)
    I = torch.randn(t_steps, 1, b, dtype=tdtype)
    Y = torch.randn(t_steps, 1, b, dtype=tdtype)
    ro = 1.0 / (n * gamma)

    def step():
        x = x0
        loss = 0.0
        for k in range(t_steps):
            x = (1 - alpha) * x + alpha * (c * (J @ torch.tanh(x)) + U @ I[k])
            y = ro * (V.t() @ torch.tanh(x))
            loss = loss + ((y - Y[k]) ** 2).sum()
        loss = loss / (2 * b * t_steps)
        J.grad = None
        V.grad = None
        loss.backward()
        with torch.no_grad():
            J.sub_(1e-6 * J.grad)
            V.sub_(1e-6 * V.grad)
        if device != "cpu":
            torch.cuda.synchronize()
        return float(loss)

    return step, torch


def rnnfield_rates(jar, sizes, batches, t_steps, precision, repeats):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.json")
        cmd = ["java", "-jar", jar, "bench", "--N", ",".join(map(str, sizes)), "--B", ",".join(map(str, batches)),
               "--T", str(t_steps), "--precision", precision, "--repeats", str(repeats), "--json", out]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            rows = json.load(f)
    return {(r["N"], r["B"]): r for r in rows}


def cuda_peer(args, sizes, batches):
    """GPU mode: PyTorch autograd on CUDA and a cuBLAS SGEMM (torch.matmul) of the step's shape, against
    rnnfield's own CUDA numbers read from `rnnfield bench --backend cuda --json` (--ours)."""
    import torch
    with open(args.ours) as f:
        ours = {(r["N"], r["B"]): r for r in json.load(f)}
    print(f"PyTorch {torch.__version__} on {torch.cuda.get_device_name(0)}")
    rows = []
    print(f"{'N':>6} {'B':>4} {'ours train':>11} {'torch train':>12} {'ratio':>6} {'ours step':>10} {'cuBLAS':>8} {'ratio':>6}  (GFLOP/s)")
    for n in sizes:
        for b in batches:
            flops = 6.0 * n * n * b * args.T
            step, _ = torch_step_factory(n, b, args.T, np.float32, device="cuda")
            th = flops / median_time(step, args.repeats, 2) * 1e-9
            J = torch.randn(n, n, device="cuda")
            P = torch.randn(n, b, device="cuda")

            def mm():
                for _ in range(20):
                    torch.matmul(J, P)
                torch.cuda.synchronize()

            gemm = 20 * 2.0 * n * n * b / median_time(mm, args.repeats, 2) * 1e-9
            o = ours.get((n, b), {})
            row = {"N": n, "B": b, "T": args.T, "rnnfield_train_gflops": o.get("gflops"), "torch_train_gflops": th,
                   "rnnfield_step_gflops": o.get("forward_step_gflops"), "cublas_sgemm_gflops": gemm}
            rows.append(row)
            tr = (o.get("gflops") or float("nan"))
            fs = (o.get("forward_step_gflops") or float("nan"))
            print(f"{n:>6} {b:>4} {tr:>11.1f} {th:>12.1f} {tr / th:>6.2f} {fs:>10.1f} {gemm:>8.1f} {fs / gemm:>6.2f}")
            sys.stdout.flush()
            del J, P
            torch.cuda.empty_cache()
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "gpu": torch.cuda.get_device_name(0)}, f, indent=2)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--N", default="1000,4000")
    ap.add_argument("--B", default="16,64")
    ap.add_argument("--T", type=int, default=20)
    ap.add_argument("--precision", default="float32", choices=["float32", "float64"])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the table gives each engine's median")
    ap.add_argument("--peak", type=int, default=4000, help="side of the square GEMM timed as the peak (0: skip)")
    ap.add_argument("--jar", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "rnnfield.jar"))
    ap.add_argument("--json", help="write the table as JSON here")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"], help="cuda: PyTorch and cuBLAS on the GPU")
    ap.add_argument("--ours", help="cuda mode: rnnfield's results from `rnnfield bench --backend cuda --json`")
    args = ap.parse_args()
    sizes = [int(s) for s in args.N.split(",")]
    batches = [int(s) for s in args.B.split(",")]
    if args.device == "cuda":
        cuda_peer(args, sizes, batches)
        return
    dtype = np.float32 if args.precision == "float32" else np.float64

    np_step = numpy_step_factory(8, 2, 3, dtype)
    np_step()
    kind, libs = blas_in_use()
    print(f"NumPy {np.__version__} on {kind}: {', '.join(libs) or '?'}")
    try:
        import torch
        torch.set_num_threads(os.cpu_count())
        print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
        have_torch = True
    except ImportError:
        print("PyTorch not installed: skipping it")
        have_torch = False

    sys.stdout.flush()
    peaks = [gemm_peak(args.peak, dtype, args.repeats)] if args.peak else []
    per_round = {(n, b): {"rnnfield": [], "numpy": [], "torch": [], "rnnfield_gemms_only": []}
                 for n in sizes for b in batches}
    for r in range(args.rounds):
        for n in sizes:
            for b in batches:
                flops = 6.0 * n * n * b * args.T
                rates = per_round[(n, b)]
                ours = rnnfield_rates(args.jar, [n], [b], args.T, args.precision, args.repeats)[(n, b)]
                rates["rnnfield"].append(ours["gflops"])
                rates["rnnfield_gemms_only"].append(ours["gemms_only_gflops"])
                rates["numpy"].append(flops / median_time(numpy_step_factory(n, b, args.T, dtype), args.repeats, 1) * 1e-9)
                if have_torch:
                    step, _ = torch_step_factory(n, b, args.T, dtype)
                    rates["torch"].append(flops / median_time(step, args.repeats, 1) * 1e-9)
                print(f"round {r + 1}/{args.rounds} N={n} B={b}: " + ", ".join(
                    f"{k} {v[-1]:.1f}" for k, v in rates.items() if v), file=sys.stderr)
    if args.peak:
        peaks.append(gemm_peak(args.peak, dtype, args.repeats))
    peak = float(np.median(peaks)) if peaks else float("nan")
    rows = []
    print(f"{'N':>6} {'B':>4} {'rnnfield':>10} {'numpy':>10} {'torch':>10} {'ours/numpy':>11} {'ours/torch':>11} "
          f"{'% peak':>7} {'GEMMs only':>11}   (GFLOP/s, median of {args.rounds} rounds, T={args.T}, {args.precision})")
    for n in sizes:
        for b in batches:
            rates = per_round[(n, b)]
            our = float(np.median(rates["rnnfield"]))
            np_rate = float(np.median(rates["numpy"]))
            th_rate = float(np.median(rates["torch"])) if rates["torch"] else float("nan")
            rows.append({"N": n, "B": b, "T": args.T, "precision": args.precision, "rnnfield_gflops": our,
                         "numpy_gflops": np_rate, "torch_gflops": th_rate,
                         "ratio_vs_numpy": our / np_rate, "ratio_vs_torch": our / th_rate,
                         "ratio_vs_faster_peer": our / (np_rate if math.isnan(th_rate) else max(np_rate, th_rate)),
                         "fraction_of_gemm_peak": our / peak,
                         "rnnfield_gemms_only_gflops": float(np.median(rates["rnnfield_gemms_only"])),
                         "rounds": rates, "numpy_blas": kind})
            print(f"{n:>6} {b:>4} {our:>10.1f} {np_rate:>10.1f} {th_rate:>10.1f} {our / np_rate:>11.2f} "
                  f"{our / th_rate:>11.2f} {100 * our / peak:>7.1f} {rows[-1]['rnnfield_gemms_only_gflops']:>11.1f}")
            sys.stdout.flush()
    if args.peak:
        print(f"GEMM peak: square {args.peak} {args.precision} GEMM through NumPy's BLAS, "
              f"{', '.join(f'{p:.1f}' for p in peaks)} GFLOP/s (start, end); median {peak:.1f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "numpy_blas": libs, "numpy": np.__version__, "cpus": os.cpu_count(),
                       "cpu_model": cpu_model(), "rounds": args.rounds, "repeats": args.repeats,
                       "gemm_peak": {"n": args.peak, "gflops": peaks, "how": "square GEMM through NumPy's BLAS"},
                       "date": time.strftime("%Y-%m-%d")}, f, indent=2)

if __name__ == "__main__":
    main()
