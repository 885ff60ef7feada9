"""Quantities written as text: "70 %", "1.2e6 kWh", "1,730.27 MWh", "3.5 万 t CO2e".

Every reader of a target, scenario or workspace file goes through this one parser, so a
quantity means the same thing wherever it is written. The number comes first (sign,
thousands commas, decimals, exponent), the unit after it; pint reads the unit, with the
registry's percent (``%`` is 0.01), 万 and 亿 (``wan``, ``yi``) and scaled units.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ghgcalc.core import units
from ghgcalc.core.intervals import readings
from ghgcalc.core.percent import from_percent
from ghgcalc.errors import InputError, Problem, UnitError, quoted

MAX_LENGTH = 200
PERCENT_UNITS = ("%", "percent")
POINT, COMMA = ".", ","
_NUMBER = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:[eE][+-]?\d{1,3})?)\s*(.*?)\s*$")
# under a decimal comma: the number as a table prints it ("1 234,5", "1.234,5", "40,5"), an exponent, the unit
_PRINTED_NUMBER = re.compile(r"^\s*([+-]?\d(?:[\d.,' \u00a0\u202f]*\d)?)([eE][+-]?\d{1,3})?\s*(.*?)\s*$")


class QuantityError(InputError):
    """A quantity string that cannot be read; the message says what was expected."""

    def __init__(self, message: str):
        super().__init__([Problem(None, None, None, None, message)])
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class WrittenQuantity:
    """A quantity as written: the number (and its digits as printed), its unit text ('' for none)."""

    text: str
    digits: str
    number: float
    unit: str
    decimals: int

    @property
    def is_percent(self) -> bool:
        return self.unit in PERCENT_UNITS

    def to(self, unit: str) -> float:
        """The number in ``unit`` (a percent to a plain number: '70 %' -> 0.7)."""
        if not self.unit:
            raise QuantityError(f"{quoted(self.text)} has no unit; write it with one, e.g. '{self.text} {unit}'")
        try:
            return self.number * units.conversion_factor(self.unit, unit or "dimensionless")
        except UnitError as exc:
            raise QuantityError(str(exc)) from None


def read_quantity(text, *, example: str = "'24,846 t CO2e'", decimal: str = ".",
                  strict_commas: bool = False) -> WrittenQuantity:
    """Split a quantity string into number and unit. Raises QuantityError saying what was expected.

    ``decimal``: the workspace's number format ([data] decimal). Under a decimal comma the number is read as the
    workspace's tables are ("40,5 %", "1 234,5 MWh", "1.234,5 MWh"; :func:`ghgcalc.core.intervals.parse_printed`),
    and a number with a point that a decimal point would read otherwise ("1.234": a thousand, or one and a bit?)
    or only a decimal point reads ("12.5") is refused, saying how to write it. ``strict_commas``: under a decimal
    comma, refuse too a number a comma reads two ways ("1,500": 1.5, or 1500 with a comma grouping thousands), for
    a file that was read with a decimal point before the workspace's format applied to it (scenario files)."""
    if isinstance(text, bool) or not isinstance(text, str):
        raise QuantityError(f"{quoted(text)} is not a quantity; write a string such as {example}")
    if len(text) > MAX_LENGTH:
        raise QuantityError(f"{quoted(text[:40])}... is {len(text)} characters long; a quantity has at most {MAX_LENGTH}")
    if decimal == ",":
        return _read_with_comma(text, example, strict_commas)
    match = _NUMBER.match(text)
    if not match:
        raise QuantityError(f"{quoted(text)} is not a quantity; write e.g. {example}")
    number = float(match.group(1).replace(",", ""))
    if not math.isfinite(number):
        raise QuantityError(f"{quoted(text)} is not a finite number")
    return WrittenQuantity(text, match.group(1), number, match.group(3), len(match.group(2) or ""))


def _read_with_comma(text: str, example: str, strict_commas: bool = False) -> WrittenQuantity:
    """A quantity string under a decimal comma (:func:`read_quantity`)."""
    match = _PRINTED_NUMBER.match(text)
    if not match:
        raise QuantityError(f"{quoted(text)} is not a quantity; write e.g. {example} (numbers with a decimal comma)")
    digits, exponent, unit = match.groups()
    found = readings(digits)
    if "." in digits and POINT in found and found[POINT].value != getattr(found.get(COMMA), "value", None):
        if COMMA not in found:
            raise QuantityError(f"{quoted(text)} reads only with a decimal point, but the workspace declares "
                                f"decimal = \",\" ([data] in ghgcalc.toml): write it as its tables are written "
                                f"({quoted(text.replace('.', ','))})")
        raise QuantityError(f"{quoted(text)} is {found[COMMA].value:g} with the workspace's decimal comma (a point "
                            f"groups thousands) or {found[POINT].value:g} with a decimal point: write a thousand and "
                            f"more without points ({quoted(digits.replace('.', ''))}, or with spaces), a fraction with "
                            "a comma")
    if strict_commas and "," in digits and POINT in found and COMMA in found and found[POINT].value != found[COMMA].value:
        whole, fraction = digits.rsplit(",", 1)
        shorter = fraction.rstrip("0")  # the decimal reading with other than three decimals: '1,5', '40', '0,1250'
        other = (f"{whole},{shorter}" if shorter else whole) if len(shorter) != 3 else f"{whole},{fraction}0"
        grouped = f"{found[POINT].value:.{found[POINT].decimals}f}"
        raise QuantityError(f"{quoted(text)} is {found[COMMA].value:g} with the workspace's decimal comma or "
                            f"{grouped} with a comma grouping thousands (as scenario files were read before "
                            f"[data] decimal applied to them): write {grouped} without commas "
                            f"({quoted(grouped)}, or with spaces) and "
                            f"{found[COMMA].value:g} with other than three decimals ({quoted(other)})")
    if COMMA not in found:
        raise QuantityError(f"{quoted(text)} is not a quantity; write e.g. {example} (numbers with a decimal comma)")
    printed = found[COMMA]
    number = float(f"{printed.value!r}{exponent}") if exponent else printed.value
    if not math.isfinite(number):
        raise QuantityError(f"{quoted(text)} is not a finite number")
    return WrittenQuantity(text, digits + (exponent or ""), number, unit, printed.decimals)


def quantity_in(text, unit: str, *, example: str = "'24,846 t CO2e'", decimal: str = ".") -> float:
    """A quantity string as a number in ``unit``; the unit must be written and fit."""
    return read_quantity(text, example=example, decimal=decimal).to(unit)


def fraction_from(text, *, example: str = "'30 %'", decimal: str = ".") -> float:
    """A percentage string as a fraction ('30 %' -> 0.3); nothing but a percentage is accepted."""
    written = read_quantity(text, example=example, decimal=decimal)
    if not written.is_percent:
        raise QuantityError(f"{quoted(text)} is not a percentage; write e.g. {example}")
    return from_percent(written.number)
