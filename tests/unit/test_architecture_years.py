"""One parser of years: core/years.py reads every year and fiscal-year label; no module writes its own.

A second parser is how "FY2023" came to mean 2023 in one table and 2024 in another, and how
workspace years ran from 1990 while table years ran from 1900.
"""

from __future__ import annotations

import ast
import re

from tests.unit.test_architecture import package_sources

HOME = "ghgcalc.core.years"
_YEAR_PATTERN = re.compile(r"\\d\{4\}|\\d\\d\\d\\d|FY")
_PARSER_NAME = re.compile(r"^_?(parse_?years?|years?_from|to_year|read_years?|fiscal_year_of)$")


def second_year_parsers(sources: dict[str, str]) -> list[str]:
    """Functions named as year parsers, and year patterns (four digits, "FY") in regexes, outside core/years.py."""
    found = []
    for name, text in sorted(sources.items()):
        if name == HOME:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _PARSER_NAME.match(node.name):
                found.append(f"{name}.{node.name}: a year parser outside {HOME}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in
                    ("compile", "match", "fullmatch", "search") and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str) and _YEAR_PATTERN.search(node.args[0].value)):
                found.append(f"{name}, line {node.lineno}: a year pattern {node.args[0].value!r} outside {HOME}")
    return found


def test_years_are_parsed_in_one_place():
    assert HOME in package_sources()
    assert second_year_parsers(package_sources()) == []


def test_a_second_year_parser_is_caught():
    synthetic = {"ghgcalc.figures.synthetic": 'import re\n_FY = re.compile(r"^FY(\\d{4})$")\n'
                                               "def parse_year(text):\n    return int(text)\n"}
    assert sorted(second_year_parsers(synthetic)) == [
        "ghgcalc.figures.synthetic, line 2: a year pattern '^FY(\\\\d{4})$' outside ghgcalc.core.years",
        "ghgcalc.figures.synthetic.parse_year: a year parser outside ghgcalc.core.years"]
