"""Hypothesis strategies that break every input file type of a workspace.

Each strategy starts from a valid file and damages it the way real files are damaged:
cells replaced by hostile or malformed values, columns dropped or duplicated, rows cut
short, the text truncated, re-encoded, or replaced by bytes that are not text at all.
"""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

ACTIVITY_HEADER = ["year", "activity", "quantity", "unit", "region", "segment", "site", "gas", "instrument",
                   "factor_value", "factor_unit"]
ACTIVITY_ROWS = [
    ["2023", "electricity.grid", "1200", "MWh", "CN", "plant", "A", "", "", "", ""],
    ["2023", "electricity.grid", "300", "MWh", "CN", "plant", "A", "", "GEC", "", ""],
    ["2023", "natural_gas.stationary", "25000", "m3", "CN", "plant", "A", "", "", "", ""],
    ["2023", "refrigerant.release", "12", "kg", "", "office", "B", "R-410A", "", "", ""],
    ["2023", "electricity.grid", "200", "MWh", "CN", "office", "B", "", "supplier", "0.45", "kg CO2e / kWh"],
]
REPORTED_HEADER = ["vintage", "metric", "year", "value", "unit", "segment", "source", "note"]
REPORTED_ROWS = [
    ["report", "scope1", "2023", "103.23", "t CO2e", "", "p. 3", ""],
    ["report", "scope2_location", "2023", "984.76", "t CO2e", "", "p. 3", ""],
    ["report", "revenue", "2023", "1,250.0", "RMB million", "", "p. 1", ""],
    ["report", "workforce_total", "2023", "640", "person", "", "p. 9", ""],
    ["report", "ghg_per_revenue", "2023", "0.87", "t CO2e / (million RMB)", "", "p. 3", ""],
]
FX_HEADER = ["date_or_year", "from", "to", "rate", "source"]
FX_ROWS = [["2023", "USD", "RMB", "7.0809", "Federal Reserve G.5A"]]
SCREENING_HEADER = ["category", "status", "reason"]
SCREENING_ROWS = [["1", "relevant", "parts"], ["2", "estimated", ""], ["9", "excluded", "customers collect"],
                  ["14", "not applicable", "no franchises"]]

FACTOR_HEADER = ["factor_id", "activity", "region", "gas", "year_from", "year_to", "value", "unit", "source_id", "note"]
FACTOR_ROWS = [["own/electricity.grid/XX/2023", "electricity.grid", "XX", "CO2", "2023", "2023", "0.38", "kg CO2 / kWh",
                "own", "a supplier's figure"]]
FACTOR_SIDECAR = """[dataset]
id = "own"
kind = "emission_factors"
title = "Own grid factor"
publisher = "the company"
edition = "2023"
licence = "Apache-2.0"
retrieved = "2024-01-01"

[sources.own]
document = "Utility letter, 2023"
"""

