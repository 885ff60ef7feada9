"""The one pint registry ghgcalc uses, and the few ways it reads unit strings.

The registry comes from a cached factory, so importing ghgcalc changes nothing
global. Functions that convert take ``registry=`` for callers with their own.

Why not openscm-units: its GWP contexts convert a gas into ``CO2`` (so tCO2 and tCO2e
become the same unit), and they convert in both directions (CO2 back into CH4).
Carbon accounting needs tCO2e as its own dimension, reached only through a named,
cited GWP table (see :mod:`ghgcalc.factors.gwp`); the registry here only checks dimensions.
"""

from __future__ import annotations

import functools
import math
import re
import tokenize
from importlib import resources

from ghgcalc.core import calorific, gas_volume
from ghgcalc.core.money_words import money_scales, suggest, with_dollar
from ghgcalc.core.pint_definitions import build_registry
from ghgcalc.core.pint_import import pint

from ghgcalc.errors import UnitError, did_you_mean, quoted

CO2E = "CO2e"
MASS_PREFIXES = {"g": "gram", "kg": "kilogram", "t": "tonne", "kt": "kilotonne", "Mt": "megatonne", "Gt": "gigatonne"}

_DIGIT_COMMAS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_POWER_SUFFIX = re.compile(r"\b(m|cm|mm|km|ft)([23])\b")
# Gas volumes as Chinese and European tables print them: Nm³ and Sm³ (pint would read the superscript as a
# power of the newton-metre), m3(n) and m3(st) (pint would multiply by a stone).
_GAS_VOLUME_WORDS = re.compile(r"\b(?:([NS])m³|m(?:3|³|\*\*3)\s*\((n|st)\))")
_GAS_VOLUME_UNITS = {"N": "Nm3", "S": "Sm3", "n": "Nm3", "st": "SCM"}
# Two-word unit names as people write them, read as the one name the registry knows.
# German scale words are abbreviated with a point ("Mio. EUR"), Indian ones too ("Rs. crore"); the point is
# no operator.
_ABBREVIATED_SCALE = re.compile(r"\b(Tsd|Mio|Mrd|Rs|Cr)\.")
# Currency signs that name one currency, read as its code ("₹ crore" is INR crore; not dropped as a symbol).
CURRENCY_SIGNS = {"₹": "INR", "€": "EUR", "£": "GBP"}
_SIGN = re.compile("|".join(map(re.escape, CURRENCY_SIGNS)))
# Australia's National Greenhouse Accounts write CO2 equivalent as "CO2-e" ("t CO2-e", "kg CO2-e/kWh"): the hyphen
# is part of the name, not a subtraction of an elementary charge
_CO2_E = re.compile(r"(?<![\w-])(k?g ?|t ?|kt ?|Mt ?)?CO(?:2|₂)-e\b")
_TWO_WORDS = re.compile(r"\b(US|short|long|metric)\s+(gallons?|tons?|tonnes?)\b")
# US customary measures as bills and fuel tables print them, read as the one name the registry knows. A barrel of
# fuel is the 42 US gallon oil barrel (API; EIA): pint's own "barrel" is 31.5 gallons, so "bbl" and "barrel" are
# read as oil_barrel here, and other barrels only by their names (beer_barrel, dry_barrel).
_US_WORDS = (
    (re.compile(r"(?<![\w.])(?:US|U\.S\.)\s+(?:liquid\s+)?gal(?:lon)?s?\b|\bgal(?:lon)?s?\s*\(\s*US\s*\)"),
     "US_gallon"),
    (re.compile(r"\b(?:imperial|imp\.?|UK)\s+gal(?:lon)?s?\b|\bgal(?:lon)?s?\s*\(\s*(?:UK|imp(?:erial)?\.?)\s*\)"),
     "imperial_gallon"),
    (re.compile(r"\b(beer|dry)\s+(?:bbls?|barrels?)\b"), r"\1_barrel"),
    (re.compile(r"\b(?:oil[\s_])?(?:bbls?|barrels?)\b"), "oil_barrel"),
    (re.compile(r"\b(tons?|tonnes?|t)-(miles?|km)\b"), r"\1 \2"),
)
MAX_UNIT_LENGTH = 100
_POWER = re.compile(r"(\*\*|\^)\s*([^\s*/()]*)")
_SMALL_POWER = re.compile(r"^[+-]?[1-4]$")


