"""Quantities too large to compute: a finite quantity whose emissions overflow to infinity, or pass a ceiling
no real row reaches.

Why a check of its own: the activity table accepts any finite number (up to about 1.8e308), but a row of 1e300
GWh of electricity is 5.3e305 t CO2 only until the unit is converted (x 1,000,000 MWh per GWh...), and a
refrigerant of 1e307 kg at a GWP of 14,800 is infinite CO2e. An infinite line would print as "inf" or be left out
of a total without a word; so the row is refused, named, as any other bad row (rows in = computed + rejected).
Both ways into the inventory (totals first and line by line) ask this module, so they refuse the same rows.

Why a ceiling below infinity: a finite 1e300 kL of diesel is 2.7e303 t CO2e, a number that widens every table to
hundreds of columns and is certainly a typo. The whole world emits about 5e10 t CO2e a year (UNEP Emissions Gap
Report 2023: 57.4 Gt CO2e in 2022), so no single activity row can reach 1e12 t CO2e (twenty times that)
of one gas under one Scope 2 method; a row that would is refused like one that overflows.
"""

from __future__ import annotations

import numpy as np

CEILING_T_CO2E = 1e12  # the most one activity row may emit: twenty years of the world's emissions
OVERFLOW = ("too large: this quantity times its emission factor (and GWP) is more than 1e12 t CO2e, twenty times "
            "what the world emits in a year; check the quantity and its unit")


def key_scales(key_lines: list, gwp) -> tuple[np.ndarray, np.ndarray]:
    """Per key, the most one unit of quantity becomes on its way to t CO2e (tonnes of gas, then CO2e), for the lines
    computed on the quantity and for those on quantity x the row's factor_value (which is itself a product)."""
    plain, per_factor = np.zeros(len(key_lines)), np.zeros(len(key_lines))
    for k, lines in enumerate(key_lines):
        for line in lines:
            tonnes = abs(float(line.multiplier))
            worst = max(tonnes, tonnes * (1.0 if line.co2e_given else abs(float(gwp.value(line.gas)))))
            if line.row_factor:
                per_factor[k] = max(per_factor[k], worst)
            else:
                plain[k] = max(plain[k], worst)
    return plain, per_factor


def overflowing(quantity: np.ndarray, factor_value: np.ndarray | None, plain: np.ndarray,
                per_factor: np.ndarray) -> np.ndarray:
    """Which rows overflow: ``plain`` and ``per_factor`` are each row's scales (:func:`key_scales` of its key). A
    quantity that is no number is not counted here (it is refused as such)."""
    with np.errstate(over="ignore", invalid="ignore"):
        size = np.abs(quantity)
        worst = size * plain
        if factor_value is not None:
            worst = np.fmax(worst, size * np.abs(np.nan_to_num(factor_value)) * per_factor)
    return (worst > CEILING_T_CO2E) & np.isfinite(quantity)


def may_overflow(quantity: np.ndarray, factor_value: np.ndarray | None, plain: np.ndarray,
                 per_factor: np.ndarray) -> bool:
    """Whether any row could overflow, from the extremes alone (two passes, no copy): the common case, every
    quantity far from the limit, skips the row-by-row check."""
    if not len(quantity):
        return False
    top = max(abs(float(np.fmax.reduce(quantity))), abs(float(np.fmin.reduce(quantity))))
    top = 0.0 if top != top else top  # every quantity NaN: all refused elsewhere
    factor = abs(float(np.fmax.reduce(np.abs(factor_value)))) if factor_value is not None and len(factor_value) else 0.0
    factor = 0.0 if factor != factor else factor
    with np.errstate(over="ignore", invalid="ignore"):
        scale = max(float(plain.max(initial=0.0)), float(per_factor.max(initial=0.0)) * factor)
        return not top * scale <= CEILING_T_CO2E


def rows_overflowing(quantity: np.ndarray, factor_value: np.ndarray | None, scales: tuple[np.ndarray, np.ndarray],
                     group_of) -> np.ndarray:
    """Which rows overflow, ``scales`` given per group of rows (a key, or a combo of the totals path) and
    ``group_of()`` each row's group, asked for only when the extremes say a row may overflow."""
    plain, per_factor = scales
    if not may_overflow(quantity, factor_value, plain, per_factor):
        return np.zeros(len(quantity), dtype=bool)
    group = group_of()
    return overflowing(quantity, factor_value, plain[group], per_factor[group])


def spread(scales: tuple[np.ndarray, np.ndarray], key_codes: np.ndarray, at: np.ndarray, size: int):
    """Scales per key as scales per position ``at`` (each normalised row's combo) in arrays of ``size`` (0 elsewhere:
    a combo refused for another reason computes nothing)."""
    out = (np.zeros(size), np.zeros(size))
    for target, source in zip(out, scales):
        target[at] = source[key_codes] if len(key_codes) else 0.0
    return out
