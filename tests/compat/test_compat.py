"""Workspaces written to earlier releases' documented contracts keep running, every command.

Each folder here is frozen as it was written then (see its README.md); a change that makes a
command refuse one of them breaks users' workspaces and must come with a compatibility path.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

HERE = Path(__file__).parent
WORKSPACES = sorted(p for p in HERE.iterdir() if (p / "ghgcalc.toml").is_file())

COMMANDS = [
    ["inventory"], ["inventory", "--format", "json"], ["explain", "--year", "2023", "--scope", "1"],
    ["audit"], ["intensity"], ["gap"], ["report"], ["disclose", "--standard", "esrs-e1"],
    ["disclose", "--standard", "gri-305", "--format", "json"], ["check"],
]
SCENARIO_COMMANDS = [["scenario", "run", "{ws}", "plan"], ["scenario", "compare", "{ws}", "plan"],
                     ["scenario", "seek", "{ws}", "plan", "--lever", "green-power", "--parameter", "share.2030",
                      "--target", "scope12-2030", "--between", "0 %", "100 %"]]


def _commands(workspace: Path):
    listed = workspace / "compat-commands.txt"  # a workspace of printed figures only lists what applies
    commands = [line.split() for line in listed.read_text().splitlines() if line.strip()] if listed.is_file() else COMMANDS
    for command in commands:
        yield command[:1] + [str(workspace)] + command[1:]
    if (workspace / "scenarios").is_dir():
        for command in SCENARIO_COMMANDS:
            yield [str(workspace) if part == "{ws}" else part for part in command]


CASES = [(ws, args) for ws in WORKSPACES for args in _commands(ws)]


def test_there_are_frozen_workspaces_of_earlier_contracts():
    assert len(WORKSPACES) >= 3
    assert any(args[0] == "scenario" for _, args in CASES)


@pytest.mark.parametrize("workspace, args", CASES, ids=[f"{w.name}:{' '.join(a[:1] + a[2:])}" for w, a in CASES])
def test_every_command_runs_on_a_workspace_of_an_earlier_contract(workspace, args, tmp_path):
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Error:" not in result.output, result.output
    assert result.exit_code in (0, 3), result.output  # 3: a target off track


def test_a_restated_standard_metric_is_noted_by_check():
    result = CliRunner().invoke(main, ["check", str(HERE / "contract-2026-11-22")])
    assert result.exit_code == 0, result.output
    assert ("metrics.csv row 3: 'scope12_market' is now a standard metric with the same unit and formula; "
            "the row can go") in " ".join(result.output.split())  # a note wraps to 100 columns
