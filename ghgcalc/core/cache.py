"""Files ghgcalc keeps in the user's cache folder: rebuilt from their sources, never trusted beyond them.

Why a cache: every command builds the unit registry, and pint spends most of that time parsing its
definition files, the same text in every process. What is kept is plain data (JSON), named by the
content hash of everything it was built from, so a changed source is a new name and an entry is
never stale; an entry that cannot be read (truncated, edited, from another version) is rebuilt.
Never pickle: a cache folder is writable by more than ghgcalc, and reading a pickle runs code.

The folder: ``GHGCALC_CACHE_DIR`` if set (empty turns the cache off), else the platform's user cache
folder (``XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
``%LOCALAPPDATA%`` on Windows), in a ``ghgcalc`` folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ENV = "GHGCALC_CACHE_DIR"


def cache_folder() -> Path | None:
    """The folder cached files go to; None when ``GHGCALC_CACHE_DIR`` is set empty or no home folder is found."""
    chosen = os.environ.get(ENV)
    try:
        if chosen is not None:
            return Path(chosen).expanduser() if chosen.strip() else None
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder to be found (a service account): no cache, the same results
        return None
    return base / "ghgcalc"


def content_key(*parts: str) -> str:
    """A name for what is built from ``parts``: the SHA-256 of them all, each length-prefixed."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def read_json(name: str):
    """A cached JSON document, or None when there is none or it cannot be read.

    A file is its body's SHA-256 on the first line, then the JSON: one cut short or changed reads as none.
    """
    folder = cache_folder()
    if folder is None:
        return None
    try:
        digest, _, body = (folder / name).read_bytes().partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != digest:
            return None  # cut short or changed since it was written
        return json.loads(body)
    except (OSError, ValueError):  # absent, unreadable, not JSON: rebuilt by the caller
        return None


def write_json(name: str, document) -> None:
    """Keep a JSON document under ``name``; a folder that cannot be written leaves the cache empty, not an error.

    Written to a temporary file and renamed, so a reader in another process sees the whole file or none.
    """
    folder = cache_folder()
    if folder is None:
        return
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        body = json.dumps(document, separators=(",", ":")).encode("utf-8")
        with os.fdopen(handle, "wb") as out:
            out.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(temporary, folder / name)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
