"""Activity tables read the same from CSV, XLSX and Parquet."""

import pandas as pd
import pytest

from ghgcalc.inventory.reading import read_activity_table
from ghgcalc.errors import InputError
from ghgcalc.inventory.engine import compute_inventory, summarise
from tests.conftest import FIXTURES

GOOD = FIXTURES / "activity" / "good.csv"


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_same_totals_from_every_format(tmp_path, library, suffix):
    table = read_activity_table(GOOD)
    other = tmp_path / f"good{suffix}"
    table.to_excel(other, index=False) if suffix == ".xlsx" else table.to_parquet(other)
    totals = lambda t: summarise(compute_inventory(t, library, "AR5GWP100").emissions)["co2e_t"].to_numpy()  # noqa: E731
    assert totals(read_activity_table(other)) == pytest.approx(totals(table), rel=1e-12)


def test_unknown_format_is_refused(tmp_path):
    path = tmp_path / "activity.json"
    path.write_text("{}")
    with pytest.raises(InputError, match="cannot read .json files; use .csv \\(or tab-separated .tsv, .txt\\), .xlsx or .parquet"):
        read_activity_table(path)


def test_rows_in_equal_rows_computed_plus_rejected(library):
    table = pd.DataFrame({"year": [2023, 2023, "x"], "activity": ["electricity.grid"] * 3,
                          "quantity": [1, -1, 1], "unit": ["MWh"] * 3, "region": ["CN"] * 3})
    result = compute_inventory(table, library, "AR5GWP100")
    assert (result.rows_in, result.rows_computed, result.rows_rejected) == (3, 1, 2)
    assert sorted(result.rejected["row"]) == [3, 4]
