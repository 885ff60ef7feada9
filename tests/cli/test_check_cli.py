"""``ghgcalc check``: every file of a workspace at once, every problem listed, exit 1 if any."""

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.outputs.check import check_workspace

COMPAT = Path(__file__).parents[1] / "compat" / "contract-2026-11-22"


def _broken(tmp_path):
    """The frozen 2026-11-22 workspace with one problem in each of three files."""
    folder = shutil.copytree(COMPAT, tmp_path / "ws")
    with open(folder / "emissions.csv", "a", encoding="utf-8") as out:
        out.write("2023,electricity.grid,abc,MWh,CN,main,,,\n")
    targets = (folder / "targets.toml").read_text(encoding="utf-8")
    (folder / "targets.toml").write_text(targets.replace('reduce_by = "42 %"', 'reduce_by = "42 kg"'), encoding="utf-8")
    with open(folder / "reported" / "esg-2023.csv", "a", encoding="utf-8") as out:
        out.write("esg-2023,scope1,2022,lots,t CO2e,,ESG Report 2023,\n")
    return folder


def test_every_problem_of_every_file_is_listed_at_once(tmp_path):
    folder = _broken(tmp_path)
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 3, result.output
    assert any("esg-2023.csv" in e and "row 12" in e and "'lots'" in e for e in errors)
    assert any("targets.toml" in e and "'42 kg' is not a percentage" in e for e in errors)
    assert "Error: emissions.csv, row 8, column quantity: 'abc': expected a number" in result.output
    assert "3 problems in 3 files" in result.output


def test_the_check_is_a_library_function_with_a_frame_and_a_dict(tmp_path):
    check = check_workspace(_broken(tmp_path))
    assert not check.ok
    assert list(check.to_frame()["kind"]).count("problem") == 3
    document = json.loads(json.dumps(check.to_dict()))
    assert document["ok"] is False and len(document["problems"]) == 3
    assert len(document["notes"]) == 9  # eight metrics.csv rows and one [metrics] table of targets.toml


