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
