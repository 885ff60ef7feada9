"""Malformed inputs of every file type through the CLI, in-process: never a traceback, never a hang.

Each case writes a fresh workspace (the ``ghgcalc init`` template) with one file damaged,
runs the commands that read it, and checks that every run ends with a clean exit code (0,
1 or 3) within 5 seconds of CPU time, that input that cannot be valid exits non-zero, and that the
inventory accounts for every row: rows in = computed + rejected.

Short profile by default; ``GHGCALC_FUZZ=long python -m pytest tests/fuzz`` runs the long one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import time
import tempfile
import traceback
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.cli import main
from ghgcalc.core.textfile import clip
from ghgcalc.workspace.template import create_workspace
from tests.fuzz import strategies as S
from tests.fuzz.conftest import FUZZ_PROFILE

SECONDS = 5  # of CPU time per command: a case that computes for longer is a hang
WALL_SECONDS = 60  # and of wall-clock time, for a command that waits instead of computing
CLEAN_EXITS = (0, 1, 3)
TALLY: Counter = Counter()  # (test, exit code) -> commands run
INPUTS: Counter = Counter()  # test -> generated inputs tried
SLOWEST: dict = {"cpu": 0.0, "wall": 0.0}


class Hang(Exception):
    """A command ran past the time limit."""


@contextlib.contextmanager
def time_limit(cpu_seconds: int, wall_seconds: int):
    """CPU time, not wall-clock time, bounds a case: other work on the machine must not fail it."""
    def stop(signum, frame):
        raise Hang(f"still running after {cpu_seconds} s of CPU time" if signum == signal.SIGPROF
                   else f"still waiting after {wall_seconds} s")

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
    signal.alarm(wall_seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.alarm(0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(*args: str):
    """One command in-process; a traceback or a hang fails the case with the command named."""
    cpu, wall = time.process_time(), time.perf_counter()
    with time_limit(SECONDS, WALL_SECONDS):
        result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    SLOWEST["cpu"] = max(SLOWEST["cpu"], time.process_time() - cpu)
    SLOWEST["wall"] = max(SLOWEST["wall"], time.perf_counter() - wall)
    TALLY[(_current_test(), result.exit_code)] += 1
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"ghgcalc {clip(' '.join(args), 200)} raised:\n{trace}")
    assert result.exit_code in CLEAN_EXITS, (clip(" ".join(args), 200), result.exit_code, clip(result.output, 500))
    return result


def _current_test() -> str:
    return os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1].split(" ")[0]


@contextlib.contextmanager
def workspace_with(relative: str, content: bytes | str):
    INPUTS[_current_test()] += 1
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        create_workspace(root)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        yield root


def configure(root: Path, old: str, new: str) -> None:
    """Edit the template's ghgcalc.toml: ``old`` text becomes ``new``."""
    config = root / "ghgcalc.toml"
    config.write_text(config.read_text().replace(old, new))


def declare(root: Path, line: str) -> None:
    """Add a line under [data], after the targets file."""
    configure(root, 'targets = "targets.toml"', f'targets = "targets.toml"\n{line}')


def inventory_summary(root: Path):
    """Run the inventory as JSON; when it prints one, rows in = computed + rejected. (result, summary or None)"""
    result = run("inventory", str(root), "--format", "json")
    if not result.stdout.startswith("{"):
        return result, None
    summary = json.loads(result.stdout)["summary"]
    assert summary["rows_in"] == summary["rows_computed"] + summary["rows_rejected"]
    return result, summary


def cannot_be_text(content: bytes) -> bool:
    """Empty, or NUL bytes without the UTF-16 byte-order mark: no reading of it is a table."""
    return not content.strip() or (b"\x00" in content and not content.startswith((b"\xff\xfe", b"\xfe\xff")))


