"""A scenario's starting lines built from the workspace's own inventory, not retyped by hand.

Why: a company with activity data has its start year computed already; retyping it as
lines (gas converted to MWh by hand, one Scope 2 figure per line) drifts from the inventory.
Here each (segment, site, activity, region) of the start year becomes one line carrying
the inventory's own energy and emissions: fuels their MWh and Scope 1, electricity and heat
their MWh and location-based Scope 2 (the grid factor is emissions over energy), with the
electricity bought under certificates, PPAs or generated on site held as contracts, and the
rest priced market-based as the inventory prices it (a residual mix, a supplier's own
factor), so that the first projected year equals the inventory under both Scope 2 methods.
Levers that clean the grid move that market-based factor in the same proportion.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.errors import ConfigError, counted
from ghgcalc.scenarios.lines import ELECTRICITY, FUEL, FUGITIVE, HEAT, PROCESS, VALUE_CHAIN, Line
from ghgcalc.workspace.config import Workspace
from ghgcalc.workspace.pipeline import inventory_for_workspace

LINE_KIND = {"combustion": FUEL, "direct_gas": FUGITIVE, "electricity": ELECTRICITY, "heat": HEAT, "upstream": VALUE_CHAIN,
             "use_phase": VALUE_CHAIN, "end_of_life": VALUE_CHAIN}
REPORTED_KIND = {"1": PROCESS, "3": VALUE_CHAIN}
GROUP = (C.SEGMENT, C.SITE, C.ACTIVITY, C.REGION)


def lines_from_inventory(workspace: Workspace, year: int) -> tuple[Line, ...]:
    """One line per (segment, site, activity, region) of the workspace's inventory in ``year``."""
    if not workspace.activity_files:
        raise ConfigError(f"{workspace.name}: start_from = 'inventory' needs activity data ([data] activity)")
    run = inventory_for_workspace(workspace, years=[year])
    if len(run.result.rejected):
        raise ConfigError(f"{workspace.name}: {counted(run.result.rows_rejected, 'activity row')} {'is' if run.result.rows_rejected == 1 else 'are'} rejected; the scenario "
                          "starts from the inventory only when every row is computed (see ghgcalc inventory)")
    totals, energy = run.result.totals, run.result.energy
    if not len(totals):
        label = workspace.fiscal_years.label_of
        whole = inventory_for_workspace(workspace).result
        if not whole.rows_in:  # a header and no rows: there is no year to choose, only rows to add
            files = ", ".join(p.name for p in workspace.activity_files)
            raise ConfigError(f"{workspace.name}: {files} {'has' if len(workspace.activity_files) == 1 else 'have'} "
                              f"no rows (a header only), so a scenario that starts from the inventory "
                              f"(start_from = 'inventory') has nothing to start from: add the activity rows")
        held = sorted(whole.totals[C.YEAR].unique().tolist())
        raise ConfigError(f"{workspace.name}: the inventory has no emissions in {label(year)}, the scenario's "
                          f"start_year; it has {', '.join(map(label, held)) or 'none'}: set start_year under "
                          f"[scenario] to one of them")
    kinds = run.library.activities["kind"].astype(str)
    source = f"inventory of {', '.join(run.inputs)} ({workspace.fiscal_years.label_of(year)}, {run.result.gwp_set})"
    lines, seen = [], set()
    for key, part in _groups(totals):
        segment, site, activity, region = key
        kind = kinds.get(activity, "")
        mwh = _energy_of(energy, key)
        for line in _lines_of(kind, part, mwh, key, source):
            if line.id in seen:
                raise ConfigError(f"{workspace.name}: two inventory lines would be called {line.id!r}")
            seen.add(line.id)
            lines.append(line)
    return tuple(lines)


def _groups(frame: pd.DataFrame):
    keyed = frame.assign(**{c: frame[c].astype(object).fillna("").astype(str) for c in GROUP})
    return keyed.groupby(list(GROUP), sort=True)


