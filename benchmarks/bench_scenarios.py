"""Scenario projection throughput: the uncertain Xiaomi plan, vectorised over draws, against a loop over draws.

    python benchmarks/bench_scenarios.py                 # 10,000 and 100,000 draws
    python benchmarks/bench_scenarios.py --draws 10000 --repeat 5

Projects scenarios/xiaomi-plan-uncertain.toml (2023-2050: 28 years, 9 inventory lines,
11 levers, 5 targets evaluated per draw) for N draws as ``ghgcalc scenario run`` does
(``summarise``: block by block, keeping the percentiles and counts the outputs print), each
size in a fresh process so that its peak memory is its own, and prints the time (median of
--repeat; wall seconds, and CPU seconds of the process and the children it forked), draws per
second, the peak memory of the run's arrays in the calling process (tracemalloc, which numpy
reports to) and of the whole run (the peak of the summed proportional set size, Pss, of the
process and its children, read from /proc every few milliseconds in a run of its own: pages a
child shares with its parent are counted once), and the goals, judged on wall seconds: 10,000
draws under 1 s; 100,000 draws under 0.5 s and 250 MB of peak memory. A run uses one process per
core (``summarise(processes=...)``; --processes sets it), so its CPU seconds are about its wall
seconds times the processes on an idle machine; a busy machine's wall seconds say little.

The baseline, measured in the same run: the same draws projected one at a time in a
Python loop (each draw's parameter values set as overrides of a one-draw run), for
--baseline draws, extrapolated to N. The loop's figures are checked against the
vectorised run's, draw by draw, before any time is reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "xiaomi-plan-uncertain.toml"
WORKSPACE = ROOT / "examples" / "xiaomi"
GOALS = {10_000: (1.0, None), 100_000: (0.5, 250.0)}  # draws -> (seconds, peak memory MB)


def _load():
    sys.path.insert(0, str(ROOT))
    from ghgcalc.scenarios.projection import project
    from ghgcalc.scenarios.definitions import load_scenario

    return load_scenario(SCENARIO, WORKSPACE), project


def measure(draws: int, repeat: int, processes: int | None) -> dict:
    """Time of a run of ``draws`` draws as ``ghgcalc scenario run`` makes it (in its own process)."""
    scenario, _ = _load()
    from ghgcalc.scenarios.forked import reap_ended
    from ghgcalc.scenarios.summary import processes_for, summarise

    summarise(scenario, draws=min(draws, 100))  # warm up: imports, workspace look-ups made once per scenario
    tracemalloc.start()  # memory first, so that the process's peak is that of one run
    summarise(scenario, draws=draws, processes=processes)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    reap_ended(wait=True)  # its children, so that their CPU time is not counted with the first timed run
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu, start_children = time.perf_counter(), time.process_time(), _children_cpu()
        summarise(scenario, draws=draws, processes=processes)
        times.append(time.perf_counter() - start)
        reap_ended(wait=True)  # a run's children end after it returns: their CPU time counts once they are reaped
        cpu.append(time.process_time() - start_cpu + _children_cpu() - start_children)
    return {"draws": draws, "seconds": statistics.median(times), "cpu": statistics.median(cpu),
            "processes": processes_for(scenario, draws, processes), "arrays_peak_mb": peak / 1e6}


def memory_run(draws: int, processes: int | None) -> None:
    """One run, for ``peak_memory`` to watch from outside: warmed up like ``measure``'s."""
    scenario, _ = _load()
    from ghgcalc.scenarios.summary import summarise

    summarise(scenario, draws=min(draws, 100))
    summarise(scenario, draws=draws, processes=processes)


