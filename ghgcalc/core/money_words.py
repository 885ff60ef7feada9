"""Money units as reports print them: "M$", "k€", "CAD M", "Md$", "millions de dollars", "$ in millions".

Why a module of its own: beside a currency, a scale letter is a scale of that currency, but pint
reads "M" as molar, "k" as the Boltzmann constant, "G" as gauss and "Md" as a megaday, so
"M$" would be an amount of substance per volume and "M CAD" a concentration times dollars.
French and Quebec reports print millions as "M$" and billions as "G$" or "Md$", German ones
"Mio." and "Mrd.", and many "k" for thousands. Before pint reads a unit, each such letter
beside a currency becomes the word the registry defines (million, billion, thousand).

"$" alone names no one currency: it is the workspace's currency when that is a dollar
(:func:`with_dollar`), and refused otherwise; "US$", "C$", "A$" name theirs.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from ghgcalc.errors import quoted

# currencies whose reports print "$" alone (ISO 4217 codes; each must be in data/units.txt to be used)
DOLLARS = ("USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN")
# a sign with its country: the currency it names, whatever the workspace's
COUNTRY_DOLLARS = {"US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD", "HK$": "HKD",
                   "S$": "SGD", "NT$": "TWD", "MX$": "MXN", "Mex$": "MXN", "R$": "BRL"}
# scale letters and abbreviations beside a currency, as the registry's words
# ("A$m", "$m", "m AUD", "AUD mn", "$bn"; Australian and British annual reports print thousands as "$'000" or
# "'000s"): a lone "m" beside a currency is a million, never a metre
MONEY_SCALES = {"k": "thousand", "K": "thousand", "M": "million", "MM": "million", "Mio": "million",
                "G": "billion", "Md": "billion", "Mds": "billion", "Mrd": "billion", "Mrds": "billion",
                "m": "million", "mn": "million", "Mn": "million", "bn": "billion", "Bn": "billion",
                "'000": "thousand", "’000": "thousand", "000": "thousand", "'000s": "thousand", "’000s": "thousand",
                "000s": "thousand"}
# French scale words before "de" ("millions de dollars", "milliards d'euros")
_FRENCH = re.compile(r"\b(millions?|milliards?|milliers?)\s+d(?:e\s+|'\s*|’\s*)", re.I)
_FRENCH_WORDS = {"million": "million", "milliard": "billion", "millier": "thousand"}
# English scale words as US 10-K tables head them ("$ in millions", "(in thousands)", "in millions of dollars"):
# "in" is no inch there
_IN_SCALE = re.compile(r"\(\s*in\s+(thousands|millions|billions)\s*\)|\b(?:in\s+)?(thousands|millions|billions)\b"
                       r"(?:\s+of\b)?", re.I)
_US_DOLLAR_WORDS = re.compile(r"\b(?:U\.S\.|US)\s*dollars?\b", re.I)
_DOLLAR_WORD = re.compile(r"\bdollars?\b", re.I)
# a sign of letters and "$" that names no dollar ghgcalc knows, nor a scale of one ("M$", "k$"); letters after
# digits or a quote end a scale ("'000s$", "000s$"), not a sign
_OTHER_SIGN = re.compile(r"(?<![A-Za-z0-9'’])([A-Za-z]+)\$")
_EURO_WORD = re.compile(r"\beuros?\b", re.I)
_COUNTRY = re.compile("|".join(re.escape(sign) for sign in sorted(COUNTRY_DOLLARS, key=len, reverse=True)))


@functools.lru_cache(maxsize=1)
def currency_words() -> tuple[str, ...]:
    """The currency codes data/units.txt defines with their aliases ("CNY", "yuan", "円"), and the signs a unit
    may print: "CNY M" is a scale of the renminbi as "RMB M" is."""
    text = resources.files("ghgcalc").joinpath("data/units.txt").read_text(encoding="utf-8")
    names = []
    for name, aliases in re.findall(r"^(\w+)\s*=\s*\[currency_\w+\]([^#\n]*)", text, re.M):
        names += [name, *(alias.strip() for alias in aliases.split("=") if alias.strip())]
    return tuple(names) + ("$", "€", "£", "₹")


@functools.lru_cache(maxsize=1)
def _scaled() -> tuple[re.Pattern, re.Pattern]:
    money = "|".join(re.escape(word) for word in sorted(currency_words(), key=len, reverse=True))
    scales = "|".join(re.escape(word) for word in sorted(MONEY_SCALES, key=len, reverse=True))
    signs = "|".join(re.escape(sign) for sign in ("$", "€", "£", "₹"))
    before = re.compile(rf"(?<![\w.'’])({scales})\.?\s*(?=(?:{money})(?![A-Za-z]))")
    codes = "|".join(word for word in currency_words() if re.fullmatch("[A-Z]{3}", word))
    after = re.compile(rf"(?<![A-Za-z])({money})\s+({scales})\.?(?![\w*^²³])|({signs})\s*({scales})\.?(?![\w*^²³])"
                       rf"|\b({codes})(mn|bn|m|k|M)(?![\w*^²³])")
    return before, after


def money_scales(text: str) -> str:
    """``text`` with each scale letter beside a currency written as its word: "M$" -> "million $", "CAD M" ->
    "CAD million", "millions de dollars" -> "million $", "US$ M" -> "USD million"."""
    text = _US_DOLLAR_WORDS.sub(" USD ", _COUNTRY.sub(lambda m: f" {COUNTRY_DOLLARS[m.group(0)]} ", text))
    text = _IN_SCALE.sub(lambda m: f" {(m.group(1) or m.group(2)).lower().rstrip('s')} ", text)
    text = _FRENCH.sub(lambda m: _FRENCH_WORDS[m.group(1).lower().rstrip("s")] + " ", text)
    text = _EURO_WORD.sub("EUR", _DOLLAR_WORD.sub("$", text))
    before, after = _scaled()
    text = before.sub(lambda m: MONEY_SCALES[m.group(1)] + " ", text)
    text = after.sub(lambda m: f"{m.group(1) or m.group(3) or m.group(5)} "
                               f"{MONEY_SCALES[m.group(2) or m.group(4) or m.group(6)]}", text)
    return re.sub(r"\s+", " ", text).strip()


def with_dollar(text: str, currency: str | None) -> str:
    """``text`` with "$" (and "dollars") read as ``currency``, the workspace's, when that is a dollar.

    Raises ValueError saying what to write where "$" cannot be told: under a currency that is no dollar, with
    no currency to go by, or after letters that name no dollar ghgcalc knows ("XB$"); the message quotes ``text``
    as typed."""
    other = next((m.group(0) for m in _OTHER_SIGN.finditer(_COUNTRY.sub(" ", str(text)))
                  if m.group(1) not in MONEY_SCALES), None)
    if other:
        signs = ", ".join(COUNTRY_DOLLARS)
        raise ValueError(f"{quoted(text)}: {quoted(other)} is not a dollar sign ghgcalc knows ({signs}); write the "
                         f"currency's ISO 4217 code in its place (USD, CAD, MXN ...)")
    scaled = money_scales(str(text))
    if "$" not in scaled:
        return scaled
    if currency in DOLLARS:
        return re.sub(r"\s+", " ", scaled.replace("$", f" {currency} ")).strip()
    example = suggest(scaled.replace("$", " USD "))
    if currency:
        raise ValueError(f"{quoted(text)}: '$' is a dollar, and the workspace's currency is {currency}; write the "
                         f"currency's code ({example})")
    raise ValueError(f"{quoted(text)}: '$' does not say which dollar; write the currency's code ({example}; a "
                     f"workspace whose [workspace] currency is a dollar reads '$' as it)")


def suggest(text: str, currency: str | None = None) -> str:
    """The money unit meant, as ghgcalc writes it: "million CAD" -> "did you mean 'CAD million'?"; ``currency``,
    the one the unit was read in, where the text names it only by a sign or an alias ("mol 元": RMB)."""
    codes = [word for word in currency_words() if word.isupper() and re.search(rf"\b{word}\b", text)]
    code = codes[0] if codes else currency or "USD"
    scale = next((word for word in ("thousand", "million", "billion") if word in text), "million")
    return f"did you mean '{code} {scale}'?"
