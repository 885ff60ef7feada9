"""Shared fixtures: the shipped factor library, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghgcalc.factors.library import load_factor_library

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
