"""Output files: written atomically, with no cell a spreadsheet would run."""

import math

import pandas as pd
import pytest

from ghgcalc.core.files import OutputError, finite_or_none, neutralise, neutralise_frame, write_atomic


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_would_start_a_formula_is_quoted(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Suzhou plant", "苏州", "", -2.5, 3, None])
def test_everything_else_is_left_alone(cell):
    assert neutralise(cell) == cell


def test_frames_keep_their_numbers():
    frame = pd.DataFrame({"segment": ["=1+1", "plant"], "co2e_t": [-1.5, 2.0]})
    out = neutralise_frame(frame)
    assert list(out["segment"]) == ["'=1+1", "plant"]
    assert list(out["co2e_t"]) == [-1.5, 2.0]


def test_json_numbers_are_finite():
    assert [finite_or_none(v) for v in (math.nan, math.inf, -math.inf, 1.5)] == [None, None, None, 1.5]


def test_write_atomic_replaces_whole_files_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old")
    write_atomic(path, "new,text\n")
    assert path.read_text() == "new,text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_write_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(OutputError, match="the folder .*missing does not exist; create it first"):
        write_atomic(tmp_path / "missing" / "out.csv", "x")