def _group_denominators(text: str) -> str:
    """Read ``a / b c`` as ``a / (b c)``, the way people write "MWh / RMB million".

    Pint reads juxtaposition left to right, which would put RMB in the numerator.
    Strings with parentheses are left alone: the writer has said what they mean.
    """
    if "(" in text or "/" not in text:
        return text
    head, *tails = text.split("/")
    return head + "".join(f"/ ({tail.strip()}) " if tail.strip() else "/" for tail in tails)


def _preprocessors():
    return [
        lambda s: _CO2_E.sub(lambda m: f"{m.group(1) or ''}CO2e", s),
        money_scales,
        lambda s: _DIGIT_COMMAS.sub("", s),
        lambda s: _ABBREVIATED_SCALE.sub(r"\1", s),
        lambda s: _SIGN.sub(lambda m: f" {CURRENCY_SIGNS[m.group(0)]} ", s),
        _us_words,
        lambda s: _TWO_WORDS.sub(lambda m: f"{m.group(1)}_{m.group(2).rstrip('s')}", s),
        lambda s: _GAS_VOLUME_WORDS.sub(lambda m: f" {_GAS_VOLUME_UNITS[m.group(1) or m.group(2)]} ", s),
        lambda s: _POWER_SUFFIX.sub(lambda m: f"{m.group(1)}**{m.group(2)}", s),
        _group_denominators,
    ]


def _us_words(text: str) -> str:
    for pattern, name in _US_WORDS:
        text = pattern.sub(name, text)
    return text


def _definitions(name: str) -> list[str]:
    return resources.files("ghgcalc").joinpath(f"data/{name}").read_text(encoding="utf-8").splitlines()


@functools.lru_cache(maxsize=1)
def known_gases() -> tuple[str, ...]:
    """Gas names ghgcalc knows (CO2e included), in the order of data/gases.txt."""
    pattern = re.compile(r"^(\w+)\s*=\s*\[\1\]")
    return tuple(m.group(1) for line in _definitions("gases.txt") if (m := pattern.match(line)))


@functools.lru_cache(maxsize=None)
def get_registry() -> pint.UnitRegistry:
    """The shared registry: pint's defaults plus gases, CO2e, currencies, headcount, coal equivalent, gas volumes."""
    ours = _definitions("gases.txt") + gas_volume.definitions() + _definitions("units.txt")
    ours += [f"{prefix}{gas} = {mass} * {gas}" for gas in known_gases() for prefix, mass in MASS_PREFIXES.items()]
    return build_registry(  # parsed once, then read from the user's cache folder
        "\n".join(ours),
        on_redefinition="ignore",
        preprocessors=_preprocessors(),
        autoconvert_offset_to_baseunit=True,
        cache_folder=None,
    )


