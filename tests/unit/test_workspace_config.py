"""ghgcalc.toml: every problem at once with its line, types checked, paths kept inside the workspace."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ghgcalc.errors import ConfigError
from ghgcalc.workspace.config import DEFAULT_SIGNIFICANCE_THRESHOLD, WorkspaceFileError, load_workspace


def workspace(tmp_path: Path, toml: str, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or {}).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "ghgcalc.toml").write_text(toml, encoding="utf-8")
    return tmp_path


ACTIVITY = "activity,year,quantity,unit\n"


def test_every_problem_is_listed_with_its_line(tmp_path):
    root = workspace(tmp_path, '[workspace]\ngwp_set = ["AR5GWP100"]\nbase_year = -5\nsegments = 5\ncolour = "red"\n'
                               '[data]\nactivity = 5\nreported = "missing.csv"\n')
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(root)
    assert caught.value.problems == [
        "ghgcalc.toml, line 5: [workspace] colour: unknown key; [workspace] holds name, base_year, gwp_set, currency, "
        "segments, fallback, factor_sets, significance_threshold, fiscal_year_end, fiscal_year_label, fiscal_year_format, consolidation, derive_category3, "
        "prefer, money_unit, energy_basis",
        "ghgcalc.toml, line 7: [data] activity: 5 is not a file name or a list of file names",
        "ghgcalc.toml, line 8: [data] reported: 'missing.csv' does not exist",
        "ghgcalc.toml, line 2: [workspace] gwp_set: ['AR5GWP100'] is not text; write it in quotes, e.g. gwp_set = \"...\"",
        "ghgcalc.toml, line 3: [workspace] base_year: -5 is not a year between 1900 and 2100",
        "ghgcalc.toml, line 4: [workspace] segments: 5 is not a list of names; write e.g. segments = [\"a\", \"b\"]",
    ]


def test_a_file_named_twice_is_refused(tmp_path):
    root = workspace(tmp_path, '[data]\nactivity = ["a.csv", "./a.csv"]\n', {"a.csv": ACTIVITY})
    with pytest.raises(WorkspaceFileError, match=r"'./a.csv' is named twice \(also under activity\)"):
        load_workspace(root)


def test_paths_outside_the_workspace_are_refused(tmp_path):
    (tmp_path / "outside.csv").write_text(ACTIVITY)
    root = workspace(tmp_path / "ws", '[data]\nactivity = ["../outside.csv"]\n')
    with pytest.raises(WorkspaceFileError, match="'../outside.csv' lies outside the workspace folder"):
        load_workspace(root)


def test_a_symlink_out_of_the_workspace_is_refused(tmp_path):
    (tmp_path / "outside.csv").write_text(ACTIVITY)
    root = workspace(tmp_path / "ws", '[data]\nactivity = ["link.csv"]\n')
    (root / "link.csv").symlink_to(tmp_path / "outside.csv")
    with pytest.raises(WorkspaceFileError, match="'link.csv' lies outside the workspace folder"):
        load_workspace(root)


def test_a_folder_of_factor_tables_gives_its_csv_files(tmp_path):
    root = workspace(tmp_path, '[data]\nfactors = ["my-factors/"]\n',
                     {"my-factors/b.csv": "x\n", "my-factors/a.csv": "x\n", "my-factors/a.toml": ""})
    assert [p.name for p in load_workspace(root).factor_files] == ["a.csv", "b.csv"]


def test_a_targets_file_not_yet_written_does_not_stop_the_workspace(tmp_path):
    root = workspace(tmp_path, '[data]\ntargets = "targets.toml"\n')
    assert load_workspace(root).targets_file == root / "targets.toml"


@pytest.mark.parametrize("written, fraction", [("'5 %'", 0.05), ("0.1", 0.1), ("'12.5 %'", 0.125), ("0", 0.0)])
def test_significance_threshold_as_percent_or_fraction(tmp_path, written, fraction):
    root = workspace(tmp_path, f"[workspace]\nsignificance_threshold = {written}\n")
    assert math.isclose(load_workspace(root).significance_threshold, fraction)


@pytest.mark.parametrize("written", ["nan", "inf", "'150 %'", "'5'", "true", "-0.1"])
def test_significance_threshold_out_of_range_is_refused(tmp_path, written):
    root = workspace(tmp_path, f"[workspace]\nsignificance_threshold = {written}\n")
    with pytest.raises(WorkspaceFileError, match="significance_threshold: .* is not a percentage between 0 % and 100 %"):
        load_workspace(root)


def test_default_threshold_is_five_percent(tmp_path):
    assert load_workspace(workspace(tmp_path, "")).significance_threshold == DEFAULT_SIGNIFICANCE_THRESHOLD == 0.05


def test_not_toml(tmp_path):
    with pytest.raises(ConfigError, match="ghgcalc.toml: not valid TOML"):
        load_workspace(workspace(tmp_path, "[workspace\n"))


@pytest.mark.parametrize("written, message", [
    ("€", "'€' is not an ISO 4217 code; did you mean 'EUR'?"),
    ("Rs", "'Rs' is not an ISO 4217 code; did you mean 'INR'?"),
    ("₹", "'₹' is not an ISO 4217 code; did you mean 'INR'?"),
    ("eur", "'eur' is not a currency code ghgcalc knows; did you mean 'EUR'?"),
    ("yuan", "'yuan' is not an ISO 4217 code; did you mean 'CNY'?"),  # the code of the renminbi, not its name
])
def test_a_currency_is_a_code_ghgcalc_knows(tmp_path, written, message):
    # before: accepted here, then every intensity failed with "currency 'million €' is not an amount of money"
    root = workspace(tmp_path, f'[workspace]\nname = "x"\ncurrency = "{written}"\n')
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(root)
    assert caught.value.problems == [f"ghgcalc.toml, line 3: [workspace] currency: {message}"]


def test_a_known_currency_is_kept(tmp_path):
    assert load_workspace(workspace(tmp_path, '[workspace]\ncurrency = "EUR"\n')).currency == "EUR"


def test_the_renminbi_by_its_iso_code(tmp_path):
    # CNY is the ISO 4217 code; RMB, the currency's name, is what the unit registry calls it and stays accepted
    assert load_workspace(workspace(tmp_path / "cny", '[workspace]\ncurrency = "CNY"\n')).currency == "RMB"
    assert load_workspace(workspace(tmp_path / "rmb", '[workspace]\ncurrency = "RMB"\n')).currency == "RMB"
