"""Writing a result for the terminal: tables for people (from :mod:`ghgcalc.outputs.tables`) and JSON."""

from __future__ import annotations

import json

import click

from ghgcalc.outputs.tables import format_number, render_markdown, render_table, to_jsonable

__all__ = ["echo_json", "format_number", "render_markdown", "render_table", "to_jsonable"]


def echo_json(document: dict) -> None:
    click.echo(json.dumps(to_jsonable(document), indent=2, ensure_ascii=False))
