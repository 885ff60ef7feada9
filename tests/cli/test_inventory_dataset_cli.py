"""``ghgcalc inventory`` on Parquet datasets: folders, globs, Dask; start-up stays light."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.inventory.reading import read_activity_table
from tests.conftest import FIXTURES, ROOT

GOOD = FIXTURES / "activity" / "good.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def dataset(tmp_path):
    """good.csv twice, as two Parquet files; the second with a bad unit in its 2nd row."""
    folder = tmp_path / "activity"
    folder.mkdir()
    table = read_activity_table(GOOD)
    table.to_parquet(folder / "a.parquet", index=False)
    bad = table.copy()
    bad.iloc[1, bad.columns.get_loc("unit")] = "kwh"
    bad.to_parquet(folder / "b.parquet", index=False)
    return folder


def test_folder_of_parquet_files(dataset):
    result = run("inventory", dataset, "--gwp", "AR5GWP100", "--format", "json", "--by", "year,scope,scope2_method")
    assert result.exit_code == 1  # a row was refused
    doc = json.loads(result.stdout)
    assert doc["summary"] == {"rows_in": 8, "rows_computed": 7, "rows_rejected": 1}
    # the 2nd row of b.parquet is row 3 (the header counts as row 1)
    assert result.stderr.splitlines()[0] == "Error: b.parquet, row 3, column unit: 'kwh' is not a unit; did you mean 'kWh'?"
    location = [r for r in doc["rows"] if r["scope2_method"] == "location"]
    # a.parquet: (1,000 + 500) MWh x 0.5306 = 795.9; b.parquet loses its refused row (row 3 of good.csv, 500 MWh): 530.6
    assert location[0]["value"] == pytest.approx(795.9 + 530.6, rel=1e-12)


def test_glob(dataset):
    result = run("inventory", dataset / "a.*", "--gwp", "AR5GWP100", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["rows_in"] == 4


def test_nothing_matches(tmp_path):
    result = run("inventory", tmp_path / "none-*.parquet", "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    assert "no Parquet files found" in result.stderr


def test_scheduler_gives_the_same_json(dataset):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'ghgcalc[dask]')")
    local = run("inventory", dataset, "--gwp", "AR5GWP100", "--format", "json")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        on_dask = run("inventory", dataset, "--gwp", "AR5GWP100", "--format", "json", "--scheduler", cluster.scheduler_address)
    a, b = json.loads(local.stdout), json.loads(on_dask.stdout)
    assert [r["value"] for r in a["rows"]] == pytest.approx([r["value"] for r in b["rows"]], rel=1e-9)
    assert a["rejected"] == b["rejected"] and a["summary"] == b["summary"]


def test_explain_on_a_parquet_file_lists_rows_and_factors(tmp_path):
    path = tmp_path / "good.parquet"
    read_activity_table(GOOD).to_parquet(path)
    result = run("explain", path, "--gwp", "AR5GWP100", "--year", "2023", "--scope", "2", "--method", "location")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "year=2023, scope=2, scope2_method=location: 795.90 t CO2e (GWP set AR5GWP100) from 2 lines"
    assert "mee-nbs-electricity/electricity.grid/CN/2023/CO2 = 0.5306 kg CO2 / kWh" in result.stdout


def test_lines_file_is_the_lineage(tmp_path):
    lines = tmp_path / "lines.csv"
    result = run("inventory", GOOD, "--gwp", "AR5GWP100", "--lines", lines, "--manifest", tmp_path / "m.json")
    assert result.exit_code == 0, result.stderr
    written = pd.read_csv(lines)
    assert sorted(set(written["row"])) == [2, 3, 4, 5]
    assert json.loads((tmp_path / "m.json").read_text())["output"] == "lines"


def test_start_up_imports_no_engine_it_does_not_need():
    # (pint itself imports dask's core when dask is installed; the dataframe and cluster parts stay out)
    code = ("import sys, ghgcalc.cli; "
            "print(sorted(m for m in ('dask.dataframe', 'distributed', 'duckdb', 'pyarrow.parquet') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"
