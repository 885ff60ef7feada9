"""The starting inventory of a scenario: its lines, how one is read, and how they add up to the workspace's totals.

A line is one fuel, refrigerant, electricity supply ... of a segment in the start year.
Reports publish totals, so lines are usually a split of them; every line says where it
comes from (``source``) or that it is an ``assumption``, and the start-year totals of the
lines are set beside the workspace's figures (:func:`reconcile`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

from ghgcalc.core.tomlfile import locate_line
from ghgcalc.errors import ConfigError, did_you_mean

FUEL, FUGITIVE, PROCESS, ELECTRICITY, HEAT, VALUE_CHAIN = "fuel", "fugitive", "process", "electricity", "heat", "value_chain"
LINE_SCOPES = {FUEL: 1, FUGITIVE: 1, PROCESS: 1, ELECTRICITY: 2, HEAT: 2, VALUE_CHAIN: 3}
ENERGY_KINDS = (FUEL, ELECTRICITY, HEAT)
INSTRUMENTS = ("onsite", "certificate", "ppa")
LINE_KEYS = ("id", "kind", "segment", "activity", "site", "energy", "co2e", "co2e_location", "co2e_market",
             "renewable", "instrument", "source", "assumption", "note")
RECONCILED = ("scope1", "scope2", "energy_direct", "energy_indirect", "energy_renewable")


@dataclass(frozen=True)
class Line:
    """One line of the starting inventory, in the start year.

    Energy lines carry their energy (MWh) and an emission factor (t CO2e per MWh, the
    location-based grid factor for electricity); other lines carry their emissions.
    ``onsite_mwh`` and ``contracts_mwh`` are renewable electricity already in place
    (on-site generation; certificates and PPAs), held in later years.
    """

    id: str
    kind: str
    segment: str
    activity: str
    site: str = ""
    energy_mwh: float = 0.0
    co2e_t: float = 0.0  # non-energy lines: emissions; energy lines: location-based emissions
    factor: float = 0.0  # t CO2e / MWh (energy lines)
    market_factor: float | None = None  # electricity not under a renewable contract, market-based: residual mix or
    # supplier factors as the inventory gives them; None: the grid factor
    onsite_mwh: float = 0.0
    contracts_mwh: float = 0.0
    source: str = ""
    assumption: str = ""
    file_line: int | None = None
    former_id: str = ""  # the id an inventory line had before ids wrote é as e (it dropped it), where it differs

    @property
    def scope(self) -> int:
        return LINE_SCOPES[self.kind]

    @property
    def market_co2e_t(self) -> float:
        if self.kind != ELECTRICITY:
            return self.co2e_t
        return max(self.energy_mwh - self.onsite_mwh - self.contracts_mwh, 0.0) * self.uncovered_factor

    @property
    def uncovered_factor(self) -> float:
        """t CO2e per MWh of electricity not covered by a renewable contract, market-based."""
        return self.factor if self.market_factor is None else self.market_factor


class QuantityReader(Protocol):
    """What reading a line needs from the scenario file's reader."""

    text: str

    def problem(self, key_path: tuple, message: str, who: str | None = None, *, depth: int = 2,
                label: str = "lever") -> None: ...

    def quantity(self, raw, where: tuple, unit: str | None, report=None) -> tuple[float, str] | None: ...


def read_line(spec, here: tuple, segment: str | None, reader: QuantityReader) -> Line | None:
    """One ``[[lines]]`` table (or a new business's line, in ``segment``), checked; None when it cannot be used."""
    if not isinstance(spec, dict):
        reader.problem(here, "must be a table with id, kind, segment and figures")
        return None
    who = str(spec.get("id", f"#{here[-1] + 1}"))
    problems = []

    def report(key_path, message):
        problems.append(message)
        reader.problem(key_path, message, who, depth=len(here), label="line")

    def bad(key, message):
        report(here + ((key,) if key else ()), message)

    for key in spec:
        if key not in LINE_KEYS:
            bad(key, f"unknown key{did_you_mean(key, LINE_KEYS)}")
    kind = spec.get("kind")
    if not isinstance(kind, str) or kind not in LINE_SCOPES:
        hint = did_you_mean(kind, LINE_SCOPES) if isinstance(kind, str) else ""
        bad("kind", f"{kind!r} is not a kind of line{hint}; kinds are "
                    f"{', '.join(LINE_SCOPES)}")
        return None
    if "id" not in spec:
        bad(None, "every line needs an id")
    if not (spec.get("source") or spec.get("assumption")):
        bad(None, "say where this line comes from: source = '...' (the sentence it encodes) or "
                  "assumption = '...' (how it was split from a reported total)")
    if segment is not None and spec.get("segment", segment) != segment:
        bad("segment", f"a new business's lines are in its segment {segment!r}")
    co2e, given = _emissions(spec, kind, here, reader, report, bad)
    energy = _energy(spec, kind, here, reader, report, bad)
    onsite, contracts = _renewable(spec, kind, here, reader, report, bad)
    if problems:
        return None
    factor = 0.0
    if kind in ENERGY_KINDS:
        covered = onsite if given != "co2e_market" else onsite + contracts
        if covered >= energy:
            bad("renewable", f"covers all {energy:,.2f} MWh, so the grid factor cannot be found from the emissions")
            return None
        factor = co2e / (energy - covered)
        co2e = factor * (energy - onsite)
    return Line(id=str(spec["id"]), kind=kind, segment=str(spec.get("segment", segment or "")),
                activity=str(spec.get("activity", kind)), site=str(spec.get("site", "")), energy_mwh=energy,
                co2e_t=co2e, factor=factor, onsite_mwh=onsite, contracts_mwh=contracts,
                source=str(spec.get("source", "")), assumption=str(spec.get("assumption", "")),
                file_line=locate_line(reader.text, here))


