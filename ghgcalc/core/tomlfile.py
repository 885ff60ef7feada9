"""Lines of keys in TOML text: tomllib gives values without positions, messages need lines."""

from __future__ import annotations

import re
from functools import lru_cache


def locate_line(text: str, path: tuple) -> int | None:
    """The line that defines ``path`` (e.g. ("targets", "ghg-2030", "metric")) in TOML text.

    Tracks table headers ([a.b], [[a.b]] with a running index) and ``key = value`` lines,
    and returns the line of the longest prefix of ``path`` found, so that a key inside an
    inline table points at the line of that table.
    """
    best, best_len = None, 0
    for number, candidate in _key_lines(text):
        if len(candidate) > best_len and tuple(path[:len(candidate)]) == candidate:
            best, best_len = number, len(candidate)
    return best


@lru_cache(maxsize=16)
def _key_lines(text: str) -> tuple[tuple[int, tuple], ...]:
    """Each line that names a table or a key, with the full path it names.

    Why cached: a file's checks ask for the lines of dozens of keys, and scanning the text
    with regular expressions once per key cost more than reading the file.
    """
    found = []
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
        found.append((number, candidate))
    return tuple(found)


def _split_key(text: str) -> list:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", text)
    return [next(p for p in groups if p != "") if any(groups) else "" for groups in parts]


def text_list(raw: dict, key: str, report) -> tuple[str, ...]:
    """``raw[key]`` as a tuple of texts (absent: empty); anything else goes to ``report(message)``.

    Why: TOML lets any key hold any type, and a list of names that holds a number or a table
    (``exclude = [1, "a"]``, ``exclude = [{x = 1}]``) must be refused where it is read, not fail
    later where the names are compared or hashed.
    """
    value = raw.get(key, ())
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        report(f"must be a list of names, e.g. {key} = [\"segment\"]; got {_toml_type(value)}")
        return ()
    return tuple(value)


def _toml_type(value) -> str:
    if isinstance(value, (list, tuple)):
        kinds = sorted({_toml_type(v) for v in value if not isinstance(v, str)})
        return f"a list holding {', '.join(kinds)}" if kinds else "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__
