"""Writing a result for the terminal: tables for people (from :mod:`ghgcalc.outputs.tables`) and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ghgcalc.core.files import write_atomic
from ghgcalc.core.years import YearError, parse_year
from ghgcalc.outputs.workbook import sources_frame, write_workbook
from ghgcalc.outputs.tables import format_number, render_markdown, render_table, to_jsonable

__all__ = ["YEAR", "echo_json", "format_number", "json_text", "render_markdown", "render_table", "to_jsonable",
           "write_or_echo", "write_xlsx", "xlsx_option"]


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
