"""Metric formulas: safe parsing, interval evaluation, exact inversion, units, company metrics."""

from __future__ import annotations

import pytest

import numpy as np

from ghgcalc.errors import FormulaSyntaxError, GhgcalcError, InputError, UnitError
from ghgcalc.core.formula import bind_units, parse_formula
from ghgcalc.figures.metrics import bind_metric, load_workspace_vocabulary, read_formula_table
from ghgcalc.core.intervals import Interval


@pytest.fixture(scope="module")
def vocabulary():
    return load_workspace_vocabulary(None)


def test_parse_names_metrics_in_order_and_recognises_sums():
    assert parse_formula("100 * scope3 / scope123").metrics == ("scope3", "scope123")
    assert parse_formula("scope1_co2 + scope1_ch4 + scope1_n2o").terms == ("scope1_co2", "scope1_ch4", "scope1_n2o")
    assert parse_formula("scope12 / revenue").terms is None
    assert parse_formula("scope1 - scope2").terms is None
    assert parse_formula("scope1 + 2").terms is None
    assert parse_formula("-scope1 + scope2").terms is None


@pytest.mark.parametrize("text, offending", [
    ("__import__('os').system('rm -rf /')", "__import__('os').system('rm -rf /')"),
    ("scope1 ** 2", "scope1 ** 2"),
    ("scope1.real", "scope1.real"),
    ("[scope1]", "[scope1]"),
    ("lambda: 1", "lambda: 1"),
    ("scope1 if scope2 else 0", "scope1 if scope2 else 0"),
    ("True", "True"),
])
def test_unsafe_text_is_refused_naming_source_row_and_text(text, offending):
    with pytest.raises(InputError) as caught:
        parse_formula(text, source="metrics.csv", row=4)
    assert str(caught.value) == (f"metrics.csv, row 4, column formula: {offending!r} is not allowed in a formula; "
                                 "only numbers, metric names, + - * / and parentheses are allowed")


def test_syntax_error_is_reported_as_not_a_formula():
    with pytest.raises(InputError, match=r"'scope1 \+' is not a formula \(invalid syntax\)"):
        parse_formula("scope1 +", source="metrics.csv", row=2)


def test_evaluate_on_printed_intervals():
    # 12,252.52 and 104,470.04 printed with 2 decimals: each +- 0.005
    total = parse_formula("scope1 + scope2").evaluate({"scope1": Interval(12252.515, 12252.525),
                                                       "scope2": Interval(104470.035, 104470.045)})
    assert total.low == pytest.approx(12252.515 + 104470.035)
    assert total.high == pytest.approx(12252.525 + 104470.045)


def test_solve_gives_the_exact_inverse_image():
    # 0.57 t/RMB million printed: [0.565, 0.575]; revenue 365,906.4 printed: [365,906.35, 365,906.45]
    scope12 = parse_formula("scope12 / revenue").solve("scope12", Interval(0.565, 0.575),
                                                       {"revenue": Interval(365906.35, 365906.45)})
    assert scope12.low == pytest.approx(0.565 * 365906.35)   # 206,737.09
    assert scope12.high == pytest.approx(0.575 * 365906.45)  # 210,396.21
    # a denominator: workforce = scope12 / intensity
    headcount = parse_formula("scope12 / workforce_total").solve(
        "workforce_total", Interval(3.465, 3.475), {"scope12": Interval(116722.555, 116722.565)})
    assert headcount.low == pytest.approx(116722.555 / 3.475)   # 33,589.2
    assert headcount.high == pytest.approx(116722.565 / 3.465)  # 33,686.2


def test_solve_refuses_an_unknown_used_twice():
    with pytest.raises(ValueError, match="exactly once"):
        parse_formula("scope3 / (scope3 + scope12)").solve("scope3", Interval(0.9, 1.0), {"scope12": 1.0})


def test_substitute_keeps_precedence():
    formula = parse_formula("scope12 / revenue").substitute("scope12", parse_formula("scope1 + scope2"))
    assert formula.text == "(scope1 + scope2) / revenue"
    assert formula.evaluate({"scope1": 1.0, "scope2": 3.0, "revenue": 2.0}).mid == pytest.approx((1 + 3) / 2)


