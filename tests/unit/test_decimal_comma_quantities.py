"""Quantities in TOML files under a workspace's decimal comma ([data] decimal = ","): read as its tables are read
("40,5 %", "1 234,5 t CO2e"), and a number a decimal point would read otherwise refused in one line."""

import shutil
from pathlib import Path

import pytest

from ghgcalc.errors import GhgcalcError
from ghgcalc.targets.target_file import load_targets
from ghgcalc.workspace.config import load_workspace

QUEBEC = Path(__file__).parents[1] / "fixtures" / "quebec"


def quebec(tmp_path, old: str, new: str, file: str = "targets.toml") -> Path:
    folder = shutil.copytree(QUEBEC, tmp_path / "ws")
    text = (folder / file).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    return folder


def targets_of(folder: Path):
    workspace = load_workspace(folder)
    assert workspace.decimal == ","
    return load_targets(workspace.targets_file, years=workspace.fiscal_years, decimal=workspace.decimal_marks)


def test_a_percentage_with_a_decimal_comma_is_read(tmp_path):
    # "Réduire de 40,5 %": 40.5 % below the base, so the level is 59.5 % of it
    found = targets_of(quebec(tmp_path, 'reduce_by = "40 %"', 'reduce_by = "40,5 %"'))
    level = next(t for t in found.targets if t.id == "s12-fy2030").level
    assert level.fraction_of_base == pytest.approx(1 - 0.405)


def test_a_threshold_with_a_decimal_comma_is_read(tmp_path):
    folder = quebec(tmp_path, 'significance_threshold = "5 %"', 'significance_threshold = "2,5 %"', "ghgcalc.toml")
    assert load_workspace(folder).significance_threshold == pytest.approx(0.025)


@pytest.mark.parametrize("written, message", [
    ("40.5 %", "'40.5 %' reads only with a decimal point, but the workspace declares decimal = \",\" ([data] in "
               "ghgcalc.toml): write it as its tables are written ('40,5 %')"),
    ("40.500 %", "'40.500 %' is 40500 with the workspace's decimal comma (a point groups thousands) or 40.5 with a "
                 "decimal point: write a thousand and more without points ('40500', or with spaces), a fraction with "
                 "a comma"),
])
def test_a_number_a_decimal_point_reads_otherwise_is_refused_in_one_line(tmp_path, written, message):
    folder = quebec(tmp_path, 'reduce_by = "40 %"', f'reduce_by = "{written}"')
    with pytest.raises(GhgcalcError) as caught:
        targets_of(folder)
    text = str(caught.value)
    assert len(text.splitlines()) == 1
    assert text.endswith(message), text
