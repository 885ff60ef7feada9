"""Properties of the one parser of printed numbers: a number written with thousands grouping and the same
number written in lakh/crore grouping read as the same value with the same decimals; comma positions that
fit neither grouping are refused."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.core.intervals import parse_printed

FAST = settings(max_examples=200, deadline=None)


def grouped(digits: str, size: int) -> str:
    """Three digits from the right, then groups of ``size``: '165811' -> '165,811' (3), '1,65,811' (2, lakhs)."""
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return ",".join([*groups, tail]) if groups else tail


@FAST
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["", "0", "5", "00", "25", "125"]),
       st.sampled_from(["", "-"]))
def test_both_groupings_read_as_the_same_number(whole, fraction, sign):
    digits = str(whole)
    decimals = f".{fraction}" if fraction else ""
    western, indian = (parse_printed(sign + grouped(digits, size) + decimals) for size in (3, 2))
    expected = float(sign + digits + decimals)
    assert western.value == indian.value == expected
    assert western.decimals == indian.decimals == len(fraction)


GROUPINGS = (re.compile(r"\d{1,3}(,\d{3})*"), re.compile(r"\d{1,2}(,\d{2})*,\d{3}"))


@FAST
@given(st.lists(st.integers(min_value=1, max_value=4), min_size=2, max_size=6))
def test_commas_that_fit_neither_grouping_are_refused(sizes):
    """Digit groups of the given sizes joined by commas read if and only if they fit one of the groupings,
    and then as the digits without their commas."""
    text = ",".join("9" * size for size in sizes)
    fits = any(g.fullmatch(text) for g in GROUPINGS)
    try:
        value = parse_printed(text).value
    except ValueError:
        assert not fits
    else:
        assert fits and value == float(text.replace(",", ""))
