"""A workspace's inventory is summed once per command, and again as soon as an input changes."""

from __future__ import annotations

import os

from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.workspace import pipeline
from ghgcalc.workspace.config import load_workspace
from ghgcalc.workspace.template import create_workspace


def test_a_report_sums_the_inventory_once(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    create_workspace(root)
    calls = []
    original = pipeline._sum_sources
    monkeypatch.setattr(pipeline, "_sum_sources", lambda *a, **k: calls.append(1) or original(*a, **k))
    result = CliRunner().invoke(main, ["report", str(root)])
    assert result.exit_code == 0, result.output
    # the report's totals, its audit, its targets (observations) and its scenario's starting lines share one sum
    assert len(calls) == 1


def test_a_changed_input_is_summed_again(tmp_path):
    root = tmp_path / "ws"
    create_workspace(root)
    workspace = load_workspace(root)
    before = pipeline.inventory_for_workspace(workspace).result.totals["co2e_t"].sum()
    activity = root / "activity.csv"
    stamp = activity.stat()
    # 10 kg more R-410A released: 10 kg x 2,255.5 (AR6, as the template's 12 kg give 27.066 t) = 22.555 t CO2e
    with open(activity, "a", encoding="utf-8") as table:
        table.write("2023,refrigerant.release,10,kg,,offices,Head office,R-410A,,,\n")
    os.utime(activity, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000))
    after = pipeline.inventory_for_workspace(workspace).result
    assert abs(after.totals["co2e_t"].sum() - before - 22.555) < 1e-9
    assert after.rows_in == 7  # the template's six rows and the new one
