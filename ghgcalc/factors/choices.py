"""What a factor look-up returns: a factor row and why it was chosen, a publisher's row, a property."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FactorRow:
    """One emission factor of a dataset: its ID, gas, value with unit, region and years of validity."""

    factor_id: str
    dataset: str
    gas: str
    value: float
    unit: str
    region: str
    year_from: int
    year_to: int


@dataclass(frozen=True)
class FactorChoice(FactorRow):
    """An emission factor picked for one (activity, region, year) and why."""

    fallback: str  # empty when the match was exact


@dataclass(frozen=True)
class PublishedFactor(FactorRow):
    """One row of a publisher's table, by the publisher's ID; ``row`` holds its descriptive columns."""

    row: dict


@dataclass(frozen=True)
class PropertyChoice:
    property_id: str
    dataset: str
    property: str
    value: float
    unit: str
    fallback: str
