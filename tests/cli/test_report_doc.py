"""docs/report.md's transcripts are run, so they cannot drift from what the commands print."""

import re
import shlex

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT


def test_disclose_transcript_opens_as_shown():
    text = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(\$ ghgcalc [^\n]+\n.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        command, *expected = block.rstrip("\n").splitlines()
        args = shlex.split(command[2:])[1:]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0
        assert result.stdout.splitlines()[:len(expected)] == expected
