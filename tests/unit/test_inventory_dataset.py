"""Parquet datasets: piece by piece and on Dask, the same totals as one table in memory."""

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from ghgcalc.errors import InputError
from ghgcalc.inventory.dataset import dataset_files, is_dataset, plan_pieces
from ghgcalc.inventory.engine import compute_inventory, summarise
from ghgcalc.workspace.pipeline import run_inventory

BY = ("year", "scope", "scope2_method")


def activity(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kinds = np.array([("electricity.grid", "MWh"), ("natural_gas.stationary", "m3"), ("diesel.stationary", "t")], dtype=object)
    pick = rng.integers(0, 3, n)
    return pd.DataFrame({
        "year": rng.integers(2021, 2024, n), "activity": kinds[pick, 0], "quantity": rng.random(n) * 100,
        "unit": kinds[pick, 1], "region": np.where(pick == 2, "", "CN"),
        "site": np.array(["a", "b", "c"], dtype=object)[rng.integers(0, 3, n)],
    })


@pytest.fixture
def partitioned(tmp_path):
    """Three files (the middle one with a bad unit at its 4th row), small row groups."""
    folder = tmp_path / "activity"
    (folder / "year=x").mkdir(parents=True)
    parts = [activity(400, seed) for seed in range(3)]
    parts[1].loc[3, "unit"] = "kwh"
    for index, part in enumerate(parts):
        part.to_parquet(folder / ("year=x" if index == 2 else "") / f"part-{index}.parquet", row_group_size=150)
    return folder, parts


def test_pieces_cover_every_row_once(partitioned):
    folder, parts = partitioned
    pieces = plan_pieces(dataset_files(folder), folder, chunk_rows=300)
    assert sum(p.rows for p in pieces) == 1200
    # 400 rows in row groups of 150, 150, 100: pieces of at most 300 rows are (150, 150) and (100)
    assert [(p.label, p.first_row, p.rows) for p in pieces[:2]] == [("part-0.parquet", 2, 300), ("part-0.parquet", 302, 100)]
    assert is_dataset(folder) and is_dataset(str(folder / "*.parquet")) and not is_dataset(folder / "missing")


def test_chunked_totals_equal_in_memory_totals_and_refusals_name_file_and_row(partitioned, library):
    folder, parts = partitioned
    summary = run_inventory(folder, gwp_set="AR5GWP100", by=BY, chunk_rows=150)
    whole = pd.concat(parts, ignore_index=True)
    good = whole.drop(index=400 + 3)
    expected = summarise(compute_inventory(good, library, "AR5GWP100").totals, BY)
    np.testing.assert_allclose(summary.to_frame()["co2e_t"], expected["co2e_t"], rtol=1e-9)
    assert (summary.rows_in, summary.rows_rejected) == (1200, 1)
    # the 4th row of part-1.parquet is row 5 (the header counts as row 1, as in a spreadsheet)
    assert summary.rejected[["source", "row", "column", "value"]].values.tolist() == [["part-1.parquet", 5, "unit", "kwh"]]


def test_glob_reads_only_matching_files(partitioned):
    folder, _ = partitioned
    summary = run_inventory(str(folder / "part-0.parquet").replace("0", "[0]"), gwp_set="AR5GWP100", by=BY)
    assert summary.rows_in == 400


def test_manifest_hashes_the_totals_and_is_stable(partitioned, tmp_path):
    folder, _ = partitioned
    first = run_inventory(folder, gwp_set="AR5GWP100", by=BY)
    second = run_inventory(folder, gwp_set="AR5GWP100", by=BY)
    assert json.dumps(first.manifest) == json.dumps(second.manifest)
    assert first.manifest["output"] == "totals"
    assert [i["file"] for i in first.manifest["inputs"][:3]] == ["part-0.parquet", "part-1.parquet", "year=x/part-2.parquet"]
    lines = tmp_path / "lines.csv"
    with_lines = run_inventory(folder, gwp_set="AR5GWP100", by=BY, lines_file=lines, chunk_rows=150)
    assert with_lines.manifest["output"] == "lines"
    assert with_lines.manifest["output_sha256"] == hashlib.sha256(lines.read_bytes()).hexdigest()
    written = pd.read_csv(lines)
    assert len(written) and written.loc[written["source"] == "part-1.parquet", "row"].min() == 2


def test_dask_gives_the_local_totals_and_refusals(partitioned):
    pytest.importorskip("dask.dataframe", reason="the dask extra is not installed (pip install 'ghgcalc[dask]')")
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'ghgcalc[dask]')")
    folder, _ = partitioned
    local = run_inventory(folder, gwp_set="AR5GWP100", by=BY, chunk_rows=150)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        on_dask = run_inventory(folder, gwp_set="AR5GWP100", by=BY, chunk_rows=150, scheduler=cluster.scheduler_address)
    np.testing.assert_allclose(on_dask.to_frame()["co2e_t"], local.to_frame()["co2e_t"], rtol=1e-9)
    assert on_dask.to_frame()[list(BY)].equals(local.to_frame()[list(BY)])
    assert (on_dask.rows_in, on_dask.rows_rejected) == (1200, 1)
    assert on_dask.rejected.values.tolist() == local.rejected.values.tolist()


