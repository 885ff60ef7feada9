"""Cross rates behave as money does: there and back is one, a cross rate is the product of its two rows, and a
figure (FxTable) and a spend row (SpendRates) get the same rate from the same rows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcalc.figures.money import FxTable
from ghgcalc.figures.prices import spend_rates
from ghgcalc.inventory.exchange import ExchangeRate, find_rate

CURRENCIES = ["USD", "EUR", "JPY", "GBP", "AUD", "INR"]
RATE = st.floats(1e-4, 1e4, allow_nan=False)


@st.composite
def quoted_against_one(draw):
    """A table quoting every other currency against one hub, in either direction, and two currencies to convert."""
    hub = draw(st.sampled_from(CURRENCIES))
    others = [c for c in CURRENCIES if c != hub]
    rows, per_hub = [], {}
    for i, currency in enumerate(others, start=2):
        per_hub[currency] = draw(RATE)  # one hub is worth this much of the currency
        flipped = draw(st.booleans())
        rows.append(ExchangeRate("2023", currency, hub, 1 / per_hub[currency], f"fx.csv row {i}", row=i) if flipped
                    else ExchangeRate("2023", hub, currency, per_hub[currency], f"fx.csv row {i}", row=i))
    base, quote = draw(st.lists(st.sampled_from(others), min_size=2, max_size=2, unique=True))
    return tuple(rows), hub, base, quote, per_hub


@given(quoted_against_one())
def test_a_cross_rate_is_the_product_of_its_rows_and_there_and_back_is_one(drawn):
    rows, hub, base, quote, per_hub = drawn
    there = find_rate(rows, base, quote, "2023")
    back = find_rate(rows, quote, base, "2023")
    assert there.through == hub == back.through and len(there.legs) == 2
    assert there.value == pytest.approx(per_hub[quote] / per_hub[base], rel=1e-12)  # base -> hub -> quote
    assert there.value * back.value == pytest.approx(1.0, rel=1e-12)
    assert find_rate(rows, base, quote, "2024") is None  # another year has no rate: none is guessed


@given(quoted_against_one())
def test_a_figure_and_a_spend_row_get_the_same_rate(drawn):
    rows, hub, base, quote, _ = drawn
    table = FxTable("fx.csv", rows, prefer=hub)
    assert spend_rates(table).exchange(base, quote, 2023)[0] == table.rate(base, quote, 2023)[0]
