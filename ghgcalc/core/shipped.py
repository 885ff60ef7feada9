"""Where the data that ships with ghgcalc lives, installed or in a source checkout.

A wheel carries the repository's ``factors/`` and ``scenarios/`` inside the package
(``ghgcalc/_shipped/``); a source checkout or an editable install reads them from the
repository root. Nothing else is searched, so a stray folder can never be picked up.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd

from ghgcalc.core.textfile import parse_csv
from ghgcalc.errors import GhgcalcError

SHIPPED_FOLDERS = ("factors", "scenarios")


def read_shipped_text(*path: str) -> str:
    """A file of ghgcalc/data (``path`` inside it), as text: shipped data is UTF-8."""
    return resources.files("ghgcalc").joinpath("data", *path).read_text(encoding="utf-8")


def read_shipped_table(*path: str, **options) -> pd.DataFrame:
    """A table of ghgcalc/data as strings (empty cells ''); ``options`` go to pandas (e.g. a column's dtype).

    Why one reader: every shipped table is read the same way, so none is read with another dtype or
    missing-value rule by accident (the architecture test keeps pd.read_csv here and in the user-file reader).
    """
    return parse_csv(read_shipped_text(*path), **options)


def shipped_dir(name: str) -> Path:
    """The folder of shipped data called ``name`` ("factors" or "scenarios")."""
    if name not in SHIPPED_FOLDERS:
        raise ValueError(f"no shipped folder {name!r}; there are {', '.join(SHIPPED_FOLDERS)}")
    installed = Path(str(resources.files("ghgcalc"))) / "_shipped" / name
    if installed.is_dir():
        return installed
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise GhgcalcError(f"the shipped {name}/ folder is missing from this installation of ghgcalc; reinstall it")
