"""``ghgcalc report``: the quick start's main job, read end to end on the Xiaomi workspace."""

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT


def test_report_on_xiaomi_shows_inventory_audit_and_targets():
    result = CliRunner().invoke(main, ["report", str(ROOT / "examples" / "xiaomi")])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    # inventory: 2023 Scope 1 = 3,921.26 + 1,900.75 + 1.97 + 6,428.54 = 12,252.52 t CO2e, as printed
    assert "2023  1                         12,252.52" in out
    # audit: the water identity fails by 523,100.75 + 164,353.00 - 683,906.94 = 3,546.81 t
    assert "[fails] esg-2023 water_withdrawal 2023" in out and "difference 3,546.81" in out
    # targets: 2030 gap = (116,722.56 - 4,244.79 - 18,451.93) - 0.3 x 82,820.16 = 69,179.79 t CO2e
    ghg_2030 = next(line for line in out.splitlines() if line.startswith("ghg-2030 "))
    assert "69,179.79" in ghg_2030 and "off track" in ghg_2030


def test_report_as_json_and_csv():
    import json

    path = str(ROOT / "examples" / "xiaomi")
    document = json.loads(CliRunner().invoke(main, ["report", path, "--year", "2023", "--format", "json"]).stdout)
    assert document["audit"]["summary"]["fails"] == 4 and document["targets"]["year"] == 2023
    csv = CliRunner().invoke(main, ["report", path, "--year", "2023", "--format", "csv"]).stdout
    assert csv.splitlines()[0] == "section,item,year,value,unit,status"
    assert any(line.startswith("targets,ghg-2030: gap,2023,69179.792,t CO2e,off track") for line in csv.splitlines())
