"""Every command's text output on the shipped examples fits a 100-column terminal.

Tables leave out the columns that do not fit (the most needed kept) and say so, pointing to
--wide; long headings over figures and prose lines wrap. --wide prints everything whole.
"""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.outputs.tables import cell_width, fit_lines, fit_prose, most_columns, render_table
from tests.conftest import ROOT

EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/ghgcalc.toml"))
STANDARDS = ("esrs-e1", "gri-305", "cdp", "hkex", "ifrs-s2")
WIDTH = 100


def _commands():
    """Each command a workspace's files allow, on every shipped example (a new example is picked up)."""
    for root in EXAMPLES:
        config, path = (root / "ghgcalc.toml").read_text(encoding="utf-8"), str(root)
        yield root.name, ["report", path]
        yield root.name, ["check", path]
        if "activity" in config:
            yield root.name, ["inventory", path]
            yield root.name, ["explain", path]
        if "reported" in config:
            yield root.name, ["audit", path]
            yield root.name, ["intensity", path]
        if "targets" in config:
            yield root.name, ["gap", path]
        for standard in STANDARDS:
            yield root.name, ["disclose", path, "--standard", standard]
        scenarios = sorted((root / "scenarios").glob("*.toml"))
        for scenario in scenarios:
            yield root.name, ["scenario", "run", path, str(scenario)]
        if len(scenarios) > 1:
            yield root.name, ["scenario", "compare", path, *map(str, scenarios)]
    xiaomi = str(ROOT / "examples" / "xiaomi")
    yield "xiaomi", ["scenario", "run", xiaomi, "xiaomi-plan"]
    yield "xiaomi", ["scenario", "compare", xiaomi, "xiaomi-bau", "xiaomi-plan"]
    yield "xiaomi", ["scenario", "seek", xiaomi, "xiaomi-plan", "--lever", "renewable-ramp", "--parameter", "share.2030",
                     "--target", "ghg-2030"]
    yield "manufacturer", ["intensity", str(ROOT / "examples" / "manufacturer"), "--per", "capita"]
    for args in _every_command(AUSTRALIA):
        yield AUSTRALIA.name, args


AUSTRALIA = ROOT / "tests" / "fixtures" / "au-fiscal-end"  # fiscal years to June labelled FY2024, money in A$M


def _every_command(root):
    """Each command on one workspace with targets, reports and scenarios (uncertain ones with fewer draws)."""
    path = str(root)
    yield from (["report", path], ["check", path], ["inventory", path], ["explain", path, "--year", "FY2024"],
                ["audit", path], ["intensity", path], ["gap", path])
    yield from (["disclose", path, "--standard", standard] for standard in STANDARDS)
    yield from (["scenario", "run", path, "plan"], ["scenario", "run", path, "plan-uncertain", "--draws", "400"],
                ["scenario", "compare", path, "bau", "plan"],
                ["scenario", "seek", path, "plan", "--lever", "green-power", "--parameter", "share.FY2025",
                 "--target", "re100-fy2025"])


COMMANDS = list(_commands())


def _id(name, args):
    return "-".join([name, *(a if "/" not in a else a.rsplit("/", 1)[-1] for a in args if a != str(ROOT / "examples" / name))])


@pytest.mark.parametrize("args", [a for _, a in COMMANDS], ids=[_id(n, a) for n, a in COMMANDS])
def test_text_output_fits_100_columns(args):
    result = CliRunner(env={"COLUMNS": str(WIDTH)}).invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1, 3), result.output
    # 億円 takes 4 columns; "±" 2 on a CJK terminal, 1 elsewhere: a line fits only if it fits both
    long = [line for line in result.stdout.splitlines() if most_columns(line) > WIDTH]
    assert not long, f"{len(long)} lines over {WIDTH} columns, the longest {max(map(most_columns, long))}: {long[0][:120]}"


