"""A workspace that writes its currency as the ISO code the unit registry knows by another name (CNY, the
renminbi, which the shipped metrics call RMB) sees that code in the labels ghgcalc writes: text, HTML,
workbooks and JSON values; JSON keys stay as they are. The units a workspace's own files type (a printed
figure's "MWh / (million RMB)", a target's "kWh / (10000 RMB)") are quoted as typed."""

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in (0, 1, 3), result.output
    return result.output


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory):
    """examples/xiaomi as shipped (currency = "RMB") and the same with currency = "CNY"."""
    folder = tmp_path_factory.mktemp("currency")
    rmb = shutil.copytree(EXAMPLES / "xiaomi", folder / "rmb")
    cny = shutil.copytree(EXAMPLES / "xiaomi", folder / "cny")
    text = (cny / "ghgcalc.toml").read_text(encoding="utf-8")
    assert text.count('currency = "RMB"') == 1
    (cny / "ghgcalc.toml").write_text(text.replace('currency = "RMB"', 'currency = "CNY"'), encoding="utf-8")
    return rmb, cny


def keys(document) -> set:
    """Every key path of a JSON document (list items as [])."""
    if isinstance(document, dict):
        return {f".{k}{rest}" for k, v in document.items() for rest in keys(v) | {""}}
    if isinstance(document, list):
        return {f"[]{rest}" for item in document for rest in keys(item) | {""}}
    return set()


def cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_intensity_says_million_cny(workspaces):
    rmb, cny = workspaces
    out = run("intensity", cny)
    assert out.splitlines()[0] == ("Xiaomi Corporation: S1+2 per revenue in million CNY; intervals from the printed "
                                   "precision (half-up)")
    # 2023: 116,722.56 t CO2e / 270,970.1 million = 0.43 t CO2e per million, whatever the currency is called
    assert any(line.startswith("2023  scope12") and line.endswith("0.43  t CO2e / (million CNY)")
               for line in out.splitlines()), out
    as_cny, as_rmb = (json.loads(run("intensity", ws, "--format", "json")) for ws in (cny, rmb))
    assert keys(as_cny) == keys(as_rmb)
    assert {r["unit"] for r in as_cny["rows"]} == {"t CO2e / (million CNY)"}
    assert [r["value"] for r in as_cny["rows"]] == [r["value"] for r in as_rmb["rows"]]


def test_the_report_and_disclosures_label_money_in_cny(workspaces, tmp_path):
    rmb, cny = workspaces
    html, xlsx = tmp_path / "report.html", tmp_path / "report.xlsx"
    run("report", cny, "--html", html, "--xlsx", xlsx)
    page = html.read_text(encoding="utf-8")
    assert "<td>t CO2e / (million CNY)</td>" in page and "<td>t CO2e / (million RMB)</td>" not in page
    assert "t CO2e / (million CNY)" in cells(xlsx) and "t CO2e / (million RMB)" not in cells(xlsx)
    as_cny, as_rmb = (json.loads(run("report", ws, "--format", "json")) for ws in (cny, rmb))
    assert keys(as_cny) == keys(as_rmb)
    for standard in ("esrs-e1", "hkex"):
        book = tmp_path / f"{standard}.xlsx"
        run("disclose", cny, "--standard", standard, "--format", "xlsx", "--output", book)
        labels = cells(book)
        assert any("CNY" in text for text in labels) and not any("RMB" in text for text in labels), standard
        document = run("disclose", cny, "--standard", standard, "--format", "json")
        assert "CNY" in document and "RMB" not in document
        assert keys(json.loads(document)) == keys(json.loads(run("disclose", rmb, "--standard", standard, "--format", "json")))


def test_a_yen_workspace_keeps_its_printed_oku_yen(tmp_path):
    out = run("intensity", EXAMPLES / "precision-jp")
    assert "億円" in out and "JPY" not in out.splitlines()[0]
