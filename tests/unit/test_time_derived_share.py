"""dq_time_derived_share is the share of a category's t CO2e whose time score was derived: at most all of it."""

import json

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT


def test_derived_category_3_has_all_of_its_time_scores_derived():
    # every category 3 line of the manufacturer is derived from its Scope 1 and 2 rows with a dated factor
    # (category3-upstream), so its time score is derived on all of its t CO2e: a share of 1 (it read 2, the
    # geography score, also derived, counted a second time)
    result = CliRunner().invoke(main, ["inventory", str(ROOT / "examples" / "manufacturer"), "--format", "json"])
    assert result.exit_code == 0, result.output
    three = [c for c in json.loads(result.stdout)["scope3"]["categories"] if c["category"] == "3" and c["co2e_t"]]
    assert len(three) >= 4
    assert [c["dq_time_derived_share"] for c in three] == [1.0] * len(three)