HOSTILE = st.sampled_from([
    "", " ", "nan", "NaN", "inf", "-inf", "1e400", "-1e400", "1e-400", "0", "-1", "1,000", "1.000,5", "7,08",
    "TRUE", "FALSE", "None", "null", "9**9**9 kWh", "kWh**(9**9)", "10**400 kWh", "m**99",
    '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\t=1", "x" * 8192,
    "苏州工厂", "ｋＷｈ", "MWh\x00", "\u202eevil", "2023.5", "99999", "0", "-5", "FY2023", "1e6 kWh",
    "../../etc/passwd", "/etc/passwd", "CN-XX", "R-999Z", "supplier", "PPA", "scope9", "kg CO2e / kWh",
    "1e308", "9223372036854775807", "-9223372036854775808", "S1", "one", "CO2e", "2023-01-01", "2023-01-01 00:00:00",
    "scope12 / 0", "scope1 / (2 - 2)", "scope1 / (scope1 - scope1)", "1" * 500, "0." + "0" * 400 + "1",
])
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def to_csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def damaged_table(draw, header: list[str], rows: list[list[str]]) -> str:
    """A valid table with some cells replaced, columns dropped or repeated, rows cut."""
    header, rows = list(header), [list(r) for r in rows]
    for _ in range(draw(st.integers(1, 6))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(header) - 1))
        rows[row][column] = draw(st.one_of(HOSTILE, ANY_TEXT))
    damage = draw(st.sampled_from(["cells", "drop-column", "repeat-column", "short-row", "long-row", "blank-lines",
                                   "rename-column", "many-rows", "many-columns"]))
    if damage == "drop-column":
        gone = draw(st.integers(0, len(header) - 1))
        header.pop(gone)
        rows = [r[:gone] + r[gone + 1:] for r in rows]
    elif damage == "repeat-column":
        header.append(draw(st.sampled_from(header)))
        rows = [r + [draw(HOSTILE)] for r in rows]
    elif damage == "short-row":
        rows[0] = rows[0][: draw(st.integers(0, len(header) - 1))]
    elif damage == "long-row":
        rows[-1] = rows[-1] + ["extra", "cells"]
    elif damage == "blank-lines":
        rows.insert(draw(st.integers(0, len(rows))), [""] * len(header))
    elif damage == "rename-column":
        header[draw(st.integers(0, len(header) - 1))] = draw(st.one_of(HOSTILE, ANY_TEXT))
    elif damage == "many-rows":
        rows = rows * draw(st.integers(2, 200))
    elif damage == "many-columns":  # thousands of columns, some repeating a real one
        extra = [f"note{i}" for i in range(draw(st.integers(100, 5000)))]
        if draw(st.booleans()):
            extra[draw(st.integers(0, len(extra) - 1))] = draw(st.sampled_from(header))
        header = header + extra
        rows = [r + [""] * len(extra) for r in rows]
    return to_csv(header, rows)


@st.composite
def damaged_bytes(draw, text: str) -> bytes:
    """The text re-encoded, truncated or replaced by bytes that are not text."""
    how = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16", "latin-1", "truncate", "random", "empty"]))
    if how == "truncate":
        raw = text.encode("utf-8")
        return raw[: draw(st.integers(0, max(0, len(raw) - 1)))]
    if how == "random":
        return draw(st.binary(min_size=1, max_size=300))
    if how == "empty":
        return b""
    try:
        return text.encode(how)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def activity_files():
    return st.one_of(
        damaged_table(ACTIVITY_HEADER, ACTIVITY_ROWS).map(lambda t: t.encode("utf-8")),
        st.just(to_csv(ACTIVITY_HEADER, ACTIVITY_ROWS)).flatmap(damaged_bytes),
    )


def reported_files():
    return st.one_of(
        damaged_table(REPORTED_HEADER, REPORTED_ROWS).map(lambda t: t.encode("utf-8")),
        st.just(to_csv(REPORTED_HEADER, REPORTED_ROWS)).flatmap(damaged_bytes),
    )


def fx_files():
    return damaged_table(FX_HEADER, FX_ROWS).map(lambda t: t.encode("utf-8"))


PRICE_INDEX_HEADER = ["currency", "year", "index", "source"]
PRICE_INDEX_ROWS = [["USD", "2022", "292.655", "BLS CPI-U"], ["USD", "2023", "304.702", "BLS CPI-U"]]


def price_index_files():
    return st.one_of(damaged_table(PRICE_INDEX_HEADER, PRICE_INDEX_ROWS).map(lambda t: t.encode("utf-8")),
                     st.just(to_csv(PRICE_INDEX_HEADER, PRICE_INDEX_ROWS)).flatmap(damaged_bytes))


def screening_files():
    return st.one_of(
        damaged_table(SCREENING_HEADER, SCREENING_ROWS).map(lambda t: t.encode("utf-8")),
        st.just(to_csv(SCREENING_HEADER, SCREENING_ROWS)).flatmap(damaged_bytes),
    )


