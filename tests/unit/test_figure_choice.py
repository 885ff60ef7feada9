"""Which figure every command uses (printed or computed), and which printed figures fail the audit."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.figures.reported import read_reported
from ghgcalc.workspace.choice import failing_prints, used_figures
from ghgcalc.workspace.figures import computed_figures, figure_table
from ghgcalc.workspace.opened import open_workspace

HEADER = "vintage,metric,year,value,unit\n"


def printed_table(tmp_path: Path, rows: str):
    path = tmp_path / "company.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return read_reported([path], load_vocabulary())


def workspace(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "reported").mkdir()
    (tmp_path / "reported" / "company.csv").write_text(HEADER + rows, encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "t"\n[data]\nreported = ["reported/company.csv"]\n',
                                           encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("total, fails", [
    ("151", False),  # 100 + 50 printed to the tonne: [99.5, 100.5] + [49.5, 50.5] = [149, 151] meets [150.5, 151.5)
    ("152", True),  # [151.5, 152.5) lies above [149, 151]: beyond rounding
])
def test_a_printed_total_its_printed_parts_do_not_add_up_to_fails(tmp_path, total, fails):
    root = workspace(tmp_path, f"r,scope1,2023,100,t CO2e\nr,scope2_location,2023,50,t CO2e\n"
                               f"r,scope12_location,2023,{total},t CO2e\n")
    failures = open_workspace(root).failures
    if fails:
        assert failures == {("scope12_location", 2023, "", "r"): (
            "scope1 + scope2_location = 100 + 50 = 150 against scope12_location = 152 t CO2e in r, beyond rounding")}
    else:
        assert failures == {}
    audit = audit_workspace(root)  # the audit's identity check says the same
    identity = next(f for f in audit.findings if f.kind == "identity" and f.metric == "scope12_location")
    assert identity.failed == fails


def test_a_print_the_activity_data_do_not_give_fails_unless_a_later_print_they_give_restates_it(tmp_path, library):
    import pandas as pd

    from ghgcalc.inventory.engine import compute_inventory

    activities = pd.DataFrame({"year": [2023], "activity": ["emissions.reported"], "quantity": [120],
                               "unit": ["t CO2e"], "region": [""], "gas": ["CO2"], "scope": ["1"]})
    computed = computed_figures(compute_inventory(activities, library, "AR5GWP100").emissions, load_vocabulary())
    once = printed_table(tmp_path, "ar-2023,scope1,2023,125,t CO2e\n")
    reason = failing_prints(figure_table(once, computed), load_vocabulary())[("scope1", 2023, "", "ar-2023")]
    assert reason == ("the activity data give 120.0 t CO2e, printed 125 t CO2e (124.5 to 125.5): "
                      "apart by -5.0 (-4.00%)")  # 120 - 125 = -5; -5 / 125 = -4 %
    restated = printed_table(tmp_path, "ar-2023,scope1,2023,125,t CO2e\nar-2024,scope1,2023,120,t CO2e\n")
    assert failing_prints(figure_table(restated, computed), load_vocabulary()) == {}


VALUES = st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda v: round(v))


@settings(max_examples=40, deadline=None)
@given(printed=st.dictionaries(st.sampled_from(["scope1", "scope2_location", "scope12_location"]), VALUES),
       computed=st.tuples(VALUES, VALUES), prefer=st.sampled_from(["printed", "computed"]))
def test_one_provenance_per_figure_and_no_sum_beside_a_preferred_part(tmp_path_factory, printed, computed, prefer):
    """Invariants of the choice: each (metric, year) keeps figures of one provenance; the preferred one wherever it
    exists; and a sum of the other provenance never stands beside a preferred part (readers build it from them)."""
    import pandas as pd

    folder = tmp_path_factory.mktemp("choice")
    rows = "".join(f"r,{metric},2023,{value},t CO2e\n" for metric, value in printed.items())
    table = printed_table(folder, rows) if rows else None
    scope1, scope2 = computed
    frame = pd.DataFrame({"year": [2023] * 2, "segment": ["", ""], "scope": ["1", "2"], "scope2_method": ["", "location"],
                          "scope3_category": ["", ""], "gas": ["CO2", "CO2"], "co2e_t": [float(scope1), float(scope2)]})
    used = used_figures(figure_table(table, computed_figures(frame, load_vocabulary())), load_vocabulary(), prefer)
    kinds = used.groupby("metric")["provenance"].agg(set)
    assert all(len(k) == 1 for k in kinds)
    wanted = "printed" if prefer == "printed" else "computed"
    have = set(used.loc[used["provenance"] == wanted, "metric"])
    assert have >= (set(printed) if wanted == "printed" else {"scope1", "scope2_location", "scope12_location"})
    other = used[used["provenance"] != wanted]
    if "scope12_location" in set(other["metric"]):
        assert not {"scope1", "scope2_location"} & have


@pytest.mark.parametrize("scope1, fails", [
    ("110", False),  # [99.5, 100.5] + [9.5, 10.5] = [109, 111] meets [109.5, 110.5)
    ("112", True),  # [111.5, 112.5) lies above [109, 111]
])
def test_a_total_the_workspace_declares_in_identities_csv_is_checked_against_its_parts(tmp_path, scope1, fails):
    root = workspace(tmp_path, f"r,scope1_co2,2023,100,t CO2e\nr,scope1_ch4,2023,10,t CO2e\nr,scope1,2023,{scope1},t CO2e\n")
    (root / "identities.csv").write_text("name,total,components,absent_as_zero\n"
                                         "by_gas,scope1,scope1_co2 + scope1_ch4 + scope1_n2o,yes\n", encoding="utf-8")
    failures = open_workspace(root).failures
    if fails:  # scope1_n2o is not printed, and the identity counts it as zero (absent_as_zero = yes)
        assert failures == {("scope1", 2023, "", "r"): (
            "scope1_co2 + scope1_ch4 = 100 + 10 = 110 against scope1 = 112 t CO2e in r, beyond rounding")}
    else:
        assert failures == {}
    identity = next(f for f in audit_workspace(root).findings if f.kind == "identity" and f.metric == "scope1")
    assert identity.failed == fails  # the audit's identity check says the same
    used = open_workspace(root).used
    marked = used.loc[used["metric"] == "scope1", "fails_audit"].iloc[0]
    assert bool(marked) == fails


def test_without_absent_as_zero_a_declared_sum_needs_every_part(tmp_path):
    root = workspace(tmp_path, "r,scope1_co2,2023,100,t CO2e\nr,scope1,2023,150,t CO2e\n")
    (root / "identities.csv").write_text("name,total,components\nby_gas,scope1,scope1_co2 + scope1_ch4\n",
                                         encoding="utf-8")
    assert open_workspace(root).failures == {}  # scope1_ch4 is not printed: nothing to add up


def test_a_computed_value_beside_a_print_shows_one_digit_more_and_more_only_to_stay_outside():
    from ghgcalc.workspace.choice import comparison_places

    # printed 7 980,47 stands for 7,980.465 to 7,980.475
    assert comparison_places(7970.4699, 7980.465, 7980.475, 2) == 3  # 7,970.470: plainly outside
    assert comparison_places(7980.4702, 7980.465, 7980.475, 2) == 3  # inside: 7,980.470
    # 7,980.4649 at three decimals would be 7,980.465, the interval's bound; four keep it outside
    assert comparison_places(7980.4649, 7980.465, 7980.475, 2) == 4
    assert comparison_places(7980.46499, 7980.465, 7980.475, 2) == 5
