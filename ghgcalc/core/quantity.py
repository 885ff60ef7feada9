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
from ghgcalc.core.percent import from_percent
from ghgcalc.errors import InputError, Problem, UnitError, quoted

MAX_LENGTH = 200
PERCENT_UNITS = ("%", "percent")
_NUMBER = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:[eE][+-]?\d{1,3})?)\s*(.*?)\s*$")


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


def read_quantity(text, *, example: str = "'24,846 t CO2e'") -> WrittenQuantity:
    """Split a quantity string into number and unit. Raises QuantityError saying what was expected."""
    if isinstance(text, bool) or not isinstance(text, str):
        raise QuantityError(f"{quoted(text)} is not a quantity; write a string such as {example}")
    if len(text) > MAX_LENGTH:
        raise QuantityError(f"{quoted(text[:40])}... is {len(text)} characters long; a quantity has at most {MAX_LENGTH}")
    match = _NUMBER.match(text)
    if not match:
        raise QuantityError(f"{quoted(text)} is not a quantity; write e.g. {example}")
    number = float(match.group(1).replace(",", ""))
    if not math.isfinite(number):
        raise QuantityError(f"{quoted(text)} is not a finite number")
    return WrittenQuantity(text, match.group(1), number, match.group(3), len(match.group(2) or ""))


def quantity_in(text, unit: str, *, example: str = "'24,846 t CO2e'") -> float:
    """A quantity string as a number in ``unit``; the unit must be written and fit."""
    return read_quantity(text, example=example).to(unit)


def fraction_from(text, *, example: str = "'30 %'") -> float:
    """A percentage string as a fraction ('30 %' -> 0.3); nothing but a percentage is accepted."""
    written = read_quantity(text, example=example)
    if not written.is_percent:
        raise QuantityError(f"{quoted(text)} is not a percentage; write e.g. {example}")
    return from_percent(written.number)
