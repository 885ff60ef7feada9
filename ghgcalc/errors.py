"""The ghgcalc error family.

Every error ghgcalc raises on purpose derives from :class:`GhgcalcError`, so a caller
can catch the whole family, and also from the builtin it resembles, so that code that
expects a ``ValueError`` or ``KeyError`` keeps working. Errors carry their location as
fields; ``str()`` is the one-line message the CLI prints.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable


MAX_MESSAGE = 400  # characters of one problem's message: a hostile 8 KB cell must not make an 8 KB line
YEARS = (1900, 2100)  # the years a table may name


class GhgcalcError(Exception):
    """Root of every error ghgcalc raises on purpose."""


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """'1 problem', '2 problems': a count with its noun in the number it takes."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


def quoted(value: object) -> str:
    """A cell in quotes as it was typed: "'3 837,87'" with its narrow no-break space, not repr's '3\\u202f837,87'.

    Why not repr: it escapes every space but the plain one and switches quotes around an apostrophe, so the
    message no longer shows what the user typed. Only characters that would break or hide in a one-line
    message (line breaks, tabs, other control and invisible format characters) are escaped. A number is shown
    as a spreadsheet shows it (-40000, not -40000.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return f"'{int(value)}'"
    if not isinstance(value, str):
        return repr(value) if not isinstance(value, (int, float)) else f"'{value}'"
    return "'" + "".join(c if c.isprintable() or unicodedata.category(c) == "Zs" else repr(c)[1:-1] for c in value) + "'"


def did_you_mean(value: object, allowed: Iterable[str], n: int = 1) -> str:
    """A "; did you mean 'x'?" suffix, or '' when nothing is close."""
    text = str(value)
    choices = list(allowed)
    lowered = {c.lower(): c for c in choices}
    if text.lower() in lowered and lowered[text.lower()] != text:
        return f"; did you mean {lowered[text.lower()]!r}?"
    close = difflib.get_close_matches(text, choices, n=n, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def pick(items: Iterable, wanted: str, *, key, what: str, source: str):
    """The item whose ``key(item)`` is ``wanted``; else a ConfigError naming the choices."""
    items = list(items)
    for item in items:
        if key(item) == wanted:
            return item
    names = [key(item) for item in items]
    raise ConfigError(f"{source}: no {what} {wanted!r}{did_you_mean(wanted, names)}; "
                      f"{what}s are {', '.join(names) or 'none'}")


@dataclass(frozen=True)
class Problem:
    """One bad value at one place in one input: the unit of error reporting."""

    source: str
    row: int | None
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = [self.source] if self.source else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        prefix = ", ".join(where)
        message = self.message if len(self.message) <= MAX_MESSAGE else (
            self.message[:MAX_MESSAGE - 60] + f"... ({len(self.message):,} characters in all)")
        return f"{prefix}: {message}" if prefix else message


class InputError(GhgcalcError, ValueError):
    """One or more problems found while validating an input; all are listed."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ColumnError(GhgcalcError, ValueError):
    """A row's key that cannot be computed; ``column`` names the column at fault (``default_column`` if unsaid)."""

    default_column = ""

    def __init__(self, message: str, column: str | None = None):
        super().__init__(message)
        self.column = column or self.default_column


class UnitError(GhgcalcError, ValueError):
    """A unit that is unknown, or of the wrong dimension for where it is used."""


class FormulaSyntaxError(GhgcalcError, ValueError):
    """A formula with syntax other than numbers, metric names, + - * / and parentheses."""


class ZeroDenominatorError(GhgcalcError, ZeroDivisionError):
    """A ratio whose denominator is zero, or a printed range that contains zero."""


class FactorNotFoundError(GhgcalcError, KeyError):
    """No emission factor or property matches what was sought."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class GwpError(GhgcalcError, KeyError):
    """A GWP set or a gas that the GWP set does not define."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class CurrencyError(GhgcalcError, ValueError):
    """Currencies mixed without a dated exchange rate."""


class ConfigError(GhgcalcError, ValueError):
    """A workspace, target or scenario file that cannot be used as written."""


class MissingArgumentError(ConfigError):
    """A call without an argument it needs where no default can stand in (the CLI's usage error, exit 2)."""


class FileProblemsError(ConfigError):
    """Problems in a TOML file (targets, scenarios), each with its file and line; all listed at once."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    @classmethod
    def read_toml(cls, path, what: str) -> tuple[str, dict]:
        """A file's text (for line numbers) and its parsed document; a missing or unparsable file is an error."""
        import tomllib
        from pathlib import Path

        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{path.name}: no such {what} file")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise cls([f"{path.name}: not a text file in UTF-8 (byte {exc.start + 1} cannot be read); "
                       f"save the {what} file as UTF-8 text"]) from None
        except OSError as exc:
            raise cls([f"{path.name}: cannot be read ({exc.strerror or exc})"]) from None
        try:
            return text, tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise cls([f"{path.name}: not valid TOML ({exc})"]) from None


@dataclass
class ProblemCollector:
    """Gathers problems so a whole file is validated before anything is raised."""

    source: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, row: int | None, column: str | None, value: object, message: str) -> None:
        self.problems.append(Problem(self.source, row, column, value, message))

    def check_columns(self, present: Iterable[str], required: Iterable[str]) -> bool:
        """Record every required column that is absent; True when none is."""
        present = [str(c) for c in present]
        absent = [c for c in required if c not in present]
        for column in absent:
            self.add(None, column, None, f"missing column {column!r}{did_you_mean(column, present)}")
        return not absent

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
