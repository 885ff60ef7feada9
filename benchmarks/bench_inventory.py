"""Inventory throughput: ghgcalc against plain pandas and DuckDB on the same synthetic rows.

    python benchmarks/bench_inventory.py --rows 10000000
    python benchmarks/bench_inventory.py --scale-rows 100000000 --partitions 100 --workers 2

Generates N seeded activity rows (electricity by grid region and instrument, natural gas
in m3, diesel in t, refrigerant top-ups in kg; three years; segments and sites) in a data
folder (default: the system's temporary folder, never the repository), then measures:

1. the library call in memory, each method in a fresh process: ghgcalc (validate, resolve
   factors, total by year, scope and Scope 2 method: compute_inventory + summarise; units
   checked), pandas (one merge with a pre-resolved table of tCO2e per unit for each distinct
   key, one group-by; no units, no validation, no lineage) and DuckDB (the same join and
   group-by as one SQL query);
2. what users run, as whole processes from the Parquet file, timed from outside with peak
   RSS (each process's own): ``python -m ghgcalc inventory FILE --format json``, a Python process
   doing the pandas baseline, and a Python process running the DuckDB query; each --repeat
   times (default 5) in turn, so that the medians and the ratio to DuckDB (the median of the
   ratios within each round) come from the same minutes of the machine;
3. with --scale-rows: a partitioned Parquet dataset summed on a local Dask cluster
   (--workers processes, one thread each) with time and peak RSS per worker, against the
   local chunked path's totals (to 1e-9).

Totals are checked to agree (relative 1e-9) before any figure is printed. Needs the bench
extra (duckdb, pyarrow) and, for 3, the dask extra.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's ghgcalc, whatever is installed
from paired import bench_env, paired, ratio  # noqa: E402  (benchmarks/, beside this file)
GROUP = ["year", "scope", "scope2_method"]
GWP = "AR5GWP100"


def generate(rows: int, seed: int = 20240101) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kinds = np.array([
        ("electricity.grid", "kWh", ""), ("electricity.grid", "MWh", ""), ("electricity.grid", "kWh", "GEC"),
        ("natural_gas.stationary", "m3", ""), ("diesel.stationary", "t", ""), ("refrigerant.release", "kg", ""),
    ], dtype=object)
    weights = np.array([0.45, 0.15, 0.1, 0.15, 0.1, 0.05])
    pick = rng.choice(len(kinds), size=rows, p=weights)
    regions = np.array(["CN-NORTH", "CN-EAST", "CN-SOUTH", "CN-CENTRAL", "CN"], dtype=object)
    activity, unit, instrument = (kinds[pick, i] for i in range(3))
    is_elec = activity == "electricity.grid"
    region = np.where(is_elec | (activity == "natural_gas.stationary"), regions[rng.integers(0, len(regions), rows)], "")
    gas = np.where(activity == "refrigerant.release", np.array(["HFC134a", "HFC-410A"], dtype=object)[rng.integers(0, 2, rows)], "")
    scale = np.select([unit == "kWh", unit == "MWh", unit == "m3", unit == "t", unit == "kg"], [1e5, 100, 1e4, 10, 20], 1)
    return pd.DataFrame({
        "year": rng.integers(2021, 2024, rows),
        "activity": pd.Categorical(activity),
        "quantity": rng.random(rows) * scale,
        "unit": pd.Categorical(unit),
        "region": pd.Categorical(region),
        "gas": pd.Categorical(gas),
        "instrument": pd.Categorical(instrument),
        "segment": pd.Categorical(np.array(["phones", "iot", "internet", "ev"], dtype=object)[rng.integers(0, 4, rows)]),
        "site": pd.Categorical(np.char.add("site-", rng.integers(0, 200, rows).astype(str)).astype(object)),
    })


def key_factors(frame: pd.DataFrame) -> pd.DataFrame:
    """tCO2e per unit of quantity for each distinct key and line, resolved once by ghgcalc."""
    from ghgcalc.factors.library import load_factor_library
    from ghgcalc.inventory.engine import compute_inventory

    keys = frame[["year", "activity", "unit", "region", "gas", "instrument"]].drop_duplicates().reset_index(drop=True)
    probe = keys.assign(quantity=1.0)
    lines = compute_inventory(probe, load_factor_library(), GWP).emissions
    lines["key"] = lines["row"] - 2
    table = keys.iloc[lines["key"].to_numpy()].reset_index(drop=True)
    for column in ("scope", "scope2_method"):
        table[column] = lines[column].astype(str).to_numpy()
    table["co2e_per_unit"] = lines["co2e_t"].to_numpy()
    for column in ("activity", "unit", "region", "gas", "instrument"):
        table[column] = table[column].astype(str)
    return table


def run_ghgcalc(frame, library):
    from ghgcalc.inventory.engine import compute_inventory, summarise

    result = compute_inventory(frame, library, GWP, by=GROUP)
    assert result.rows_rejected == 0
    return summarise(result.totals, GROUP)


def run_pandas(frame, factors):
    """What a careful pandas user writes: one merge on the key columns, dtypes aligned, one group-by."""
    keys = ["year", "activity", "unit", "region", "gas", "instrument"]
    factors = factors.copy()
    for column in keys[1:]:
        if not isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("category")
        factors[column] = pd.Categorical(factors[column], categories=frame[column].cat.categories)
    merged = frame[keys + ["quantity"]].merge(factors, on=keys, how="inner")
    merged["co2e_t"] = merged["quantity"] * merged["co2e_per_unit"]
    return merged.groupby(GROUP, sort=True)["co2e_t"].sum().reset_index()


def run_duckdb(source, factors):
    import duckdb

    con = duckdb.connect()
    con.execute("PRAGMA threads=2")
    con.register("factors", factors)
    if isinstance(source, pd.DataFrame):
        con.register("activity", source)
        relation = "activity"
    else:
        relation = f"read_parquet('{source}')"
    query = f"""
        SELECT a.year, f.scope, f.scope2_method, SUM(a.quantity * f.co2e_per_unit) AS co2e_t
        FROM {relation} a JOIN factors f
          ON a.year = f.year AND CAST(a.activity AS VARCHAR) = f.activity AND CAST(a.unit AS VARCHAR) = f.unit
         AND CAST(a.region AS VARCHAR) = f.region AND CAST(a.gas AS VARCHAR) = f.gas
         AND CAST(a.instrument AS VARCHAR) = f.instrument
        GROUP BY ALL ORDER BY ALL"""
    return con.execute(query).df()


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: per address space, so not inherited from a forking parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(method: str, data: Path, rows: int) -> None:
    """One timed library call on an in-memory DataFrame, in this process; prints a JSON line."""
    frame = pd.read_parquet(data / f"activity-{rows}.parquet")  # as generated: categoricals kept by pandas metadata
    input_mb = frame.memory_usage(deep=True).sum() / 2**20
    factors = pd.read_parquet(data / f"factors-{rows}.parquet") if method != "ghgcalc" else None
    setup = 0.0
    if method == "ghgcalc":  # a fixed cost, like the baselines' factor table: loaded before the clock starts
        from ghgcalc.factors.library import load_factor_library

        setup_start = time.perf_counter()
        library = load_factor_library()
        setup = time.perf_counter() - setup_start
    start = time.perf_counter()
    if method == "duckdb":
        totals = run_duckdb(frame, factors)
    else:
        totals = run_ghgcalc(frame, library) if method == "ghgcalc" else run_pandas(frame, factors)
    seconds = time.perf_counter() - start
    print(json.dumps({"method": method, "seconds": seconds, "setup": setup, "peak_mb": peak_mb(), "input_mb": input_mb,
                      "totals": _records(totals)}))


def _records(totals: pd.DataFrame) -> list[dict]:
    totals = totals[GROUP + ["co2e_t"]].copy()
    totals["scope"] = totals["scope"].astype(str)
    totals["scope2_method"] = totals["scope2_method"].astype(str)
    return totals.astype({"year": int}).to_dict("records")


_REPORT_PEAK = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('PEAK_KB ' + next(l.split()[1] for l in "
                "open('/proc/self/status') if l.startswith('VmHWM:')) + chr(10)))")


def process_script(method: str, parquet: Path, factors: Path) -> list[str]:
    """The command line of a whole process computing the totals from the Parquet file (it reports its VmHWM at exit)."""
    if method == "ghgcalc":
        cli = ["inventory", str(parquet), "--gwp", GWP, "--format", "json", "--by", ",".join(GROUP)]
        return [sys.executable, "-c", f"{_REPORT_PEAK}; import runpy; sys.argv = ['ghgcalc'] + sys.argv[1:]; "
                "runpy.run_module('ghgcalc', run_name='__main__')", *cli]
    body = {
        "pandas": "frame = pd.read_parquet(sys.argv[1]); totals = run_pandas(frame, pd.read_parquet(sys.argv[2]))",
        "duckdb": "totals = run_duckdb(sys.argv[1], pd.read_parquet(sys.argv[2]))",
    }[method]
    code = (f"{_REPORT_PEAK}; import sys, json; sys.path.insert(0, {str(Path(__file__).parent)!r}); import pandas as pd; "
            f"from bench_inventory import run_pandas, run_duckdb, _records; {body}; print('TOTALS', json.dumps(_records(totals)))")
    return [sys.executable, "-c", code, str(parquet), str(factors)]


def timed_process(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds (from outside), peak RSS in MB (the process's own VmHWM) and stdout of one process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, env=bench_env())
        process.wait()
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({process.returncode}): {errors[-2000:]}")
    peak_kb = next(int(line.split()[1]) for line in errors.splitlines() if line.startswith("PEAK_KB "))
    return seconds, peak_kb / 1024, text


def ghgcalc_totals(text: str) -> list[dict]:
    doc = json.loads(text)
    return [{"year": r["year"], "scope": str(r["scope"]), "scope2_method": r["scope2_method"], "co2e_t": r["value"]} for r in doc["rows"]]


def check_agree(reference: list[dict], other: list[dict], what: str) -> None:
    a = pd.DataFrame(reference).sort_values(GROUP).reset_index(drop=True)
    b = pd.DataFrame(other).sort_values(GROUP).reset_index(drop=True)
    assert a[GROUP].astype(str).equals(b[GROUP].astype(str)), f"{what}: groups differ"
    np.testing.assert_allclose(b["co2e_t"].to_numpy(), a["co2e_t"].to_numpy(), rtol=1e-9, err_msg=what)


def bench_rows(rows: int, data: Path, repeat: int = 5) -> None:
    """Sections 1 and 2 for one size."""
    parquet, factors = data / f"activity-{rows}.parquet", data / f"factors-{rows}.parquet"
    if not parquet.exists():
        frame = generate(rows)
        frame.to_parquet(parquet)
        key_factors(frame).to_parquet(factors)
        del frame
    print(f"\n{rows:,} rows, 2021-2023, 6 activity kinds; Parquet file {parquet.stat().st_size / 2**20:.0f} MB")
    memory = {}
    for method in ("ghgcalc", "pandas", "duckdb"):
        command = [sys.executable, __file__, "--child", method, "--data", str(data), "--rows", str(rows)]
        out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout.strip().splitlines()[-1]
        memory[method] = json.loads(out)
    for method in ("pandas", "duckdb"):
        check_agree(memory["ghgcalc"]["totals"], memory[method]["totals"], f"in memory, {method}")
    input_mb = memory["ghgcalc"]["input_mb"]
    print(f"library call on an in-memory DataFrame ({input_mb:.0f} MB; ghgcalc's factor library loaded in "
          f"{memory['ghgcalc']['setup']:.2f} s before timing); totals agree to 1e-9")
    _table({m: (r["seconds"], r["peak_mb"]) for m, r in memory.items()}, rows)
    commands = {method: process_script(method, parquet, factors) for method in ("ghgcalc", "pandas", "duckdb")}
    runs = paired(commands, repeat=repeat)
    outputs = {method: ghgcalc_totals(r.output) if method == "ghgcalc" else
               json.loads(next(line for line in r.output.splitlines() if line.startswith("TOTALS "))[7:])
               for method, r in runs.items()}
    for method in ("pandas", "duckdb"):
        check_agree(outputs["ghgcalc"], outputs[method], f"whole process, {method}")
    print(f"whole processes from the Parquet file (start-up, imports and reading included), median of {repeat}, "
          f"run in turn; totals agree to 1e-9; ghgcalc's peak is {runs['ghgcalc'].peak / input_mb:.2f}x the "
          f"in-memory input")
    print(f"  {'method':8} {'median s':>9} {'min-max s':>13} {'peak MB':>8} {'CPU s':>6} {'/ duckdb (paired)':>18} {'CPU / duckdb':>12}")
    for method, r in runs.items():
        low, high = r.spread
        print(f"  {method:8} {r.median:9.2f} {low:6.2f}-{high:<6.2f} {r.peak:8.0f} {statistics.median(r.cpu):6.2f} "
              f"{ratio(runs, method, 'duckdb'):18.2f} {ratio(runs, method, 'duckdb', 'cpu'):12.2f}")
    size = parquet.stat().st_size / 2**20
    cells = " | ".join(f"{runs[m].median:.2f} s, {runs[m].peak:,.0f} MB" for m in ("ghgcalc", "pandas", "duckdb"))
    print(f"README row: | {rows / 1e6:g} M ({size:.0f} MB file; {input_mb:.0f} MB in memory) | {cells} | "
          f"{ratio(runs, 'ghgcalc', 'duckdb'):.2f} | {ratio(runs, 'ghgcalc', 'duckdb', 'cpu'):.2f} |")


def _table(results: dict, rows: int) -> None:
    print(f"  {'method':8} {'seconds':>8} {'rows/s':>12} {'peak MB':>8} {'vs pandas':>9} {'vs duckdb':>9}")
    for method, (seconds, peak) in results.items():
        print(f"  {method:8} {seconds:8.2f} {rows / seconds:12,.0f} {peak:8.0f} "
              f"{seconds / results['pandas'][0]:9.2f} {seconds / results['duckdb'][0]:9.2f}")


def bench_scale(rows: int, partitions: int, workers: int, data: Path) -> None:
    """Section 3: a partitioned dataset on a local Dask cluster, against the local chunked path."""
    from distributed import Client, LocalCluster

    from ghgcalc.workspace.pipeline import run_inventory

    folder = data / f"dataset-{rows}-{partitions}"
    per = rows // partitions
    if not (folder / "_SUCCESS").exists():
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(partitions):
            generate(per, seed=20240101 + index).to_parquet(folder / f"part-{index:04d}.parquet")
        (folder / "_SUCCESS").write_text("")
    size = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 2**20
    print(f"\n{per * partitions:,} rows in {partitions} Parquet files ({size:.0f} MB)")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        start = time.perf_counter()
        dask = run_inventory(folder, gwp_set=GWP, by=GROUP, scheduler=cluster.scheduler_address)
        dask_seconds = time.perf_counter() - start
        peaks = client.run(peak_mb)
    finally:
        client.close()
        cluster.close()
    command = [sys.executable, "-c", f"{_REPORT_PEAK}; import runpy; sys.argv = ['ghgcalc'] + sys.argv[1:]; "
               "runpy.run_module('ghgcalc', run_name='__main__')", "inventory", str(folder), "--gwp", GWP,
               "--format", "json", "--by", ",".join(GROUP)]
    local_seconds, local_peak, text = timed_process(command)
    local = json.loads(text)
    assert dask.rows_in == local["summary"]["rows_in"] == per * partitions and dask.rows_rejected == 0
    check_agree(ghgcalc_totals(text), _records(dask.to_frame()), "dask against local")
    print(f"  Dask, {workers} workers x 1 thread: {dask_seconds:.1f} s ({per * partitions / dask_seconds:,.0f} rows/s); "
          f"peak RSS per worker: {', '.join(f'{v:.0f} MB' for v in peaks.values())}")
    print(f"  local, piece by piece: `ghgcalc inventory FOLDER` as a whole process: {local_seconds:.1f} s, "
          f"peak RSS {local_peak:.0f} MB; totals equal to Dask's to 1e-9")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "ghgcalc-bench")
    parser.add_argument("--scale-rows", type=int, help="also run section 3 on this many rows")
    parser.add_argument("--partitions", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5, help="whole-process runs of each method, in turn")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.rows[0])
        return
    args.data.mkdir(parents=True, exist_ok=True)
    for rows in args.rows:
        bench_rows(rows, args.data, args.repeat)
    if args.scale_rows:
        bench_scale(args.scale_rows, args.partitions, args.workers, args.data)


if __name__ == "__main__":
    main()
