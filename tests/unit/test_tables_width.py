"""Tables measured in terminal columns: a wide character (億円) takes two, so later columns stay aligned."""

import pandas as pd

from ghgcalc.outputs.tables import cell_width, render_table, wrap_cell


def test_a_wide_character_takes_two_columns():
    assert cell_width("t CO2e / 億円") == 13 and cell_width("t CO2e") == 6


def test_columns_after_a_unit_in_yen_stay_aligned_and_fit():
    frame = pd.DataFrame({"unit": ["t CO2e / 億円", "t CO2e"], "actual": ["10.43", "13,581.00"]})
    header, rule, *rows = render_table(frame, width=30).splitlines()
    assert [cell_width(line) for line in rows] == [cell_width(rule)] * 2  # 13 + 2 + 9 columns each
    assert cell_width(rule) == 24


def test_a_wrapped_cell_of_wide_characters_fits_its_columns():
    text = "全国平均係数 (環境省・経済産業省公表) 令和6年度実績"  # pieces of 12, 24 and 13 columns
    lines = wrap_cell(text, 12)
    assert max(cell_width(line) for line in lines) <= 12  # by characters the second piece's cuts took up to 24
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost at a cut


def test_a_table_with_a_wide_text_column_fits_its_width():
    frame = pd.DataFrame({"factor": ["全国平均係数 (環境省・経済産業省公表) 令和6年度実績"], "value": ["0.423"]})
    lines = render_table(frame, width=30).splitlines()
    assert max(cell_width(line) for line in lines) <= 30


def test_a_number_with_thousands_spaces_is_one_word_when_wrapped():
    from ghgcalc.outputs.tables import wrap_cell, wrap_to_columns

    assert wrap_to_columns("rdd-2021: 12 180,0 t", 14) == ["rdd-2021:", "12 180,0 t"]
    assert wrap_cell("rdd-2021: 12 180,0", 14) == ["rdd-2021:", "12 180,0"]
    assert wrap_to_columns("printed 1 234 567,89 t CO2e", 16) == ["printed", "1 234 567,89 t", "CO2e"]
    # other spaces beside digits still break: a year then a count is two numbers, not one
    assert wrap_to_columns("FY2024 100 rows", 10) == ["FY2024 100", "rows"]
    assert wrap_to_columns("in 2024 12 sites", 7) == ["in 2024", "12", "sites"]
