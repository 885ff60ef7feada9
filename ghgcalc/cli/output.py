"""Writing a result for the terminal: tables for people (from :mod:`ghgcalc.outputs.tables`) and JSON."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from ghgcalc.core.files import write_atomic
from ghgcalc.core.years import YearError, parse_year
from ghgcalc.outputs.workbook import sources_frame, write_workbook
from ghgcalc.outputs.tables import (fit_lines, fit_prose, format_number, render_markdown, render_table, to_jsonable,
                                    wrap_to_columns)

__all__ = ["YEAR", "echo_error", "echo_fitted", "echo_json", "fit_lines", "fit_text", "format_number", "json_text", "render_markdown",
           "render_table", "table_width", "to_jsonable", "wide_option", "write_or_echo", "write_xlsx", "xlsx_option"]
DEFAULT_WIDTH = 100  # the house's terminal: what a pipe, a file or an unknown terminal gets
MIN_WIDTH = 60  # narrower, a table keeps too little to read


def table_width(wide: bool = False) -> int | None:
    """The width text output fits: COLUMNS when set, else the terminal's width, else 100 (a pipe or a file,
    so that what is pasted from a terminal and what is saved read alike); no limit with ``--wide``."""
    if wide:
        return None
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if not columns and sys.stdout.isatty():
        columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return max(columns or DEFAULT_WIDTH, MIN_WIDTH)


def fit_text(text: str, wide: bool = False) -> str:
    """Text with each line longer than the terminal wrapped; with ``--wide`` its tables whole, however wide, and
    its other lines (titles, notes) still wrapped."""
    return fit_prose(text, table_width()) if wide else fit_lines(text, table_width())


def echo_fitted(text: str, wide: bool = False, **kwargs) -> None:
    """Print text fitted to the terminal (:func:`fit_text`)."""
    click.echo(fit_text(text, wide), **kwargs)


def echo_error(message: str) -> None:
    """An error on stderr: "Error: ..." on one line for a pipe or a log (a search finds it whole); for a person at
    a terminal (or with COLUMNS set), fitted to its width, a message longer than that continuing on lines indented
    by two spaces, so that no error runs past the width the tables keep to."""
    width = _error_width()
    for line in str(message).splitlines() or [""]:
        text = f"Error: {line}"
        wrapped = wrap_to_columns(text, width, "", "  ", hyphens=False) if width and len(text) > width else [text]
        click.echo("\n".join(wrapped or [text]), err=True)


def _error_width() -> int | None:
    """The width errors fit: COLUMNS, else the terminal's when stderr is one; None (one line each) otherwise."""
    if os.environ.get("COLUMNS", "").strip().isdigit():
        return table_width()
    stream = sys.stderr
    return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, MIN_WIDTH) if stream is not None \
        and stream.isatty() else None


def wide_option(command):
    """``--wide``: every column of every table, however wide (titles and notes still wrap)."""
    return click.option("--wide", is_flag=True,
                        help="Show every column of every table, however wide; titles and notes still wrap "
                             "(default: fit the terminal's width, COLUMNS, or 100).")(command)


def json_text(document: dict) -> str:
    return json.dumps(to_jsonable(document), indent=2, ensure_ascii=False) + "\n"


def echo_json(document: dict) -> None:
    click.echo(json_text(document), nl=False)


def xlsx_option(command):
    """``--xlsx FILE``: also write the command's table as a formatted workbook."""
    return click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False, path_type=Path),
                        help="Also write the result as a formatted workbook: numbers as numbers, units in "
                             "the headers, frozen header row, a sources sheet.")(command)


def write_xlsx(path: Path | None, tables: dict, sources: list[tuple[str, str]]) -> None:
    """Write ``tables`` (name -> DataFrame) and a sources sheet to ``path``, if one was given; say so on stderr."""
    if path is None:
        return
    from importlib.metadata import version

    write_workbook(path, tables, sources_frame([("ghgcalc", version("ghgcalc")), *sources]))
    click.echo(f"wrote {path}", err=True)


def write_or_echo(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` (atomically) and say so."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}")


class YearParam(click.ParamType):
    """``--year``: 2024, or a fiscal year as the company labels it (FY2023, FY2023/24, 2023/24, FY'23).

    The label is checked here and read by the command's function with the workspace's own
    rule (``fiscal_year_label``), so "FY2023" is the year it names for that company."""

    name = "year"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        try:
            label, year = parse_year(value)
        except YearError as exc:
            self.fail(str(exc), param, ctx)
        return year if label.isdigit() else label


YEAR = YearParam()
