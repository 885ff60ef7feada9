"""A company metric named like a standard one: kept running when it means the same, refused when not.

Workspaces of earlier releases declared metrics (``scope12_market``, ``scope3_cat1``,
``water_consumption`` ...) that later became standard; the compatibility promise is that such a
row is accepted with a note when its unit and formula mean what the standard metric means.
"""

import pytest

from ghgcalc.errors import InputError
from ghgcalc.figures.metrics import bind_metric, load_workspace_vocabulary

HEADER = "metric,unit,definition,formula\n"


def _vocabulary(tmp_path, rows):
    (tmp_path / "metrics.csv").write_text(HEADER + rows, encoding="utf-8")
    return load_workspace_vocabulary(tmp_path)


def test_restated_standard_metrics_are_accepted_with_a_note_each(tmp_path):
    vocabulary = _vocabulary(tmp_path,
                             "scope12_market,tCO2e,Scope 1 plus market-based Scope 2,scope2_market + scope1\n"
                             "scope3_cat1,t CO2e,Purchased goods and services,\n"
                             "water_consumption,m3,Water consumed,\n"
                             "scope12_ev,t CO2e,EV factory,scope1 + scope2\n")
    assert vocabulary.notes == (
        "metrics.csv row 2: 'scope12_market' is now a standard metric with the same unit and formula; the row can go",
        "metrics.csv row 3: 'scope3_cat1' is now a standard metric with the same unit and formula; the row can go",
        "metrics.csv row 4: 'water_consumption' is now a standard metric with the same unit and formula; the row can go")
    # the standard definition stays: scope1 + scope2_market, 100 + 250 = 350
    assert bind_metric(vocabulary, "scope12_market").evaluate({"scope1": 100, "scope2_market": 250}).mid == 350
    assert "scope12_ev" in vocabulary


@pytest.mark.parametrize("row, difference", [
    ("water_consumption,t,,", "unit 't', the standard metric's is 'm**3'"),
    ("scope12_market,t CO2e,,scope1 + scope2_location",
     "formula 'scope1 + scope2_location', the standard metric's is 'scope1 + scope2_market'"),
    ("scope12_market,t CO2e,,", "no formula (a printed figure), the standard metric's is 'scope1 + scope2_market'"),
    ("scope12_market,kt CO2e,,scope1 + scope2_market", "unit 'kt CO2e', the standard metric's is 't CO2e'"),
    ("scope3_cat6,t CO2e,,scope1 * 2", "formula 'scope1 * 2', the standard metric has none (a printed figure)"),
])
def test_a_standard_name_that_means_something_else_is_refused_with_the_difference(tmp_path, row, difference):
    with pytest.raises(InputError) as caught:
        _vocabulary(tmp_path, row + "\n")
    name = row.split(",")[0]
    assert str(caught.value) == (
        f"metrics.csv, row 2, column metric: {name!r} is a standard metric, and this row means something else: "
        f"{difference}; give the company metric its own name, or delete the row to use the standard one")


def test_a_target_file_may_declare_a_metric_that_became_standard(tmp_path):
    """The 2026-11 contract declared ``electricity`` under [metrics] in targets.toml; it is standard now."""
    from ghgcalc.targets.target_file import TargetFileError, load_targets

    target = ('[targets.power]\ntype = "absolute"\nmetric = "electricity"\nbase_year = 2021\n'
              'target_year = 2030\nreduce_by = "10 %"\n')
    path = tmp_path / "targets.toml"
    path.write_text('[metrics.electricity]\nunit = "MWh"\ndefinition = "Purchased electricity consumed."\n'
                    + target, encoding="utf-8")
    assert [t.metric for t in load_targets(path).targets] == ["electricity"]
    path.write_text('[metrics.electricity]\nunit = "GJ"\ndefinition = "Purchased electricity consumed."\n'
                    + target, encoding="utf-8")
    with pytest.raises(TargetFileError, match="unit 'GJ', the standard metric's is 'MWh'"):
        load_targets(path)


def test_a_formula_written_out_in_other_standard_metrics_means_the_same(tmp_path):
    vocabulary = _vocabulary(tmp_path, "scope123_location,t CO2e,,scope1 + scope2_location + scope3\n")
    assert len(vocabulary.notes) == 1
