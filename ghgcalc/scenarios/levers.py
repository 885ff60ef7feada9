"""Levers: what a scenario changes, on which part of the starting inventory, by how much.

A lever is read from a ``[[levers]]`` table of a scenario file (format: docs/scenarios.md).
Each type acts on the inventory lines whose kind it can change (renewable electricity on
electricity lines, leakage on fugitive lines ...), narrowed by ``applies_to`` (segment,
kind, scope, activity, site or line ids). Everything that varies by type sits in one
table, ``LEVER_TYPES``: its keys and parameters (so the reader validates any lever the
same way and names the allowed keys in every error), its own checks, which lines it takes,
and the function that applies it in the projection (:mod:`ghgcalc.scenarios.lever_effects`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.scenarios import lever_effects as effects
from ghgcalc.scenarios.distributions import ENERGY, FACTOR, MASS, RATE, RATIO, SHARE, Kind, Param, leaves, money, parse_param, price
from ghgcalc.errors import did_you_mean
from ghgcalc.scenarios.lines import ELECTRICITY, ENERGY_KINDS, FUEL, FUGITIVE, HEAT, INSTRUMENTS, LINE_SCOPES

NEUTRALISATION_KINDS = ("removal", "credit")
COMMON_KEYS = ("id", "type", "description", "source", "assumption", "applies_to", "cost", "optional")
SELECTION_KEYS = ("segment", "kind", "scope", "activity", "site", "lines")
COST_KEYS = ("capex", "opex", "savings", "price")
SELECTED, OWN, NO_LINES = "selected", "own", "none"  # which lines a type acts on: chosen by applies_to, its own, none


def _no_check(raw: dict, ctx: "LeverContext", bad: Callable) -> dict:
    return {}


@dataclass(frozen=True)
class LeverType:
    """A lever type: its keys, which of them are numbers of which kind, the lines it can act on, and what it does.

    ``check(raw, ctx, bad)`` applies the type's own rules and returns the Lever fields only
    it reads (a renewable lever's instrument ...); ``link(raw, line_ids, ctx, bad)`` does the
    same once its lines are known; ``apply(lever, effects, columns, on)`` is its arithmetic.
    """

    name: str
    params: dict  # key -> Kind
    other_keys: tuple[str, ...]
    acts_on: tuple[str, ...]  # line kinds
    default_kinds: tuple[str, ...]
    apply: Callable
    one_of: tuple[tuple[str, ...], ...] = ()  # exactly one key of each group
    required: tuple[str, ...] = ()
    price_per: str = ""  # what a unit price is per ("MWh", "t CO2e"), "" when the type has no price
    lines: str = SELECTED
    neutralises: str = ""  # the parameter of t CO2e neutralised a year; "" for levers that change emissions
    check: Callable = _no_check
    link: Callable | None = None
    summary: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return COMMON_KEYS + tuple(self.params) + self.other_keys


def _check_growth(raw: dict, ctx: "LeverContext", bad: Callable) -> dict:
    if "elasticity" in raw and "driver" not in raw:
        bad("elasticity", "elasticity ties growth to a driver; give driver = '...' too, or drop it")
    driver = str(raw.get("driver", ""))
    if driver and driver not in ctx.drivers and driver not in ctx.declared_drivers:
        bad("driver", f"{driver!r} is not a driver of this scenario{did_you_mean(driver, ctx.drivers)}; "
                      f"declare it under [drivers.{driver}]" + (f" (drivers: {', '.join(ctx.drivers)})" if ctx.drivers else ""))
    return {"driver": driver}


def _check_fugitive(raw: dict, ctx: "LeverContext", bad: Callable) -> dict:
    if "leak_rate" in raw and "baseline_leak_rate" not in raw:
        bad("leak_rate", "a leak-rate series needs baseline_leak_rate: the leakage in the start year, as a share "
                         "of the refrigerant charge")
    return {}


def _check_renewable(raw: dict, ctx: "LeverContext", bad: Callable) -> dict:
    instrument = str(raw.get("instrument", ""))
    if instrument and instrument not in INSTRUMENTS:
        bad("instrument", f"{instrument!r} is not an instrument{did_you_mean(instrument, INSTRUMENTS)}; "
                          f"choose onsite (lowers location- and market-based Scope 2), certificate or ppa "
                          f"(market-based only)")
    return {"instrument": instrument}


def _check_neutralisation(raw: dict, ctx: "LeverContext", bad: Callable) -> dict:
    neutral = str(raw.get("kind", ""))
    if neutral not in NEUTRALISATION_KINDS:
        bad("kind", f"{neutral!r} is not removal or credit{did_you_mean(neutral, NEUTRALISATION_KINDS)}")
    return {"kind": neutral}


def _receivers(raw: dict, fuel_ids, ctx: "LeverContext", bad: Callable) -> dict:
    """Electrification: the electricity line that takes over each fuel line's demand."""
    by_id = {line.id: line for line in ctx.lines}
    electric = [line for line in ctx.lines if line.kind == ELECTRICITY]
    to = raw.get("to")
    if to is not None:
        to = ctx.line_id(str(to))
        target = by_id.get(to)
        if target is None or target.kind != ELECTRICITY:
            bad("to", f"{to!r} is not an electricity line{did_you_mean(to, [l.id for l in electric])}; "
                      f"electricity lines: {', '.join(l.id for l in electric) or 'none'}")
            return {}
        return {"to": {fuel: target.id for fuel in fuel_ids}}
    out = {}
    for fuel in fuel_ids:
        same = [line for line in electric if line.segment == by_id[fuel].segment]
        if len(same) != 1:
            bad(None, f"fuel line {fuel!r}: say which electricity line takes over its demand with to = 'line id' "
                      f"(segment {by_id[fuel].segment!r} has {len(same)} electricity lines)")
            return {}
        out[fuel] = same[0].id
    return {"to": out}


ALL_KINDS = tuple(LINE_SCOPES)
LEVER_TYPES = {t.name: t for t in (
    LeverType("growth", {"rate": RATE, "elasticity": RATIO}, ("driver", "from", "until"), ALL_KINDS, ALL_KINDS,
              effects.grow, (("rate", "driver"),), check=_check_growth,
              summary="activity grows: a rate a year, or with a driver (revenue, output ...)"),
    LeverType("efficiency", {"rate": RATE}, ("from", "until"), ENERGY_KINDS, ENERGY_KINDS, effects.save_energy,
              required=("rate",), summary="energy per unit of activity changes by a rate a year"),
    LeverType("renewable", {"share": SHARE, "energy": ENERGY}, ("instrument",), (ELECTRICITY,), (ELECTRICITY,),
              effects.cover_with_renewables, (("share", "energy"),), ("instrument",), "MWh", check=_check_renewable,
              summary="renewable electricity covers a share or an amount of consumption (on-site, certificates, PPAs)"),
    LeverType("grid", {"rate": RATE, "factor": FACTOR}, ("from", "until"), (ELECTRICITY, HEAT), (ELECTRICITY,),
              effects.clean_grid, (("rate", "factor"),),
              summary="the grid's emission factor changes by a rate a year, or follows a series"),
    LeverType("electrification", {"share": SHARE, "efficiency_ratio": RATIO}, ("to",), (FUEL,), (FUEL,),
              effects.electrify, required=("share", "efficiency_ratio"), link=_receivers,
              summary="a share of a fuel is replaced by electricity (MWh electricity per MWh fuel: efficiency_ratio)"),
    LeverType("fugitive", {"rate": RATE, "leak_rate": SHARE, "baseline_leak_rate": SHARE}, ("from", "until"),
              (FUGITIVE,), (FUGITIVE,), effects.cut_leakage, (("rate", "leak_rate"),), check=_check_fugitive,
              summary="refrigerant leakage changes by a rate a year, or follows a leak-rate series"),
    LeverType("new_business", {"ramp": SHARE}, ("segment", "lines"), (), (), effects.ramp_in,
              required=("segment", "ramp", "lines"), lines=OWN,
              summary="new inventory lines ramp in (a share of their full size by year)"),
    LeverType("neutralisation", {"amount": MASS}, ("kind",), (), (), effects.buy_neutralisation, required=("kind", "amount"),
              price_per="t CO2e", lines=NO_LINES, neutralises="amount", check=_check_neutralisation,
              summary="removals or credits bought each year (counted by neutrality and net-zero targets only)"),
)}
SERIES_PARAMS = {"rate", "share", "energy", "factor", "leak_rate", "ramp", "amount"}


@dataclass(frozen=True)
class Selection:
    """Which lines a lever acts on: every criterion given must hold (values within one criterion are alternatives)."""

    criteria: tuple[tuple[str, tuple], ...] = ()

    def matches(self, line) -> bool:
        for key, values in self.criteria:
            got = {"segment": line.segment, "kind": line.kind, "scope": line.scope, "activity": line.activity,
                   "site": line.site, "lines": line.id}[key]
            if got not in values:
                return False
        return True

    def describe(self) -> str:
        return "; ".join(f"{k} {', '.join(map(str, v))}" for k, v in self.criteria) or "every line it can act on"


@dataclass(frozen=True)
class Cost:
    """Money a lever costs: capex (one-off: in its first year, or a series), opex and savings a year,
    and a price per unit it delivers (per MWh covered, per t CO2e bought)."""

    capex: Param | None = None
    opex: Param | None = None
    savings: Param | None = None
    price: Param | None = None


@dataclass(frozen=True)
class Lever:
    id: str
    type: str
    params: dict  # name -> Param
    selection: Selection
    line_ids: tuple[str, ...]  # the lines it acts on
    first_year: int | None = None  # "from": rates act from this year on
    last_year: int | None = None  # "until"
    driver: str = ""
    instrument: str = ""
    kind: str = ""  # neutralisation: removal or credit
    to: dict = field(default_factory=dict)  # electrification: fuel line id -> electricity line id
    segment: str = ""  # new_business
    new_lines: tuple = ()  # new_business: its lines (full size)
    cost: Cost | None = None
    description: str = ""
    source: str = ""
    assumption: str = ""
    file_line: int | None = None
    left_out: str = ""  # an optional lever that finds no line to act on: why it is left out of the run

    @property
    def leaves(self):
        out = [leaf for p in self.params.values() for leaf in leaves(p)]
        if self.cost is not None:
            out += [leaf for p in (self.cost.capex, self.cost.opex, self.cost.savings, self.cost.price) for leaf in leaves(p)]
        return tuple(out)

    @property
    def uncertain(self) -> bool:
        return any(leaf.uncertain for leaf in self.leaves)

    @property
    def spec(self) -> LeverType:
        return LEVER_TYPES[self.type]

    @property
    def changes_emissions(self) -> bool:
        return not self.spec.neutralises


@dataclass
class LeverContext:
    """What reading a lever needs from the rest of the scenario file."""

    report: Callable  # (key_path tuple relative to the file, message, lever id) -> None
    lines: tuple  # every line, the new businesses' included
    start_year: int
    horizon: int
    currency: str
    drivers: tuple[str, ...]
    declared_drivers: tuple[str, ...] = ()  # named under [drivers] though in error: the error is already said
    labels: FiscalYears = CALENDAR  # how the company labels its years: a series key may be "FY2030"
    renamed: dict = field(default_factory=dict)  # a line's former id a lever names -> its id now
    decimal: str = "."  # the scenario file's number format ([data] decimal): "12,5 %" under a decimal comma

    def line_id(self, value) -> str:
        """The id of the line ``value`` names: its id, or the id an inventory line had before ids wrote é as e
        ("...-usine-montr-al-..."), recorded in ``renamed`` so that the file can be told the id now."""
        if any(line.id == value for line in self.lines):
            return value
        found = [line.id for line in self.lines if line.former_id and line.former_id == value]
        if len(found) == 1:
            self.renamed[value] = found[0]
            return found[0]
        return value


def read_lever(index: int, raw: dict, ctx: LeverContext, new_lines: tuple = ()) -> Lever | None:
    """One ``[[levers]]`` table, checked; None (with problems reported) when it cannot be used."""
    here = ("levers", index)
    lever_id = str(raw.get("id", f"#{index + 1}"))
    problems = []

    def bad(key, message):
        key = key if isinstance(key, tuple) else ((key,) if key else ())
        problems.append(1)
        ctx.report(here + key, message, lever_id)

    if "id" not in raw:
        bad(None, "every lever needs an id (a short name used in results and goal seek)")
    kind_name = raw.get("type")
    if not isinstance(kind_name, str) or kind_name not in LEVER_TYPES:
        hint = did_you_mean(kind_name, LEVER_TYPES) if isinstance(kind_name, str) else ""
        bad("type", f"{kind_name!r} is not a lever type{hint}; types are "
                    f"{', '.join(LEVER_TYPES)}" if kind_name is not None else
            f"missing; every lever needs a type: {', '.join(LEVER_TYPES)}")
        return None
    spec = LEVER_TYPES[kind_name]
    _check_keys(raw, spec, bad)
    years = (ctx.start_year, ctx.horizon)
    params = {}
    for key, kind in spec.params.items():
        if key not in raw:
            continue
        param = parse_param(raw[key], kind, f"levers.{lever_id}.{key}", lambda w, m: bad(w, m), (key,),
                            series=key in SERIES_PARAMS, years=years, labels=ctx.labels, decimal=ctx.decimal)
        if param is None:
            problems.append(1)
        else:
            params[key] = param
    fields = spec.check(raw, ctx, bad)
    first, last = _years(raw, ctx, bad)
    cost = _read_cost(raw.get("cost"), spec, lever_id, ctx, bad, years)
    selection, line_ids = Selection(), ()
    if spec.lines == OWN:
        fields["segment"] = str(raw.get("segment", ""))
        line_ids = tuple(line.id for line in new_lines)
        if "applies_to" in raw:
            bad("applies_to", "a new business brings its own lines; name them under lines")
    elif spec.lines == SELECTED:
        selection, line_ids, missed = _select_optional(raw, spec, ctx, bad)
        if missed and not problems:  # optional, and no line of this workspace fits: left out, with a note
            return Lever(id=lever_id, type=kind_name, params=params, selection=selection, line_ids=(),
                         assumption=str(raw.get("assumption", "")), left_out=missed)
        if spec.link is not None and line_ids:
            fields.update(spec.link(raw, line_ids, ctx, bad))
    elif "applies_to" in raw:
        bad("applies_to", "removals and credits are counted against targets, not against inventory lines")
    if problems:
        return None
    return Lever(
        id=lever_id, type=kind_name, params=params, selection=selection, line_ids=line_ids, first_year=first,
        last_year=last, new_lines=tuple(new_lines), cost=cost, description=str(raw.get("description", "")),
        source=str(raw.get("source", "")), assumption=str(raw.get("assumption", "")), **fields,
    )


def _check_keys(raw: dict, spec: LeverType, bad: Callable) -> None:
    """The rules every type follows: known keys, a source or assumption, one of each group, required keys."""
    for key in raw:
        if key not in spec.keys:
            bad(key, f"not a key of {spec.name} levers{did_you_mean(key, spec.keys)}; they take "
                     f"{', '.join(k for k in spec.keys if k not in ('id', 'type'))}")
    if not (raw.get("source") or raw.get("assumption")):
        bad(None, "say where this lever comes from: source = '...' (the sentence it encodes) or "
                  "assumption = '...' (why this value)")
    for group in spec.one_of:
        given = [k for k in group if k in raw]
        if len(given) != 1:
            bad(given[1] if len(given) > 1 else None,
                f"give exactly one of {' or '.join(group)}" + (", not both" if len(given) > 1 else ""))
    for key in spec.required:
        if key not in raw:
            bad(None, f"{key} is missing; a {spec.name} lever needs {', '.join(spec.required)}")


def _years(raw, ctx: LeverContext, bad) -> tuple[int | None, int | None]:
    first, last = raw.get("from"), raw.get("until")
    for key, value in (("from", first), ("until", last)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not ctx.start_year < value <= ctx.horizon):
            bad(key, f"{value!r} is not a year after the start year {ctx.labels.label_of(ctx.start_year)} and up to "
                     f"the horizon {ctx.labels.label_of(ctx.horizon)}")
            return None, None
    if first is not None and last is not None and last < first:
        bad("until", f"{last} is before from = {first}")
    return first, last


def _select_optional(raw: dict, spec: LeverType, ctx: LeverContext, bad) -> tuple[Selection, tuple[str, ...], str]:
    """The lever's selection and lines; for an ``optional = true`` lever that finds nothing of this workspace to act
    on, why (its first miss) instead of a problem."""
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        bad("optional", f"{optional!r} is not true or false")
    misses: list[str] = []
    selection, line_ids = _select(raw.get("applies_to", {}), spec, ctx, bad,
                                  miss=(lambda key, message: misses.append(message)) if optional is True else bad)
    return selection, line_ids, misses[0] if misses else ""


def _select(raw, spec: LeverType, ctx: LeverContext, bad, miss=None) -> tuple[Selection, tuple[str, ...]]:
    """The selection and the lines it picks. ``miss`` hears that nothing of this workspace fits (a value no line
    has, or no line the type acts on; an optional lever is then left out); ``bad`` every other problem."""
    miss = miss or bad
    if not isinstance(raw, dict):
        bad("applies_to", "must be a table, e.g. applies_to = { segment = 'ev_factory', kind = 'electricity' }")
        return Selection(), ()
    criteria = []
    known = {
        "segment": sorted({line.segment for line in ctx.lines}), "kind": list(LINE_SCOPES),
        "scope": [1, 2, 3], "activity": sorted({line.activity for line in ctx.lines}),
        "site": sorted({line.site for line in ctx.lines if line.site}), "lines": [line.id for line in ctx.lines],
    }
    ok = True
    for key, value in raw.items():
        if key not in SELECTION_KEYS:
            bad(("applies_to", key), f"unknown key{did_you_mean(key, SELECTION_KEYS)}; select by "
                                     f"{', '.join(SELECTION_KEYS)}")
            ok = False
            continue
        values = tuple(value) if isinstance(value, list) else (value,)
        if key == "lines":
            values = tuple(ctx.line_id(str(v)) for v in values)
        for v in values:
            if v not in known[key]:
                listed = ", ".join(map(str, known[key])) or "none"
                if key == "segment":
                    why = f"segment {v!r} has no data: no line of the starting inventory is in it (segments with lines: {listed})"
                elif key == "lines":
                    why = f"{v!r} is not a line id (lines: {listed})"
                else:
                    plural = "activities" if key == "activity" else f"{key}s"
                    why = f"{v!r}: no line has this {key} ({plural}: {listed})"
                miss(("applies_to", key), why + did_you_mean(v, [str(k) for k in known[key]]))
                ok = False
        criteria.append((key, values))
    selection = Selection(tuple(criteria))
    if not ok:
        return selection, ()
    chosen = [line for line in ctx.lines if selection.matches(line)]
    kinds = spec.default_kinds if not any(k == "kind" for k, _ in criteria) else spec.acts_on
    usable = [line for line in chosen if line.kind in kinds and line.kind in spec.acts_on]
    if not usable:
        what = ", ".join(f"{line.id} ({line.kind})" for line in chosen) or "no line"
        miss("applies_to" if raw else None,
             f"{'an' if spec.name[0] in 'aeiou' else 'a'} {spec.name} lever acts on {' or '.join(spec.acts_on)} lines, "
             f"and it selects {what}")
    return selection, tuple(line.id for line in usable)


def _read_cost(raw, spec: LeverType, lever_id: str, ctx: LeverContext, bad, years) -> Cost | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        bad("cost", "must be a table: cost = { capex = '12 million RMB', opex = '...', savings = '...' }")
        return None
    allowed = COST_KEYS if spec.price_per else COST_KEYS[:3]
    values = {}
    for key, value in raw.items():
        if key not in allowed:
            extra = "" if spec.price_per else f" (a {spec.name} lever has no unit price)"
            bad(("cost", key), f"unknown key{did_you_mean(key, allowed)}; costs are {', '.join(allowed)}{extra}")
            continue
        kind: Kind = price(ctx.currency, spec.price_per) if key == "price" else money(ctx.currency)
        values[key] = parse_param(value, kind, f"levers.{lever_id}.cost.{key}", lambda w, m: bad(("cost",) + w, m),
                                  (key,), years=years, labels=ctx.labels, decimal=ctx.decimal)
    return Cost(**values)