def _energy_of(energy: pd.DataFrame | None, key: tuple) -> tuple[float, float]:
    """(all MWh, MWh under a renewable instrument) of one group."""
    if energy is None or not len(energy):
        return 0.0, 0.0
    mask = pd.Series(True, index=energy.index)
    for column, value in zip(GROUP, key):
        mask &= energy[column].astype(object).fillna("").astype(str) == value
    part = energy.loc[mask]
    return float(part["energy_mwh"].sum()), float(part.loc[part["renewable"].astype(bool), "energy_mwh"].sum())


def _lines_of(kind: str, part: pd.DataFrame, mwh: tuple[float, float], key: tuple, source: str) -> list[Line]:
    """The group's lines, each with the id the group had before ids wrote é as e (dropping it), where it differs."""
    name = "-".join(v for v in key if v)
    ident, former = line_id(name), _former_id(name)
    return [replace(line, former_id=former + line.id[len(ident):]) if former != ident else line
            for line in _built(kind, part, mwh, key, source, ident)]


def _built(kind: str, part: pd.DataFrame, mwh: tuple[float, float], key: tuple, source: str,
           ident: str) -> list[Line]:
    segment, site, activity, region = key
    where = dict(segment=segment, activity=activity, site=site, source=f"{source}: {activity}"
                 + (f" in {region}" if region else "") + (f", {site}" if site else ""))
    scope = part[C.SCOPE].astype(str)
    if kind == "reported":
        out = []
        for number, line_kind in REPORTED_KIND.items():
            co2e = float(part.loc[scope == number, C.CO2E_T].sum())
            if co2e:
                out.append(Line(id=f"{ident}-scope{number}", kind=line_kind, co2e_t=co2e, **where))
        if (scope == "2").any():
            raise ConfigError(f"{activity} rows give Scope 2 as printed emissions, without the energy a scenario "
                              f"line needs ({segment or 'whole boundary'}); type that line under [[lines]] instead")
        return out
    line_kind = LINE_KIND.get(kind)
    if line_kind is None:
        return []
    if line_kind in (ELECTRICITY, HEAT):
        total, renewable = mwh
        method = part[C.SCOPE2_METHOD].astype(str)
        location = float(part.loc[method == C.LOCATION, C.CO2E_T].sum())
        factor = location / total if total else 0.0
        if line_kind == HEAT:
            return [Line(id=ident, kind=HEAT, energy_mwh=total, co2e_t=location, factor=factor, **where)]
        market, uncovered = float(part.loc[method == C.MARKET, C.CO2E_T].sum()), total - renewable
        market_factor = market / uncovered if uncovered > 0 else None  # residual mix, supplier factors: as inventoried
        return [Line(id=ident, kind=ELECTRICITY, energy_mwh=total, co2e_t=location, factor=factor,
                     market_factor=market_factor, contracts_mwh=renewable, **where)]
    co2e = float(part[C.CO2E_T].sum())
    if line_kind == FUEL:
        total = mwh[0]
        return [Line(id=ident, kind=FUEL, energy_mwh=total, co2e_t=co2e, factor=co2e / total if total else 0.0, **where)]
    return [Line(id=ident, kind=line_kind, co2e_t=co2e, **where)]


def line_id(text: str) -> str:
    """An inventory line's id from its segment, site, activity and region: lower case, words joined by "-",
    accented letters as their base letter (Unicode decomposition: "Usine Montréal" -> "usine-montreal"), and
    letters with no such form, as Chinese or Japanese, kept as they are (no transliteration: a reader finds
    "智能手机" in the id as the activity file writes it)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "-", plain).strip("-").lower() or "line"


def _former_id(text: str) -> str:
    """The id before 2026-12-06, every letter outside A-Z dropped ("usine-montr-al"): scenario files written then
    keep working (the lever that names one is read as naming the line, and ``check`` notes its id now)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "line"
