"""Start-up: the commands a user types on a small workspace, as whole processes, against a bare interpreter.

    python benchmarks/bench_start.py               # median of 5, each command in turn with the baseline

Each command runs as ``python -m ghgcalc ...`` from this checkout, in turn with the baseline
``python -c pass`` (the interpreter alone, the floor no Python command goes under), so the
ratio of each round is taken on the same minutes of the machine. The goals of the start-up
work: --version and --help within 0.15 s, ``report examples/xiaomi`` under 1 s, judged on the
CPU seconds (on an idle machine a one-thread command's wall seconds; on a shared one, what other
jobs do not inflate).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import ROOT, paired, ratio  # noqa: E402

XIAOMI = str(ROOT / "examples" / "xiaomi")
JAPAN = str(ROOT / "examples" / "precision-jp")  # a yen maker: fiscal years, 億円, another factor set
COMMANDS = {
    "--version": ["--version"],
    "--help": ["--help"],
    "inventory xiaomi --format json": ["inventory", XIAOMI, "--format", "json"],
    "audit xiaomi --format json": ["audit", XIAOMI, "--format", "json"],
    "gap xiaomi": ["gap", XIAOMI],
    "intensity xiaomi": ["intensity", XIAOMI],
    "report xiaomi": ["report", XIAOMI],
    "audit precision-jp --format json": ["audit", JAPAN, "--format", "json"],
    "gap precision-jp": ["gap", JAPAN],
    "intensity precision-jp": ["intensity", JAPAN],
    "report precision-jp": ["report", JAPAN],
}
GOALS = {"--version": 0.15, "--help": 0.15, "report xiaomi": 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=list(COMMANDS), help="these commands only")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    baseline = [sys.executable, "-c", "pass"]
    print(f"whole processes, median of {args.repeat}, each command in turn with `python -c pass`")
    print("| command | median s | min-max s | peak MB | CPU s | / python -c pass | goal (CPU s) |\n|---|---|---|---|---|---|---|")
    for name in args.only or COMMANDS:
        runs = paired({name: [sys.executable, "-m", "ghgcalc", *COMMANDS[name]], "python": baseline},
                      repeat=args.repeat, env=env, ok=(0, 1, 3))  # 1 and 3 are answers: a finding, a target off track
        r = runs[name]
        low, high = r.spread
        goal = GOALS.get(name)
        cpu = statistics.median(r.cpu)  # goals judged on CPU seconds, which other jobs on the machine do not inflate
        verdict = "" if goal is None else f"< {goal:g} s: {'met' if cpu < goal else 'not met'}"
        print(f"| ghgcalc {name} | {r.median:.3f} | {low:.3f}-{high:.3f} | {r.peak:.0f} | "
              f"{cpu:.3f} | {ratio(runs, name, 'python'):.2f} | {verdict} |")
    python = runs["python"]
    print(f"| python -c pass | {python.median:.3f} | {python.spread[0]:.3f}-{python.spread[1]:.3f} | "
          f"{python.peak:.0f} | {statistics.median(python.cpu):.3f} | 1.00 | |")


if __name__ == "__main__":
    main()
