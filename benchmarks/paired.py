"""Whole processes timed in pairs: a command and its baseline, run in turn, medians of each and of their ratios.

Why paired: on a shared machine the speed drifts from one minute to the next; a ratio taken
run by run (A B A B ...) keeps its meaning when absolute times do not. Each process is started
by a small launcher (``LAUNCHER``) that reads its wall seconds around it and its CPU seconds and
peak resident memory from ``wait4``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Why a launcher: the peak resident memory wait4 gives for a child counts its parent's at the fork (Linux keeps
# the larger high-water mark of the two address spaces across exec), so a benchmark that has grown (generating a
# large input file, say) would lend every command its own size: 456 MB for each process of the 1M-row inventory
# benchmark on a machine where the file was made in the same run, against 187-460 MB. The launcher is small when
# it forks the command, times it and reports on the file descriptor it is given: wall s, CPU s, peak KiB, status.
LAUNCHER = """import os, sys, time
fd, command = int(sys.argv[1]), sys.argv[2:]
os.set_inheritable(fd, False)
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    except OSError as exc:
        os.write(2, f"{command[0]}: {exc}\\n".encode())
    finally:
        os._exit(127)
_, status, used = os.wait4(pid, 0)
os.write(fd, f"{time.perf_counter() - start} {used.ru_utime + used.ru_stime} {used.ru_maxrss} {status}".encode())
"""


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
    reading, writing = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, os.fdopen(reading, "rb") as report:
        try:
            launcher = [sys.executable, "-c", LAUNCHER, str(writing), *command]
            subprocess.run(launcher, stdout=out, stderr=err, cwd=ROOT, env=bench_env(env), pass_fds=(writing,))
        finally:
            os.close(writing)
        measured = report.read().split()
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if len(measured) != 4:
        raise SystemExit(f"{' '.join(command[:4])} could not be started: {errors[-2000:]}")
    seconds, cpu, peak_kib, status = float(measured[0]), float(measured[1]), int(measured[2]), int(measured[3])
    returncode = os.waitstatus_to_exitcode(status)
    if returncode not in ok:
        raise SystemExit(f"{' '.join(command[:4])} failed ({returncode}): {errors[-2000:]}")
    runs.seconds.append(seconds)
    runs.cpu.append(cpu)
    runs.peak_mb.append(peak_kib / 1024)
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
