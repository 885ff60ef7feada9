"""The ghgcalc command line: thin commands over the library's public functions.

Exit codes: 0 success; 1 an error or a rejected input row (or a failed audit check);
3 a target off track (``gap``); 2 a usage error (click's own).

Commands load lazily (click's lazy group pattern): ``COMMANDS`` names each command's module and
its one-line help, so ``ghgcalc --version`` and ``ghgcalc --help`` import neither pandas nor pint
and a command imports only what it uses. To add a command, write ``cli/<name>_cmd.py`` and add
one line to ``COMMANDS`` (a test checks that the help written here is the command's own).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys

import click

from ghgcalc.errors import GhgcalcError, InputError, MissingArgumentError

DASK_OPTIONS = ("--workers", "--scheduler")  # the options that hand frames to Dask (ghgcalc.core.pandas_import)
EXIT_ERROR = 1
EXIT_USAGE = 2  # click's own code for a usage error
EXIT_OFF_TRACK = 3

# name -> ("module:attribute", the command's help line as ``ghgcalc --help`` shows it)
COMMANDS: dict[str, tuple[str, str]] = {
    "audit": ("ghgcalc.cli.audit_cmd:audit",
              "Check a workspace's reported figures against each other, at the precision printed."),
    "check": ("ghgcalc.cli.check_cmd:check_command",
              "Validate every file of a workspace and list every problem; notes say what an upgrade made unnecessary."),
    "disclose": ("ghgcalc.cli.disclose_cmd:disclose_command",
                 "Fill a standard's disclosure datapoints from a workspace's figures; list what is missing."),
    "explain": ("ghgcalc.cli.inventory_cmd:explain_command",
                "Show the input rows, factors (with sources), conversions and GWPs behind one figure."),
    "gap": ("ghgcalc.cli.gap_cmd:gap_command",
            "Progress towards each target: actual, pathway, gap, share of the way covered, rate needed."),
    "init": ("ghgcalc.cli.init_cmd:init_command",
             "Create a workspace in FOLDER: ghgcalc.toml, activity and reported tables, targets."),
    "intensity": ("ghgcalc.cli.audit_cmd:intensity",
                  "Emissions or energy intensity per revenue or per capita (ESRS E1-6, GRI 305-4), as intervals."),
    "inventory": ("ghgcalc.cli.inventory_cmd:inventory",
                  "Emissions inventory of a workspace, an activity file or a Parquet dataset (folder or glob), "
                  "in t CO2e."),
    "report": ("ghgcalc.cli.report_cmd:report_command",
               "Inventory, audit of the printed figures, and progress towards targets, for one workspace."),
    "scenario": ("ghgcalc.cli.scenario_cmd:scenario_group",
                 "Project emissions under scenario files to a horizon, against every target."),
}


def load_command(name: str) -> click.Command:
    """Import the module behind one entry of ``COMMANDS`` and return its click command."""
    module_name, attribute = COMMANDS[name][0].split(":")
    return getattr(importlib.import_module(module_name), attribute)


class _Group(click.Group):
    """Loads each command on first use; turns ghgcalc's own errors into one-line messages, exit 1."""

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def resolve_command(self, ctx, args):
        """Before the command's module loads: pandas imported (without pyarrow, unless the run may use
        Dask), and text held as Python strings until the command's context closes."""
        if args and args[0] in COMMANDS:
            if not _may_use_dask(args):
                from ghgcalc.core.pandas_import import import_pandas_without_arrow

                import_pandas_without_arrow()
            ctx.with_resource(_text_in_python())
        found = super().resolve_command(ctx, args)
        _resume_collector()
        return found

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.add_command(load_command(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx, formatter):
        """The command list from ``COMMANDS``' help lines, without importing any command."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            # an unloaded command's line shortened as click shortens a command's own (a bare Command
            # holding only the help text: click's public way to it, importing nothing)
            command = self.commands.get(name) or click.Command(name, help=COMMANDS[name][1])
            text = command.get_short_help_str(limit)
            rows.append((name, text))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            if sys.stdout is None:  # started with standard output closed: what was printed is lost
                raise OSError("standard output is closed")
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit as a traceback
            return result
        except MissingArgumentError as exc:
            _echo_error(exc)
            sys.exit(EXIT_USAGE)
        except InputError as exc:
            for problem in exc.problems:
                _echo_error(problem)
            sys.exit(EXIT_ERROR)
        except GhgcalcError as exc:
            _echo_error(str(exc) or type(exc).__name__)
            sys.exit(EXIT_ERROR)
        except OSError as exc:  # after GhgcalcError: OutputError is both, and says more
            _stdout_gone()
            if getattr(exc, "filename", None):
                click.echo(f"Error: {exc.filename}: {exc.strerror or exc}", err=True)
            else:
                click.echo(f"Error: the output cannot be written ({exc.strerror or exc})", err=True)
            sys.exit(EXIT_ERROR)


def _echo_error(message) -> None:
    from ghgcalc.cli.output import echo_error  # loaded only when there is an error to print

    echo_error(str(message))


def run() -> None:
    """The ``ghgcalc`` program (its console script and ``python -m ghgcalc``): :data:`main`, with Python's
    cyclic garbage collector paused while the command's modules load.

    Why: numpy, pandas and pint leave hundreds of thousands of objects that live as long as the process,
    and the collector walks them all again at each full collection (about a tenth of the CPU of
    ``ghgcalc report`` on a small workspace). Once the command's module is loaded they are set aside
    (``gc.freeze``) and collection resumes for what the command makes. Only for the program: a process
    that calls ``main`` itself (a test, a notebook) keeps its collector as it is.
    """
    global _COLLECTOR_PAUSED
    _one_blas_thread()
    gc.disable()
    _COLLECTOR_PAUSED = True
    main()


BLAS_THREADS = "OPENBLAS_NUM_THREADS"


def _one_blas_thread() -> None:
    """numpy's OpenBLAS starts a thread per core at import, about a tenth of a second of CPU per process;
    ghgcalc's arithmetic is element by element (no matrix products), so the program asks for one thread
    unless the user chose a number."""
    os.environ.setdefault(BLAS_THREADS, "1")


_COLLECTOR_PAUSED = False


def _resume_collector() -> None:
    global _COLLECTOR_PAUSED
    if _COLLECTOR_PAUSED:
        _COLLECTOR_PAUSED = False
        gc.freeze()
        gc.enable()


def _may_use_dask(args: list[str]) -> bool:
    """Whether a command line asks for a Dask cluster (``inventory --workers/--scheduler``): pandas then sees pyarrow."""
    return any(str(arg).split("=")[0] in DASK_OPTIONS for arg in args[1:])  # a caller may pass paths


@contextlib.contextmanager
def _text_in_python():
    """pandas' text columns held as Python strings while a command runs.

    Why: a command's tables hold tens to thousands of rows (figures, factors, activity lines), where
    pandas' default Arrow-backed text costs more than it saves: every filter, look-up and row read
    goes through pyarrow (0.2 s of CPU in ``ghgcalc report`` on a small workspace). The dtype stays
    "str" with NaN for missing, so no result changes; Parquet text arrives as categoricals either way.
    Scoped to the command, so a program that runs the CLI in-process keeps its own setting.
    """
    import pandas as pd

    with pd.option_context("mode.string_storage", "python"):
        yield


def _stdout_gone() -> None:
    """Point standard output at the null device, so that the interpreter's last flush cannot fail again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner's stream)
        pass


@click.group(cls=_Group)
@click.version_option(package_name="ghgcalc")
def main() -> None:
    """Greenhouse-gas inventories, report audits and target tracking, with units checked."""
