#!/usr/bin/python3
"""Writes the recording fixtures of io.ArrayFilesTest into src/test/resources/recordings/.

Run with Debian's python3 and its python3-numpy, python3-scipy and python3-h5py (apt):
    /usr/bin/python3 scripts/make-recording-fixtures.py
Every file holds the same (conditions=3, time=4, units=5) array, value 10 c + t + 0.1 u (spikes/s), so a
reader is right when it returns that array from each format; the test computes the formula itself.
"""
import os

import h5py
import numpy as np
import scipy.io

out = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "recordings")
os.makedirs(out, exist_ok=True)
c, t, u = np.meshgrid(np.arange(3), np.arange(4), np.arange(5), indexing="ij")
rates = (10.0 * c + t + 0.1 * u).astype(np.float64)

np.save(os.path.join(out, "rates.npy"), rates)
np.save(os.path.join(out, "rates_float32.npy"), rates.astype(np.float32))
np.save(os.path.join(out, "rates_2d.npy"), rates[0])
negative = rates.copy()
negative[1, 2, 3] = -1.0
np.save(os.path.join(out, "rates_negative.npy"), negative)

# MATLAB v5: a file with one 3-D variable, and one with two numeric variables (the reader must be told which)
scipy.io.savemat(os.path.join(out, "rates_v5.mat"), {"rates": rates}, format="5")
scipy.io.savemat(os.path.join(out, "rates_two_variables_v5.mat"),
                 {"rates": rates, "emg": rates[:, :, :2] * 0.01}, format="5")

# MATLAB v7.3 is HDF5 with a 512-byte user block that starts with MATLAB's text header; MATLAB stores arrays
# column-major, so a (3, 4, 5) array appears in HDF5 as a (5, 4, 3) dataset with MATLAB_class "double"
with h5py.File(os.path.join(out, "rates_v73.mat"), "w", userblock_size=512) as f:
    d = f.create_dataset("rates", data=np.ascontiguousarray(rates.transpose(2, 1, 0)))
    d.attrs["MATLAB_class"] = np.bytes_("double")
with open(os.path.join(out, "rates_v73.mat"), "r+b") as f:
    header = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Tue Dec  1 00:00:00 2026 HDF5 schema 1.00 ."
    f.write(header.ljust(116, b" ") + b"\x00" * 8 + b"\x00\x02" + b"IM")

# NWB is HDF5: the rates as a processing-module time series (conditions, time, units) beside other datasets
with h5py.File(os.path.join(out, "rates.nwb"), "w") as f:
    f.attrs["nwb_version"] = "2.6.0"
    f.create_dataset("session_description", data="rnnfield recording fixture")
    ts = f.create_group("processing/ecephys/trial_averaged_rates")
    ts.attrs["neurodata_type"] = "TimeSeries"
    data = ts.create_dataset("data", data=rates)
    data.attrs["unit"] = "spikes/s"
    ts.create_dataset("timestamps", data=np.arange(4) * 0.01)
print("wrote", sorted(os.listdir(out)))
