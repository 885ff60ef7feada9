"""Money units as French, Quebec and German reports print them: a scale letter beside a currency is a scale of it.

Before, pint read "M$" as molar, "k$" as the Boltzmann constant and "M CAD" as molar times dollars.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcalc.core import units
from ghgcalc.core.money_words import DOLLARS, MONEY_SCALES, with_dollar
from ghgcalc.errors import UnitError

SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def money(text: str, currency: str | None = None) -> tuple[dict, float]:
    """The dimensions of a unit as read in a workspace of ``currency``, and how many of that currency it is."""
    quantity = units.parse_unit(with_dollar(text, currency))
    code = next(iter(quantity.dimensionality)).strip("[]").removeprefix("currency_")
    return dict(quantity.dimensionality), float(quantity.to(code).magnitude)


@pytest.mark.parametrize("text, currency, code, scale", [
    ("M$", "CAD", "CAD", 1e6),                  # Quebec: millions of dollars
    ("k$", "CAD", "CAD", 1e3),
    ("G$", "CAD", "CAD", 1e9),                  # milliards: G$ or Md$
    ("Md$", "CAD", "CAD", 1e9),
    ("millions de dollars", "CAD", "CAD", 1e6),
    ("M$", "AUD", "AUD", 1e6),                  # "$" is the workspace's dollar
    ("M CAD", None, "CAD", 1e6),                # was molar x CAD
    ("CAD M", None, "CAD", 1e6),
    ("k CAD", None, "CAD", 1e3),
    ("M€", None, "EUR", 1e6),
    ("Mrd. EUR", None, "EUR", 1e9),
    ("Mio EUR", None, "EUR", 1e6),
    ("milliards d'euros", None, "EUR", 1e9),
    ("US$ M", "CAD", "USD", 1e6),               # a sign with its country names its dollar in any workspace
    ("C$ million", None, "CAD", 1e6),
])
def test_a_scale_beside_a_currency_is_a_scale_of_it(text, currency, code, scale):
    dimensions, amount = money(text, currency)
    assert dimensions == {f"[currency_{code}]": 1}
    assert amount == pytest.approx(scale)


def test_an_intensity_per_m_dollars_is_per_million_of_the_workspace_s_dollar():
    assert units.conversion_factor(with_dollar("t CO2e / M$", "CAD"), "t CO2e / (CAD million)") == pytest.approx(1)
    assert units.conversion_factor(with_dollar("kg CO2e / k$", "USD"), "t CO2e / (USD million)") == pytest.approx(1)


@pytest.mark.parametrize("text, currency, message", [
    ("M$", "EUR", "'M$': '$' is a dollar, and the workspace's currency is EUR; write the currency's code "
                  "(did you mean 'USD million'?)"),
    ("M$", None, "'M$': '$' does not say which dollar; write the currency's code (did you mean 'USD million'?"),
])
def test_a_dollar_sign_that_names_no_currency_of_the_workspace_is_refused(text, currency, message):
    with pytest.raises(ValueError) as caught:
        with_dollar(text, currency)
    assert str(caught.value).startswith(message)


def test_a_dollar_sign_is_never_read_without_its_workspace():
    with pytest.raises(UnitError, match="'\\$' does not say which dollar"):
        units.parse_unit("k$")


def test_no_money_unit_comes_out_with_another_dimension():
    with pytest.raises(UnitError, match="is not a money unit ghgcalc reads .*did you mean 'CAD"):
        units.parse_unit("mol CAD")


@pytest.mark.parametrize("text, meant", [("CNY M", "million RMB"), ("M CNY", "million RMB"), ("yuan k", "thousand RMB")])
def test_an_alias_of_a_currency_takes_its_scale_letters_as_its_code_does(text, meant):
    assert units.conversion_factor(text, meant) == pytest.approx(1)


def test_the_suggestion_names_the_currency_the_unit_was_read_in():
    with pytest.raises(UnitError, match="did you mean 'RMB million'"):
        units.parse_unit("mol 元")


def test_units_without_money_keep_their_letters():
    assert str(units.parse_unit("Mt CO2e").units) == "CO2e * megametric_ton"
    assert units.conversion_factor("kWh", "MWh") == pytest.approx(1e-3)
    assert units.conversion_factor("MMBtu", "GJ") == pytest.approx(1.055056, rel=1e-6)


@given(scale=st.sampled_from(sorted(MONEY_SCALES)), dollar=st.sampled_from([d for d in DOLLARS if d != "MXN"]),
       code=st.sampled_from(["CAD", "USD", "EUR", "GBP", "JPY", "$", "€"]), space=st.sampled_from(["", " "]),
       after=st.booleans())
def test_every_scale_beside_every_currency_is_money_of_that_scale(scale, dollar, code, space, after):
    if after and code in ("$", "€"):
        text = f"{code} {scale}"
    else:
        text = f"{code}{space or ' '}{scale}" if after else f"{scale}{space}{code}"
    dimensions, amount = money(text, dollar)
    meant = {"$": dollar, "€": "EUR"}.get(code, code)
    assert dimensions == {f"[currency_{meant}]": 1}
    assert amount == pytest.approx(SCALE[MONEY_SCALES[scale]])


@pytest.mark.parametrize("text, currency, code, scale", [
    ("'000s$", "AUD", "AUD", 1e3),               # thousands before the sign: 's$' was taken for a dollar sign
    ("000s$", "AUD", "AUD", 1e3),
    ("$ in millions", "USD", "USD", 1e6),        # how a 10-K heads its tables; was dollars times inches
    ("$ in thousands", "USD", "USD", 1e3),
    ("in millions of dollars", "USD", "USD", 1e6),
    ("in thousands of U.S. dollars", None, "USD", 1e3),
    ("USD in millions", None, "USD", 1e6),
    ("USD (in millions)", None, "USD", 1e6),
    ("$ (in billions)", "CAD", "CAD", 1e9),
    ("millions of dollars", "AUD", "AUD", 1e6),
    ("EUR in thousands", None, "EUR", 1e3),
    ("MX$ million", "USD", "MXN", 1e6),           # a sign with its country: Mexican pesos in a US workspace
    ("Mex$", None, "MXN", 1),
    ("R$ million", None, "BRL", 1e6),
])
def test_us_and_other_printed_scales_of_money(text, currency, code, scale):
    dimensions, amount = money(text, currency)
    assert dimensions == {f"[currency_{code}]": 1}
    assert amount == pytest.approx(scale)


def test_an_intensity_per_dollars_in_millions():
    assert units.conversion_factor(with_dollar("t CO2e / $ in millions", "USD"), "t CO2e / (USD million)") == 1
    assert units.conversion_factor(with_dollar("t CO2e / ($ in thousands)", "USD"), "t CO2e / (USD million)") == 1e3


@pytest.mark.parametrize("text", ["XB$ million", "t CO2e / XB$"])
def test_a_dollar_sign_of_unknown_letters_is_refused_as_typed(text):
    """Quoted as typed, never as read ('XB USD'), in every workspace."""
    for currency in ("USD", "EUR", None):
        with pytest.raises(ValueError) as caught:
            with_dollar(text, currency)
        assert str(caught.value).startswith(f"'{text}': 'XB$' is not a dollar sign ghgcalc knows (US$, ")
    with pytest.raises(UnitError, match=r"^'XB\$ million': 'XB\$' is not a dollar sign"):
        units.parse_unit(text if text.startswith("XB") else "XB$ million")
