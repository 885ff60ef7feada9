"""Whole processes timed in pairs: a command and its baseline, run in turn, medians of each and of their ratios.

Why paired: on a shared machine the speed drifts from one minute to the next; a ratio taken
run by run (A B A B ...) keeps its meaning when absolute times do not. Wall seconds are read
around each process; peak memory is the process's own maximum resident set (``wait4``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_env(env: dict | None = None) -> dict:
    """The environment of a timed process: Python's bytecode cache and ghgcalc's cache on, in temporary folders.

    Why: an installed ghgcalc has its modules compiled (pip writes the bytecode); a shell with
    PYTHONDONTWRITEBYTECODE set would otherwise make every run compile each module again, a cost
    no user pays. The warm-up round writes the caches (bytecode, pint's parsed definitions), as a
    user's first command does; the checkout and the user's own cache folder are not written to.
    """
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "ghgcalc-bench-pycache"))
    env.setdefault("GHGCALC_CACHE_DIR", str(Path(tempfile.gettempdir()) / "ghgcalc-bench-cache"))
    return env


@dataclass
class Runs:
    """The runs of one command: wall seconds, CPU seconds, peak MB, and the last run's output."""

    seconds: list = field(default_factory=list)
    cpu: list = field(default_factory=list)
    peak_mb: list = field(default_factory=list)
    output: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.seconds), max(self.seconds)

    @property
    def peak(self) -> float:
        return statistics.median(self.peak_mb)


def run_once(command: list[str], runs: Runs, env: dict | None = None, ok: tuple[int, ...] = (0,)) -> None:
    """One whole process: its wall and CPU seconds, peak memory and standard output; a failure stops the benchmark."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, env=bench_env(env))
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(command[:4])} failed ({process.returncode}): {errors[-2000:]}")
    runs.seconds.append(seconds)
    runs.cpu.append(usage.ru_utime + usage.ru_stime)
    runs.peak_mb.append(usage.ru_maxrss / 1024)
    runs.output = text


def paired(commands: dict[str, list[str]], repeat: int = 5, warmup: int = 1, env: dict | None = None,
           ok: tuple[int, ...] = (0,)) -> dict[str, Runs]:
    """Each command ``repeat`` times, in turn (after ``warmup`` uncounted rounds), so that every round holds one of each."""
    results = {name: Runs() for name in commands}
    for round_ in range(warmup + repeat):
        for name, command in commands.items():
            target = results[name] if round_ >= warmup else Runs()
            run_once(command, target, env, ok)
    return results


def ratio(results: dict[str, Runs], a: str, b: str, of: str = "seconds") -> float:
    """The median, over rounds, of a's wall time (or ``of="cpu"``: CPU time) over b's in the same round."""
    return statistics.median(x / y for x, y in zip(getattr(results[a], of), getattr(results[b], of)))