XIAOMI = str(ROOT / "examples" / "xiaomi")
WIDE = [("xiaomi", [command, XIAOMI]) for command in ("report", "explain", "audit", "intensity", "gap")]
WIDE += [("xiaomi", ["disclose", XIAOMI, "--standard", "esrs-e1"]), ("xiaomi", ["scenario", "run", XIAOMI, "xiaomi-plan"]),
         ("xiaomi", ["scenario", "compare", XIAOMI, "xiaomi-bau", "xiaomi-plan"])]
WIDE += [(AUSTRALIA.name, args) for args in _every_command(AUSTRALIA) if args[0] not in ("check", "inventory")
         and args[1] != "seek"]  # those print no table --wide could widen


@pytest.mark.parametrize("args", [a + ["--wide"] for _, a in WIDE], ids=[_id(n, a + ["--wide"]) for n, a in WIDE])
def test_wide_keeps_tables_whole_and_still_wraps_titles_and_notes(args):
    """--wide widens tables only: a line over 100 columns is a table's (its cells are set apart by two spaces);
    a title, a note or a sentence, which never holds two spaces running, wraps as without --wide."""
    result = CliRunner(env={"COLUMNS": str(WIDTH)}).invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1, 3), result.output
    long = [line for line in result.stdout.splitlines() if most_columns(line) > WIDTH]
    prose = [line for line in long if "  " not in line.strip()]
    assert not prose, f"{len(prose)} lines of prose over {WIDTH} columns: {prose[0][:120]}"
    assert most_columns(result.stdout.splitlines()[0]) <= WIDTH  # the title


def test_gap_keeps_the_verdict_and_the_gap_and_wide_shows_the_rest():
    xiaomi = str(ROOT / "examples" / "xiaomi")
    narrow = CliRunner(env={"COLUMNS": "100"}).invoke(main, ["gap", xiaomi, "--year", "2023"]).stdout
    header = narrow.splitlines()[1]
    assert header.split()[:1] == ["target"] and "status" in header and "gap" in header
    assert "(--wide also shows: " in narrow
    wide = CliRunner(env={"COLUMNS": "100"}).invoke(main, ["gap", xiaomi, "--year", "2023", "--wide"]).stdout
    assert "linear/yr" in wide.splitlines()[1] and "--wide also shows" not in wide
    assert max(map(len, wide.splitlines())) > 100  # whole lines, as asked


def test_a_wider_terminal_keeps_more_columns():
    xiaomi = str(ROOT / "examples" / "xiaomi")
    narrow = CliRunner(env={"COLUMNS": "100"}).invoke(main, ["gap", xiaomi, "--year", "2023"]).stdout
    wider = CliRunner(env={"COLUMNS": "160"}).invoke(main, ["gap", xiaomi, "--year", "2023"]).stdout
    assert len(wider.splitlines()[1].split("  ")) > len(narrow.splitlines()[1].split("  "))
    assert all(len(line) <= 160 for line in wider.splitlines())


def test_every_option_the_report_suggests_exists():
    """The report's last line suggests --html, --xlsx and --wide; gap --wide (named in its docstring) too."""
    manufacturer = str(ROOT / "examples" / "manufacturer")
    text = CliRunner().invoke(main, ["report", manufacturer]).stdout
    assert "--wide" in text and "--html" in text and "--xlsx" in text
    for command in (["report", manufacturer], ["gap", manufacturer], ["audit", manufacturer]):
        assert "--wide" in CliRunner().invoke(main, [*command, "--help"]).stdout


def test_a_table_fits_by_leaving_out_columns_and_right_aligns_figures():
    frame = pd.DataFrame({"target": ["ghg-2030", "ewaste"], "note": ["x" * 60, "y"],
                          "gap": ["69,179.79", "7.5 % cut"], "status": ["off track", "on track"]})
    text = render_table(frame, width=40, keep=("status", "gap"))
    lines = text.splitlines()
    assert lines[0].split() == ["target", "gap", "status"] and all(len(line) <= 40 for line in lines)
    assert lines[-1] == "(--wide also shows: note)"
    # "69,179.79" and "7.5 % cut" end in the same column: figures are right-aligned
    assert lines[2].index("69,179.79") + len("69,179.79") == lines[3].index("7.5 % cut") + len("7.5 % cut")
    assert render_table(frame) == render_table(frame, width=None) and "x" * 60 in render_table(frame)


