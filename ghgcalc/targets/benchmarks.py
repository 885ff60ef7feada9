"""Published minimum ambition that a target is set against: SBTi's linear rates and net-zero depth.

Why data: the rates are facts published by the Science Based Targets initiative, revised
from version to version, so they live in ``ghgcalc/data/sbti-benchmarks.csv`` with a
sidecar naming the document, section and version; they are read on first use and cached.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence


from ghgcalc.core.shipped import read_shipped_table, read_shipped_text
from ghgcalc.core.percent import from_percent

BENCHMARKS_FILE = "sbti-benchmarks"


@dataclass(frozen=True)
class Benchmark:
    """A minimum yearly linear reduction (fraction of base per year) and where it comes from."""

    name: str
    annual_linear_reduction: float
    source: str


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[dict, ...], dict]:
    """The benchmark rows (values as fractions) and their sidecar, read once."""
    rows = read_shipped_table(f"{BENCHMARKS_FILE}.csv").to_dict("records")
    sidecar = tomllib.loads(read_shipped_text(f"{BENCHMARKS_FILE}.toml"))
    for row in rows:
        if row["unit"] != "percent":
            raise ValueError(f"{BENCHMARKS_FILE}.csv: {row['name']} is in {row['unit']!r}, expected percent")
        row["fraction"] = from_percent(float(row["value"]))
        row["citation"] = sidecar["sources"][row["source_id"]]["citation"]
    return tuple(rows), sidecar


def sbti_benchmarks() -> tuple[Benchmark, ...]:
    """SBTi's minimum linear annual reductions of Scope 1+2 emissions, most ambitious first."""
    return tuple(Benchmark(r["name"], r["fraction"], r["citation"])
                 for r in _table()[0] if r["measure"] == "annual_linear_reduction")


def _net_zero() -> dict:
    return next(r for r in _table()[0] if r["measure"] == "min_reduction")


def sbti_net_zero_min_reduction() -> float:
    """The least cut from the base a net-zero target may make before neutralising (a fraction)."""
    return _net_zero()["fraction"]


def sbti_net_zero_source() -> str:
    """The document that sets :func:`sbti_net_zero_min_reduction`, as printed with a depth check."""
    return _net_zero()["citation"]


def benchmarks_met(annual_linear_reduction: float, benchmarks: Sequence[Benchmark] | None = None) -> list[str]:
    """Names of the benchmarks whose minimum rate the given rate reaches (a tiny tolerance for rounding)."""
    benchmarks = sbti_benchmarks() if benchmarks is None else benchmarks
    return [b.name for b in benchmarks if annual_linear_reduction >= b.annual_linear_reduction - 1e-12]
