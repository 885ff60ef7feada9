"""Sentences ghgcalc writes about a row's year (a fallback it used, a look-up that refused the row).

The inventory computes in calendar years and keeps these sentences so (their JSON is a contract); people read
them with the year as the company labels it ("FY2024"). Each kind of sentence is one template below, in which
``{year}`` is the row's year and every other field is text put in as it was (a region, a dataset, a file name,
a figure). The labelled sentence is the same template written again with the year's label in ``{year}`` and
the other fields as they were: a number that is not the row's year (a quoted "2024 t", "grid 2024.csv", a
label such as "FY2024" already written) is never turned into a label, and a sentence of no kind listed here
(a user's own text) stays exactly as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

YEAR = "year"
REST = "rest"  # the tail of a long message, after its year
SENTENCES = {
    "residual_mix": "no residual mix for region {region} in {year}: location-based factor used",
    "latest_earlier_year": "latest_earlier_year: {year} -> {latest}",
    "nominal_spend": "nominal_spend: {year} {currency} taken as {price_year} {price_currency}, not adjusted for inflation",
    "spend_edition": "{dataset} is for {edition}; used for {year}, its spend brought to {price_year} prices",
    "other_edition": "other_edition: {dataset} ({edition}) used for {year}",
    "no_factor": "no emission factor for {activity} in {where}, year {year} (fallback rules in force: {rest}",
    "edition_instead": ("{dataset} {factor_id} is the {edition} edition, not the row's year {year}: name {instead} "
                        "(the {year} edition has {instead_factor_id}), or allow the fallback other_edition"),
    "edition_missing": ("{dataset} {factor_id} is the {edition} edition, not the row's year {year}: no edition for "
                        "{year} is shipped: supply your own factor, or allow the fallback other_edition"),
}
_FIELD = re.compile(r"\{(\w+)\}")
SEPARATOR = "; "  # notes of one line are joined so (a parent region, then a year taken from another edition)


def write_sentence(kind: str, year: int, **fields) -> str:
    """The sentence of ``kind`` about the row's calendar ``year``, as the inventory keeps it."""
    return SENTENCES[kind].format(year=int(year), **fields)


def label_sentence(text: str, year: int, label: str) -> str:
    """``text`` (one sentence, or notes joined by "; ") with the row's ``year`` written as ``label`` wherever a
    template put that year; anything else as written."""
    whole = _relabel(text, str(int(year)), label)
    if whole is not None:
        return whole
    parts = text.split(SEPARATOR)
    out, start = [], 0
    while start < len(parts):
        for end in range(len(parts), start, -1):  # the longest run of parts that is one sentence
            found = _relabel(SEPARATOR.join(parts[start:end]), str(int(year)), label)
            if found is not None:
                out.append(found)
                start = end
                break
        else:
            out.append(parts[start])
            start += 1
    return SEPARATOR.join(out)


def _relabel(text: str, year: str, label: str) -> str | None:
    for kind, pattern in _patterns().items():
        match = pattern.fullmatch(text)
        if match and match.group(YEAR) == year:
            fields = {k: v for k, v in match.groupdict().items() if k != YEAR}
            return SENTENCES[kind].format(year=label, **fields)
    return None


@lru_cache(maxsize=None)
def _patterns() -> dict[str, re.Pattern]:
    """Each template as a pattern: the first ``{year}`` four digits, a repeated one the same, a field any text
    but the separator of notes (so that a sentence never swallows the next note), ``{rest}`` the rest."""
    patterns = {}
    for kind, template in SENTENCES.items():
        out, seen, at = [], set(), 0
        for match in _FIELD.finditer(template):
            out.append(re.escape(template[at:match.start()]))
            name = match.group(1)
            if name in seen:
                out.append(f"(?P={name})")
            else:
                out.append(r"(?P<year>\d{4})" if name == YEAR else f"(?P<{name}>.*)" if name == REST
                           else f"(?P<{name}>(?:(?!{SEPARATOR}).)*?)")
                seen.add(name)
            at = match.end()
        out.append(re.escape(template[at:]))
        patterns[kind] = re.compile("".join(out), re.S)
    return patterns