def test_a_long_heading_over_short_figures_wraps_instead_of_widening_the_table():
    frame = pd.DataFrame({"lever": ["growth", "efficiency"], "ghg-2030 (2030, t CO2e)": [4682.23, -1990.7]})
    lines = render_table(frame, width=21).splitlines()
    # 'efficiency' is 10 wide, '-1,990.70' 9, two spaces between: 21; the heading wraps over three lines at
    # 9 characters, right-aligned
    assert lines[:3] == ["lever".ljust(10) + "  " + "ghg-2030".rjust(9), " " * 12 + "(2030, t".rjust(9),
                         " " * 12 + "CO2e)".rjust(9)]
    assert lines[-1] == "efficiency  -1,990.70" and all(len(line) <= 21 for line in lines)
    assert render_table(frame).splitlines()[0] == "lever       ghg-2030 (2030, t CO2e)"  # room enough: one line


def test_a_code_column_stays_left_aligned_and_a_line_wraps_with_an_indent():
    frame = pd.DataFrame({"scope": ["1", "12"], "total": ["1.5", "10.25"]})
    lines = render_table(frame).splitlines()
    # scope: codes, left; total: "10.25" is 5 wide, so "1.5" gets two spaces before it
    assert lines[2] == "1      " + "  1.5" and lines[3] == "12     10.25"
    assert fit_lines("  " + "word " * 30, 40).splitlines()[1].startswith("      word")


def test_an_ambiguous_width_character_fits_a_cjk_terminal_and_aligns_on_others():
    """"±" is East Asian Ambiguous: one column on most terminals, two on a CJK one. A table fits if it fits
    counted as two, and its figures are aligned counted as one (the common terminal)."""
    frame = pd.DataFrame({"target": ["ghg", "intensity"], "note": ["reduce by half from base", "x"],
                          "gap": ["3,787.50", "3.79 ±0.01"]})
    lines = render_table(frame, width=31).splitlines()
    # target 9 + 2 + note + 2 + gap 10 + 1 more for "±" on a CJK terminal = 31: the note gets 7 columns, not 8
    assert max(map(most_columns, lines)) == 31 and max(map(cell_width, lines)) == 30
    assert lines[1] == "-" * 9 + "  " + "-" * 7 + "  " + "-" * 10
    ends = [line.index(figure) + len(figure) for line, figure in ((lines[2], "3,787.50"), (lines[-1], "3.79 ±0.01"))]
    assert ends[0] == ends[1]
    assert all(most_columns(line) <= 30 for line in fit_lines("± " * 20 + "word " * 10, 30).splitlines())


def test_wide_text_keeps_a_table_of_wide_characters_whole_and_wraps_the_title_above_it():
    frame = pd.DataFrame({"year": ["FY2024", "FY2023"], "unit": ["t CO2e / 億円", "t CO2e / 億円"],
                          "value": ["10.43", "12.32"]})
    title = "Precision Co: S1+2 per revenue in 億円; intervals from the printed precision (half-up)"
    table = render_table(frame)  # whole: 6 + 2 + 13 columns (億円 takes 4) + 2 + 5 = 28 columns
    text = fit_prose(f"{title}\n{table}\n! a note under the table, long enough to be wrapped at twenty", 20)
    lines = text.splitlines()
    assert table in text and max(map(most_columns, table.splitlines())) == 28
    prose = [line for line in lines if line not in table.splitlines()]
    assert len(prose) > 2 and all(most_columns(line) <= 20 for line in prose)  # the title and the note wrapped
