"""``ghgcalc disclose``: a workspace's figures as one standard's disclosure table.

The command parses, calls :func:`ghgcalc.outputs.disclosure.disclose` and renders; the
datapoints are data (``ghgcalc/data/disclosures/``). Exit 0 even when datapoints are missing:
the table lists them.
"""

from __future__ import annotations

from pathlib import Path

import click

from ghgcalc.cli.output import YEAR

from ghgcalc.cli.output import echo_json, fit_text, write_or_echo
from ghgcalc.outputs.disclosure import STANDARDS, disclose
from ghgcalc.outputs.disclosure_text import (
    render_disclosure_markdown, render_disclosure_text, workbook_tables,
)
from ghgcalc.outputs.workbook import sources_frame, write_workbook
from ghgcalc.core.files import csv_text


@click.command("disclose")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--standard", type=click.Choice(STANDARDS), required=True,
              help="ESRS E1 (E1-5, E1-6), GRI 305, the CDP climate questionnaire, HKEX KPIs A1-A2, IFRS S2 29(a).")
@click.option("--year", type=YEAR, help="Reporting year (default: the latest year with an emissions figure).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown", "xlsx"]), default="table",
              show_default=True, help="xlsx needs --output FILE.xlsx.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option("--wide", is_flag=True, help="Show every input's source, the paragraph and the condition.")
def disclose_command(path, standard, year, fmt, output, wide):
    """Fill a standard's disclosure datapoints from a workspace's figures; list what is missing."""
    result = disclose(path, standard, year)
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx writes a workbook: give --output FILE.xlsx")
        citation = result.citation
        sources = sources_frame([("standard", citation.get("document", "")), ("edition", citation.get("edition", "")),
                                 ("paragraphs", citation.get("paragraphs", "")),
                                 ("verification", citation.get("verification", "")),
                                 ("workspace", result.workspace), ("year", str(result.year))])
        write_workbook(output, workbook_tables(result), sources)
        click.echo(f"wrote {output}: {len(result.cells) - len(result.missing)} of {len(result.cells)} datapoints filled")
        return
    if fmt == "json":
        if output is None:
            echo_json(result.to_dict())
            return
        from ghgcalc.cli.output import json_text
        write_or_echo(json_text(result.to_dict()), output)
    elif fmt == "csv":
        write_or_echo(csv_text(result.to_frame()), output)
    elif fmt == "markdown":
        write_or_echo(render_disclosure_markdown(result), output)
    else:
        text = render_disclosure_text(result, wide=wide)
        write_or_echo((fit_text(text, wide) if output is None else text) + "\n", output)
