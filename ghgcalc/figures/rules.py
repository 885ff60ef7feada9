"""Rule tables: identities (which parts add up to which total), alternatives and derivations, parsed.

Why below the audit: a workspace's own ``identities.csv`` says which printed breakdowns must
add up (gases, regions, employee categories), and not only the audit asks it. The table of
figures every command uses (:mod:`ghgcalc.workspace.choice`) marks a printed total its printed
parts do not reach, and the intensity command builds a figure not printed from its parts;
both read the same rules the audit checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ghgcalc.core.formula import Formula
from ghgcalc.errors import ProblemCollector, quoted
from ghgcalc.figures.metrics import Vocabulary, read_formula_table

# A workspace's own identities beyond the vocabulary's sums, beside ghgcalc.toml: which breakdowns must add
# up (gases, employee categories, regions) depends on the categories a report prints.
IDENTITIES_FILE = "identities.csv"


@dataclass(frozen=True)
class Rule:
    """One row of a rule table, parsed."""

    name: str
    target: str | Formula
    formula: Formula
    year_offset: int = 0
    absent_as_zero: bool = False
    description: str = ""


def load_rules(source: str | Path, kind: str, vocabulary: Vocabulary, name: str | None = None) -> tuple[Rule, ...]:
    """A rule table (identity, alternative or derivation; CSV text or a file), every formula checked."""
    first, second = {"identity": ("total", "components"), "alternative": ("input", "replacement"),
                     "derivation": ("target", "formula")}[kind]
    rules, collector = [], ProblemCollector(name or (source.name if isinstance(source, Path) else f"{kind} rules"))
    for row, rec, parsed in read_formula_table(source, (first, second), vocabulary, collector.source):
        offset = rec.get("year_offset", "").strip() or "0"
        single = len(parsed[first].metrics) == 1 and parsed[first].text == parsed[first].metrics[0]
        if not re.fullmatch(r"[+-]?\d+", offset):
            collector.add(row, "year_offset", offset, f"{quoted(offset)} is not a whole number of years")
        elif kind != "identity" and not single:
            collector.add(row, first, rec[first], f"{first} must be one metric, not {quoted(rec[first])}")
        else:
            target = parsed[first] if kind == "identity" else parsed[first].metrics[0]
            rules.append(Rule(name=rec.get("name", "") or parsed[first].text, target=target, formula=parsed[second],
                              year_offset=int(offset), absent_as_zero=rec.get("absent_as_zero", "").strip() == "yes",
                              description=rec.get("description", "")))
    collector.raise_if_any()
    return tuple(rules)


def workspace_identities(root: Path, vocabulary: Vocabulary) -> tuple[Rule, ...]:
    """The identities a workspace declares in its ``identities.csv`` (none without the file)."""
    path = Path(root) / IDENTITIES_FILE
    return load_rules(path, "identity", vocabulary) if path.is_file() else ()
