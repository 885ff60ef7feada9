"""Target kinds are one table: a kind added there is read, tracked, shown and projected like the others."""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.scenarios.run import run_scenario
from ghgcalc.targets import kinds
from ghgcalc.targets.gap import track_workspace
from ghgcalc.targets.kinds import TARGET_KINDS, TargetKind
from tests.unit.test_scenario import ONE_LINE, tiny_workspace, write_scenario

CEILING_TARGETS = '''
[targets.cap-2028]
type = "ceiling"
metric = "scope12"
base_year = 2023
target_year = 2028
cap = "600 t CO2e"
'''

CEILING = TargetKind(
    "ceiling", keys=("metric", "cap"), level_keys=("cap",), level_hint="say the cap: cap = '600 t CO2e'",
    describe=lambda t: f"keep {t.metric} at or below {t.level.text} from {t.target_year}",
    measure=lambda observations, t, year, changes: observations.in_boundary(t, t.metric, year, changes),
    project=lambda t, values_of, unit_of: values_of(t.metric), absolute_level=True)


@pytest.fixture
def ceiling(monkeypatch):
    """The one place a new kind is added: an entry in the table."""
    monkeypatch.setitem(TARGET_KINDS, "ceiling", CEILING)


def test_the_table_holds_the_six_documented_kinds():
    assert kinds.target_kinds() == ("absolute", "intensity", "share", "neutrality", "net_zero", "cumulative")
    assert [TARGET_KINDS[k].direction for k in kinds.target_kinds()] == [-1, -1, +1, -1, -1, +1]
    assert TARGET_KINDS["net_zero"].counted_words() == "removals only"
    assert TARGET_KINDS["neutrality"].counted_words("or") == "removals or credits"


def test_a_kind_added_to_the_table_runs_through_gap(ceiling, tmp_path):
    workspace = tiny_workspace(tmp_path / "ws", targets=CEILING_TARGETS)
    report = track_workspace(workspace, year=2023)
    (p,) = report.progress
    assert p.target.kind is CEILING
    assert p.target.reading == "keep scope12 at or below 600 t CO2e from 2028"
    # 2023 Scope 1+2 of 1,000 t against a cap of 600 t: 1,000 - 600 = 400 t to cut
    assert p.actual.figure.value == pytest.approx(1_000.0)
    assert p.target_level.value == pytest.approx(600.0)
    assert p.gap.value == pytest.approx(400.0)
    assert p.status == "base year"


def test_a_kind_added_to_the_table_runs_through_the_gap_command(ceiling, tmp_path):
    workspace = tiny_workspace(tmp_path / "ws", targets=CEILING_TARGETS)
    result = CliRunner().invoke(main, ["gap", str(workspace), "--year", "2023", "--format", "json"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.output)["targets"]
    assert (record["type"], record["unit"], record["gap"]["value"]) == ("ceiling", "t CO2e", 400.0)


def test_a_kind_added_to_the_table_runs_through_a_scenario(ceiling, tmp_path):
    tiny_workspace(tmp_path / "ws", targets=CEILING_TARGETS)
    run = run_scenario(write_scenario(tmp_path, ONE_LINE), with_levers=False)
    (record,) = run.to_dict(("targets",))["targets"]
    # one line of 1,000 t held flat to 2028 against the 600 t cap: 400 t over it in every draw
    assert (record["type"], record["projected"], record["status"]) == ("ceiling", True, "missed")
    assert record["level"]["value"] == pytest.approx(600.0)
    assert record["in_target_year"]["gap"]["value"] == pytest.approx(400.0)


def test_without_the_entry_the_kind_is_refused(tmp_path):
    workspace = tiny_workspace(tmp_path / "ws", targets=CEILING_TARGETS)
    result = CliRunner().invoke(main, ["gap", str(workspace), "--year", "2023"])
    assert result.exit_code != 0
    assert "'ceiling' is not a target type" in result.output