def test_dictionary_columns_arrive_as_the_categoricals_pandas_would_make(tmp_path):
    """Codes handed over from Arrow: row groups with different dictionaries, missing cells, all-missing columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ghgcalc.inventory.dataset import read_parquet

    groups = [pa.table({"year": [2022, 2023, None], "activity": ["diesel.stationary", None, "electricity.grid"],
                        "quantity": [1.5, None, 3.0], "unit": ["t", "t", "MWh"], "region": [None, None, None]}),
              pa.table({"year": [2023, 2023, 2021], "activity": ["refrigerant.release", "diesel.stationary", None],
                        "quantity": [4.0, 5.0, 6.0], "unit": ["kg", "MWh", "kg"], "region": ["CN", None, "CN-EAST"]})]
    path = tmp_path / "groups.parquet"
    schema = pa.schema([("year", pa.int64()), ("activity", pa.string()), ("quantity", pa.float64()),
                        ("unit", pa.string()), ("region", pa.string())])
    with pq.ParquetWriter(path, schema) as writer:  # one row group each
        for group in groups:
            writer.write_table(group.cast(writer.schema))
    frame = read_parquet(path)
    expected = pq.read_table(path).to_pandas()
    assert list(frame.columns) == list(expected.columns)
    for column in ("activity", "unit", "region"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype)
        assert frame[column].astype(object).where(frame[column].notna(), None).tolist() == \
            expected[column].astype(object).where(expected[column].notna(), None).tolist()
    np.testing.assert_array_equal(frame["quantity"].to_numpy(), expected["quantity"].to_numpy())
    np.testing.assert_array_equal(frame["year"].to_numpy(dtype=float), expected["year"].to_numpy(dtype=float))
    assert [len(read_parquet(path, (i,))) for i in (0, 1)] == [3, 3]


def test_columns_no_total_is_kept_by_are_not_read_unless_a_value_could_be_refused(tmp_path):
    from ghgcalc.inventory.dataset import read_parquet

    plain, listed = tmp_path / "plain.parquet", tmp_path / "listed.parquet"
    activity(5, 1).to_parquet(plain)
    activity(5, 1).assign(site=[["a"], ["b"], ["c"], ["d"], ["e"]]).to_parquet(listed)
    assert "site" in read_parquet(plain).columns and "site" not in read_parquet(plain, skip=("site",)).columns
    assert "site" in read_parquet(listed, skip=("site",)).columns  # lists in a column are refused: it is read
    with pytest.raises(InputError, match="column site: .*not a list"):
        run_inventory(listed, gwp_set="AR5GWP100", by=BY)


def test_pieces_with_the_same_combos_each_refuse_their_own_rows(tmp_path, library):
    """Row groups sharing one dictionary give every piece the same combos (checked once): each piece still
    refuses its own rows, with their own row numbers, and sums its own quantities."""
    rows = pd.DataFrame({"year": [2022] * 8, "activity": ["diesel.stationary"] * 8,
                         "quantity": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0],
                         "unit": pd.Categorical(["t", "kwh", "t", "t", "t", "kwh", "t", "t"])})
    rows["activity"] = rows["activity"].astype("category")
    path = tmp_path / "same.parquet"
    rows.to_parquet(path, row_group_size=4)
    summary = run_inventory(path, gwp_set="AR5GWP100", by=BY, chunk_rows=4)
    assert summary.rejected["row"].tolist() == [3, 7] and (summary.rows_in, summary.rows_rejected) == (8, 2)
    expected = summarise(compute_inventory(rows.drop(index=[1, 5]), library, "AR5GWP100").totals, BY)
    np.testing.assert_allclose(summary.to_frame()["co2e_t"], expected["co2e_t"], rtol=1e-12)


def test_parquet_totals_equal_a_computation_by_hand_from_the_published_factors(tmp_path):
    """Not through the engine: each row's t CO2 is its quantity times the published factor, summed with numpy.

    Factors as published: China's grid factors (MEE and NBS, kg CO2 per kWh, national and East China
    grids, 2021 and 2022) and stationary diesel (2006 IPCC Guidelines, Vol. 2, Table 2.2: 74,100 kg
    CO2 per TJ). Two files, one with categorical columns and one with plain text, in small row groups
    and pieces, so pieces meet different dictionaries, repeated combos and a file boundary.
    """
    grid = {("CN", 2021): 0.5568, ("CN", 2022): 0.5366, ("CN-EAST", 2021): 0.5992, ("CN-EAST", 2022): 0.5617}
    rng = np.random.default_rng(7)
    n = 6000
    kind = rng.integers(0, 3, n)  # kWh of grid electricity, MWh of it, TJ of diesel
    region = np.array(["CN", "CN-EAST"], dtype=object)[rng.integers(0, 2, n)]
    year = rng.integers(2021, 2023, n)
    quantity = rng.random(n) * 1000
    frame = pd.DataFrame({"year": year, "activity": np.where(kind == 2, "diesel.stationary", "electricity.grid"),
                          "quantity": quantity, "unit": np.array(["kWh", "MWh", "TJ"], dtype=object)[kind],
                          "region": np.where(kind == 2, "", region)})
    folder = tmp_path / "rows"
    folder.mkdir()
    frame.iloc[:2500].astype({c: "category" for c in ("activity", "unit", "region")}).to_parquet(
        folder / "a.parquet", row_group_size=400)
    frame.iloc[2500:].to_parquet(folder / "b.parquet", row_group_size=300)

    t_co2 = np.array([74.1 if k == 2 else grid[(r, y)] * (1 if k == 1 else 1e-3) for k, r, y in zip(kind, region, year)]) * quantity
    summary = run_inventory(folder, gwp_set="AR5GWP100", by=("year", "scope", "scope2_method", "gas"), chunk_rows=700)
    got = summary.to_frame()
    assert (summary.rows_in, summary.rows_rejected) == (n, 0)
    for y in (2021, 2022):
        for scope, method, rows in (("1", "", kind == 2), ("2", "location", kind < 2)):
            pick = (got["year"] == y) & (got["scope"].astype(str) == scope) & (got["scope2_method"] == method) & (got["gas"] == "CO2")
            assert pick.sum() == 1
            np.testing.assert_allclose(got.loc[pick, "co2e_t"].iloc[0], t_co2[rows & (year == y)].sum(), rtol=1e-9)
