#!/usr/bin/env python3
"""Fits the float32 tanh of org.rnnfield.model.Phi.tanh(float): tanh(x) ~ x P(x^2) / Q(x^2) on [0, 9], P and Q of
degree 4 in x^2, by linearized least squares with Lawson reweighting toward the minimax relative error, and checks
it evaluated in float32 (Horner, as the Java code does) on 4 million points in [-12, 12] against tanh in float64.

Usage: python3 bench/peers/fit_tanh.py   (prints the coefficients and the measured errors)
"""
import numpy as np, itertools
def fit(c, np_, nq, iters=40):
    x = np.unique(np.concatenate([np.linspace(1e-4, c, 20000), c/2*(1-np.cos(np.linspace(0, np.pi, 4000)))]))
    x = x[x > 1e-5]; s = x*x; t = np.tanh(x); w = np.ones_like(x)
    for it in range(iters):
        A = np.hstack([(x[:,None]*s[:,None]**np.arange(np_)), -(t[:,None]*s[:,None]**np.arange(1,nq+1))])
        W = w/t
        coef, *_ = np.linalg.lstsq(A*W[:,None], t*W, rcond=None)
        p = coef[:np_]; q = np.concatenate([[1.0], coef[np_:]])
        qv = np.polyval(q[::-1], s)
        approx = x*np.polyval(p[::-1], s)/qv
        rel = np.abs(approx-t)/t
        w = w*(rel/rel.max())**0.5 + 1e-3
        w = w/np.abs(qv)
    return p, q, rel.max()
def f32eval(p, q, c):
    xf = np.linspace(-12, 12, 4_000_001).astype(np.float32)
    xc = np.clip(xf, -c, c).astype(np.float32)
    sf = (xc*xc).astype(np.float32)
    pf = np.zeros_like(sf)
    for k in reversed(range(len(p))): pf = (pf*sf + np.float32(p[k])).astype(np.float32)
    qf = np.zeros_like(sf)
    for k in reversed(range(len(q))): qf = (qf*sf + np.float32(q[k])).astype(np.float32)
    yf = np.clip((xc*pf/qf).astype(np.float32), -1, 1)
    ref = np.tanh(xf.astype(np.float64))
    ulp = np.spacing(np.abs(ref).astype(np.float32)).astype(np.float64)
    return np.abs(yf-ref).max(), (np.abs(yf-ref)/np.maximum(np.abs(ref),1e-38)).max(), (np.abs(yf-ref)/ulp).max()
print("FINAL")
p,q,r = fit(9.0,5,4,iters=60)
print([float(v) for v in p]); print([float(v) for v in q]); print(r, f32eval(p,q,9.0))
# float32-rounded coefficients
pf=[float(np.float32(v)) for v in p]; qf=[float(np.float32(v)) for v in q]
print(f32eval(np.array(pf),np.array(qf),9.0))
print(np.roots(np.array(qf)[::-1]))
