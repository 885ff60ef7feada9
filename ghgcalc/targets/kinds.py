"""The kinds of target, one entry each: what a kind's file keys are, how its level is written,
which way it points, how it is shown, how its actual is measured and projected, and what
neutralisation counts towards it.

Like the lever types (:data:`ghgcalc.scenarios.levers.LEVER_TYPES`), behaviour that varies by
kind is read from this table rather than asked of ``target.type`` in every module: adding a
kind of target is one entry in :data:`TARGET_KINDS`. The code that reads, tracks, projects and
shows targets asks ``target.kind`` (an entry here) and never compares the type string.

The entries' functions take the target and duck-typed helpers (the observations of
:mod:`ghgcalc.targets.actuals`, a scenario's ``values_of``), so this module imports no layer
that uses targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ghgcalc.core import units
from ghgcalc.core.intervals import show_half_up
from ghgcalc.core.percent import PERCENT_PER_FRACTION, percent_text
from ghgcalc.targets.benchmarks import sbti_net_zero_min_reduction

ABSOLUTE, INTENSITY, SHARE, NEUTRALITY, NET_ZERO, CUMULATIVE = (
    "absolute", "intensity", "share", "neutrality", "net_zero", "cumulative")
REMOVAL, CREDIT = "removal", "credit"

_REDUCE_HINT = ("say the level: reduce_to = '30 %' (the share of the base that remains) or reduce_by = '70 %' "
                "(the share removed)")
_RESIDUAL_HINT = "say the most that may remain: residual_max = '10 %' (of the base) before neutralisation"


@dataclass(frozen=True)
class TargetKind:
    """One kind of target.

    ``keys`` are the file keys a target of this kind may have beside the common ones, ``level_keys``
    the ones that can give its level (``level_hint`` says how when none is given). ``direction`` is
    -1 for a cut, +1 for a rise. ``share``: the figure is a fraction shown in % (a printed share, or
    numerator over denominator), its level a share (not of the base), its base never recalculated.
    ``running_total``: the figure is a sum over the years from ``start_year`` (no base, a pathway
    from zero). ``absolute_level``: a level may be a quantity as well as a share of the base.
    ``measure`` gives the actual from observations, ``project`` the (draws, years) figure of a
    scenario (None: scenarios do not project it). ``counts`` is what neutralisation counts towards
    it (empty: none is read), ``min_reduction`` the default least cut (a function, read when used).
    ``ambition``: checked against the SBTi rates; ``gap_of_base``: its gap is read as a share of
    its base.
    """

    name: str
    keys: tuple[str, ...]
    level_keys: tuple[str, ...]
    level_hint: str
    describe: Callable
    measure: Callable
    project: Callable | None
    direction: int = -1
    share: bool = False
    running_total: bool = False
    absolute_level: bool = False
    counts: tuple[str, ...] = ()
    min_reduction: Callable[[], float] | None = None
    ambition: bool = False
    gap_of_base: bool = True
    label: str = ""

    @property
    def year_key(self) -> str:
        """The key of the year the target counts from: a running total starts, the others have a base."""
        return "start_year" if self.running_total else "base_year"

    def counted_words(self, joiner: str = "and") -> str:
        """What counts towards it in words: 'removals only', 'removals and credits'."""
        names = [f"{name}s" for name in self.counts]
        return f"{names[0]} only" if len(names) == 1 else f" {joiner} ".join(names)


# --- how each kind's figure is measured and projected -------------------------------------------

def _measure_metric(observations, target, year, changes):
    return observations.in_boundary(target, target.metric, year, changes)


def _measure_share(observations, target, year, changes):
    return observations.share(target, year, changes)


def _measure_running_total(observations, target, year, changes):
    return observations.cumulative(target, year, changes)


def _project_metric(target, values_of, unit_of):
    return values_of(target.metric)


def _project_share(target, values_of, unit_of):
    """A share of two metrics as their ratio; a share the reports print, kept as a fraction."""
    if target.numerator:
        return values_of(target.numerator) / values_of(target.denominator)
    return values_of(target.metric) * units.conversion_factor(unit_of(target.metric), "dimensionless")


# --- each kind in words ---------------------------------------------------------------------------

def _boundary_words(t) -> str:
    return f" of {t.boundary.describe()}" if (t.boundary.name or t.boundary.segments or t.boundary.proxy) else ""


def _what(t) -> str:
    return f"{t.metric}{_method_words(t)}{_boundary_words(t)}"


def _describe_reduction(t) -> str:
    return f"reduce {_what(t)} {_level_words(t.level, t.label(t.base_year))} by {t.label(t.target_year)}"


def _describe_share(t) -> str:
    boundary = _boundary_words(t)
    if not t.numerator:
        return (f"raise {t.metric}{boundary}, a share the reports print, to {t.level.text} by {t.label(t.target_year)}, "
                f"on a straight line from {t.label(t.base_year)}")
    at_most = (f"; when {t.denominator} is not reported, {t.denominator_at_most} bounds it from above"
               if t.denominator_at_most else "")
    return (f"raise the share {t.numerator} / {t.denominator}{boundary} to {t.level.text} by {t.label(t.target_year)}, "
            f"on a straight line from {t.label(t.base_year)}{at_most}")


def _describe_running_total(t) -> str:
    return f"reach {t.level.text} of {_what(t)} in total over {t.label(t.base_year)}-{t.label(t.target_year)} (both years counted)"


def _describe_neutral(t) -> str:
    kind = t.kind
    scope = " (value chain, Scope 3 included)" if t.value_chain else ""
    depth = f"; depth check: at least {_percent(t.min_reduction)} cut" if t.min_reduction is not None else ""
    return (f"{kind.label}{scope} by {t.label(t.target_year)}: cut {_what(t)} to at most "
            f"{_level_words(t.level, t.label(t.base_year))}, "
            f"and neutralise what remains with carbon {kind.counted_words('or')}; reductions and neutralisation "
            f"are counted apart{depth}")


def _method_words(t) -> str:
    if t.metric not in ("scope2", "scope12", "scope123"):
        return ""
    return f" (Scope 2 {t.scope2_method}-based)" if t.scope2_method else " (Scope 2 method as reported)"


def _level_words(level, base_year: str) -> str:
    if level.fraction_of_base is None:
        return f"to {level.text} (an absolute level)"
    kept, cut = _percent(level.fraction_of_base), _percent(1 - level.fraction_of_base)
    if level.key == "reduce_by":
        return f"by {cut} from its {base_year} level (reduce_by: {kept} of the base remains)"
    if level.key == "residual_max":
        return f"{kept} of its {base_year} level (a {cut} cut)"
    return f"to {kept} of its {base_year} level (reduce_to: a {cut} cut)"


def _percent(fraction: float) -> str:
    return f"{percent_text(fraction, '.4g')} %"


# --- the table ------------------------------------------------------------------------------------

_REDUCTION = dict(level_keys=("reduce_to", "reduce_by"), level_hint=_REDUCE_HINT, describe=_describe_reduction,
                  measure=_measure_metric, project=_project_metric)
_NEUTRAL = dict(keys=("metric", "residual_max", "min_reduction", "milestones"), level_keys=("residual_max",),
                level_hint=_RESIDUAL_HINT, describe=_describe_neutral, measure=_measure_metric,
                project=_project_metric, absolute_level=True, ambition=True)

TARGET_KINDS: dict[str, TargetKind] = {kind.name: kind for kind in (
    TargetKind(ABSOLUTE, keys=("metric", "reduce_to", "reduce_by", "milestones"), absolute_level=True, ambition=True,
               **_REDUCTION),
    TargetKind(INTENSITY, keys=("metric", "reduce_to", "reduce_by", "milestones"), **_REDUCTION),
    TargetKind(SHARE, keys=("metric", "numerator", "denominator", "denominator_at_most", "numerator_at_least", "target_share",
                     "milestones"),
               level_keys=("target_share",), level_hint="say the share to reach: target_share = '100 %'",
               describe=_describe_share, measure=_measure_share, project=_project_share, direction=+1, share=True,
               gap_of_base=False),
    TargetKind(NEUTRALITY, counts=(REMOVAL, CREDIT), label="carbon neutrality", **_NEUTRAL),
    TargetKind(NET_ZERO, counts=(REMOVAL,), min_reduction=sbti_net_zero_min_reduction, label="net zero",
               **(_NEUTRAL | {"keys": _NEUTRAL["keys"][:3] + ("value_chain", "milestones")})),
    TargetKind(CUMULATIVE, keys=("metric", "start_year", "total", "progress_reported"), level_keys=("total",),
               level_hint="say the total to reach: total = '38,000 t'", describe=_describe_running_total,
               measure=_measure_running_total, project=None, direction=+1, running_total=True, gap_of_base=False),
)}


def target_kinds() -> tuple[str, ...]:
    """The names of the kinds, in the table's order (read when asked, so an added entry counts)."""
    return tuple(TARGET_KINDS)