def test_json_output_and_a_clean_workspace_exit_0():
    result = CliRunner().invoke(main, ["check", str(COMPAT), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["problems"] == []


def test_a_broken_metrics_file_is_the_one_error_not_every_metric_it_would_define(tmp_path):
    folder = shutil.copytree(COMPAT, tmp_path / "ws")
    with open(folder / "metrics.csv", "a", encoding="utf-8") as out:
        out.write("water_consumption_total,m**3,,water_consumption +\n")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "metrics.csv, row 10, column formula" in errors[0], result.output
    assert "not checked: they name metrics" in result.output


def test_the_files_listed_are_the_files_read(tmp_path):
    # a workspace without metrics.csv does not list it; its exchange rates and price indices are read and listed
    folder = shutil.copytree(COMPAT, tmp_path / "ws")
    (folder / "metrics.csv").unlink()
    (folder / "fx.csv").write_text("date_or_year,from,to,rate,source\n2023,USD,RMB,7.0467,test\n", encoding="utf-8")
    (folder / "price-index.csv").write_text("currency,year,index,source\nUSD,2022,100,test\nUSD,2023,x,test\n",
                                           encoding="utf-8")
    header = (folder / "emissions.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "more.csv").write_text(header + "\n", encoding="utf-8")
    config = (folder / "ghgcalc.toml").read_text(encoding="utf-8")
    config = config.replace('activity = ["emissions.csv"]', 'activity = ["emissions.csv", "more.csv"]')
    (folder / "ghgcalc.toml").write_text(config.replace("[data]\n", '[data]\nfx = "fx.csv"\nprice_index = '
                                                        '"price-index.csv"\n', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(folder), "--format", "json"])
    document = json.loads(result.stdout)
    assert "metrics.csv" not in document["files"]
    assert {"fx.csv", "price-index.csv"} <= set(document["files"])
    assert [p["file"] for p in document["problems"]] == ["price-index.csv"]
    text = CliRunner().invoke(main, ["check", str(folder)])
    # ghgcalc.toml, esg-2023.csv, targets.toml, fx.csv, price-index.csv, emissions.csv and more.csv
    assert "7 files checked, 1 problem in 1 file" in text.stderr


def test_a_bad_quantity_is_quoted_by_every_command(tmp_path):
    folder = shutil.copytree(COMPAT, tmp_path / "ws")
    with open(folder / "emissions.csv", "a", encoding="utf-8") as out:
        out.write("2023,electricity.grid,abc,MWh,CN,main,,,\n")
    line = "Error: emissions.csv, row 8, column quantity: 'abc': expected a number"
    for command in ("inventory", "intensity", "report", "check"):
        result = CliRunner().invoke(main, [command, str(folder)])
        assert result.exit_code == 1 and line in result.stderr, (command, result.output)
    assert "Error: 1 activity row rejected: figures computed" in CliRunner().invoke(main, ["intensity", str(folder)]).stderr


def test_a_segment_named_in_the_settings_that_no_table_has_is_noted(tmp_path):
    """[workspace] segments names what the report's methodology calls reported apart: a typo would say so wrongly."""
    folder = shutil.copytree(Path(__file__).parents[2] / "examples" / "xiaomi", tmp_path / "ws")
    config = (folder / "ghgcalc.toml").read_text(encoding="utf-8")
    assert 'segments = ["ev_factory"]' in config
    assert not check_workspace(folder).notes  # ev_factory is a segment of its tables
    (folder / "ghgcalc.toml").write_text(config.replace('["ev_factory"]', '["ev-factory"]'), encoding="utf-8")
    check = check_workspace(folder)
    assert check.ok  # a note, not a problem: nothing else reads the name
    [note] = [n.message for n in check.notes]
    assert note.startswith("[workspace] segments: 'ev-factory' is in no activity row or printed figure; "
                           "did you mean 'ev_factory'?")


def test_problems_in_two_reported_tables_are_counted_in_two_files(tmp_path):
    (tmp_path / "reported").mkdir()
    (tmp_path / "reported" / "a.csv").write_text("vintage,metric,year,value,unit\nr,scope1,2023,\"1,2345\",t CO2e\n",
                                                  encoding="utf-8")
    (tmp_path / "reported" / "b.csv").write_text("vintage,metric,year,value,unit\nr,scope3,2023,\"12,34\",t CO2e\n",
                                                  encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "x"\n[data]\nreported = ["reported/a.csv", '
                                           '"reported/b.csv"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"{tmp_path}: 3 files checked, 2 problems in 2 files"  # ghgcalc.toml too
    problems = json.loads(CliRunner().invoke(main, ["check", str(tmp_path), "--format", "json"]).stdout)["problems"]
    assert [p["file"] for p in problems] == ["a.csv", "b.csv"]


def _opens(monkeypatch, root: Path) -> Counter:
    """How many times each file under ``root`` is opened: every reader opens through pathlib or open()."""
    import builtins
    import pathlib

    counts, path_open, plain_open = Counter(), pathlib.Path.open, builtins.open

    def count(file):
        try:
            resolved = Path(file).resolve()
        except TypeError:  # a descriptor
            return
        if root in resolved.parents:
            counts[resolved.relative_to(root).as_posix()] += 1

    def opened_path(self, *args, **kwargs):
        count(self)
        return path_open(self, *args, **kwargs)

    def opened_plain(file, *args, **kwargs):
        count(file)
        return plain_open(file, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", opened_path)
    monkeypatch.setattr(builtins, "open", opened_plain)
    return counts


def _checked_with_opens(tmp_path, monkeypatch, example: str):
    """A copy of ``example`` checked, with how many times each of its files was opened meanwhile."""
    root = shutil.copytree(Path(__file__).parents[2] / example, tmp_path / "ws").resolve()
    counts = _opens(monkeypatch, root)
    check = check_workspace(root)
    monkeypatch.undo()
    assert check.ok, check.problems
    return root, check, counts


@pytest.mark.parametrize("example", ["examples/xiaomi", "tests/fixtures/quebec"])
def test_a_check_reads_the_settings_targets_and_reported_tables_once(tmp_path, monkeypatch, example):
    # Xiaomi: calendar years, five reported tables; Quebec: fiscal years labelled as its targets file types them
    # (so ghgcalc.toml's reading looks into targets.toml), two scenarios that name the targets
    root, check, counts = _checked_with_opens(tmp_path, monkeypatch, example)
    once = ["ghgcalc.toml", "targets.toml", *(p.relative_to(root).as_posix() for p in (root / "reported").glob("*.csv"))]
    assert len(once) > 2 and all(counts[name] == 1 for name in once), {name: counts[name] for name in once}


@pytest.mark.parametrize("example", ["examples/manufacturer", "examples/packaging-eu", "tests/fixtures/quebec",
                                     "tests/fixtures/au-fiscal-end"])
def test_a_check_reads_the_fx_and_price_index_tables_once(tmp_path, monkeypatch, example):
    # each file read once for the check of its rows, the inventory's spend-based rows, the manifest's hash and
    # encoding, and every scenario that starts from the inventory (Quebec: a decimal comma; Australia: fiscal years)
    root, check, counts = _checked_with_opens(tmp_path, monkeypatch, example)
    assert "fx.csv" in check.files and "price-index.csv" in check.files  # premise: both are named and checked
    assert (counts["fx.csv"], counts["price-index.csv"]) == (1, 1), dict(counts)


@pytest.mark.parametrize("example", ["examples/manufacturer", "tests/fixtures/au-fiscal-end", "examples/precision-jp"])
def test_the_manifest_hashes_a_small_table_and_finds_its_encoding_in_one_read(tmp_path, monkeypatch, example):
    # the Scope 3 screening is read by no part of a check but the manifest: once for its hash and encoding, however
    # many scenarios start from the inventory; a factor table is read by the library, then once for the manifest
    root, check, counts = _checked_with_opens(tmp_path, monkeypatch, example)
    screening = [name for name in counts if name.endswith("scope3-screening.csv")]
    factors = [name for name in counts if name.startswith("my-factors/") and name.endswith(".csv")]
    assert screening or factors  # premise: the workspace has one or the other
    assert all(counts[name] == 1 for name in screening) and all(counts[name] == 2 for name in factors), dict(counts)
