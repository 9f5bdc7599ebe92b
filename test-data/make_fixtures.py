"""Regenerates the NumPy-made .npy/.npz fixtures used by NpyTest (run with python3 + numpy).

Values follow closed formulas that the Java tests recompute independently:
  a[i, j]       = 10*i + j + 0.25                    (float64, shape (3, 4))
  b[i, j, k]    = (i - 1.5) * 0.5 + j * k / 8        (float32, shape (2, 3, 4))
  v[i]          = i ** 2 - 3                          (float64, shape (5,))
  f[i, j]       = 10*i + j + 0.25 stored Fortran order (float64, shape (3, 4))
  fixture.npz   = {"a": a, "v": v}  (np.savez)
  fixture_c.npz = {"a": a, "b": b}  (np.savez_compressed)
"""
import os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
i, j = np.indices((3, 4))
a = (10.0 * i + j + 0.25).astype(np.float64)
i, j, k = np.indices((2, 3, 4))
b = ((i - 1.5) * 0.5 + j * k / 8.0).astype(np.float32)
v = (np.arange(5) ** 2 - 3).astype(np.float64)
np.save(os.path.join(here, "npy_a_f8.npy"), a)
np.save(os.path.join(here, "npy_b_f4.npy"), b)
np.save(os.path.join(here, "npy_v_f8.npy"), v)
np.save(os.path.join(here, "npy_f_fortran.npy"), np.asfortranarray(a))
np.savez(os.path.join(here, "fixture.npz"), a=a, v=v)
np.savez_compressed(os.path.join(here, "fixture_c.npz"), a=a, b=b)