def kind_of(name: str) -> TargetKind:
    return TARGET_KINDS[name]


# --- what every kind shares, computed once --------------------------------------------------------

def display_factor(target) -> float:
    """Canonical unit -> the unit the target is shown in (shares: fraction -> %)."""
    if target.kind.share:
        return PERCENT_PER_FRACTION
    return units.conversion_factor(target.canonical_unit, target.unit)


def display_unit(target) -> str:
    """The unit a target's figures are shown in (shares: %)."""
    return "%" if target.kind.share else target.unit


def difference_unit(target) -> str:
    """The unit of a difference between two of its figures (shares: percentage points)."""
    return "percentage points" if target.kind.share else target.unit


def pathway_points(target, base, constant: Callable) -> tuple[object, list]:
    """The target level, and the (year, level) points of its straight pathway: base, milestones, target.

    Works on printed figures (tracking) and on arrays over draws (scenarios) alike: ``base`` is either,
    and ``constant(value)`` makes a level of the same sort from an absolute value.
    """
    def level_of(spec):
        if spec.fraction_of_base is not None:
            return None if base is None else base * spec.fraction_of_base
        return constant(spec.absolute)

    level = level_of(target.level)
    if target.kind.running_total:
        return level, [(target.base_year - 1, constant(0.0)), (target.target_year, level)]
    if base is None or level is None:
        return level, []
    return level, [(target.base_year, base), *((m.year, level_of(m.level)) for m in target.milestones),
                   (target.target_year, level)]


def residual_not_neutralised(target, residual: float, counted: float, level: float, unit: str,
                             reached: str = "", needed: str = "needed") -> str:
    """Why a neutrality or net-zero target whose level is reached is still missed: what remains is not neutralised
    by what counts towards it ("nothing neutralises the residual: counted neutralisation 0.00 t CO2e of 2,146.72
    t CO2e needed (removals only count)"). ``reached`` says how the level is reached, when not by the figure;
    ``needed`` may say whose residual it is ("needed in the median draw")."""
    def shown(value):
        return show_half_up(value, 2)
    lead = ("nothing neutralises the residual" if counted <= 1e-9 * max(1.0, abs(residual))
            else "the residual is not all neutralised")
    how = reached or f"{shown(residual)} {unit} against {shown(level)}"
    return (f"the level is reached ({how}) but {lead}: counted neutralisation {shown(counted)} {unit} of "
            f"{shown(residual)} {unit} {needed} ({target.kind.counted_words()} count)")


def counted_neutralisation(target, recorded):
    """What this kind lets count of the removals and credits ``recorded`` (figures or arrays, by kind)."""
    parts = [recorded[name] for name in target.kind.counts]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total