TOML_VALUES = st.sampled_from([  # every TOML type: strings, integers, floats, booleans, dates and times, arrays, tables
    '5', '-5', '0', '99999', '1e400', 'nan', 'inf', 'true', '"x"', '""', '[]', '["a", 5]', '{}', '{ a = 1 }',
    '"30 %"', '"150 %"', '"-3 %"', '"1e400 t CO2e"', '"9**9**9 t"', '"24,846 t CO2e"', '"../x.csv"', '"/etc/passwd"',
    '1000000000', '1_000_000_000_000', '"AR5GWP100"', '["AR5GWP100"]', '"scope12"', '"market"', '2023', '2030',
    'false', '-0.0', '1.5', '9223372036854775807', '-9223372036854775808', '0x7fffffffffffffff', '1979-05-27',
    '1979-05-27T07:32:00Z', '1979-05-27T07:32:00', '07:32:00', '[{ a = 1 }]', '[[1, 2], ["a"]]', '[1, "a"]',
    '[true]', '[1979-05-27]', '{ segment = "x" }', '[{ segment = "ev_factory" }]', '{ 2030 = "50 %" }',
    '{ 2030 = [1] }', '{ low = "1 %", high = { a = 1 } }', '"\u0000"', '"' + "x" * 5000 + '"',
])


@st.composite
def damaged_toml(draw, text: str) -> str:
    """A TOML file with some values replaced, keys renamed, or the text cut."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        candidates = [i for i, line in enumerate(lines) if "=" in line and not line.lstrip().startswith("#")]
        if not candidates:
            break
        index = draw(st.sampled_from(candidates))
        key = lines[index].split("=", 1)[0]
        how = draw(st.sampled_from(["value", "key", "drop"]))
        if how == "value":
            lines[index] = f"{key}= {draw(TOML_VALUES)}"
        elif how == "key":
            lines[index] = f"{draw(st.sampled_from(['colour', 'horizon', 'draws', 'metric', 'type']))} = {lines[index].split('=', 1)[1]}"
        else:
            lines.pop(index)
    out = "\n".join(lines) + "\n"
    if draw(st.booleans()) and draw(st.booleans()):
        out = out[: draw(st.integers(0, len(out)))]
    return out


def damaged_toml_bytes(text: str):
    """A TOML file damaged as text (values of every type, keys renamed, cut) or as bytes (re-encoded, binary)."""
    return st.one_of(damaged_toml(text).map(lambda t: t.encode("utf-8")), damaged_bytes(text))


def factor_files():
    return st.one_of(damaged_table(FACTOR_HEADER, FACTOR_ROWS).map(lambda t: t.encode("utf-8")),
                     st.just(to_csv(FACTOR_HEADER, FACTOR_ROWS)).flatmap(damaged_bytes))


COMPANY_TABLES = {  # file name -> (header, rows): the workspace's own metrics, audit rules and removals
    "metrics.csv": (["metric", "unit", "definition", "formula"],
                    [["scope1_per_site", "t CO2e", "Scope 1 per site", "scope1 / sites"], ["sites", "count", "Sites", ""]]),
    "derivations.csv": (["target", "year_offset", "formula", "description"],
                        [["scope12", "0", "ghg_per_revenue * revenue", "Scopes 1+2 from the intensity"]]),
    "identities.csv": (["name", "total", "components", "absent_as_zero"],
                       [["scope1_by_gas", "scope1", "scope1_co2 + scope1_ch4 + scope1_n2o", "no"]]),
    "removals.csv": (["year", "type", "quantity", "unit", "source"], [["2023", "credit", "50", "t CO2e", "registry"]]),
}


def company_tables(name: str):
    header, rows = COMPANY_TABLES[name]
    return st.one_of(damaged_table(header, rows).map(lambda t: t.encode("utf-8")),
                     st.just(to_csv(header, rows)).flatmap(damaged_bytes))
