"""One targets file serves gap and scenarios: an RE100 target written as gap reads it
(electricity_renewable / electricity) is projected by ``scenario run``.

By hand (examples/manufacturer, 2024): 35,620 MWh of electricity, of which 6,000 MWh under green
certificates and 5,000 MWh under a PPA are renewable: 11,000 / 35,620 = 30.88 %. A scenario with no
lever keeps every line as it starts, so the share stays 30.88 % to its horizon.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

RE100 = ('\n[targets.re100-2030]\ntype = "share"\nquote = "100 % renewable electricity by 2030."\n'
         'source = "Example"\nnumerator = "electricity_renewable"\ndenominator = "electricity"\n'
         'base_year = 2024\ntarget_year = 2030\ntarget_share = "100 %"\n')
STILL = ('[scenario]\nname = "still"\nworkspace = ".."\nstart_year = 2024\nhorizon = 2030\n'
         'scope2_method = "market"\nstart_from = "inventory"\n')
SHARE_2024 = 11_000 / 35_620 * 100  # 30.88 %


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("re100") / "manufacturer"
    shutil.copytree(ROOT / "examples" / "manufacturer", root)
    with open(root / "targets.toml", "a", encoding="utf-8") as targets:
        targets.write(RE100)
    (root / "scenarios" / "still.toml").write_text(STILL, encoding="utf-8")
    return root


def test_gap_and_a_scenario_read_the_same_re100_target(workspace):
    [tracked] = [t for t in run("gap", workspace, "--year", "2024", "--format", "json")["targets"]
                 if t["id"] == "re100-2030"]
    assert tracked["actual"]["value"] == pytest.approx(SHARE_2024, abs=1e-6)
    document = run("scenario", "run", workspace, workspace / "scenarios" / "still.toml", "--format", "json")
    [projected] = [t for t in document["targets"] if t["id"] == "re100-2030"]
    assert projected["projected"], projected.get("reason")
    assert projected["base"]["value"] == pytest.approx(SHARE_2024, abs=1e-6)
    assert projected["in_target_year"]["projected"]["value"] == pytest.approx(SHARE_2024, abs=1e-6)
    assert projected["status"] == "missed"


def test_the_plan_raises_the_share_with_its_ppas(workspace):
    document = run("scenario", "run", workspace, "plan", "--format", "json")
    [projected] = [t for t in document["targets"] if t["id"] == "re100-2030"]
    assert projected["projected"], projected.get("reason")
    # new PPAs for 50 % of electricity by 2030 on top of those held: more than half, short of all
    assert 50 < projected["in_target_year"]["projected"]["value"] < 100
