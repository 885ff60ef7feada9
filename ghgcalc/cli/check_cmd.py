"""``ghgcalc check``: every file of a workspace validated, every problem at once (exit 1 if any)."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import click

from ghgcalc.cli.output import echo_error, echo_json
from ghgcalc.errors import counted
from ghgcalc.outputs.check import check_workspace


@click.command("check")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def check_command(path, fmt):
    """Validate every file of a workspace and list every problem; notes say what an upgrade made unnecessary.

    Exit 0 when the workspace can be used as it is, 1 when any file has a problem.
    """
    result = check_workspace(path)
    if fmt == "json":
        echo_json(result.to_dict())
    else:
        for item in result.problems:
            echo_error(item.message)
        for item in result.notes:
            click.echo(textwrap.fill(f"note: {item.message}", 100, subsequent_indent="  ", break_on_hyphens=False))
        files = sum(len(entry.split(", ")) for entry in result.files)  # activity tables read together are one entry
        if result.ok:
            click.echo(f"{path}: {counted(files, 'file')} checked, no problems")
        else:
            failing = len({item.file for item in result.problems})
            click.echo(f"{path}: {counted(files, 'file')} checked, {counted(len(result.problems), 'problem')} in "
                       f"{counted(failing, 'file')}", err=True)
    if not result.ok:
        sys.exit(1)