def test_bound_formula_converts_to_the_metric_unit(vocabulary):
    # hazardous waste 95.78 t / 33,627 persons = 95,780 kg / 33,627 = 2.8483 kg per person
    bound = bind_metric(vocabulary, "waste_hazardous_per_capita")
    assert bound.evaluate({"waste_hazardous": 95.78, "workforce_total": 33627}).mid == pytest.approx(95780 / 33627)


def test_percent_metrics_enter_formulas_as_their_number(vocabulary):
    # scope3_share = 100 * scope3 / scope123: 10,075,225.54 / 10,160,968.15 = 99.156 %
    bound = bind_metric(vocabulary, "scope3_share")
    value = bound.evaluate({"scope3": 10075225.54, "scope123": 85742.61 + 10075225.54}).mid
    assert value == pytest.approx(100 * 10075225.54 / 10160968.15)


def test_bound_formula_reads_numpy_arrays_like_intervals(vocabulary):
    # waste per head for two draws: 95,780 kg / 33,627 = 2.8483 and 191,560 kg / 33,627 = 5.6966 kg per person
    bound = bind_metric(vocabulary, "waste_hazardous_per_capita")
    arrays = {"waste_hazardous": np.array([95.78, 191.56]), "workforce_total": np.array([33627.0, 33627.0])}
    assert bound.evaluate_arrays(arrays.__getitem__) == pytest.approx([95780 / 33627, 191560 / 33627])
    signed = bind_units(parse_formula("-scope1 + +scope2"), {"scope1": "t CO2e", "scope2": "t CO2e"}, "t CO2e")
    assert signed.evaluate_arrays({"scope1": np.array([3.0]), "scope2": np.array([5.0])}.__getitem__) == [2.0]
    assert signed.evaluate({"scope1": 3.0, "scope2": 5.0}).mid == 2.0


def test_inputs_in_one_unit_that_the_result_undoes_are_not_scaled():
    """Scope 1 + Scope 2 in t CO2e is worked out in kg and back ((1000 a + 1000 b) / 1000), which for 0.1 t and
    0.2 t gives 0.3 t, where 0.1 + 0.2 is 0.30000000000000004: the scales cancel, so the sum is the plain sum,
    bit for bit (the figure a run prints for the segments it adds). A ratio of two figures in one unit is the
    plain ratio; a formula that adds a constant is not the same degree in every term and keeps its scales."""
    tonnes = {"scope1": "t CO2e", "scope2": "t CO2e"}
    total = bind_units(parse_formula("scope1 + scope2"), tonnes, "t CO2e")
    assert total.input_scales == {"scope1": 1000.0, "scope2": 1000.0} and total.result_scale == 1000.0
    values = {"scope1": np.array([0.1, 51182.16247002567]), "scope2": np.array([0.2, 54232.65014841474])}
    assert (1000 * values["scope1"] + 1000 * values["scope2"]) [0] / 1000 == 0.3
    assert total.evaluate_arrays(values.__getitem__).tolist() == [0.1 + 0.2, 51182.16247002567 + 54232.65014841474]
    share = bind_units(parse_formula("scope1 / scope2"), tonnes, "dimensionless")
    assert share.evaluate_arrays(values.__getitem__).tolist() == [0.1 / 0.2, 51182.16247002567 / 54232.65014841474]
    doubled = bind_units(parse_formula("2 * scope1 - scope2"), tonnes, "t CO2e")
    assert doubled.evaluate_arrays(values.__getitem__)[0] == 2 * 0.1 - 0.2
    offset = bind_units(parse_formula("scope1 + 1"), {"scope1": "dimensionless"}, "dimensionless")
    assert offset.evaluate_arrays({"scope1": np.array([0.5])}.__getitem__).tolist() == [1.5]


def test_formula_syntax_errors_belong_to_the_ghgcalc_family():
    assert issubclass(FormulaSyntaxError, GhgcalcError) and issubclass(FormulaSyntaxError, ValueError)


def test_adding_different_dimensions_is_a_unit_error(vocabulary):
    formula = parse_formula("scope1 + energy_total")
    with pytest.raises(UnitError, match=r"formula 'scope1 \+ energy_total' adds energy to mass of CO2e"):
        bind_units(formula, {"scope1": "t CO2e", "energy_total": "MWh"}, "t CO2e")


def test_result_of_the_wrong_dimension_is_a_unit_error():
    with pytest.raises(UnitError, match="gives mass of CO2e, but the metric is in MWh"):
        bind_units(parse_formula("scope1 * 2"), {"scope1": "t CO2e"}, "MWh")


