"""The registry: what it knows, what it refuses, and the conversions reports rely on."""

import pytest

from ghgcalc.core.units import UnitError, conversion_factor, gas_mass_unit, get_registry, known_gases, parse_unit


def test_registry_is_shared_and_import_has_no_side_effects():
    import pint

    assert get_registry() is get_registry()
    assert "CO2e" not in pint.UnitRegistry()  # pint's own default registry is untouched


def test_tco2_is_not_tco2e():
    with pytest.raises(UnitError, match="cannot be converted"):
        conversion_factor("t CO2", "t CO2e")


def test_bare_tonne_is_not_an_emission():
    with pytest.raises(UnitError, match="not a mass of one gas"):
        gas_mass_unit("t")


def test_gas_mass_units_in_any_spelling():
    assert gas_mass_unit("kt CO2e") == ("CO2e", 1000.0)
    assert gas_mass_unit("kg HFC134a") == ("HFC134a", 0.001)
    assert gas_mass_unit("tCO2e") == ("CO2e", 1.0)


def test_kt_is_a_kilotonne_not_a_knot():
    assert conversion_factor("kt", "t") == 1000.0


def test_coal_equivalent_gb_t_2589():
    # 1 tce = 29.3076 GJ; 29.3076 GJ / 3.6 GJ per MWh = 8.141 MWh
    assert conversion_factor("tce", "MWh") == pytest.approx(29.3076 / 3.6)
    # equivalent value of electricity: 3.6 MJ / 29.3076 MJ per kgce = 0.12283 kgce per kWh
    assert conversion_factor("kWh", "kgce") == pytest.approx(3.6 / 29.3076)


def test_chinese_scale_words():
    # per 10,000 RMB (万) -> per million RMB: x 100
    assert conversion_factor("t CO2e / 万 RMB", "t CO2e / (million RMB)") == pytest.approx(100)
    assert conversion_factor("亿 RMB", "million RMB") == pytest.approx(100)
    assert conversion_factor("t CO2e / (10,000 RMB)", "t CO2e / (million RMB)") == pytest.approx(100)


def test_denominator_words_group_as_people_write_them():
    # "MWh / RMB million" is MWh per (RMB million), not (MWh / RMB) x million
    assert conversion_factor("MWh / RMB million", "MWh / (million RMB)") == pytest.approx(1)


def test_currencies_are_separate_dimensions():
    with pytest.raises(UnitError):
        conversion_factor("RMB", "USD")


def test_person_and_fte_differ():
    with pytest.raises(UnitError):
        conversion_factor("person", "FTE")


def test_cubic_metres_written_m3():
    assert conversion_factor("m3", "L") == pytest.approx(1000)


@pytest.mark.parametrize("text, hint", [("kwh", "did you mean 'kWh'?"), ("Mwh", "did you mean 'MWh'?")])
def test_unknown_unit_suggests(text, hint):
    with pytest.raises(UnitError, match=hint):
        parse_unit(text)


def test_energy_cannot_become_emissions():
    with pytest.raises(UnitError, match="'kWh' \\(energy\\) cannot be converted to 't CO2e' \\(mass of CO2e\\)"):
        conversion_factor("kWh", "t CO2e")


def test_every_gas_is_a_dimension_of_its_own():
    registry = get_registry()
    dims = {str(registry.parse_units(g).dimensionality) for g in known_gases()}
    assert len(dims) == len(known_gases())


@pytest.mark.parametrize("text", ["9**9**9 kWh", "kWh**(9**9)", "m^99", "kWh ** 1.5"])
def test_powers_beyond_what_units_need_are_refused_at_once(text):
    with pytest.raises(UnitError, match="powers are whole numbers from -4 to 4"):
        parse_unit(text)


def test_a_unit_string_is_bounded_in_length():
    with pytest.raises(UnitError, match="is 150 characters long; a unit has at most 100"):
        parse_unit("k" * 150)


@pytest.mark.parametrize("text", ["1e400 kWh", "1e308 * 10 kWh"])
def test_a_scale_that_overflows_is_refused(text):
    with pytest.raises(UnitError, match="is not a unit \\(its scale is inf\\)"):
        parse_unit(text)


@pytest.mark.parametrize("text, base", [("m**3", "meter ** 3"), ("kg / m^3", "kilogram / meter ** 3"), ("s**-1", "1 / second")])
def test_powers_units_need_still_parse(text, base):
    assert str(parse_unit(text).units) == base


@pytest.mark.parametrize("text", ["m³3", "m 3", "kWh 3", "MWh*1000", "m²2", "(m)3"])
def test_a_number_after_a_unit_is_refused_not_multiplied(text):
    # 'm³3' was read as 3 m³ and 'MWh*1000' as 1,000 MWh: a typo scaled every quantity of the row
    with pytest.raises(UnitError, match="the number .* after a unit would multiply it"):
        parse_unit(text)


@pytest.mark.parametrize("text, scale", [("10000 RMB", 10000), ("t CO2e / 10000 RMB", 1e-4), ("m**-3", 1), ("Nm3", 1)])
def test_a_scale_before_its_unit_and_exponents_still_parse(text, scale):
    assert parse_unit(text).magnitude == pytest.approx(scale)


@pytest.mark.parametrize("text, scale", [("Mio. EUR", 1e6), ("Mio EUR", 1e6), ("EUR Mio.", 1e6), ("Mrd. EUR", 1e9),
                                         ("Mrd EUR", 1e9), ("Tsd. EUR", 1e3)])
def test_german_scale_words_as_reports_print_them(text, scale):
    # 'Mrd.' was read as a megarod (a length) and 'Mio.' was unknown
    assert conversion_factor(text, "EUR") == pytest.approx(scale)


def test_an_intensity_per_mio_eur_is_per_million_eur():
    assert conversion_factor("t CO2e / Mio. EUR", "t CO2e / (million EUR)") == pytest.approx(1.0)
