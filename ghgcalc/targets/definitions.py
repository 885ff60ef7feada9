"""Target definitions: a TOML file read into validated, frozen values.

A target file says in plain words what a company promised, so that a result can always be
read back as a sentence: which figure (a metric of the vocabulary), over which boundary,
from which base year, to which level, by when. Quantities are strings with units
("30 %", "24,846 t CO2e"); a reduction is written either ``reduce_to`` (the share of the
base that remains) or ``reduce_by`` (the share removed), never both, because "reduce to
30 %" and "reduce by 30 %" are the two readings people confuse most. The format is
documented in docs/targets.md.

tomllib reports no line numbers for values it parsed, so the lines of offending keys
are found by scanning the text (:func:`locate_line`); every problem in a file is
reported at once, each with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import pick
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.targets.kinds import TargetKind, kind_of

SCOPE2_METHODS = ("location", "market")
ACTUAL_SOURCES = ("reported", "inventory")

@dataclass(frozen=True)
class Level:
    """A target level as written, and what it means.

    ``fraction_of_base`` is the level as a share of the base (reduce_to "30 %" and
    reduce_by "70 %" both give 0.30); ``absolute`` is a level in the metric's canonical
    unit (reduce_to "24,846 t CO2e", a share "100 %" as 1.0, a cumulative total).
    """

    key: str
    text: str
    fraction_of_base: float | None = None
    absolute: float | None = None


@dataclass(frozen=True)
class Boundary:
    """Which part of the reporting entity a target covers.

    ``include`` sums the named segments; ``exclude`` takes the named segments off the
    whole-boundary figure (segment rows are parts of it). ``proxy`` says the figures
    describe the whole group, not the named boundary, and are used as a stand-in.
    """

    name: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    proxy: bool = False

    @property
    def segments(self) -> tuple[str, ...]:
        return self.include + self.exclude

    def describe(self) -> str:
        if self.include:
            how = ("segment " if len(self.include) == 1 else "sum of segments ") + ", ".join(self.include)
        elif self.exclude:
            how = "whole reporting boundary minus " + ", ".join(self.exclude)
        else:
            how = "whole reporting boundary"
        if self.proxy:
            how = "no figures for it: the whole-group figure stands in as a proxy"
        return f"{self.name} ({how})" if self.name else how


@dataclass(frozen=True)
class Milestone:
    year: int
    level: Level


@dataclass(frozen=True)
class StructuralChange:
    """A change to the company or the method that may call for recalculating the base year
    (GHG Protocol Corporate Standard, ch. 5). ``base_year_effect`` is what the change adds
    to (or, negative, removes from) base-year ``metric``, in its canonical unit; None for a
    segment that did not exist in the base year (no recalculation for organic growth)."""

    year: int
    kind: str
    segment: str = ""
    metric: str = ""
    base_year_effect: float | None = None
    description: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Target:
    """One target, validated. Field use depends on ``type``, whose behaviour is ``kind`` (see docs/targets.md)."""

    id: str
    type: str
    metric: str
    canonical_unit: str
    unit: str
    base_year: int | None
    target_year: int
    level: Level
    quote: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    boundary: Boundary = Boundary()
    milestones: tuple[Milestone, ...] = ()
    scope2_method: str | None = None
    vintage: str | None = None
    numerator: str = ""
    denominator: str = ""
    denominator_at_most: str = ""
    numerator_at_least: str = ""  # a part of the numerator: its later figures bound it from below
    min_reduction: float | None = None
    value_chain: bool = False
    progress_reported: tuple[tuple[int, str], ...] = ()
    file: str = ""
    lines: dict = field(default_factory=dict, compare=False, repr=False)
    years: FiscalYears = field(default=CALENDAR, compare=False, repr=False)  # how the company labels its years

    def label(self, year: int | None) -> str:
        """A year of this target as the company labels it ("FY2030" when years are labelled by their start)."""
        return "" if year is None else self.years.label_of(year)

    @property
    def kind(self) -> TargetKind:
        """What the target's type means: its entry in the table of target kinds."""
        return kind_of(self.type)

    @property
    def direction(self) -> int:
        return self.kind.direction

    @property
    def measures(self) -> tuple[str, ...]:
        """The metrics the target reads: a share's numerator, denominator and bound, else its one metric."""
        if self.kind.share and self.numerator:
            return tuple(m for m in (self.numerator, self.denominator, self.denominator_at_most) if m)
        return (self.metric,)

    def line(self, key: str = "") -> int | None:
        return self.lines.get(key) or self.lines.get("")

    def where(self, key: str = "") -> str:
        line = self.line(key)
        return f"{self.file}, line {line}" if line else self.file

    @property
    def reading(self) -> str:
        """The target in words, echoing how the file reads its level."""
        return describe_target(self)


@dataclass(frozen=True)
class TargetSet:
    """Everything a target file holds."""

    path: Path
    targets: tuple[Target, ...]
    vocabulary: Vocabulary
    figures: pd.DataFrame  # supplied figures, same columns as read_reported's output
    structural_changes: tuple[StructuralChange, ...] = ()
    actuals_from: tuple[str, ...] = ACTUAL_SOURCES

    def get(self, target_id: str) -> Target:
        return pick(self.targets, target_id, key=lambda target: target.id, what="target", source=self.path.name)


def describe_target(t: Target) -> str:
    """The target in words, as its kind says it."""
    return t.kind.describe(t)
