"""The typography around a printed number: what is read off, and what is not a number at all.

Why a module of its own: annual and sustainability reports print their tables in accounting style.
A footnote marker follows a figure ("4,009¹", "323*", "12,345†", "5,412 (a)"); a negative is put in
parentheses ("(8.8)"); a nil or an unreported figure is a dash ("-", "–", "—") or "n/a". None of these
is a misprint, so none should need a ``read_as``; but none may be guessed either:

- a footnote marker is read off and kept, so that the figure's lineage says it was there;
- a number in parentheses is negative, which only some figures may be (a change, a net figure);
- a dash or "n/a" is no number and no zero: the figure was not reported, and that is its reading.

Superscript digits are digits to Python's ``str.isdigit``, so "4,009¹" must be split before any
parser that trusts it, or it would read as 40,091.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a report prints instead of a number it does not give: each spelling and what it says
NOT_REPORTED = {
    "": "an empty cell",
    "-": "a dash (nil or not reported)",
    "–": "a dash (nil or not reported)",
    "—": "a dash (nil or not reported)",
    "n/a": "not available",
    "n.a.": "not available",
    "n.a": "not available",
    "na": "not available",
    "not available": "not available",
    "not reported": "not reported",
    "n/r": "not reported",
    "nr": "not reported",
    "not applicable": "not applicable",
}
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A marker after the number: superscript digits, symbols (*, †, ‡, §, #), or a letter or digit in parentheses
_FOOTNOTE = re.compile(rf"^(?P<number>.*?\d)\s*(?P<marker>[{_SUPERSCRIPTS}]+|[*†‡§#]+|\([a-zA-Z0-9]{{1,2}}\))\s*$",
                       re.S)
_PARENTHESES = re.compile(r"^\s*\(\s*(?P<number>[^()]*\d[^()]*?)\s*\)\s*$")


@dataclass(frozen=True)
class Cell:
    """A printed cell taken apart: the number's own text, and what was around it."""

    typed: str            # the cell as typed ("(8.8)", "4,009¹", "n/a")
    number: str           # the number's text with its marks read off ("8.8", "4,009"); "" when none
    footnote: str = ""    # the marker read off ("¹", "*", "(a)")
    negative: bool = False   # printed in parentheses
    not_reported: str = ""   # why there is no number ("not available"), "" when there is one

    @property
    def read_off(self) -> str:
        """What was read off, in words for a figure's note ("footnote marker ¹ read off"); "" when nothing."""
        parts = []
        if self.footnote:
            parts.append(f"footnote marker {self.footnote} read off")
        if self.negative:
            parts.append(f"{self.typed.strip()} in parentheses read as negative")
        return "; ".join(parts)


def not_reported_reason(text: object) -> str:
    """Why a cell holds no number ("not available" for "n/a"), or "" when it may hold one."""
    if text is None or (isinstance(text, float) and text != text):
        return NOT_REPORTED[""]
    return NOT_REPORTED.get(str(text).strip().lower(), "")


def read_cell(text: object) -> Cell:
    """A printed cell taken apart: "4,009¹" -> 4,009 with marker ¹; "(8.8)" -> 8.8, negative; "–" -> not
    reported, a dash. The number's text still goes through the one parser of printed numbers."""
    typed = "" if text is None else str(text)
    reason = not_reported_reason(typed)
    if reason:
        return Cell(typed, "", not_reported=reason)
    number, footnote = typed.strip(), ""
    found = _FOOTNOTE.match(number)
    if found and not _PARENTHESES.match(number):
        number, footnote = found.group("number").strip(), found.group("marker")
    bracketed = _PARENTHESES.match(number)
    if bracketed:
        return Cell(typed, bracketed.group("number").strip(), footnote, negative=True)
    return Cell(typed, number, footnote)
