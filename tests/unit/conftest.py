"""Workspaces the unit tests share."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main


@pytest.fixture
def aud_workspace(tmp_path):
    """A fresh workspace from `ghgcalc init --currency AUD`: Australian reports' units and typography go into it."""
    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root), "--name", "Australian Co", "--currency", "AUD"]).exit_code == 0
    return root
