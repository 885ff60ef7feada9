"""Files written safely: atomically, and with cells that a spreadsheet cannot run.

Why atomic: a report half-written when the disk fills or the run is stopped must not
replace a good one; the text goes to a temporary file in the same folder, then a rename.

Why neutralise: a segment or site name such as ``=HYPERLINK(...)`` or ``+cmd|...`` comes
from a user's file and would run as a formula when the CSV is opened in a spreadsheet
(OWASP: CSV injection). Text cells starting with = + - @, a tab or a carriage return get a
leading apostrophe, which spreadsheets show as text; numbers are never touched.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import Iterable

import pandas as pd

from ghgcalc.errors import GhgcalcError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class OutputError(GhgcalcError, OSError):
    """An output file that cannot be written where it was asked for."""


def neutralise(value):
    """A cell value safe to open in a spreadsheet: text that would start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell (and column name) neutralised."""
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if dtype == object or pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame, *, float_format: str = "%.10g") -> str:
    """A table as CSV text for a spreadsheet: cells that would start a formula quoted, numbers as numbers."""
    return neutralise_frame(frame).to_csv(index=False, float_format=float_format)


def finite_or_none(value):
    """JSON has no NaN or Infinity: a number that is not finite becomes null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_atomic(path: str | Path, data: str | bytes | Iterable[bytes], *, encoding: str = "utf-8") -> Path:
    """Write ``data`` (text, bytes, or pieces of bytes) to ``path``, respecting what ``path`` is; errors in one line.

    A regular file (or a new name) is replaced atomically: a temporary file in the same folder,
    then a rename, so a full disk, SIGINT or SIGTERM mid-write leaves the previous file and no
    temporary one. A symbolic link is written through: its target is replaced, the link kept. A
    device, a pipe or ``/dev/stdout`` is written into as it is (a rename would replace the device
    node with a regular file). The file gets the permissions a plain write would give it.
    """
    path = Path(path)
    pieces = [data.encode(encoding)] if isinstance(data, str) else [data] if isinstance(data, bytes) else data
    try:
        mode = os.stat(path).st_mode  # through symbolic links: what the name leads to
    except OSError:
        mode = None
    try:
        if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            return _write_into(path, pieces)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: is a folder; name a file to write")
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first")
    temporary = None
    try:
        with _terminated_as_exit():
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as out:
                for piece in pieces:
                    out.write(piece)
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, target)
            temporary = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return path


def _write_into(path: Path, pieces) -> Path:
    """Write into a device or a pipe as it is (no rename)."""
    with open(path, "wb") as out:
        for piece in pieces:
            out.write(piece)
    return path


@contextlib.contextmanager
def _terminated_as_exit():
    """SIGTERM raises SystemExit while a file is written, so that the temporary file is removed
    (Python's default for SIGTERM ends the process without unwinding). SIGINT already raises
    KeyboardInterrupt. Only the main thread can set handlers; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):  # someone else handles it: leave their handler
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
