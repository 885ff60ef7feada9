"""The CLI loads a command's module only when that command runs (issue 23: start fast)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ghgcalc.cli import COMMANDS, load_command, main

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "pint", "numpy", "ghgcalc.core.units", "ghgcalc.cli.inventory_cmd")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1].split()[1:]


def test_import_ghgcalc_cli_imports_no_pandas_or_pint():
    assert _loaded_after("import ghgcalc.cli") == []


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_and_help_import_no_pandas_or_pint(option):
    code = ("from ghgcalc.cli import main\n"
            f"try:\n    main([{option!r}])\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code")
    assert _loaded_after(code) == []


def test_a_command_loads_its_module_when_it_runs():
    code = ("from ghgcalc.cli import main\n"
            "try:\n    main(['inventory', '--help'])\nexcept SystemExit:\n    pass")
    loaded = _loaded_after(code)
    assert "ghgcalc.cli.inventory_cmd" in loaded and "pandas" in loaded


def test_every_cli_module_has_its_commands_listed():
    modules = {COMMANDS[name][0].split(":")[0] for name in COMMANDS}
    on_disk = {f"ghgcalc.cli.{p.stem}" for p in (ROOT / "ghgcalc" / "cli").glob("*_cmd.py")}
    assert modules == on_disk


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_help_is_the_commands_own(name):
    command = load_command(name)
    assert command.name == name
    assert click.Command(name, help=COMMANDS[name][1]).get_short_help_str(1000) == command.get_short_help_str(1000)


def test_help_lists_every_command_with_its_help_line():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.split("Commands:\n")[1].splitlines() if line.strip()]
    assert listed == sorted(COMMANDS)
    assert "Check a workspace's reported figures" in result.output


def test_a_narrow_help_shortens_each_line_as_click_does():
    result = CliRunner().invoke(main, ["--help"], terminal_width=60)
    assert result.exit_code == 0, result.output
    # 60 columns less 6 and the longest name (9: intensity, inventory) leave 45 for a line: whole words, "..."
    assert "  audit      Check a workspace's reported figures...\n" in result.output


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["inventroy"])
    assert result.exit_code == 2
    assert "No such command 'inventroy'" in result.output


def test_commands_load_workbook_and_html_libraries_only_to_write_them():
    modules = ["inventory_cmd", "report_cmd", "audit_cmd", "gap_cmd"]  # one interpreter: each import costs a second
    probe = (f"import sys\nfor m in {modules!r}:\n    __import__('ghgcalc.cli.' + m)\n"
             "print('loaded:', *(m for m in ('openpyxl', 'ghgcalc.outputs.html_report') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["loaded:"]


def test_the_unit_registry_loads_no_dask():
    """pint would import dask (and with it jinja2 and YAML), scipy and asyncio on every start; ghgcalc's units
    need none of them."""
    probe = ("import sys\nfrom ghgcalc.core.units import get_registry\nget_registry()\n"
             "import ghgcalc.cli.report_cmd\n"
             "print('loaded:', *(m for m in ('dask', 'jinja2', 'scipy', 'asyncio') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["loaded:"]


def test_dask_still_imports_after_the_unit_registry():
    pytest.importorskip("dask")
    probe = ("from ghgcalc.core.units import get_registry\nget_registry()\n"
             "import dask, dask.dataframe\nprint(dask.__name__)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["dask"]


def test_asyncio_is_whole_after_the_unit_registry():
    """The stand-in pint loads with is gone: asyncio imports as itself and runs a coroutine."""
    probe = ("from ghgcalc.core.units import get_registry\nget_registry()\n"
             "import asyncio\nasync def two():\n    return 2\nprint(asyncio.run(two()), asyncio.iscoroutinefunction(two))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "True"]


def test_a_workspace_command_runs_without_pandas_loading_pyarrow():
    """pandas would import pyarrow (0.07 s) at its own import; a report on CSV tables never needs it."""
    code = ("import sys\nfrom ghgcalc.cli import main\n"
            "try:\n    main(['report', 'examples/xiaomi'])\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "import pandas\nassert pandas.get_option('mode.string_storage') == 'auto'")  # the command's setting undone
    done = subprocess.run([sys.executable, "-c", code + "\nprint('loaded:', 'pyarrow' in sys.modules)"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: False"


def test_a_workspace_of_parquet_activity_reports_the_same_with_pandas_unaware_of_pyarrow(tmp_path):
    """The report reads Parquet through pyarrow itself: the same document whether or not pandas saw pyarrow."""
    pytest.importorskip("pyarrow")
    from ghgcalc.inventory.reading import read_activity_table

    workspace = tmp_path / "xiaomi"
    shutil.copytree(ROOT / "examples" / "xiaomi", workspace)
    read_activity_table(workspace / "emissions.csv").to_parquet(workspace / "emissions.parquet", index=False)
    (workspace / "emissions.csv").unlink()
    config = workspace / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"emissions.csv"', '"emissions.parquet"'), encoding="utf-8")
    commands = [["report", str(workspace), "--format", "json"],  # a workspace; a Parquet file on its own
                ["inventory", str(workspace / "emissions.parquet"), "--gwp", "AR5GWP100", "--format", "json"]]
    report = None
    for command in commands:
        documents = []
        for first in ("", "import pandas\n"):  # as the command line runs it; then with pandas (and pyarrow) loaded first
            code = f"{first}from ghgcalc.cli import main\nmain({command!r})"
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
            assert done.returncode == 0, done.stderr
            documents.append(json.loads(done.stdout))
        assert documents[0] == documents[1]
        report = report or documents[0]
    assert report["inventory"]["summary"] == "rows in: 22, computed: 22, rejected: 0"  # every row of emissions.csv


def test_a_command_line_of_paths_runs_in_process(tmp_path):
    """A program that calls ``main`` may pass paths, not text: they are read as the options they spell."""
    result = CliRunner().invoke(main, ["inventory", str(ROOT / "examples" / "xiaomi"), "--format", "json",
                                       "--manifest", tmp_path / "manifest.json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["gwp_set"] == "AR5GWP100" and (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize("entry, expected", [("run", "collector: True True"), ("main", "collector: True False")])
def test_the_program_sets_aside_what_its_modules_made_and_a_caller_of_main_keeps_its_collector(entry, expected):
    """``run`` (the console script, ``python -m ghgcalc``) pauses the collector while modules load, then freezes
    what they made and collects again; ``main`` called from another program leaves the collector alone."""
    code = ("import gc, sys\nfrom ghgcalc import cli\nsys.argv = ['ghgcalc', 'inventory', '--help']\n"
            f"try:\n    cli.{entry}()\nexcept SystemExit:\n    pass\n"
            "print('collector:', gc.isenabled(), gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == expected


@pytest.mark.parametrize("preset, expected", [(None, "1"), ("4", "4")])
def test_the_program_asks_openblas_for_one_thread_unless_the_user_chose(preset, expected):
    """OpenBLAS reads its thread count when numpy loads: ``run`` sets it before, and keeps a user's own."""
    code = ("import os, sys\nfrom ghgcalc import cli\nsys.argv = ['ghgcalc', '--version']\n"
            "try:\n    cli.run()\nexcept SystemExit:\n    pass\n"
            "print('threads:', os.environ.get(cli.BLAS_THREADS))")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"threads: {expected}"
