"""Inventory throughput: ghgcalc against plain pandas and DuckDB on the same synthetic rows.

    python benchmarks/bench_inventory.py --rows 10000000

Generates N seeded activity rows (electricity by grid region and instrument, natural gas
in m3, diesel in t, refrigerant top-ups in kg; three years; segments and sites), then
times, each in a fresh process so that peak memory is its own:

- ghgcalc: validate + resolve factors + compute every line + total by year, scope and
  Scope 2 method (compute_inventory + summarise), units checked;
- pandas: the same totals from a pre-resolved table of tCO2e per unit for each distinct
  key (no units, no validation, no lineage): one merge and one group-by;
- duckdb: the same join and group-by as one SQL query.

from an in-memory DataFrame and from a Parquet file. It checks that the three agree and
prints rows/s, peak RSS and the ratio to each baseline. Needs the bench extra (duckdb, pyarrow).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "out"
GROUP = ["year", "scope", "scope2_method"]


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
    lines = compute_inventory(probe, load_factor_library(), "AR5GWP100").emissions
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

    result = compute_inventory(frame, library, "AR5GWP100")
    assert result.rows_rejected == 0
    return summarise(result.emissions, GROUP)


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


def child(method: str, rows: int, source: str) -> None:
    """One timed run in this process; prints a JSON line."""
    parquet = OUT / f"activity-{rows}.parquet"
    frame = generate(rows) if source == "memory" else None
    factors = pd.read_parquet(OUT / f"factors-{rows}.parquet") if method != "ghgcalc" else None
    setup = 0.0
    if method == "ghgcalc":  # a fixed cost, like the baselines' factor table: loaded before the clock starts
        from ghgcalc.factors.library import load_factor_library

        setup_start = time.perf_counter()
        library = load_factor_library()
        setup = time.perf_counter() - setup_start
    start = time.perf_counter()
    if method == "duckdb":
        totals = run_duckdb(frame if source == "memory" else parquet, factors)
    else:
        data = frame if source == "memory" else pd.read_parquet(parquet)
        totals = run_ghgcalc(data, library) if method == "ghgcalc" else run_pandas(data, factors)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    totals["scope"] = totals["scope"].astype(str)
    print(json.dumps({"method": method, "source": source, "seconds": seconds, "setup": setup, "peak_mb": peak_mb,
                      "totals": totals.astype({"year": int}).to_dict("records")}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "SOURCE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.rows, args.child[1])
        return
    OUT.mkdir(exist_ok=True)
    frame = generate(args.rows)
    frame.to_parquet(OUT / f"activity-{args.rows}.parquet")
    key_factors(frame).to_parquet(OUT / f"factors-{args.rows}.parquet")
    del frame
    print(f"{args.rows:,} rows, 2021-2023, 6 activity kinds; each run in its own process")
    results = {}
    for source in ("memory", "parquet"):
        for method in ("ghgcalc", "pandas", "duckdb"):
            out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", method, source],
                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            results[(method, source)] = json.loads(out)
    for source in ("memory", "parquet"):
        reference = pd.DataFrame(results[("ghgcalc", source)]["totals"]).sort_values(GROUP).reset_index(drop=True)
        for method in ("pandas", "duckdb"):
            other = pd.DataFrame(results[(method, source)]["totals"]).sort_values(GROUP).reset_index(drop=True)
            np.testing.assert_allclose(other["co2e_t"].to_numpy(), reference["co2e_t"].to_numpy(), rtol=1e-9)
        print(f"\nfrom {source}: totals agree across the three methods "
              f"(ghgcalc's factor library loaded in {results[('ghgcalc', source)]['setup']:.2f} s before timing)")
        print(f"{'method':8} {'seconds':>8} {'rows/s':>12} {'peak MB':>8} {'vs pandas':>9} {'vs duckdb':>9}")
        for method in ("ghgcalc", "pandas", "duckdb"):
            r = results[(method, source)]
            vs_pandas = r["seconds"] / results[("pandas", source)]["seconds"]
            vs_duckdb = r["seconds"] / results[("duckdb", source)]["seconds"]
            print(f"{method:8} {r['seconds']:8.2f} {args.rows / r['seconds']:12,.0f} {r['peak_mb']:8.0f} {vs_pandas:9.2f} {vs_duckdb:9.2f}")


if __name__ == "__main__":
    main()
