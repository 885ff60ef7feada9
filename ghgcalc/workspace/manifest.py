"""Run manifests: what a result was computed from, so that it can be re-run to the same bytes."""

from __future__ import annotations

import hashlib
import platform
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

from ghgcalc.core.textfile import DIGEST_UP_TO, encoding_of, read_text
from ghgcalc.errors import InputError

TEXT_TABLES = (".csv", ".tsv", ".txt")  # inputs whose encoding the manifest records


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digest(path: str | Path, declared=None) -> tuple[str, str | None]:
    """The SHA-256 of an input and, for a text table of up to DIGEST_UP_TO bytes, the encoding it reads in (None
    otherwise), from one read of its bytes: the manifest records both, and a command reads each file once."""
    path = Path(path)
    if path.suffix.lower() in TEXT_TABLES and path.is_file() and path.stat().st_size <= DIGEST_UP_TO:
        try:
            source = read_text(path, declared)
        except InputError:  # not text in any encoding ghgcalc reads: hashed as bytes, and no encoding recorded
            return file_sha256(path), None
        return source.sha256, source.encoding
    return file_sha256(path), None


@lru_cache(maxsize=1)
def ghgcalc_version() -> str:
    """Looked up once per process: the installed metadata is searched on every path entry (a report asks twice)."""
    try:
        return metadata.version("ghgcalc")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_manifest(*, inputs: Iterable[Path], root: Path, factor_datasets: list[dict], gwp_set: str,
                   fallback: Iterable[str], arguments: dict, output_sha256: str | None = None, output: str = "totals",
                   hashes: dict | None = None, encodings: dict | None = None, encoding: str | None = None) -> dict:
    """A JSON-ready record of inputs (with hashes), factor datasets, GWP set, versions and arguments.

    It holds no timestamp and no absolute path, so two runs on the same inputs give the same bytes.
    ``output_sha256`` hashes what was computed at the size it was computed: ``output`` says
    which ("totals", the sorted totals table as CSV, or "lines", the lines CSV as written).
    ``hashes``: input hashes already computed (path -> sha256), e.g. while the inputs were summed.
    ``encodings``: the encoding each CSV input was read with (path -> name); a CSV not in it is
    detected here (or taken as ``encoding``, the one the workspace declares).
    """
    import numpy
    import pandas
    import pint

    return {
        "ghgcalc_version": ghgcalc_version(),
        "python": platform.python_version(),
        "libraries": {"pandas": pandas.__version__, "numpy": numpy.__version__, "pint": pint.__version__},
        "gwp_set": gwp_set,
        "fallback_rules": list(fallback),
        "arguments": arguments,
        "inputs": [_input(p, root, hashes or {}, encodings or {}, encoding) for p in inputs],
        "factor_datasets": factor_datasets,
        "output": output,
        "output_sha256": output_sha256,
    }


def _input(path: Path, root: Path, hashes: dict, encodings: dict, declared: str | None) -> dict:
    entry = {"file": _relative(path, root), "sha256": hashes.get(path) or file_sha256(path)}
    if Path(path).suffix.lower() in TEXT_TABLES:
        found = encodings.get(path) or encoding_of(path, declared)
        if found:
            entry["encoding"] = found
    return entry


def _relative(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).name
