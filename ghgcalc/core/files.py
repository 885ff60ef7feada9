"""Files written safely: atomically, and with cells that a spreadsheet cannot run.

Why atomic: a report half-written when the disk fills or the run is stopped must not
replace a good one; the text goes to a temporary file in the same folder, then a rename.

Why neutralise: a segment or site name such as ``=HYPERLINK(...)`` or ``+cmd|...`` comes
from a user's file and would run as a formula when the CSV is opened in a spreadsheet
(OWASP: CSV injection). Text cells starting with = + - @, a tab or a carriage return get a
leading apostrophe, which spreadsheets show as text; numbers are never touched.
"""

from __future__ import annotations

import math
import os
import tempfile
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
    """Write ``data`` (text, bytes, or pieces of bytes) to ``path`` through a temporary file and a
    rename; errors in one line. The file gets the permissions a plain write would give it."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first")
    pieces = [data.encode(encoding)] if isinstance(data, str) else [data] if isinstance(data, bytes) else data
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                for piece in pieces:
                    out.write(piece)
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