def _emissions(spec: dict, kind: str, here: tuple, reader: QuantityReader, report: Callable,
               bad: Callable) -> tuple[float, str]:
    """The start-year emissions (t CO2e) and the key they were given under."""
    co2e_keys = ("co2e_location", "co2e_market") if kind == ELECTRICITY else ("co2e",)
    for key in ("co2e", "co2e_location", "co2e_market"):
        if key in spec and key not in co2e_keys:
            bad(key, "an electricity line says which Scope 2 method its emissions are: co2e_location or "
                     "co2e_market" if kind == ELECTRICITY else f"a {kind} line gives its emissions as co2e")
    given = [k for k in co2e_keys if k in spec]
    if len(given) != 1:
        bad(None, f"give its start-year emissions as {' or '.join(co2e_keys)}" + (", not both" if len(given) > 1 else ""))
        return 0.0, ""
    got = reader.quantity(spec[given[0]], here + (given[0],), "t CO2e", report)
    co2e = got[0] if got else 0.0
    if got and co2e < 0:
        bad(given[0], "emissions cannot be negative")
    return co2e, given[0]


def _energy(spec: dict, kind: str, here: tuple, reader: QuantityReader, report: Callable, bad: Callable) -> float:
    """The start-year energy (MWh) of an energy line; 0 for the others."""
    if kind not in ENERGY_KINDS:
        if "energy" in spec:
            bad("energy", f"a {kind} line has no energy; its emissions scale with activity")
        return 0.0
    if "energy" not in spec:
        bad(None, f"a {kind} line needs its start-year energy: energy = '4,779.79 MWh' or a workspace figure")
        return 0.0
    got = reader.quantity(spec["energy"], here + ("energy",), "MWh", report)
    energy = got[0] if got else 0.0
    if got and energy <= 0:
        bad("energy", "must be above zero")
    return energy


def _renewable(spec: dict, kind: str, here: tuple, reader: QuantityReader, report: Callable,
               bad: Callable) -> tuple[float, float]:
    """Renewable electricity already in place: (on-site MWh, certificates and PPAs MWh)."""
    if "renewable" not in spec:
        return 0.0, 0.0
    if kind != ELECTRICITY:
        bad("renewable", "only electricity lines carry renewable electricity")
        return 0.0, 0.0
    got = reader.quantity(spec["renewable"], here + ("renewable",), "MWh", report)
    instrument = str(spec.get("instrument", ""))
    if instrument not in INSTRUMENTS:
        bad("instrument", f"{instrument!r} is not an instrument{did_you_mean(instrument, INSTRUMENTS)}; "
                          f"say how the start-year renewable electricity is sourced: {', '.join(INSTRUMENTS)}")
    elif got is not None:
        return (got[0], 0.0) if instrument == "onsite" else (0.0, got[0])
    return 0.0, 0.0


@dataclass(frozen=True)
class Reconciliation:
    """A start-year total of the lines beside the workspace's figure for it."""

    metric: str
    segment: str
    scenario: float
    workspace: float | None
    low: float | None
    high: float | None
    source: str
    fails_audit: tuple[str, ...] = ()  # printed figures in the workspace's figure that the audit finds wrong

    @property
    def agrees(self) -> bool | None:
        if self.workspace is None:
            return None
        slack = 1e-9 * max(1.0, abs(self.workspace))
        return self.low - slack <= self.scenario <= self.high + slack


def reconcile(lines, year: int, observations, method: str) -> tuple[Reconciliation, ...]:
    """Start-year totals of the lines beside the workspace's figures, for the whole and each segment with figures."""
    def total(metric, segment):
        chosen = [l for l in lines if not segment or l.segment == segment]
        if metric == "scope1":
            return sum(l.co2e_t for l in chosen if l.scope == 1)
        if metric == "scope2":
            return sum(l.market_co2e_t if method == "market" else l.co2e_t for l in chosen if l.scope == 2)
        if metric == "energy_direct":
            return sum(l.energy_mwh for l in chosen if l.kind == FUEL)
        if metric == "energy_indirect":
            return sum(l.energy_mwh for l in chosen if l.kind in (ELECTRICITY, HEAT))
        return sum(min(l.onsite_mwh + l.contracts_mwh, l.energy_mwh) for l in chosen)

    rows = []
    for segment in [""] + sorted({l.segment for l in lines if l.segment}):
        for metric in RECONCILED:
            try:
                found = observations.figure(metric, year, segment)
            except ConfigError:  # an inventory holds Scope 2 both ways: take the scenario's method
                found = observations.figure(metric, year, segment, scope2_method=method)
            if segment and found.missing:
                continue
            figure = found.figure
            rows.append(Reconciliation(metric, segment, total(metric, segment),
                                       None if figure is None else figure.value,
                                       None if figure is None else figure.low, None if figure is None else figure.high,
                                       found.source, found.fails_audit))
    return tuple(rows)
