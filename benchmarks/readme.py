"""Regenerate the README's benchmark tables from the benchmarks' own output.

    python benchmarks/readme.py                   # all three; takes several minutes
    python benchmarks/readme.py --only start      # one table

Each table in the README's Benchmarks section sits between ``<!-- bench NAME -->`` and
``<!-- end bench NAME -->``; this runs the benchmark that makes it and writes its rows there,
with the date, so that the figures in the README are the figures a benchmark printed.
"""

from __future__ import annotations

import argparse
import datetime
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"

TABLES = {  # name -> (benchmark command, table header)
    "start": ([sys.executable, str(HERE / "bench_start.py")], None),
    "inventory": ([sys.executable, str(HERE / "bench_inventory.py"), "--rows", "1000000", "10000000"],
                  "| rows | ghgcalc | pandas | DuckDB | ghgcalc / DuckDB, wall | ghgcalc / DuckDB, CPU |\n"
                  "|---|---|---|---|---|---|"),
    "scenarios": ([sys.executable, str(HERE / "bench_scenarios.py")],
                  "| draws | processes | run, median | arrays peak (calling process) | peak memory (all processes, Pss) "
                  "| loop of one-draw runs, extrapolated | goal (wall s, memory) |\n|---|---|---|---|---|---|---|"),
}


def table(name: str) -> str:
    """The benchmark's markdown rows (its own table, or its 'README row:' lines under a header)."""
    command, header = TABLES[name]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if header is None:
        rows = [line for line in out.splitlines() if line.startswith("|")]
    else:
        rows = [header] + [line.removeprefix("README row: ") for line in out.splitlines() if line.startswith("README row: ")]
    return "\n".join(rows)


def replace(text: str, name: str, rows: str) -> str:
    pattern = re.compile(rf"(<!-- bench {name} -->\n).*?(<!-- end bench {name} -->)", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no <!-- bench {name} --> ... <!-- end bench {name} --> block")
    stamp = f"Measured {datetime.date.today().isoformat()} by `python benchmarks/readme.py --only {name}`:\n\n"
    return pattern.sub(lambda m: m.group(1) + stamp + rows + "\n" + m.group(2), text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=list(TABLES))
    args = parser.parse_args()
    for name in args.only or TABLES:
        rows = table(name)  # minutes: the README is read after, so edits made meanwhile are kept
        README.write_text(replace(README.read_text(encoding="utf-8"), name, rows), encoding="utf-8")
        print(f"README.md: table {name!r} regenerated")


if __name__ == "__main__":
    main()
