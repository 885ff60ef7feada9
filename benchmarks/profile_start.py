"""Where a command's fixed cost goes: CPU seconds of each phase of one ``ghgcalc inventory`` (or ``report``) run.

    python benchmarks/profile_start.py                        # inventory of examples/xiaomi, 5 runs
    python benchmarks/profile_start.py --command report       # ghgcalc report examples/xiaomi
    python benchmarks/profile_start.py PATH --runs 5 -- --by year,scope

Each run is a fresh interpreter that runs the command's steps one after another and reads
``time.process_time()`` between them (CPU time: other jobs on the machine do not move it);
the table gives the median of the runs for each phase. The interpreter's start is the CPU
time the process used before the first line ran. Phases: the CLI (click and the command
list), the libraries the command imports (numpy, pandas, pint), ghgcalc's own
modules, the unit registry, the factor library, reading and summing the activity data
(with the factor look-ups), and writing the JSON document; for ``report``, also the reported
figures, the audit, the targets and the text. One uncounted run first writes the bytecode cache
and the cache of pint's parsed definitions (in a temporary folder), as a user's first command does.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import ROOT, bench_env  # noqa: E402

_CHILD = r"""
import gc, json, sys, time
gc.disable()  # as the program (ghgcalc.cli.run) runs a command: no collection while modules load
clock = time.process_time
marks = [("interpreter", clock())]
def mark(name): marks.append((name, clock()))
import click, ghgcalc.cli; mark("CLI: click and the command list")
import numpy; mark("numpy")
from ghgcalc.core.pandas_import import import_pandas_without_arrow
import_pandas_without_arrow(); import pandas; mark("pandas")  # as a workspace command imports it: without pyarrow
pandas.set_option("mode.string_storage", "python")  # as the CLI holds text while a command runs
from ghgcalc.core.pint_import import pint; mark("pint")
""" + "{steps}" + r"""
print(json.dumps(marks))
"""

_STEPS = {
    "inventory": r"""
import ghgcalc.cli.inventory_cmd; gc.freeze(); gc.enable(); mark("ghgcalc modules of the command")
from ghgcalc.core.units import get_registry
get_registry(); mark("unit registry (pint definitions, cached)")
from ghgcalc.workspace.pipeline import locate_workspace, run_inventory, workspace_library
workspace_library(locate_workspace(sys.argv[1], gwp_set=sys.argv[2] or None)); mark("factor library (read, validated)")
summary = run_inventory(sys.argv[1], gwp_set=sys.argv[2] or None, by=sys.argv[3].split(","))
mark("activity data: read, validated, factors resolved, summed")
from ghgcalc.cli.output import json_text
text = json_text(summary.to_dict()); mark("JSON document")
""",
    "report": r"""
import ghgcalc.cli.report_cmd; gc.freeze(); gc.enable(); mark("ghgcalc modules of the command")
from ghgcalc.core.units import get_registry
get_registry(); mark("unit registry (pint definitions, cached)")
from ghgcalc.workspace.opened import open_workspace
from ghgcalc.workspace.pipeline import workspace_library
opened = open_workspace(sys.argv[1]); workspace_library(opened.config); mark("workspace file and factor library")
opened.inventory; mark("inventory: activity data read, validated, summed")
opened.vocabulary, opened.figures; mark("metrics and reported figures read")
from ghgcalc.outputs import report
report.audit_workspace = lambda o, _a=report.audit_workspace, _r={}: _r.get(0) or _r.setdefault(0, _a(o))
report.audit_workspace(opened); mark("audit of the reported figures")
report.track_workspace = lambda o, _t=report.track_workspace, _r={}, **kw: _r.get(0) or _r.setdefault(0, _t(o, **kw))
report.track_workspace(opened, year=None, go_on=True); mark("progress towards targets")
text = report.report_workspace(opened).render_text(); mark("the rest of the report: headline, manifest, text")
""",
}


def run_child(path: str, gwp: str, by: str, command: str = "inventory") -> tuple[list[tuple[str, float]], float]:
    """Each phase's CPU seconds in one fresh process, and the CPU its interpreter used before the first line."""
    out = subprocess.run([sys.executable, "-c", _CHILD.replace("{steps}", _STEPS[command]), path, gwp, by], capture_output=True, text=True, check=True,
                         cwd=ROOT, env=bench_env({**os.environ, "PYTHONPATH": str(ROOT)})).stdout
    marks = json.loads(out.strip().splitlines()[-1])
    return [(name, t1 - t0) for (_, t0), (name, t1) in zip(marks, marks[1:])], marks[0][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "examples" / "xiaomi"))
    parser.add_argument("--gwp", default="", help="GWP set (default: the workspace's)")
    parser.add_argument("--by", default="year,scope,scope2_method,scope3_category")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", choices=list(_STEPS), default="inventory")
    args = parser.parse_args()
    run_child(args.path, args.gwp, args.by, args.command)  # warm-up, uncounted: writes the bytecode and definitions caches
    phases: dict[str, list[float]] = {}
    starts = []
    for _ in range(args.runs):
        measured, start = run_child(args.path, args.gwp, args.by, args.command)
        starts.append(start)
        for name, seconds in measured:
            phases.setdefault(name, []).append(seconds)
    rows = [("interpreter start", statistics.median(starts))]
    rows += [(name, statistics.median(values)) for name, values in phases.items()]
    total = sum(seconds for _, seconds in rows)
    print(f"ghgcalc {args.command} {Path(args.path).name}: CPU seconds by phase, median of {args.runs} fresh processes")
    print("| phase | CPU s | share |\n|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
    print(f"| total | {total:.2f} | |")


if __name__ == "__main__":
    main()
