"""The README's transcripts are run, so they cannot drift from what the commands print."""

import json
import re
import shlex

import pytest

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT


def transcripts():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```\n(\$ ghgcalc [^\n]+\n.*?)```", text, flags=re.S):
        command, *expected = block.rstrip("\n").splitlines()
        yield shlex.split(command[2:])[1:], expected


def test_inventory_transcript_matches():
    args, expected = next(t for t in transcripts() if t[0][0] == "inventory")
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.splitlines() + result.stderr.splitlines() == expected


def test_explain_transcript_opens_as_shown():
    args, expected = next(t for t in transcripts() if t[0][0] == "explain")
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    # the factor row's source wraps to the terminal (continuation lines indented 8); the README shows its start
    lines = [line for line in result.stdout.splitlines() if not line.startswith(" " * 8)]
    wrapped = [line for line in result.stdout.splitlines() if line.startswith(" " * 8)]
    shown = [line for line in expected if not line.startswith(" " * 8)]
    assert lines[:3] == shown[:3]
    assert wrapped[0].startswith(next(line for line in expected if line.startswith(" " * 8)).removesuffix(" ...)"))
    assert lines[3:5] == shown[3:5]


def test_scenario_commands_run():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in text.splitlines()
                if line.startswith("ghgcalc scenario ") and "examples/xiaomi" in line]
    assert len(commands) == 4
    for command in commands:
        args = shlex.split(command)[1:]
        args[2] = str(ROOT / args[2])  # the workspace path
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 3), (command, result.stderr)  # 3: a target is missed


def test_own_data_walkthrough_runs(tmp_path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Your own data, from start to finish", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#")[0].strip() for line in section.splitlines() if line.startswith("ghgcalc ")]
    assert len(commands) == 13  # manufacturer, the init walkthrough and precision-jp
    for command in commands:
        args = shlex.split(command)[1:]
        at = 2 if args[0] == "scenario" else 1
        args[at] = str(tmp_path / args[at]) if args[at] == "my-company" else str(ROOT / args[at])
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 3), (command, result.output)


def test_python_example_prints_what_the_readme_shows():
    import subprocess
    import sys

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### From Python: the whole path", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown


def test_every_public_name_resolves():
    import ghgcalc

    for name in ghgcalc.__all__:
        assert getattr(ghgcalc, name) is not None, name


def test_own_factor_dataset_as_the_readme_shows_it(tmp_path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Your own emission factors", 1)[1].split("\n## ", 1)[0]
    csv_block = re.search(r"```csv\n(.*?)```", section, flags=re.S).group(1)
    toml_block = re.search(r"```toml\n(.*?)```", section, flags=re.S).group(1)
    (tmp_path / "my-factors").mkdir()
    (tmp_path / "my-factors" / "my.csv").write_text(csv_block, encoding="utf-8")
    (tmp_path / "my-factors" / "my.toml").write_text(toml_block, encoding="utf-8")
    (tmp_path / "activity.csv").write_text("year,activity,quantity,unit,region\n2023,electricity.grid,100,MWh,DE\n"
                                           "2023,electricity.grid,100,MWh,PL\n", encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "x"\ngwp_set = "AR6GWP100"\n[data]\n'
                                           'activity = ["activity.csv"]\nfactors = ["my-factors/"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(tmp_path), "--format", "json", "--by", "region,scope2_method"])
    assert result.exit_code == 0, result.output
    values = {(r["region"], r["scope2_method"]): r["value"] for r in json.loads(result.stdout)["rows"]}
    # 100 MWh x 0.380 (DE grid) = 38.0 t; x 0.650 (DE residual mix) = 65.0 t; PL has no residual mix: 100 x 0.640 both ways
    assert values == pytest.approx({("DE", "location"): 38.0, ("DE", "market"): 65.0, ("PL", "location"): 64.0,
                              ("PL", "market"): 64.0})