def test_company_metrics_extend_the_vocabulary(tmp_path):
    (tmp_path / "metrics.csv").write_text(
        "metric,unit,definition,formula\n"
        "workforce_fte,FTE,Full-time equivalents at year end,\n"
        "ghg_per_fte,t CO2e / FTE,Scopes 1+2 per full-time equivalent,scope12 / workforce_fte\n"
        "scope12_ev,t CO2e,Scope 1 plus Scope 2 of the EV factory,scope1 + scope2\n", encoding="utf-8")
    vocabulary = load_workspace_vocabulary(tmp_path)
    assert vocabulary.unit("ghg_per_fte") == "t CO2e / FTE"
    bound = bind_metric(vocabulary, "ghg_per_fte")
    # 116,722.56 t over 33,000 FTE = 3.5370 t per FTE
    assert bound.evaluate({"scope12": 116722.56, "workforce_fte": 33000}).mid == pytest.approx(116722.56 / 33000)


def test_bad_company_metrics_are_all_reported_with_file_row_and_column(tmp_path):
    (tmp_path / "metrics.csv").write_text(
        "metric,unit,definition,formula\n"
        "scope1,MWh,a standard name reused for something else,\n"
        "ghg_squared,t CO2e,,scope12 ** 2\n"
        "ghg_per_fte,t CO2e / FTE,,scope12 / workforce_ftee\n"
        "energy_mix,MWh,,scope1 + energy_total\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_workspace_vocabulary(tmp_path)
    lines = str(caught.value).splitlines()
    assert lines[0] == ("metrics.csv, row 2, column metric: 'scope1' is a standard metric, and this row means "
                        "something else: unit 'MWh', the standard metric's is 't CO2e'; give the company metric its "
                        "own name, or delete the row to use the standard one")
    assert lines[1] == ("metrics.csv, row 3, column formula: 'scope12 ** 2' is not allowed in a formula; "
                        "only numbers, metric names, + - * / and parentheses are allowed")
    assert len(lines) == 2  # the file is refused before formulas are checked against metrics


def test_company_formulas_naming_unknown_metrics_or_mixing_units(tmp_path):
    (tmp_path / "metrics.csv").write_text(
        "metric,unit,definition,formula\n"
        "ghg_per_fte,t CO2e / FTE,,scope12 / workforce_ftee\n"
        "energy_mix,MWh,,scope1 + energy_total\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_workspace_vocabulary(tmp_path)
    problems = [str(p) for p in caught.value.problems]
    assert any("'workforce_ftee' is not a known metric" in p and "column formula" in p for p in problems)
    assert any("adds energy to mass of CO2e" in p for p in problems)


def test_circular_company_formulas_are_refused(tmp_path):
    (tmp_path / "metrics.csv").write_text(
        "metric,unit,definition,formula\n"
        "alpha,t CO2e,,beta + scope1\n"
        "beta,t CO2e,,alpha - scope1\n", encoding="utf-8")
    with pytest.raises(InputError, match="formulas are circular: alpha -> beta -> alpha"):
        load_workspace_vocabulary(tmp_path)


def test_formula_tables_check_every_row(vocabulary):
    text = "target,formula\nscope12,ghg_per_revenue * revenue\nscope3,scope123 * scope3_sahre / 100\n"
    with pytest.raises(InputError) as caught:
        read_formula_table(text, ("target", "formula"), vocabulary, "derivations.csv")
    assert str(caught.value) == ("derivations.csv, row 3, column formula: 'scope3_sahre' is not a known metric; "
                                 "did you mean 'scope3_share'?")


def test_a_formula_tells_its_shape_without_an_ast_walk_outside_the_engine():
    ratio = parse_formula("(scope1 + scope2) / revenue")
    numerator, denominator = ratio.quotient
    assert (numerator.text, denominator.text) == ("scope1 + scope2", "revenue")
    assert [f.text for f in numerator.addends] == ["scope1", "scope2"]
    assert denominator.name == "revenue" and numerator.name is None
    assert parse_formula("scope1 - scope2").quotient is None and parse_formula("scope1 - scope2").addends is None


def test_a_formula_is_written_with_each_metric_replaced():
    written = parse_formula("100 * (a + b) / -c").written(lambda name: name.upper())
    assert written == "(100 * (A + B)) / (-C)"
    assert parse_formula("a - b").written(lambda name: f"[{name}]") == "[a] - [b]"
