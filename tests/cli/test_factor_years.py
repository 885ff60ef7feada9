"""A row of a year before a dataset's first is refused saying which years the dataset has and that no fallback
reaches forward (ECCC's provincial intensities are for data year 2024 only: a Quebec company's FY2023)."""

import shutil

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import FIXTURES


def test_a_year_before_the_eccc_table_is_refused_with_its_years_and_what_to_do(tmp_path):
    root = tmp_path / "quebec"
    shutil.copytree(FIXTURES / "quebec", root)
    activity = root / "activity.csv"
    with activity.open("a", encoding="utf-8") as table:
        table.write('FY2023,electricity.grid,"158 000",MWh,CA-QC,fabrication,Usine Montréal,,,,,,,,\n')
    result = CliRunner().invoke(main, ["inventory", str(root)])
    assert result.exit_code == 1
    assert ("Error: activity.csv, row 18, column activity: no emission factor for electricity.grid in region 'CA-QC', "
            "year FY2023 (fallback rules in force: latest_earlier_year, mixed_gwp); CA-QC has factors for 2024, all "
            "later, and no fallback rule takes a later year's factor (latest_earlier_year takes earlier ones): add one "
            "for this year in your own dataset ([data] factors; README, 'Your own emission factors')") in result.stderr
