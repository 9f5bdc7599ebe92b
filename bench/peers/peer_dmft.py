#!/usr/bin/env python3
"""Side-by-side cost of the driven random-network DMFT: rnnfield vs the same algorithm in NumPy/SciPy, one run.

Both run the causal time-marching of docs/theory.md section 6 (CausalMarchingDmft) in float64 on a sine-driven
tanh network (g = 1.5, dt = 0.1, tau = 1, q0 = 1, one trial): M sites, a basis of M x (2 + T) normals kept
orthonormal (block Gram-Schmidt, twice), the growing Cholesky row of g^2 Phi at each step (a triangular solve),
the field eta(t) = Z L(t, 0..t)^T, the Euler step, and the kernel rows Phi(t+1, 0..t+1), C(t+1, 0..t+1). NumPy
calls BLAS for every matrix-vector product, SciPy's solve_triangular for the Cholesky row. Also timed: one
iteration of the whole-kernel sample-and-iterate loop (eigen-factor of g^2 Phi, M x T normals, Euler, Phi_hat),
the loop the marching replaced (it needs tens of such iterations and stalled beyond T ~ 150).
rnnfield is run through `rnnfield dmft` in the same invocation (its wall time from summary.json), so the ratios
come from one run on one machine.

Usage: python3 bench/peers/peer_dmft.py [--cases 400:10000,1000:20000] [--jar target/rnnfield.jar] [--json out.json]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np

from machine import cpu_model
from scipy.linalg import solve_triangular

G, DT, TAU, Q0 = 1.5, 0.1, 1.0, 1.0
PULSE_WIDTH, PULSE_AMPLITUDE = 0.5, 1.0
PIVOT_FLOOR = 1e-8



def sine_input(steps):
    # the sine task's input (PeriodicTarget): a pulse of amplitude 1 while t = k dt < 0.5, then 0
    return np.where(DT * np.arange(steps) < PULSE_WIDTH - 1e-12, PULSE_AMPLITUDE, 0.0)


def orthonormalize(basis, start, count, m):
    block = basis[:, start:start + count]
    if start > 0:
        earlier = basis[:, :start]
        for _ in range(2):
            block -= earlier @ (earlier.T @ block / m)
    r = np.linalg.cholesky(block.T @ block / m)
    basis[:, start:start + count] = solve_triangular(r, block.T, lower=True).T


def march(steps, m, seed=1):
    rng = np.random.default_rng(seed)
    a = DT / TAU
    g2 = G * G
    basis = rng.standard_normal((m, 2 + steps))
    orthonormalize(basis, 0, 2, m)
    drive = np.outer(basis[:, 1], sine_input(steps))
    x = np.zeros((m, steps + 1))
    ph = np.zeros((m, steps + 1))
    x[:, 0] = np.sqrt(Q0) * basis[:, 0]
    ph[:, 0] = np.tanh(x[:, 0])
    phi = np.zeros((steps + 1, steps + 1))
    c = np.zeros((steps + 1, steps + 1))
    phi[0, 0] = ph[:, 0] @ ph[:, 0] / m
    c[0, 0] = x[:, 0] @ x[:, 0] / m
    factor = np.zeros((steps, steps))
    largest = 0.0
    for t in range(steps):
        orthonormalize(basis, 2 + t, 1, m)
        largest = max(largest, g2 * phi[t, t])
        if t > 0:
            # forward substitution over the kept directions (a zero pivot: that field is determined by the past)
            kept = np.flatnonzero(np.diag(factor)[:t])
            if len(kept) == t:
                factor[t, :t] = solve_triangular(factor[:t, :t], g2 * phi[t, :t], lower=True, check_finite=False)
            else:
                factor[t, kept] = solve_triangular(factor[np.ix_(kept, kept)], g2 * phi[t, kept], lower=True,
                                                   check_finite=False)
        residual = g2 * phi[t, t] - factor[t, :t] @ factor[t, :t]
        factor[t, t] = np.sqrt(residual) if residual > PIVOT_FLOOR * largest else 0.0
        eta = basis[:, 2:3 + t] @ factor[t, :t + 1]
        x[:, t + 1] = (1 - a) * x[:, t] + a * (eta + drive[:, t])
        ph[:, t + 1] = np.tanh(x[:, t + 1])
        phi[t + 1, :t + 2] = ph[:, t + 1] @ ph[:, :t + 2] / m
        c[t + 1, :t + 2] = x[:, t + 1] @ x[:, :t + 2] / m
    return phi, c


def whole_kernel_iteration(steps, m, phi, seed=2):
    """One iteration of the plain sample-and-iterate loop: eta ~ N(0, g^2 Phi) by an eigen-factor, Euler, Phi_hat."""
    rng = np.random.default_rng(seed)
    a = DT / TAU
    w, v = np.linalg.eigh(G * G * phi[:steps, :steps])
    f = v * np.sqrt(np.clip(w, 0, None))
    eta = rng.standard_normal((m, steps)) @ f.T
    u = rng.standard_normal(m)
    inp = sine_input(steps)
    x = np.zeros((m, steps + 1))
    x[:, 0] = np.sqrt(Q0) * rng.standard_normal(m)
    for t in range(steps):
        x[:, t + 1] = (1 - a) * x[:, t] + a * (eta[:, t] + u * inp[t])
    ph = np.tanh(x)
    return ph.T @ ph / m


def rnnfield_solve(jar, steps, m):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["java", "-jar", jar, "dmft", "--task", "sine", "--duration", str(steps * DT), "--dt", str(DT),
               "--g", str(G), "--samples", str(m), "--replicas", "1", "--out", tmp]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        outer = time.perf_counter() - t0
        s = json.load(open(os.path.join(tmp, "summary.json")))
        c_tt = float(np.load(os.path.join(tmp, "kernels.npz"))["C"][steps, steps])
        return s, outer, c_tt


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default="400:10000,1000:20000", help="T:M pairs")
    ap.add_argument("--jar", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "rnnfield.jar"))
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    print("     T       M   numpy march   rnnfield march (in-process, whole process)   numpy/rnnfield"
          "   numpy whole-kernel iteration   C(T,T) numpy, rnnfield")
    for case in args.cases.split(","):
        steps, m = map(int, case.split(":"))
        t0 = time.perf_counter()
        phi, c = march(steps, m)
        numpy_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        whole_kernel_iteration(steps, m, phi)
        iteration_s = time.perf_counter() - t0
        summary, outer, ours_c = rnnfield_solve(args.jar, steps, m)
        ours = summary["wall_seconds"]
        row = {"T": steps, "M": m, "numpy_march_seconds": numpy_s, "rnnfield_march_seconds": ours,
               "rnnfield_process_seconds": outer, "ratio_numpy_over_rnnfield": numpy_s / ours,
               "numpy_whole_kernel_iteration_seconds": iteration_s,
               "numpy_C_TT": float(c[steps, steps]), "rnnfield_C_TT": ours_c}
        rows.append(row)
        print(f"{steps:6d} {m:7d} {numpy_s:11.2f} s {ours:10.2f} s, {outer:6.2f} s {numpy_s / ours:16.2f}"
              f" {iteration_s:16.3f} s {c[steps, steps]:10.4f} {ours_c:8.4f}")
    if args.json:
        info = {"rows": rows, "numpy": np.__version__, "cpus": os.cpu_count(), "cpu_model": cpu_model(),
                "precision": "float64"}
        with open(args.json, "w") as f:
            json.dump(info, f, indent=1)


if __name__ == "__main__":
    main()
