"""A workspace saved in another encoding reads the same, and the run manifest says which encoding was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.workspace.template import create_workspace

FX = "date_or_year,from,to,rate,source\n2023,USD,RMB,7.08,年报 2023\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def saved_as(folder: Path, encoding: str, declared: str | None = None) -> Path:
    """The template workspace with Chinese segment names, its CSV tables saved in ``encoding``."""
    root = folder / encoding
    create_workspace(root)
    for name in ("activity.csv", "reported/company.csv"):
        text = (root / name).read_text(encoding="utf-8").replace("manufacturing", "制造").replace("offices", "办公室")
        (root / name).write_bytes(text.replace("Annual report", "年报").encode(encoding))
    (root / "fx.csv").write_bytes(FX.encode(encoding))
    for name in ("ghgcalc.toml", "targets.toml", "scenarios/plan.toml"):  # TOML is UTF-8 by definition
        text = (root / name).read_text(encoding="utf-8")
        (root / name).write_text(text.replace("manufacturing", "制造").replace("offices", "办公室"), encoding="utf-8")
    config = (root / "ghgcalc.toml").read_text(encoding="utf-8")
    extra = f'encoding = "{declared}"\n' if declared else ""
    (root / "ghgcalc.toml").write_text(config.replace("[data]\n", f'[data]\n{extra}fx = "fx.csv"\n'), encoding="utf-8")
    return root


def inventory(root: Path) -> dict:
    result = run("inventory", root, "--format", "json", "--by", "year,segment,scope2_method")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("encoding, declared, recorded", [
    ("gbk", None, "gb18030"),  # detected: GB18030 is the superset of GBK
    ("gbk", "gbk", "gbk"),
    ("utf-16", None, "utf-16"),
])
def test_the_same_workspace_in_another_encoding_gives_the_same_figures(tmp_path, encoding, declared, recorded):
    twin, other = saved_as(tmp_path, "utf-8"), saved_as(tmp_path, encoding, declared)
    expected, got = inventory(twin), inventory(other)
    assert got["rows"] == expected["rows"]
    assert {row["segment"] for row in got["rows"]} == {"制造", "办公室"}
    assert [(i["file"], i["encoding"]) for i in got["manifest"]["inputs"] if i["file"].endswith(".csv")] == [
        ("activity.csv", recorded), ("fx.csv", recorded)]  # the FX table converts spend-based rows
    # the FX table and the reported figures are read in the same encoding: 1,250.0 million RMB / 7.08 = 176.55 million USD
    intensity = run("intensity", other, "--currency", "million USD", "--format", "json")
    assert intensity.exit_code == 0, intensity.output
    assert intensity.stdout == run("intensity", twin, "--currency", "million USD", "--format", "json").stdout
    report = run("report", other, "--format", "json")
    assert report.exit_code == 0, report.output
    inputs = {i["file"]: i.get("encoding") for i in json.loads(report.stdout)["manifest"]["inputs"]}
    assert inputs["reported/company.csv"] == inputs["fx.csv"] == recorded


def test_a_declared_encoding_that_does_not_fit_is_named(tmp_path):
    root = saved_as(tmp_path, "gbk", "utf-8")
    result = run("inventory", root)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and ": is not valid utf-8 (at byte" in result.stderr  # fx.csv is read first
    assert "the encoding declared for it; correct [data] encoding in ghgcalc.toml" in result.stderr


def test_an_unknown_encoding_is_refused_with_its_line(tmp_path):
    root = saved_as(tmp_path, "utf-8", "shift-jis")
    result = run("inventory", root)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ghgcalc.toml, line ")
    assert "[data] encoding: 'shift-jis' is not an encoding ghgcalc reads" in result.stderr


def test_own_factor_files_are_read_in_any_common_encoding_and_refused_in_one_line_when_broken(tmp_path):
    import shutil

    from tests.conftest import ROOT

    root = tmp_path / "packaging"
    shutil.copytree(ROOT / "examples" / "packaging-eu", root)
    factors = root / "my-factors" / "eu-grid.csv"
    expected = inventory(root)["rows"]
    text = factors.read_text(encoding="utf-8").replace("not a published value", "not a published value (德国)")
    factors.write_bytes(text.encode("gbk"))  # saved by Excel on a Chinese-language system
    assert inventory(root)["rows"] == expected
    factors.write_bytes(b"")
    result = run("inventory", root)
    assert result.exit_code == 1 and result.stderr.strip() == "Error: eu-grid.csv: is empty: the first line must name the columns"


def test_a_sidecar_value_of_the_wrong_type_is_refused_in_one_line(tmp_path):
    import shutil

    from tests.conftest import ROOT

    root = tmp_path / "packaging"
    shutil.copytree(ROOT / "examples" / "packaging-eu", root)
    sidecar = root / "my-factors" / "eu-grid.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace('id = "eu-grid"', "id = []"), encoding="utf-8")
    result = run("inventory", root)
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: eu-grid.toml: [dataset] id = [] (text in quotes)"


def quebec(folder: Path) -> Path:
    import shutil

    from tests.conftest import FIXTURES

    root = folder / "quebec"
    shutil.copytree(FIXTURES / "quebec", root)
    return root


def test_a_table_saved_by_french_excel_on_windows_reads_as_windows_1252_and_the_manifest_says_so(tmp_path):
    root = quebec(tmp_path)
    activity = root / "activity.csv"
    expected = run("inventory", root, "--format", "json", "--by", "year,scope,scope2_method,site")
    text = activity.read_text(encoding="utf-8").replace("\u202f", "\u00a0")  # Windows-1252 has no narrow one
    activity.write_bytes(text.encode("cp1252"))
    got = run("inventory", root, "--format", "json", "--by", "year,scope,scope2_method,site")
    assert got.exit_code == 0, got.output
    rows = json.loads(got.stdout)["rows"]
    assert rows == json.loads(expected.stdout)["rows"]
    assert {"Usine Montréal", "Flotte Québec", "Siège"} <= {row["site"] for row in rows}
    inputs = {i["file"]: i.get("encoding") for i in json.loads(got.stdout)["manifest"]["inputs"]}
    assert inputs["activity.csv"] == "cp1252"


def test_a_table_that_reads_two_ways_is_refused_by_every_command_and_listed_by_check(tmp_path):
    root = quebec(tmp_path)
    activity = root / "activity.csv"
    import unicodedata

    text = activity.read_text(encoding="utf-8").replace("\u202f", " ")
    plain = "".join(unicodedata.normalize("NFKD", c)[0] for c in text).replace("Siege", "Acier créé")
    activity.write_bytes(plain.encode("cp1252"))  # its only accents: the 'éé' of 'créé'
    line = ("activity.csv: is not UTF-8, and line 16 reads 'Acier cr殚' in GB18030 but 'Acier créé' in Windows-1252: "
            'say which under [data] in ghgcalc.toml, encoding = { "activity.csv" = "gb18030" } (GBK, Excel on a '
            'Chinese Windows) or encoding = { "activity.csv" = "cp1252" } (Excel on a Western-European Windows), '
            'or save it as UTF-8')
    result = run("inventory", root)
    assert (result.exit_code, result.stderr.strip()) == (1, f"Error: {line}")
    check = run("check", root)
    assert check.exit_code == 1 and f"Error: {line}" in check.output
    config = root / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[data]\n", '[data]\nencoding = { "activity.csv" = "cp1252" }\n')
                      .replace("scenarios = ", "# scenarios = "),  # their site names have accents
                      encoding="utf-8")
    result = run("report", root, "--format", "json")  # the reported table, in UTF-8, still reads as UTF-8
    assert result.exit_code == 0, result.output
    inputs = {i["file"]: i.get("encoding") for i in json.loads(result.stdout)["manifest"]["inputs"]}
    assert (inputs["activity.csv"], inputs["reported/rapport.csv"]) == ("cp1252", "utf-8")
    result = run("inventory", root, "--format", "json", "--by", "site,scope2_method")
    assert "Acier créé" in {row["site"] for row in json.loads(result.stdout)["rows"]}