def data_rows(content: bytes) -> int | None:
    """Rows of a CSV that hold anything, when the bytes are UTF-8 text; None otherwise."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Load the factor library and the modules once, so that the time limit measures the input, not start-up.

    At the end, the commands run by test and exit code (and the slowest command) go to the file
    GHGCALC_FUZZ_TALLY names, if any: the figures the README quotes.
    """
    with workspace_with("notes.txt", "") as root:
        CliRunner().invoke(main, ["report", str(root)])
    yield
    if os.environ.get("GHGCALC_FUZZ_TALLY"):
        tally = {f"{test} exit {code}": count for (test, code), count in sorted(TALLY.items())}
        Path(os.environ["GHGCALC_FUZZ_TALLY"]).write_text(json.dumps(
            {"inputs": dict(sorted(INPUTS.items())), "inputs_total": sum(INPUTS.values()), "commands": tally,
             "slowest_seconds": SLOWEST}, indent=2))


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.activity_files())
def test_activity_tables(content):
    with workspace_with("activity.csv", content) as root:
        result, summary = inventory_summary(root)
        if cannot_be_text(content):
            assert result.exit_code != 0
        if summary is not None:
            expected = data_rows(content)
            if expected is not None:
                assert summary["rows_in"] == expected
        run("report", str(root))


def _as_frame(text: str):
    """A damaged CSV text as a frame: numbers where a cell reads as one, ragged rows padded or cut."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else ["year"]
    body = [(r + [""] * len(header))[:len(header)] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header)
    for column in range(frame.shape[1]):
        numbers = pd.to_numeric(frame.iloc[:, column], errors="coerce")
        if numbers.notna().all() and len(frame):
            frame.isetitem(column, numbers)
    return frame


CELL_TYPES = ["datetime", "date-in-text", "boolean", "int64-max", "int64-min", "decimal", "list", "empty"]


def _retype(frame: pd.DataFrame, column: int, how: str) -> None:
    """One column as a type a spreadsheet or Parquet writer produces (dates, booleans, int64 extremes,
    decimals, lists), whole or in one cell of text."""
    import datetime
    import decimal

    n = len(frame)
    values = {
        "datetime": pd.Series(pd.to_datetime(["2023-01-01"] * n)),
        "date-in-text": pd.Series([datetime.datetime(2023, 6, 30)] + list(frame.iloc[1:, column]), dtype=object),
        "boolean": pd.Series([True, False] * n, dtype=bool)[:n],
        "int64-max": pd.Series([9223372036854775807] * n, dtype="int64"),
        "int64-min": pd.Series([-9223372036854775808] * n, dtype="int64"),
        "decimal": pd.Series([decimal.Decimal("1200.5")] * n, dtype=object),
        "list": pd.Series([["a", "b"]] * n, dtype=object),
        "empty": pd.Series([None] * n, dtype=object),
    }[how]
    frame.isetitem(column, values.reset_index(drop=True))


def _to_parquet(frame: pd.DataFrame, buffer) -> None:
    """Parquet from any frame, repeated column names included (pandas refuses them; pyarrow writes them)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = []
    for column in range(frame.shape[1]):
        series = frame.iloc[:, column]
        try:
            arrays.append(pa.array(series))
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            arrays.append(pa.array(series.map(str)))
    pq.write_table(pa.table(arrays, names=[str(c) for c in frame.columns]), buffer)


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.damaged_table(S.ACTIVITY_HEADER, S.ACTIVITY_ROWS), st.sampled_from(["xlsx", "parquet"]),
       st.one_of(st.none(), st.integers(0, 4000)),
       st.lists(st.tuples(st.integers(0, 10), st.sampled_from(CELL_TYPES)), max_size=3))
def test_activity_workbooks_and_parquet(text, kind, cut, retyped):
    """The damaged tables of test_activity_tables written as a workbook or a Parquet file, whole or cut short,
    with columns of the other types those formats hold."""
    frame = _as_frame(text)
    for column, how in retyped:
        if column < frame.shape[1] and len(frame) and not (kind == "xlsx" and how == "list"):
            _retype(frame, column, how)
    buffer = io.BytesIO()
    if kind == "parquet":
        _to_parquet(frame, buffer)
    else:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # what a workbook cannot hold at all

        kind = "xlsx"
        frame = frame.apply(lambda c: c.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v))
        frame.columns = [ILLEGAL_CHARACTERS_RE.sub("", str(c)) for c in frame.columns]
        frame.to_excel(buffer, index=False)
    content = buffer.getvalue() if cut is None else buffer.getvalue()[:cut]
    with workspace_with(f"activity.{kind}", content) as root:
        configure(root, 'activity = ["activity.csv"]', f'activity = ["activity.{kind}"]')
        result, _ = inventory_summary(root)
        if cut is not None and cut < len(buffer.getvalue()):
            assert result.exit_code != 0  # a file cut short is not a table


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
    content = data.draw(S.damaged_toml_bytes((TEMPLATE / name).read_text()))
    with workspace_with(name, content) as root:
        for command in TOML_FILES[name]:
            args = [part.format(root=root) for part in command]
            run(*(args if "{root}" in " ".join(command) else [*args[:1], str(root), *args[1:]]))


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.fx_files(), st.sampled_from(["USD", "RMB", "EUR"]))
def test_fx_tables(content, currency):
    with workspace_with("fx.csv", content) as root:
        declare(root, 'fx = "fx.csv"')
        run("intensity", str(root), "--currency", currency)


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.price_index_files())
def test_price_index_tables(content):
    with workspace_with("price-index.csv", content) as root:
        (root / "spend.csv").write_text("year,activity,quantity,unit,scope3_category,factor_dataset,factor_id\n"
                                        "2023,value_chain,1000,USD,1,epa-supply-chain-v1.3-naics,331110/with_margins\n")
        declare(root, 'price_index = "price-index.csv"')
        configure(root, 'activity = ["activity.csv"]', 'activity = ["activity.csv", "spend.csv"]')
        inventory_summary(root)


