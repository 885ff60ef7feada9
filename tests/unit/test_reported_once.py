"""A target file that only adds metrics uses the workspace's reading of its reported tables; one that adds a
scope total has them read again with its metrics, since a row's Scope 2 method may then read otherwise."""

from __future__ import annotations

import pytest

from ghgcalc.figures import reported
from ghgcalc.targets import actuals
from ghgcalc.targets.gap import track_workspace
from ghgcalc.targets.supplied import supplied_metrics
from ghgcalc.workspace import opened as opened_module
from ghgcalc.workspace.opened import open_workspace
from tests.conftest import ROOT

XIAOMI = ROOT / "examples" / "xiaomi"  # its targets.toml declares ewaste_recycled, a metric of its own


@pytest.fixture
def reads(monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return reported.read_reported(*args, **kwargs)

    monkeypatch.setattr(opened_module, "read_reported", counting)
    monkeypatch.setattr(actuals, "read_reported", counting)
    return calls


def test_a_target_file_that_adds_a_metric_reads_the_tables_once_and_tracks_the_same(reads, monkeypatch):
    once = track_workspace(open_workspace(XIAOMI)).to_dict()
    assert len(reads) == 1
    monkeypatch.setattr(actuals, "_reported_with", lambda opened, vocabulary: reported.read_reported(
        opened.config.reported_files, vocabulary, opened.config.encoding, opened.config.fiscal_years,
        opened.config.decimal_marks))  # as before: read again with the target file's metrics
    assert track_workspace(open_workspace(XIAOMI)).to_dict() == once


def test_a_target_file_that_adds_a_scope_total_has_the_tables_read_again(reads):
    opened = open_workspace(XIAOMI)
    base = opened.vocabulary
    own = supplied_metrics({"ewaste_recycled": {"unit": "t"}}, base, report=pytest.fail)
    assert actuals._reported_with(opened, own) is opened.printed
    assert len(reads) == 1
    totals = supplied_metrics({"scope12_own": {"unit": "t CO2e", "formula": "scope1 + scope2_location"}}, base,
                              report=pytest.fail)
    again = actuals._reported_with(opened, totals)
    assert len(reads) == 2 and again is not opened.printed
    assert again.equals(opened.printed)  # these tables print no row the new total would read otherwise
