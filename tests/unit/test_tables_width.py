"""Tables measured in terminal columns: a wide character (億円) takes two, so later columns stay aligned."""

import pandas as pd

from ghgcalc.outputs.tables import cell_width, render_table


def test_a_wide_character_takes_two_columns():
    assert cell_width("t CO2e / 億円") == 13 and cell_width("t CO2e") == 6


def test_columns_after_a_unit_in_yen_stay_aligned_and_fit():
    frame = pd.DataFrame({"unit": ["t CO2e / 億円", "t CO2e"], "actual": ["10.43", "13,581.00"]})
    header, rule, *rows = render_table(frame, width=30).splitlines()
    assert [cell_width(line) for line in rows] == [cell_width(rule)] * 2  # 13 + 2 + 9 columns each
    assert cell_width(rule) == 24
