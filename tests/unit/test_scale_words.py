"""Scale words beside a currency ("A$m", "$'000", "m AUD", "백만원") and NGA's "CO2-e", as reports print them."""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.money_words import with_dollar
from ghgcalc.core.units import UnitError, conversion_factor, parse_unit


@pytest.mark.parametrize("typed, meant, factor", [
    ("A$m", "AUD", 1e6), ("AUD m", "AUD", 1e6), ("m AUD", "AUD", 1e6), ("AUDm", "AUD", 1e6), ("AUD mn", "AUD", 1e6),
    ("A$'000", "AUD", 1e3), ("AUD '000", "AUD", 1e3), ("AUD 000s", "AUD", 1e3), ("A$bn", "AUD", 1e9),
    ("USDm", "USD", 1e6), ("€m", "EUR", 1e6), ("£bn", "GBP", 1e9),
    ("억 KRW", "KRW", 1e8), ("백만원", "KRW", 1e6), ("천원", "KRW", 1e3), ("억원", "KRW", 1e8),
])
def test_a_scale_beside_a_currency_is_a_scale_never_a_metre(typed, meant, factor):
    assert conversion_factor(typed, meant) == pytest.approx(factor)


def test_a_lone_dollar_is_the_workspace_dollar():
    assert conversion_factor(with_dollar("$m", "AUD"), "AUD") == 1e6
    assert conversion_factor(with_dollar("$'000", "AUD"), "AUD") == 1e3
    assert conversion_factor(with_dollar("t CO2e / $m", "AUD"), "t CO2e / AUD") == pytest.approx(1e-6)
    with pytest.raises(ValueError, match="'\\$m': '\\$' is a dollar, and the workspace's currency is EUR"):
        with_dollar("$m", "EUR")


def test_a_metre_is_still_a_metre_away_from_money():
    assert conversion_factor("m", "km") == 1e-3
    assert conversion_factor("kg CO2e / m**2", "kg CO2e / m**2") == 1


@pytest.mark.parametrize("typed, meant", [("t CO2-e", "t CO2e"), ("tCO2-e", "t CO2e"), ("kg CO2-e/kWh", "kg CO2e / kWh"),
                                          ("kgCO2-e / GJ", "kg CO2e / GJ"), ("kt CO2-e", "kt CO2e")])
def test_nga_co2_e_is_co2e(typed, meant):
    assert conversion_factor(typed, meant) == pytest.approx(1)


def test_pint_internals_never_reach_the_message():
    with pytest.raises(UnitError) as caught:
        parse_unit("t CO2 - e")
    message = str(caught.value)
    assert "elementary_charge" not in message and "metric_ton" not in message
    assert message.startswith("'t CO2 - e' is not a unit: a '-' or '+' between units of different kinds")


def test_reported_money_units_as_australian_reports_print_them(aud_workspace):
    (aud_workspace / "reported" / "company.csv").write_text(
        "vintage,metric,year,value,unit,source,note\n"
        "ar,revenue,2023,\"1,250,000\",$'000,Annual report,\n"
        "sr,revenue,2023,\"1,250.0\",A$m,Sustainability report,\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(aud_workspace), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    restatements = [f for f in findings if f["kind"] == "restatement"]
    assert len(restatements) == 1 and restatements[0]["verdict"] == "holds"  # 1,250,000 thousand = 1,250.0 million


def test_a_unit_error_quotes_the_unit_as_typed(aud_workspace):
    (aud_workspace / "reported" / "company.csv").write_text(
        "vintage,metric,year,value,unit,source,note\n"
        "sr,scope1,2023,\"4,009\",A$m,Table 3,\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(aud_workspace)])
    assert result.exit_code == 1
    assert "column unit: 'A$m' (money in AUD) does not fit metric scope1" in result.output


def test_a_lone_dollar_says_so_in_the_figure_note(aud_workspace):
    from ghgcalc.workspace.opened import open_workspace

    (aud_workspace / "reported" / "company.csv").write_text(
        "vintage,metric,year,value,unit,source,note\n"
        "ar,revenue,2023,\"1,250,000\",$'000,Annual report,\n", encoding="utf-8")
    printed = open_workspace(aud_workspace).printed
    assert printed.loc[0, "note"] == "'$' read as AUD, the workspace's currency"
    in_aud = printed.loc[0, "value_c"] * conversion_factor(printed.loc[0, "canonical_unit"], "AUD")
    assert in_aud == pytest.approx(1_250_000 * 1000)
