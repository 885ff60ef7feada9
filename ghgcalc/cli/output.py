"""Writing a result for the terminal: tables for people (from :mod:`ghgcalc.outputs.tables`) and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ghgcalc.core.files import write_atomic
from ghgcalc.outputs.tables import format_number, render_markdown, render_table, to_jsonable

__all__ = ["echo_json", "format_number", "json_text", "render_markdown", "render_table", "to_jsonable",
           "write_or_echo"]


def json_text(document: dict) -> str:
    return json.dumps(to_jsonable(document), indent=2, ensure_ascii=False) + "\n"


def echo_json(document: dict) -> None:
    click.echo(json_text(document), nl=False)


def write_or_echo(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` (atomically) and say so."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"wrote {output}")