@functools.lru_cache(maxsize=4096)
def parse_unit(text: str, registry: pint.UnitRegistry | None = None) -> pint.Quantity:
    """A unit string as a quantity, so that scaled units such as "10000 RMB" keep their scale.

    Raises UnitError naming the unknown token, with a suggestion when one is close.
    """
    registry = registry or get_registry()
    if not isinstance(text, str) or not text.strip():
        raise UnitError(f"{quoted(text)} is not a unit")
    _check_size(text)
    written, basis = calorific.split_basis(text)
    if basis:  # "MWh (gross)": energy on a stated calorific basis, which the inventory reads from the text
        if not written.strip() or calorific.split_basis(written)[1]:
            raise UnitError(f"{quoted(text)} is not a unit: write one unit of energy and one basis, e.g. 'MWh (gross)'")
        quantity = parse_unit(written, registry)
        if quantity.dimensionality != parse_unit("kWh", registry).dimensionality:
            raise UnitError(f"{quoted(text)} is not a unit: a calorific basis ({basis}) is said of energy only, and "
                            f"{quoted(written.strip())} measures {describe_dimension(quantity)}")
        return quantity
    if "$" in text or "dollar" in text.lower():
        try:  # "$" names no one currency here: the readers that know the workspace's read it first
            with_dollar(text, None)
        except ValueError as exc:
            raise UnitError(str(exc)) from None
    tokens = _tokens(text)
    _check_multiplier(text, tokens)
    _check_ambiguous(text, tokens)
    try:
        quantity = registry.parse_expression(text.strip())
    except pint.UndefinedUnitError as exc:
        token = exc.unit_names if isinstance(exc.unit_names, str) else exc.unit_names[0]
        hint = did_you_mean(token, _unit_names(registry))
        if not hint:
            hint = did_you_mean(text.strip(), _unit_names(registry))
        unknown = "" if token == text.strip() else f" ({quoted(token)} is unknown)"
        raise UnitError(f"{quoted(text)} is not a unit{unknown}{hint}") from None
    except pint.DimensionalityError:  # "t CO2 - e": pint subtracts units, and names its internals in the error
        raise UnitError(f"{quoted(text)} is not a unit: a '-' or '+' between units of different kinds; write a "
                        f"product with a space, a ratio with '/', and CO2 equivalent as CO2e") from None
    except Exception as exc:  # pint raises a zoo of parser errors
        raise UnitError(f"{quoted(text)} is not a unit ({exc})") from None
    if not isinstance(quantity, pint.Quantity):
        quantity = registry.Quantity(quantity, "")
    _check_barrel(text, quantity)
    if not (quantity.magnitude > 0 and math.isfinite(quantity.magnitude)):
        raise UnitError(f"{quoted(text)} is not a unit (its scale is {quantity.magnitude})")
    if currencies_in(quantity) and _NOT_WITH_MONEY & set(quantity.dimensionality):
        raise UnitError(f"{quoted(text)} is not a money unit ghgcalc reads (it would be {quantity.units:~}, "
                        f"{describe_dimension(quantity)}); {suggest(text, currencies_in(quantity)[0][0])}")
    return quantity


# Dimensions no money unit has: what a scale letter beside a currency becomes when pint reads it as a unit
# (M molar, k the Boltzmann constant, G gauss)
_NOT_WITH_MONEY = {"[substance]", "[temperature]", "[current]", "[luminosity]"}


def _check_size(text: str) -> None:
    """Refuse what no unit needs before pint evaluates it: pint computes powers in full, so
    ``9**9**9 kWh`` would never finish."""
    if len(text) > MAX_UNIT_LENGTH:
        raise UnitError(f"{quoted(text[:40])}... is {len(text)} characters long; a unit has at most {MAX_UNIT_LENGTH}")
    for match in _POWER.finditer(text):
        if not _SMALL_POWER.match(match.group(2)):
            raise UnitError(f"{quoted(text)} is not a unit: powers are whole numbers from -4 to 4 (m**3, s**-1)")


def _tokens(text: str) -> list[tuple[int, str]]:
    """The (kind, text) tokens pint reads in a unit string, after ghgcalc's preprocessors; [] if pint cannot."""
    from pint.pint_eval import tokenizer
    from pint.util import string_preprocessor

    prepared = text.strip()
    for step in _preprocessors():
        prepared = step(prepared)
    try:  # a token is a (type, string, start, end, line) tuple
        return [(t[0], t[1]) for t in tokenizer(string_preprocessor(prepared))
                if t[0] in (tokenize.NAME, tokenize.NUMBER, tokenize.OP)]
    except (tokenize.TokenError, SyntaxError, ValueError):
        return []  # pint's own parser names what is wrong


