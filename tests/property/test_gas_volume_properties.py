"""Gas volumes at reference conditions: any amount converted from one convention to another and back is itself,
going through a third changes nothing, and a conversion is the ideal-gas ratio of the two conditions."""

from hypothesis import given
from hypothesis import strategies as st

from ghgcalc.core import gas_volume, units

UNITS = st.sampled_from(["Nm3", "SCM", "Sm3", "scf", "Mscf", "MMscf", "10^4 Nm3", "m3(st)"])
AMOUNTS = st.floats(min_value=1e-6, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(AMOUNTS, UNITS, UNITS)
def test_a_round_trip_between_two_reference_conditions_returns_the_amount(amount, a, b):
    there = amount * units.conversion_factor(a, b)
    back = there * units.conversion_factor(b, a)
    assert abs(back / amount - 1) < 1e-12


@given(UNITS, UNITS, UNITS)
def test_going_through_a_third_changes_nothing(a, b, c):
    direct = units.conversion_factor(a, c)
    assert abs(units.conversion_factor(a, b) * units.conversion_factor(b, c) / direct - 1) < 1e-12


@given(st.sampled_from(list(gas_volume.conventions())), st.sampled_from(list(gas_volume.conventions())))
def test_a_conversion_is_the_ideal_gas_ratio(a, b):
    # n = p V / (R T): one unit of a holds p_a V_a / T_a, so it is (p_a V_a / T_a) / (p_b V_b / T_b) units of b
    ca, cb = gas_volume.conventions()[a], gas_volume.conventions()[b]
    volume = {"m**3": 1.0, "ft**3": 0.3048 ** 3}
    expected = (ca.pressure_kpa * volume[ca.volume] / ca.temperature_k) / (cb.pressure_kpa * volume[cb.volume] / cb.temperature_k)
    assert abs(units.conversion_factor(a, b) / expected - 1) < 1e-12
