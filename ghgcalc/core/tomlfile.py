"""Lines of keys in TOML text: tomllib gives values without positions, messages need lines."""

from __future__ import annotations

import re


def locate_line(text: str, path: tuple) -> int | None:
    """The line that defines ``path`` (e.g. ("targets", "ghg-2030", "metric")) in TOML text.

    Tracks table headers ([a.b], [[a.b]] with a running index) and ``key = value`` lines,
    and returns the line of the longest prefix of ``path`` found, so that a key inside an
    inline table points at the line of that table.
    """
    best, best_len = None, 0
    current: tuple = ()
    counts: dict[tuple, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        array = re.match(r"^\[\[\s*(.+?)\s*\]\]", line)
        table = None if array else re.match(r"^\[\s*(.+?)\s*\]", line)
        if array:
            name = tuple(_split_key(array.group(1)))
            counts[name] = counts.get(name, -1) + 1
            current = name + (counts[name],)
            candidate = current
        elif table:
            current = tuple(_split_key(table.group(1)))
            candidate = current
        else:
            key = re.match(r"^((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=", line)
            if not key:
                continue
            candidate = current + tuple(_split_key(key.group(1)))
        if len(candidate) > best_len and tuple(path[:len(candidate)]) == candidate:
            best, best_len = number, len(candidate)
    return best


def _split_key(text: str) -> list:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", text)
    return [next(p for p in groups if p != "") if any(groups) else "" for groups in parts]