# Words that read as a unit but do not say which one, and what to write instead. "M" before Btu is a thousand in
# US gas and utility usage (MBtu, Mcf) and a million in SI; a bare ton is 2,000 lb in the US (pint's "ton"),
# 1,000 kg in many reports and 2,240 lb in the UK.
_AMBIGUOUS = (
    (re.compile(r"[Mm][Bb][Tt][Uu]"), None,
     "'M' before Btu is a thousand in US gas and utility usage and a million in SI; write 'kBtu' for a thousand Btu "
     "or 'MMBtu' for a million"),
    (re.compile(r"tons?"), re.compile(r"miles?"),
     "a ton-mile does not say which ton; write 'short ton mile' (2,000 lb carried a mile) or 'metric ton mile' "
     "(1,000 kg)"),
    (re.compile(r"tons?"), None,
     "a ton does not say which; write 'short ton' (2,000 lb), 'metric ton' or 't' (1,000 kg), or 'long ton' "
     "(2,240 lb)"),
    (re.compile(r"(?:kilo|mega|giga|[kMG])tons?"), None,
     "a ton does not say which (a kiloton of pint's is 1,000 short tons, of many reports 1,000 tonnes); write "
     "'kt' or 'Mt' for thousands or millions of tonnes, or the scale as a number before 'short ton'"),
)


def _check_ambiguous(text: str, tokens: list[tuple[int, str]]) -> None:
    """Refuse a unit word that people use for two amounts (:data:`_AMBIGUOUS`): reading either would be a guess."""
    names = [word for kind, word in tokens if kind == tokenize.NAME]
    for i, word in enumerate(names):
        for pattern, followed_by, message in _AMBIGUOUS:
            after = names[i + 1] if i + 1 < len(names) else ""
            if pattern.fullmatch(word) and (followed_by is None or followed_by.fullmatch(after)):
                raise UnitError(f"{quoted(text)} is not a unit ghgcalc reads: {message}")


def _check_barrel(text: str, quantity: pint.Quantity) -> None:
    """pint's 31.5-gallon barrel is reached only through a scale letter ("kbbl", "Mbbl"; "bbl" alone is the oil
    barrel): refused, since "M" before bbl is a thousand in oil-industry usage and a million in SI."""
    named = ("oil_barrel", "beer_barrel", "dry_barrel", "imperial_barrel")
    if any(name.endswith("barrel") and not name.endswith(named) for name in quantity._units):  # noqa: SLF001
        raise UnitError(f"{quoted(text)} is not a unit ghgcalc reads: write barrels as 'bbl' (the 42 US gallon oil "
                        f"barrel) with the scale as a number before it ('1000 bbl')")


def _check_multiplier(text: str, tokens: list[tuple[int, str]]) -> None:
    """Refuse a number written after a unit ("m³3", "m 3", "MWh*1000"): pint would multiply the unit by it, so a
    typo would scale every quantity in silence. A scale goes before its unit ("10000 RMB", "t / (1e4 RMB)") and
    an exponent after ** or as a superscript or trailing digit of a length (m3, m**3, m³)."""
    for i, (kind, number) in enumerate(tokens):
        if kind != tokenize.NUMBER or i == 0:
            continue
        before = tokens[i - 2] if tokens[i - 1][1] == "*" and i >= 2 else tokens[i - 1]
        if before[0] == tokenize.NAME or before[1] == ")":
            raise UnitError(f"{quoted(text)} is not a unit: the number {number} after a unit would multiply it; write "
                            f"an exponent as m3, m³ or m**3, and a scale before its unit (1000 kWh)")


def reference_conditions(text: str) -> str:
    """What the gas-volume units of a unit string ('SCM', '1000 Nm3') say about temperature and pressure, or ''."""
    try:
        quantity = parse_unit(text)
    except UnitError:
        return ""
    return "; ".join(gas_volume.describe(c) for c in gas_volume.named_in(quantity))


