"""Shared fixtures: the shipped factor library, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghgcalc.factors.library import load_factor_library

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _house_terminal(monkeypatch):
    """Text output fits COLUMNS when it is set, and the tests expect the house's 100 columns whatever the
    environment holds: readline, which pytest imports, puts COLUMNS=80 in the environment that the
    processes it starts inherit (test workers among them), and a shell may export its own width. A test
    that wants a width passes COLUMNS to the command itself."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture(scope="session")
def library():
    return load_factor_library()


def pytest_configure(config):
    """What pandas 3 warns of with a Pandas4Warning, pandas 4 will refuse: the suite fails on it now. Added here
    rather than in pyproject's filterwarnings because pandas 2, which the package still accepts, has no such
    class and pytest would refuse the whole configuration."""
    import pandas.errors

    if hasattr(pandas.errors, "Pandas4Warning"):
        config.addinivalue_line("filterwarnings", "error::pandas.errors.Pandas4Warning")
