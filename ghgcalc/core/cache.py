"""Files ghgcalc keeps in the user's cache folder: rebuilt from their sources, never trusted beyond them.

Why a cache: every command builds the unit registry, and pint spends most of that time parsing its
definition files, the same text in every process. What is kept is plain data (JSON), named by the
content hash of everything it was built from, so a changed source is a new name and an entry is
never stale; an entry that cannot be read (truncated, edited, from another version) is rebuilt.
Never pickle: a cache folder is writable by more than ghgcalc, and reading a pickle runs code.

The folder: ``GHGCALC_CACHE_DIR`` if set (empty turns the cache off), else the platform's user cache
folder (``XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
``%LOCALAPPDATA%`` on Windows), in a ``ghgcalc`` folder.

Pruned as it goes: an entry read is marked used (its time set, at most once a day), and each time an
entry is written, the entries unused for ``UNUSED_DAYS`` days go (those of factor files edited since,
or of an older version), so the folder holds what is in use, not every dataset ever read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ENV = "GHGCALC_CACHE_DIR"
UNUSED_DAYS = 30  # an entry nobody read for this long is removed when another is written
DAY = 86_400.0
ENTRY = re.compile(r"[a-z][a-z-]*-[0-9a-f]{64}\.json")  # the names ghgcalc gives: nothing else in the folder is touched
PARTIAL = re.compile(r"\.[a-z][a-z-]*-[0-9a-f]{64}\.json\.[^.]+\.tmp")  # a write that was cut off


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
        path = folder / name
        digest, _, body = path.read_bytes().partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != digest:
            return None  # cut short or changed since it was written
        document = json.loads(body)
    except (OSError, ValueError):  # absent, unreadable, not JSON: rebuilt by the caller
        return None
    _mark_used(path)
    return document


def _mark_used(path: Path) -> None:
    """Set an entry's time to now when it is over a day old, so that pruning keeps what is read."""
    with contextlib.suppress(OSError):
        now = time.time()
        if now - path.stat().st_mtime > DAY:
            os.utime(path, (now, now))


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
        return
    prune(folder)


def prune(folder: Path, now: float | None = None) -> list[str]:
    """Remove the entries unused for ``UNUSED_DAYS`` days and writes cut off over a day ago; the names removed.

    Only names ghgcalc writes are looked at, so a cache folder shared with other programs keeps their files."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        age = UNUSED_DAYS * DAY if ENTRY.fullmatch(entry.name) else DAY if PARTIAL.fullmatch(entry.name) else None
        if age is None:
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > age:
                os.unlink(entry.path)
                removed.append(entry.name)
    return sorted(removed)
