"""Factor datasets already read and validated, kept as JSON in the user's cache folder.

Why: every command reads and validates the same shipped datasets (a report on a small workspace,
about twenty files: CSV parsing, number and unit checks, the TOML sidecar), 0.05 s of CPU each
time; read back, a dataset is its table's columns and its sidecar's provenance (0.01 s for all).
An entry is named by the content hash of everything its validation read: the CSV and its sidecar
byte for byte, the unit definitions and pint's version, and the source of the code that reads and
validates (this module, ``factors.library``, ``core.units``, ``core.textfile``, the registry's). So a changed
file, unit or rule is a new name, never a stale entry; only a dataset that validated without a
problem is kept. An entry that cannot be read back (cut short, edited, another layout) is read
as none: the dataset is read and validated again and the entry written anew (``ghgcalc.core.cache``).
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from pathlib import Path

import pandas as pd

from ghgcalc.core import cache
from ghgcalc.core.pint_import import pint

FORMAT = "1"  # the layout of the JSON written here; a change makes every old entry unread
DTYPES = ("str", "int64", "float64")  # what a validated table's columns hold
CODE = ("factors/kept.py", "factors/library.py", "core/units.py", "core/pint_definitions.py", "core/textfile.py")
UNITS = ("data/gases.txt", "data/units.txt")


@functools.lru_cache(maxsize=1)
def _rules() -> str:
    """What validation depends on besides the files: the code that reads and checks them, the units it knows."""
    package = resources.files("ghgcalc")
    parts = [FORMAT, pint.__version__]
    for name in CODE + UNITS:
        try:
            parts.append(package.joinpath(name).read_text(encoding="utf-8"))
        except OSError:  # no source beside the bytecode: the installed version stands for it
            parts.append(_version())
    return cache.content_key(*parts)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ghgcalc")
    except PackageNotFoundError:
        return "unknown"


def look_up(csv_path: Path, sidecar: Path) -> tuple[str | None, str | None, tuple[dict, dict, pd.DataFrame] | None]:
    """A dataset's entry name and its CSV's SHA-256 as the files are now, and what the entry holds (None: nothing
    kept). Both names None when a file cannot be read: reading it again says why."""
    try:
        data, side = csv_path.read_bytes(), sidecar.read_bytes()
    except OSError:
        return None, None, None
    sha256 = hashlib.sha256(data).hexdigest()
    name = entry_name(sha256, side)
    return name, sha256, read_kept(name)


def entry_name(csv_sha256: str, sidecar: bytes) -> str:
    """The cache file of a dataset whose CSV has this SHA-256 and whose sidecar holds these bytes."""
    return f"dataset-{cache.content_key(_rules(), csv_sha256, sidecar.hex())}.json"


def read_kept(name: str) -> tuple[dict, dict, pd.DataFrame] | None:
    """A kept dataset's [dataset] table, [sources] table and validated frame; None when there is none to read."""
    document = cache.read_json(name)
    if document is None:
        return None
    try:
        columns, dtypes = document["columns"], document["dtypes"]
        if set(columns) != set(dtypes) or not set(dtypes.values()) <= set(DTYPES):
            return None
        frame = pd.DataFrame({name: pd.array(values, dtype=dtypes[name]) for name, values in columns.items()})
        meta, sources = document["meta"], document["sources"]
    except (KeyError, TypeError, ValueError):  # another layout, or values that do not fit their column
        return None
    if not (isinstance(meta, dict) and isinstance(sources, dict)):
        return None
    return meta, sources, frame


def keep(name: str, meta: dict, sources: dict, frame: pd.DataFrame) -> None:
    """Keep a dataset that validated; one whose columns are not plain text and numbers is not kept."""
    dtypes = {column: str(frame[column].dtype) for column in frame.columns}
    if not set(dtypes.values()) <= set(DTYPES) or len(set(frame.columns)) != len(frame.columns):
        return
    try:  # a sidecar may hold what JSON does not (a TOML date): such a dataset is read each time
        json.dumps([meta, sources])
    except (TypeError, ValueError):
        return
    columns = {column: frame[column].tolist() for column in frame.columns}
    cache.write_json(name, {"meta": meta, "sources": sources, "dtypes": dtypes, "columns": columns})
