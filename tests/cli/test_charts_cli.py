"""No empty chart: a chart with nothing to show is left out with a line saying why, and no library warning."""

from __future__ import annotations

import warnings

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

pytest.importorskip("matplotlib")

XIAOMI, MANUFACTURER = str(ROOT / "examples" / "xiaomi"), str(ROOT / "examples" / "manufacturer")


def _run(args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a matplotlib warning (an empty legend) fails the test
        return CliRunner().invoke(main, args, catch_exceptions=False)


def test_a_cost_curve_without_costs_is_not_drawn(tmp_path):
    out = tmp_path / "cost.png"
    result = _run(["scenario", "run", MANUFACTURER, "bau", "--cost-curve", str(out)])
    assert result.exit_code == 0 and not out.exists()
    assert result.stderr.splitlines() == [
        "--cost-curve: no cost curve written: no lever of Hengtai: business as usual has a cost; give a lever its "
        "cost (docs/scenarios.md) to draw one"]


def test_gap_plot_leaves_out_targets_without_numbers(tmp_path):
    """In 2019, before Xiaomi's 2021 base year, the targets with a base year have no figure yet to draw."""
    out = tmp_path / "gap.png"
    result = _run(["gap", XIAOMI, "--year", "2019", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    left = [line for line in result.stderr.splitlines() if line.startswith("--plot: ")]
    assert "--plot: ghg-2030: left out of the chart: no figure, pathway or level to draw (before base year)" in left
    assert out.exists() and out.stat().st_size > 10_000  # the targets with numbers are drawn


def test_plot_progress_without_any_number_writes_nothing(tmp_path):
    from ghgcalc.plotting.canvas import NothingToDraw
    from ghgcalc.plotting.progress import drawable, plot_progress
    from ghgcalc.targets.gap import track_workspace

    report = track_workspace(ROOT / "examples" / "xiaomi", year=2019)
    empty = [p for p in report.progress if not drawable(p)]
    assert empty
    with pytest.raises(NothingToDraw, match="no chart written"):
        plot_progress(empty, tmp_path / "none.png")
    assert not (tmp_path / "none.png").exists()