@settings(settings.get_profile(FUZZ_PROFILE))
@given(S.screening_files())
def test_scope3_screening_tables(content):
    with workspace_with("scope3-screening.csv", content) as root:
        configure(root, "# scope3_screening =", "scope3_screening =")
        result, _ = inventory_summary(root)
        if cannot_be_text(content):
            assert result.exit_code != 0


@settings(settings.get_profile(FUZZ_PROFILE))
@given(st.data(), st.booleans())
def test_own_factor_files(data, damage_sidecar):
    """A factor dataset of the user's own (CSV + TOML sidecar), one of the two damaged."""
    table = S.to_csv(S.FACTOR_HEADER, S.FACTOR_ROWS).encode("utf-8")
    sidecar = S.FACTOR_SIDECAR
    if damage_sidecar:
        sidecar = data.draw(S.damaged_toml_bytes(sidecar))
    else:
        table = data.draw(S.factor_files())
    with workspace_with("my-factors/own.csv", table) as root:
        (root / "my-factors" / "own.toml").write_bytes(sidecar if isinstance(sidecar, bytes) else sidecar.encode("utf-8"))
        with open(root / "activity.csv", "a", encoding="utf-8") as activity:  # a row only the own factor covers
            activity.write("2023,electricity.grid,100,MWh,XX,manufacturing,Plant A,,,,\n")
        configure(root, "# factors = [", "factors = [")
        inventory_summary(root)


COMPANY_COMMANDS = {  # the company table -> ghgcalc.toml line naming it (or None: found beside it), commands
    "metrics.csv": (None, (("audit", "--format", "json"), ("intensity",), ("report",))),
    "derivations.csv": (None, (("audit", "--format", "json"),)),
    "identities.csv": (None, (("audit", "--format", "json"), ("intensity",))),
    "removals.csv": ('removals = "removals.csv"', (("gap", "--year", "2023"), ("report",))),
}


@pytest.mark.parametrize("name", sorted(COMPANY_COMMANDS))
@settings(settings.get_profile(FUZZ_PROFILE))
@given(data=st.data())
def test_company_tables(name, data):
    """The workspace's own metrics, audit rules and removals, damaged."""
    content = data.draw(S.company_tables(name))
    declared, commands = COMPANY_COMMANDS[name]
    with workspace_with(name, content) as root:
        if declared:
            declare(root, declared)
        for command in commands:
            result = run(command[0], str(root), *command[1:])
            if cannot_be_text(content):
                assert result.exit_code != 0


@settings(settings.get_profile(FUZZ_PROFILE))
@given(st.one_of(S.HOSTILE, S.ANY_TEXT, st.sampled_from(["scope12 / 0", "+".join(["scope1"] * 50_000),
                                                           "(" * 500 + "scope1" + ")" * 500, "__import__('os')",
                                                           "scope12 / (1 - 1)", "scope12 / 0.0", "scope12 / -0",
                                                           "scope12 / (0 * 5)", "scope12 * 1e308 * 1e308",
                                                           "scope12 / (scope1 - scope1)", "scope12 * " + "9" * 400])))
def test_formulas_on_the_command_line(formula):
    with workspace_with("notes.txt", "") as root:
        run("intensity", str(root), "--numerator", formula)
