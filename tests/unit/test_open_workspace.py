"""A workspace is opened once per command and passed to every part of it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.figures import metrics, reported
from ghgcalc.workspace import config

MANUFACTURER = Path(__file__).resolve().parents[2] / "examples" / "manufacturer"


def _count(monkeypatch, module, name: str) -> list:
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def test_a_report_opens_the_manufacturer_workspace_once(monkeypatch):
    assert (MANUFACTURER / "targets.toml").is_file() and list(MANUFACTURER.glob("*.toml"))  # premise: targets and scenarios
    settings = _count(monkeypatch, config._ConfigReader, "read")
    vocabularies = _count(monkeypatch, metrics, "validate_formulas")  # every vocabulary a workspace opens is checked
    tables = _count(monkeypatch, reported, "_read_row")
    result = CliRunner().invoke(main, ["report", str(MANUFACTURER), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"scenarios": [' in result.output  # the report ran its scenarios too, on the same opened workspace
    assert len(settings) == 1  # ghgcalc.toml read once for the inventory, audit, targets, intensities and scenarios
    assert len(vocabularies) == 1  # the company's metrics read once
    rows = sum(1 for path in (MANUFACTURER / "reported").glob("*.csv") for _ in open(path, encoding="utf-8")) - len(
        list((MANUFACTURER / "reported").glob("*.csv")))
    assert rows > 0 and len(tables) == rows  # every printed row read once
