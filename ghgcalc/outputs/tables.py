"""Tables for people (aligned text, markdown) and values for machines (JSON-ready).

Why here: a report's text rendering (:mod:`ghgcalc.outputs.report`) and the commands draw
tables the same way; click stays in :mod:`ghgcalc.cli`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def format_number(value, decimals: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (int, np.integer)):
        return f"{value:,}"
    if isinstance(value, (float, np.floating)):
        return f"{value:,.{decimals}f}"
    return str(value)


def render_table(frame: pd.DataFrame, decimals: int = 2) -> str:
    """An aligned text table with thousands separators; numbers right-aligned."""
    if frame.empty:
        return "(no rows)"
    shown = frame.copy()
    numeric = [c for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c]) and c != "year"]
    for column in shown.columns:
        shown[column] = [format_number(v, decimals) if column in numeric else ("" if v is None else str(v)) for v in shown[column]]
    widths = {c: max(len(str(c)), *(len(v) for v in shown[c])) for c in shown.columns}
    def fmt(column, text):
        return text.rjust(widths[column]) if column in numeric else text.ljust(widths[column])
    header = "  ".join(fmt(c, str(c)) for c in shown.columns)
    lines = [header, "  ".join("-" * widths[c] for c in shown.columns)]
    lines += ["  ".join(fmt(c, row[c]) for c in shown.columns) for _, row in shown.iterrows()]
    return "\n".join(line.rstrip() for line in lines)


def render_markdown(frame: pd.DataFrame, decimals: int = 2) -> str:
    if frame.empty:
        return "_(no rows)_"
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and c != "year"]
    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "| " + " | ".join("---:" if c in numeric else "---" for c in frame.columns) + " |"
    cells = {c: [format_number(v, decimals) if c in numeric else str(v) for v in frame[c].tolist()] for c in frame.columns}
    # column by column: iterating rows would upcast a row of numbers, turning the year 2030 into 2030.0
    body = ["| " + " | ".join(cells[c][i] for c in frame.columns) + " |" for i in range(len(frame))]
    return "\n".join([head, rule, *body])


def to_jsonable(value):
    """Numbers as JSON numbers (NaN and infinities as null: strict parsers refuse them), numpy and
    pandas scalars as plain Python."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)  # a date, a decimal or any other cell as read: as text, never a failure to print
