#!/usr/bin/env python3
"""Dask baseline for the cluster benchmarks (benchmarks only, not product code).

    dask_flight.py dispatch SCHEDULER SEQUENTIAL IN_FLIGHT
        empty tasks on a running scheduler: SEQUENTIAL tasks one after the other (submit, wait), then IN_FLIGHT tasks
        submitted at once and gathered; prints microseconds per task for each
    dask_flight.py flight (SCHEDULER | --cold) INPUT_FOLDER OUTPUT_FOLDER
    dask_flight.py service INPUT_FOLDER OUTPUT_ROOT SEQUENTIAL IN_FLIGHT [flight|lines]
        the service benchmark's small tasks (each the whole flight computation of the input folder into its own output
        folder, as one service task of the flight app; or, with lines, the line count of the input's files, as one task
        of minimal_app) on a LocalCluster of two worker processes of one thread, warmed
        by 20 tasks: SEQUENTIAL tasks one after the other (submit-to-start: the task's first instruction minus the
        moment before client.submit), then IN_FLIGHT tasks submitted at once and gathered (tasks per second)
    dask_flight.py flight (SCHEDULER | --cold) INPUT_FOLDER OUTPUT_FOLDER
        the flight computation as upstream's Dask path does it: one task per plane (the files <plane>_<id>.csv), each
        reading its files with pandas, ordering each aircraft's points, previous point and haversine distance
        (flight_pandas.kernel), one CSV per aircraft; on a running scheduler (warm) or on a LocalCluster of two worker
        processes started by this script (cold); prints the row count

Run with Debian's python3-distributed and python3-pandas (/usr/bin/python3), with tests/bench on PYTHONPATH so the
workers import flight_pandas.
"""
import json
import os
import re
import sys
import time


def noop(i):
    return i


def plane_task(files, data_out):
    import pandas as pd
    from flight_pandas import kernel
    frames = []
    for path in files:
        frame = pd.read_csv(path)[["date", "lat", "long", "aircraft"]]
        frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d %H:%M:%S")
        frames.append(frame)
    data = kernel(pd.concat(frames, ignore_index=True))
    columns = ["date", "aircraft", "lat", "long", "prev_lat", "prev_long", "speed"]
    for aircraft, frame in data.groupby("aircraft", sort=False):
        frame[columns].to_csv(os.path.join(data_out, f"{aircraft}.csv"), index=False)
    return len(data)


def planes(data_in):
    by_plane = {}
    for name in sorted(os.listdir(data_in)):
        match = re.fullmatch(r"(\d{2})_.*\.csv", name)
        if match:
            by_plane.setdefault(match.group(1), []).append(os.path.join(data_in, name))
    return by_plane


def dispatch(scheduler, sequential, in_flight):
    from distributed import Client
    with Client(scheduler) as client:
        for i in range(200):  # warm-up
            client.submit(noop, i, pure=False).result()
        start = time.perf_counter()
        for i in range(sequential):
            client.submit(noop, i, pure=False).result()
        seq_us = (time.perf_counter() - start) / sequential * 1e6
        start = time.perf_counter()
        client.gather(client.map(noop, range(in_flight), pure=False))
        flight_us = (time.perf_counter() - start) / in_flight * 1e6
    print(json.dumps({"sequential_us": seq_us, "in_flight_us": flight_us}))


def flight(scheduler, data_in, data_out):
    from distributed import Client, LocalCluster
    os.makedirs(data_out, exist_ok=True)
    groups = planes(data_in)
    if scheduler == "--cold":
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               host="127.0.0.1")
        client = Client(cluster)
    else:
        cluster = None
        client = Client(scheduler)
    try:
        futures = [client.submit(plane_task, files, data_out, pure=False) for files in groups.values()]
        rows = sum(client.gather(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(json.dumps({"rows": rows, "planes": len(groups)}))


def service_task(data_in, data_out):
    started = time.time()
    os.makedirs(data_out, exist_ok=True)
    rows = sum(plane_task(files, data_out) for files in planes(data_in).values())
    return started, rows


def lines_task(data_in, data_out):
    started = time.time()
    rows = 0
    for name in sorted(os.listdir(data_in)):
        with open(os.path.join(data_in, name)) as f:
            rows += sum(1 for _ in f)
    return started, rows


def service(data_in, output_root, sequential, in_flight, kind="flight"):
    task = service_task if kind == "flight" else lines_task
    import statistics
    from distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1")
    client = Client(cluster)
    try:
        client.gather([client.submit(task, data_in, os.path.join(output_root, f"warm-{i}"), pure=False) for i in range(20)])
        latencies = []
        for i in range(sequential):
            submitted = time.time()
            started, _ = client.submit(task, data_in, os.path.join(output_root, f"single-{i}"), pure=False).result()
            latencies.append((started - submitted) * 1000)
        start = time.perf_counter()
        client.gather([client.submit(task, data_in, os.path.join(output_root, f"burst-{i}"), pure=False)
                       for i in range(in_flight)])
        span = time.perf_counter() - start
    finally:
        client.close()
        cluster.close()
    print(json.dumps({"submit_to_start_ms_median": statistics.median(latencies), "submit_to_start_ms_min": min(latencies),
                      "submit_to_start_ms_max": max(latencies), "tasks": in_flight, "seconds": span,
                      "tasks_per_s": in_flight / span}))


if __name__ == "__main__":
    if sys.argv[1] == "dispatch":
        dispatch(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "service":
        service(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), *sys.argv[6:7])
    elif sys.argv[1] == "flight":
        flight(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: dask_flight.py dispatch SCHEDULER SEQ IN_FLIGHT | flight (SCHEDULER|--cold) IN OUT")