@functools.lru_cache(maxsize=1)
def _common_units() -> tuple[str, ...]:
    return (
        "kWh", "MWh", "GWh", "GJ", "TJ", "MJ", "kgce", "tce", "m**3", "L", "kg", "t", "kt", "Mt", "g",
        "person", "FTE", "RMB", "USD", "EUR", "GBP", "HKD", "percent",
    ) + tuple(f"{p}{g}" for g in ("CO2", "CO2e", "CH4", "N2O") for p in ("kg", "t"))


def _unit_names(registry: pint.UnitRegistry) -> tuple[str, ...]:
    return _common_units() + known_gases()


@functools.lru_cache(maxsize=4096)
def conversion_factor(source: str, target: str, registry: pint.UnitRegistry | None = None) -> float:
    """The number that turns a magnitude in ``source`` units into one in ``target`` units."""
    src = parse_unit(source, registry)
    dst = parse_unit(target, registry)
    try:  # a plain volume beside a gas volume at reference conditions is read at those conditions
        return float((gas_volume.fit(src, dst, source, target)[0] / dst).to("").magnitude)
    except pint.DimensionalityError:
        raise UnitError(
            f"{quoted(source)} ({describe_dimension(src)}) cannot be converted to {quoted(target)} ({describe_dimension(dst)})"
        ) from None


def gases_in(quantity: pint.Quantity) -> tuple[str, ...]:
    """The gas dimensions (CO2e included) that appear in a unit, numerator or denominator."""
    names = set(known_gases())
    return tuple(d.strip("[]") for d in quantity.dimensionality if d.strip("[]") in names)


def currencies_in(quantity: pint.Quantity) -> tuple[tuple[str, int], ...]:
    """The currencies in a unit with their powers ("t CO2e / (million RMB)" -> (("RMB", -1),))."""
    return tuple((d.strip("[]").removeprefix("currency_"), int(p)) for d, p in quantity.dimensionality.items()
                 if d.startswith("[currency_"))


def gas_mass_unit(text: str, registry: pint.UnitRegistry | None = None) -> tuple[str, float]:
    """For a unit like "kt CO2e" or "kg HFC134a": the gas, and the factor to tonnes of it.

    Refuses a bare mass ("t"): an emission must name its species.
    """
    quantity = parse_unit(text, registry)
    gases = gases_in(quantity)
    if len(gases) != 1 or quantity.dimensionality.get(f"[{gases[0]}]") != 1:
        raise UnitError(
            f"{quoted(text)} is not a mass of one gas; write the species after the mass, e.g. 't CO2e' or 'kg HFC134a'"
        )
    gas = gases[0]
    return gas, conversion_factor(text, f"t {gas}", registry)


_NAMED_DIMENSIONS = (
    ("energy", "J"), ("mass", "kg"), ("volume", "m**3"), ("gas volume at reference conditions", "Nm3"), ("area", "m**2"), ("headcount", "person"),
    ("full-time equivalents", "FTE"), ("number of suppliers", "supplier"), ("power", "W"), ("length", "m"), ("time", "s"),
)


def describe_dimension(quantity: pint.Quantity) -> str:
    """A dimension in words ("energy", "mass of CO2e", "RMB per energy") for error messages."""
    dims = quantity.dimensionality
    if not dims:
        return "dimensionless"
    registry = quantity._REGISTRY  # noqa: SLF001 - the registry the quantity belongs to
    for name, unit in _NAMED_DIMENSIONS:
        if dims == registry.parse_units(unit).dimensionality:
            return name
    gases = gases_in(quantity)
    if len(gases) == 1 and dims == registry.parse_units(f"kg {gases[0]}").dimensionality:
        return f"mass of {gases[0]}"
    currencies = [code for code, _ in currencies_in(quantity)]
    if len(currencies) == 1 and dims == registry.parse_units(currencies[0]).dimensionality:
        return f"money in {currencies[0]}"
    return str(dims)


def is_dimension(text: str, reference: str, registry: pint.UnitRegistry | None = None) -> bool:
    """Whether ``text`` has the same dimension as ``reference``."""
    return parse_unit(text, registry).dimensionality == parse_unit(reference, registry).dimensionality
