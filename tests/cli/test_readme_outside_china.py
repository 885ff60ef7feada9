"""README "Companies outside China": every file and command of the section is run as written."""

import re
import shlex

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Companies outside China", 1)[1].split("\n## ", 1)[0]


def test_the_section_runs_as_written(tmp_path):
    part = section()
    [init] = [line.split("#")[0].strip() for line in part.splitlines() if line.startswith("ghgcalc init ")]
    args = shlex.split(init)[1:]
    args[1] = str(tmp_path / args[1])
    assert CliRunner().invoke(main, args).exit_code == 0
    root = tmp_path / "yen-co"
    files = re.findall(r"`yen-co/([^`]+)`[^\n]*:\n\n```(?:csv|toml)\n(.*?)```", part, flags=re.S)
    assert [name for name, _ in files] == ["ghgcalc.toml", "activity.csv", "reported/company.csv", "targets.toml"]
    for name, body in files:
        path = root / name
        if name == "ghgcalc.toml":  # lines added after the currency
            text = path.read_text(encoding="utf-8")
            assert 'currency = "JPY"\n' in text
            path.write_text(text.replace('currency = "JPY"\n', 'currency = "JPY"\n' + body, 1), encoding="utf-8")
        else:
            path.write_text(body, encoding="utf-8")
    transcripts = re.findall(r"```\n\$ (ghgcalc [^\n]+)\n(.*?)```", part, flags=re.S)
    assert len(transcripts) == 2
    for command, expected in transcripts:
        args = shlex.split(command)[1:]
        args[1] = str(root)
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        lines = expected.rstrip("\n").splitlines()
        assert result.stdout.splitlines()[:len(lines)] == lines
