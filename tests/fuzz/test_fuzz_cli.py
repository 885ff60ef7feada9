"""Malformed inputs of every file type through the CLI, in-process: never a traceback, never a hang.

Each case writes a fresh workspace (the ``ghgcalc init`` template) with one file damaged,
runs the commands that read it, and checks that every run ends with a clean exit code (0,
1 or 3) within 5 seconds, that input that cannot be valid exits non-zero, and that the
inventory accounts for every row: rows in = computed + rejected.

Short profile by default; ``GHGCALC_FUZZ=long python -m pytest tests/fuzz`` runs the long one.
"""

from __future__ import annotations

import contextlib
import json
import signal
import tempfile
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.cli import main
from ghgcalc.core.textfile import clip
from ghgcalc.workspace.template import create_workspace
from tests.fuzz import strategies as S
from tests.fuzz.conftest import FUZZ_PROFILE

SECONDS = 5
CLEAN_EXITS = (0, 1, 3)


class Hang(Exception):
    """A command ran past the time limit."""


@contextlib.contextmanager
def time_limit(seconds: int):
    def stop(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(*args: str):
    """One command in-process; a traceback or a hang fails the case with the command named."""
    with time_limit(SECONDS):
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"ghgcalc {clip(' '.join(args), 200)} raised:\n{trace}")
    assert result.exit_code in CLEAN_EXITS, (clip(" ".join(args), 200), result.exit_code, clip(result.output, 500))
    return result


@contextlib.contextmanager
def workspace_with(relative: str, content: bytes | str):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        create_workspace(root)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        yield root


def cannot_be_text(content: bytes) -> bool:
    """Empty, or NUL bytes without the UTF-16 byte-order mark: no reading of it is a table."""
    return not content.strip() or (b"\x00" in content and not content.startswith((b"\xff\xfe", b"\xfe\xff")))


def data_rows(content: bytes) -> int | None:
    """Rows of a CSV that hold anything, when the bytes are UTF-8 text; None otherwise."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Load the factor library and the modules once, so that the time limit measures the input, not start-up."""
    with workspace_with("notes.txt", "") as root:
        CliRunner().invoke(main, ["report", str(root)])


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.activity_files())
def test_activity_tables(content):
    with workspace_with("activity.csv", content) as root:
        result = run("inventory", str(root), "--format", "json")
        if cannot_be_text(content):
            assert result.exit_code != 0
        if result.stdout.startswith("{"):
            summary = json.loads(result.stdout)["summary"]
            assert summary["rows_in"] == summary["rows_computed"] + summary["rows_rejected"]
            expected = data_rows(content)
            if expected is not None:
                assert summary["rows_in"] == expected
        run("report", str(root))


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.reported_files())
def test_reported_tables(content):
    with workspace_with("reported/company.csv", content) as root:
        result = run("audit", str(root), "--format", "json")
        if cannot_be_text(content):
            assert result.exit_code != 0
        run("intensity", str(root))
        run("report", str(root))


TEMPLATE = Path(__file__).resolve().parents[2] / "ghgcalc" / "data" / "template"
TOML_FILES = {  # file of the template -> the commands that read it
    "ghgcalc.toml": (("inventory",), ("report",)),
    "targets.toml": (("gap", "--year", "2023"), ("report",)),
    "scenarios/plan.toml": (("scenario", "run", "{root}", "plan"),),
}


@pytest.mark.parametrize("name", sorted(TOML_FILES))
@settings(settings.get_profile(FUZZ_PROFILE))
@given(data=st.data())
def test_toml_files(name, data):
    content = data.draw(S.damaged_toml((TEMPLATE / name).read_text()))
    with workspace_with(name, content) as root:
        for command in TOML_FILES[name]:
            args = [part.format(root=root) for part in command]
            run(*(args if "{root}" in " ".join(command) else [*args[:1], str(root), *args[1:]]))


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.fx_files(), st.sampled_from(["USD", "RMB", "EUR"]))
def test_fx_tables(content, currency):
    with workspace_with("fx.csv", content) as root:
        toml = (root / "ghgcalc.toml").read_text().replace('targets = "targets.toml"', 'targets = "targets.toml"\nfx = "fx.csv"')
        (root / "ghgcalc.toml").write_text(toml)
        run("intensity", str(root), "--currency", currency)


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.screening_files())
def test_scope3_screening_tables(content):
    with workspace_with("scope3-screening.csv", content) as root:
        toml = (root / "ghgcalc.toml").read_text().replace("# scope3_screening =", "scope3_screening =")
        (root / "ghgcalc.toml").write_text(toml)
        result = run("inventory", str(root), "--format", "json")
        if cannot_be_text(content):
            assert result.exit_code != 0


@settings(settings.get_profile(FUZZ_PROFILE))
@given(st.one_of(S.HOSTILE, S.ANY_TEXT, st.sampled_from(["scope12 / 0", "+".join(["scope1"] * 50_000),
                                                           "(" * 500 + "scope1" + ")" * 500, "__import__('os')"])))
def test_formulas_on_the_command_line(formula):
    with workspace_with("notes.txt", "") as root:
        run("intensity", str(root), "--numerator", formula)
