"""Units and names as Indian reports print them: rupees as Rs, Rs. or the rupee sign with crore and lakh
(once read as ronnaseconds), gas in standard cubic metres with their reference conditions named, and R-22
refused with the reason: an ozone-depleting substance reported outside Scopes 1-3."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core import units
from ghgcalc.figures.money import currency_of


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("text", ["Rs. crore", "Rs crore", "₹ crore", "₹crore", "Cr INR", "INR Cr", "Rs. Cr.",
                                  "INR crore"])
def test_a_crore_of_rupees_as_printed(text):
    assert currency_of(text) == ("INR", 1)
    assert units.conversion_factor(text, "INR") == 1e7   # a crore is 10^7


@pytest.mark.parametrize("text", ["lakh INR", "Rs lakh", "Rs. lacs", "₹ lakh"])
def test_a_lakh_of_rupees_as_printed(text):
    assert units.conversion_factor(text, "INR") == 1e5


def test_an_intensity_per_rupee_crore():
    # 5 t CO2e per Rs. crore is 5 t per 10^7 INR, 0.5 t per 10^6 INR
    assert units.conversion_factor("t CO2e / Rs. crore", "t CO2e / (million INR)") == pytest.approx(0.1)


def test_scm_is_a_volume_whose_conditions_the_lineage_names(tmp_path):
    assert units.conversion_factor("1000 SCM", "m**3") == 1000
    assert "15 degC and 101.325 kPa" in units.reference_conditions("SCM")   # ISO 13443
    assert "0 degC and 101.325 kPa" in units.reference_conditions("Nm3")
    assert units.reference_conditions("m3") == ""
    path = tmp_path / "gas.csv"   # 1,000 SCM x 2 kg CO2e per m3 = 2 t CO2e, the volume taken at the bill's conditions
    path.write_text("year,activity,quantity,unit,region,factor_value,factor_unit\n"
                    "2024,natural_gas.stationary,1000,SCM,IN,2,kg CO2e / m3\n", encoding="utf-8")
    result = run("explain", path, "--gwp", "AR6GWP100", "--format", "json")
    assert result.exit_code == 0, result.output
    [line] = json.loads(result.stdout)["lines"]
    assert line["co2e_t"] == pytest.approx(2.0)
    assert "SCM, standard cubic metre: gas at 15 degC and 101.325 kPa" in line["conversion"]


def test_r22_is_refused_as_a_montreal_protocol_gas(tmp_path):
    path = tmp_path / "refrigerants.csv"
    path.write_text("year,activity,quantity,unit,region,gas\n2024,refrigerant.release,10,kg,,R-32\n"
                    "2024,refrigerant.release,10,kg,,R-22\n", encoding="utf-8")
    result = run("inventory", path, "--gwp", "AR6GWP100")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: refrigerants.csv, row 3, column gas: 'R-22': HCFC-22, an ozone-depleting substance (HCFC) "
        "controlled under the Montreal Protocol, not a Kyoto Protocol gas; the GHG Protocol Corporate Standard "
        "reports its emissions separately from Scopes 1-3 (chapter 9, optional information), so ghgcalc counts "
        "it in no scope: report it beside the inventory")
    assert "rows in: 2, computed: 1, rejected: 1" in result.output


def test_init_with_a_rupee_sign_names_the_code(tmp_path):
    result = run("init", tmp_path / "ws", "--currency", "Rs")
    assert result.exit_code != 0
    assert "'Rs' is not an ISO 4217 code; did you mean 'INR'?" in result.stderr