def peak_memory(args: list[str]) -> float:
    """MB: the peak of the summed Pss of a benchmark process and its children while it runs."""
    run = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.DEVNULL)
    peak = 0
    while run.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in [run.pid, *_children(run.pid)]))
        time.sleep(0.002)
    if run.returncode:
        raise SystemExit(f"the memory run failed (exit code {run.returncode})")
    return peak / 1024


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # ended meanwhile
        pass
    return 0


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def loop_baseline(draws: int) -> dict:
    """The first ``draws`` draws, one projection each; checked against the vectorised run."""
    from ghgcalc.scenarios.distributions import Sampler, leaves

    scenario, project = _load()
    vectorised = project(scenario, draws=draws)
    sampler = Sampler(scenario.seed, draws)
    paths = [leaf for lever in scenario.levers for leaf in lever.leaves]
    paths += [leaf for d in scenario.drivers for leaf in leaves(d.growth)]
    values = {leaf.path: sampler.leaf(leaf)[:, 0] for leaf in paths if leaf.uncertain}
    project(scenario, draws=1)
    start = time.perf_counter()
    totals = []
    for i in range(draws):
        one = project(scenario, draws=1, overrides={path: v[i] for path, v in values.items()})
        totals.append(one.total("scope12")[0])
    seconds = time.perf_counter() - start
    if not np.allclose(np.array(totals), vectorised.total("scope12"), rtol=1e-12):
        raise SystemExit("the loop and the vectorised projection disagree")
    return {"draws": draws, "seconds": seconds, "per_draw": seconds / draws}


def _in_process(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", type=int, default=200, help="draws projected one by one for the baseline")
    parser.add_argument("--processes", type=int, help="processes a run uses (default: one per core)")
    parser.add_argument("--worker", choices=["measure", "memory", "loop"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "measure":
        print(json.dumps(measure(args.draws[0], args.repeat, args.processes)))
        return
    if args.worker == "memory":
        memory_run(args.draws[0], args.processes)
        return
    if args.worker == "loop":
        print(json.dumps(loop_baseline(args.baseline)))
        return

    baseline = _in_process(["--worker", "loop", "--baseline", str(args.baseline)])
    print(f"scenario: {SCENARIO.name} (2023-2050, 28 years); cores: {_cores()}")
    print(f"baseline: a Python loop of one-draw projections, {baseline['draws']} draws in "
          f"{baseline['seconds']:.2f} s = {baseline['per_draw'] * 1e3:.2f} ms a draw (same figures as the vectorised run)")
    print(f"{'draws':>9}  {'procs':>5}  {'seconds':>8}  {'CPU s':>6}  {'draws/s':>10}  {'arrays MB':>9}  "
          f"{'memory MB':>9}  {'loop, extrapolated':>18}  {'speed-up':>8}  goal")
    rows = []
    chosen = [] if args.processes is None else ["--processes", str(args.processes)]
    for draws in args.draws:
        result = _in_process(["--worker", "measure", "--draws", str(draws), "--repeat", str(args.repeat), *chosen])
        memory = peak_memory(["--worker", "memory", "--draws", str(draws), *chosen])
        loop = baseline["per_draw"] * draws
        seconds_goal, memory_goal = GOALS.get(draws, (None, None))
        # judged on wall seconds, as a user waits
        verdict = "" if seconds_goal is None else f"< {seconds_goal:g} s: {'met' if result['seconds'] < seconds_goal else 'not met'}"
        if memory_goal is not None:
            verdict += f"; < {memory_goal:g} MB: {'met' if memory < memory_goal else 'not met'}"
        print(f"{draws:>9,}  {result['processes']:>5}  {result['seconds']:>8.3f}  {result['cpu']:>6.3f}  "
              f"{draws / result['seconds']:>10,.0f}  {result['arrays_peak_mb']:>9.1f}  {memory:>9.0f}  {loop:>16.1f} s  "
              f"{loop / result['seconds']:>7.0f}x  {verdict}")
        rows.append(f"README row: | {draws:,} | {result['processes']} | {result['seconds']:.2f} s ({result['cpu']:.2f} s CPU) "
                    f"| {result['arrays_peak_mb']:,.0f} MB | {memory:,.0f} MB | {loop:,.1f} s | {verdict} |")
    print("\n".join(rows))


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    main()
