"""Where the data that ships with ghgcalc lives, installed or in a source checkout.

A wheel carries the repository's ``factors/`` and ``scenarios/`` inside the package
(``ghgcalc/_shipped/``); a source checkout or an editable install reads them from the
repository root. Nothing else is searched, so a stray folder can never be picked up.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ghgcalc.errors import GhgcalcError

SHIPPED_FOLDERS = ("factors", "scenarios")


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
