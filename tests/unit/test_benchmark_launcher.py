"""The benchmarks' peak memory is each command's own, however large the benchmark process has grown.

Linux gives a child, in wait4, the larger of its own peak and its parent's size at the fork;
a benchmark that made its input file in the same run would otherwise report its own size
for every command it times.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from paired import Runs, run_once  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="wait4's peak memory is read as Linux gives it")


def test_a_command_started_by_a_large_process_reports_its_own_peak():
    grown = np.ones(300 * 2**20 // 8)  # 300 MiB of this process, touched
    runs = Runs()
    run_once([sys.executable, "-c", "import sys; sys.stdout.write('ran')"], runs)
    assert grown.sum() == grown.size
    assert runs.output == "ran"
    assert 1 < runs.peak_mb[0] < 100  # a bare interpreter: tens of MB, not this process's 300 MiB
    assert 0 < runs.cpu[0] <= runs.seconds[0] * 2


def test_a_command_that_fails_stops_the_benchmark_with_its_error():
    with pytest.raises(SystemExit, match="failed \\(3\\): no such figure"):
        run_once([sys.executable, "-c", "import sys; sys.stderr.write('no such figure'); sys.exit(3)"], Runs())
    runs = Runs()
    run_once([sys.executable, "-c", "import sys; sys.exit(3)"], runs, ok=(0, 3))
    assert len(runs.seconds) == 1


def test_a_command_that_cannot_be_started_says_so():
    with pytest.raises(SystemExit, match="failed \\(127\\): /nonexistent/ghgcalc-command: .*No such file"):
        run_once(["/nonexistent/ghgcalc-command"], Runs())
