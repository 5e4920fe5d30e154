#!/usr/bin/env python3
"""The flight computation in pandas/numpy, for benchmarks only (not product code).

Reads every <plane>_<id>.csv of a folder (pandas handles the same variants: CRLF, quotes, an unnamed index column,
extra columns), orders each aircraft's points by time, adds prev_lat/prev_long and the haversine distance from the
previous point in metres (column "speed", as upstream), and writes one CSV per aircraft. Prints a JSON line with the
row count, the distance sum and the seconds spent in the kernel alone (sort, shift, haversine) and in total.

    python3 tests/bench/flight_pandas.py INPUT_FOLDER OUTPUT_FOLDER [KERNEL_ROUNDS]

With KERNEL_ROUNDS, it also times the kernel alone that many more times on the loaded data (after the first) and
reports the median as "kernel_seconds_warm".
"""
import json
import os
import re
import sys
import time

import numpy as np
import pandas as pd

R = 6_371_000.0


def kernel(data):
    """Order each aircraft's points by time, previous point, haversine distance from it (metres)."""
    data = data.sort_values(["aircraft", "date"], kind="stable").reset_index(drop=True)
    grouped = data.groupby("aircraft", sort=False)
    data["prev_lat"] = grouped["lat"].shift(1)
    data["prev_long"] = grouped["long"].shift(1)
    phi1 = np.radians(data["prev_lat"].to_numpy())
    phi2 = np.radians(data["lat"].to_numpy())
    half_dphi = np.radians(data["lat"].to_numpy() - data["prev_lat"].to_numpy()) / 2
    half_dlambda = np.radians(data["long"].to_numpy() - data["prev_long"].to_numpy()) / 2
    a = np.sin(half_dphi) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    distance = 2 * R * np.arcsin(np.sqrt(np.minimum(a, 1.0)))
    data["speed"] = np.nan_to_num(distance, nan=0.0)
    return data


def main(data_in, data_out, kernel_rounds=0):
    started = time.perf_counter()
    frames = []
    for name in sorted(os.listdir(data_in)):
        if re.fullmatch(r"\d{2}_.*\.csv", name):
            frame = pd.read_csv(os.path.join(data_in, name))
            frame = frame[["date", "lat", "long", "aircraft"]]
            frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d %H:%M:%S")
            frames.append(frame)
    data = pd.concat(frames, ignore_index=True)

    loaded = data
    kernel_start = time.perf_counter()
    data = kernel(loaded)
    kernel_seconds = time.perf_counter() - kernel_start

    os.makedirs(data_out, exist_ok=True)
    columns = ["date", "aircraft", "lat", "long", "prev_lat", "prev_long", "speed"]
    for aircraft, frame in data.groupby("aircraft", sort=False):
        frame[columns].to_csv(os.path.join(data_out, f"{aircraft}.csv"), index=False)
    total_seconds = time.perf_counter() - started
    warm = []
    for _ in range(kernel_rounds):
        start = time.perf_counter()
        kernel(loaded)
        warm.append(time.perf_counter() - start)
    result = {"rows": int(len(data)), "aircraft": int(data["aircraft"].nunique()),
              "distance_sum_m": float(data["speed"].sum()), "kernel_seconds": kernel_seconds, "total_seconds": total_seconds}
    if warm:
        result["kernel_seconds_warm"] = sorted(warm)[len(warm) // 2]
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
