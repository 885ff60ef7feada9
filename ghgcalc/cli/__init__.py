"""The ghgcalc command line: thin commands over the library's public functions.

Exit codes: 0 success; 1 an error or a rejected input row (or a failed audit check);
3 a target off track (``gap``); 2 a usage error (click's own).
"""

from __future__ import annotations

import sys

import click

from ghgcalc.errors import GhgcalcError, InputError

EXIT_ERROR = 1
EXIT_OFF_TRACK = 3


class _Group(click.Group):
    """Turns ghgcalc's own errors into one-line messages and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"Error: {problem}", err=True)
            sys.exit(EXIT_ERROR)
        except GhgcalcError as exc:
            for line in str(exc).splitlines() or [type(exc).__name__]:
                click.echo(f"Error: {line}", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group)
@click.version_option(package_name="ghgcalc")
def main() -> None:
    """Greenhouse-gas inventories, report audits and target tracking, with units checked."""


def _register() -> None:
    """Add the COMMANDS of every ``*_cmd`` module in this package."""
    import importlib
    import pkgutil

    package = importlib.import_module("ghgcalc.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.endswith("_cmd"):
            module = importlib.import_module(f"ghgcalc.cli.{info.name}")
            for command in module.COMMANDS:
                main.add_command(command)


_register()
