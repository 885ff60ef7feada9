"""Cited factor datasets: loading, validation, and look-up with explicit fallback rules.

A dataset is ``NAME.csv`` (tidy, plain pandas) plus ``NAME.toml`` (who published it,
which document and table, edition, licence). Every value used in a calculation is a
row of such a file, and the look-up says which row, and by which rule, it chose.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ghgcalc.core import units
from ghgcalc.errors import ConfigError, FactorNotFoundError, InputError, Problem, ProblemCollector, did_you_mean
from ghgcalc.core.shipped import shipped_dir
from ghgcalc.core.textfile import parse_csv, read_text
from ghgcalc.factors.choices import FactorChoice, PropertyChoice, PublishedFactor
from ghgcalc.factors import kept
from ghgcalc.factors.gwp import build_gwp_sets
from ghgcalc.factors.lookup import table_rows
from ghgcalc.factors.missing import factor_not_found
from ghgcalc.factors.regions import load_regions

KINDS = {
    "emission_factors": ("factor_id", "activity", "region", "gas", "year_from", "year_to", "value", "unit", "source_id"),
    "properties": ("property_id", "activity", "region", "property", "year_from", "year_to", "value", "unit", "source_id"),
    "gwp": ("metric", "gas", "value", "source_id"),
    "blends": ("blend", "component", "mass_fraction", "source_id"),
    "aliases": ("alias", "gas"),
    "activities": ("activity", "scope", "scope3_category", "kind", "market_activity", "origin", "allow_negative", "description"),
    # A publisher's whole table as published (e.g. the DESNZ flat file): rows addressed by the
    # publisher's own ID, descriptive columns free; region and years are the sidecar's.
    "published_factors": ("factor_id", "gas", "value", "unit", "source_id"),
}
PUBLISHED = "published_factors"
PUBLISHED_META = ("region", "year_from", "year_to")
REQUIRED_META = ("id", "kind", "title", "publisher", "edition", "licence", "retrieved")
ACTIVITY_KINDS = ("combustion", "electricity", "heat", "direct_gas", "reported", "upstream", "use_phase", "end_of_life")
ORIGINS = ("", "fossil", "biogenic")
PROPERTIES = ("ncv", "density", "coal_equivalent")
CONVERSION_PROPERTIES = ("ncv", "density")  # coal equivalents are for energy totals, not emissions
FACTOR_ONLY_ACTIVITIES = ("electricity.residual_mix", "electricity.baseline_om", "electricity.baseline_bm")
GLOBAL = "*"

# Fallback rules, each used only when the caller names it: two widen a factor look-up, one takes
# spend of another year at face value for a factor priced in one year (ghgcalc.inventory.spend),
# one lets a row use a published table of another edition than its year's (ghgcalc.inventory.scope3).
PARENT_REGION = "parent_region"
LATEST_EARLIER_YEAR = "latest_earlier_year"
NOMINAL_SPEND = "nominal_spend"
OTHER_EDITION = "other_edition"
MIXED_GWP = "mixed_gwp"  # a published CO2e of another GWP set kept as published (ghgcalc.inventory.published_gwp)
LOOKUP_FALLBACK_RULES = (PARENT_REGION, LATEST_EARLIER_YEAR)
FALLBACK_RULES = LOOKUP_FALLBACK_RULES + (NOMINAL_SPEND, OTHER_EDITION, MIXED_GWP)


@dataclass(frozen=True)
class Dataset:
    """One cited data file and its provenance."""

    id: str
    kind: str
    path: Path
    meta: dict
    sources: dict
    frame: pd.DataFrame = field(repr=False, compare=False)
    sha256: str

    @property
    def citation(self) -> str:
        return f"{self.meta['publisher']}, {self.meta['title']} ({self.meta['edition']}); licence: {self.meta['licence']}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_dataset(csv_path: str | Path) -> Dataset:
    """Read and validate one dataset; every problem in the file is reported at once.

    Why cached: every command (a report runs several) loads the same datasets; one is read again when its file or sidecar changes.
    """
    csv_path = Path(csv_path)
    try:
        stamps = tuple((s.st_mtime_ns, s.st_size) for s in (csv_path.stat(), csv_path.with_suffix(".toml").stat()))
    except OSError:
        return _read_dataset(csv_path)  # reports the missing file or sidecar
    return _cached_dataset(csv_path.resolve(), stamps)


@lru_cache(maxsize=128)
def _cached_dataset(csv_path: Path, stamps: tuple) -> Dataset:
    return _read_dataset(csv_path)


def _read_dataset(csv_path: Path) -> Dataset:
    sidecar = csv_path.with_suffix(".toml")
    problems = ProblemCollector(csv_path.name)
    if not sidecar.exists():
        raise ConfigError(f"{csv_path.name}: no provenance file {sidecar.name} beside it; every dataset cites its source")
    name, sha256, found = kept.look_up(csv_path, sidecar)  # validated before, unchanged since: read back
    if found is not None:
        meta, sources, frame = found
        return Dataset(meta["id"], meta["kind"], csv_path, meta, sources, frame, sha256)
    try:
        meta_doc = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{sidecar.name}: not valid TOML ({exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{sidecar.name}: not UTF-8 text (byte {exc.start}); a TOML file is UTF-8") from None
    meta = meta_doc.get("dataset", {})
    if not isinstance(meta, dict) or not isinstance(meta_doc.get("sources", {}), dict):
        raise ConfigError(f"{sidecar.name}: [dataset] and [sources] must be tables")
    wrong = [f"{k} = {meta[k]!r} (text in quotes)" for k in REQUIRED_META + ("region",) if k in meta and not isinstance(meta[k], str)]
    wrong += [f"{k} = {meta[k]!r} (a whole year)" for k in ("year_from", "year_to", "price_year")
              if k in meta and (not isinstance(meta[k], int) or isinstance(meta[k], bool))]
    if wrong:
        raise ConfigError(f"{sidecar.name}: [dataset] {'; '.join(wrong)}")
    missing = [k for k in REQUIRED_META if not str(meta.get(k, "")).strip()]
    if missing:
        raise ConfigError(f"{sidecar.name}: [dataset] lacks {', '.join(missing)}")
    kind = meta["kind"]
    if kind not in KINDS:
        raise ConfigError(f"{sidecar.name}: kind {kind!r} is not one of {', '.join(KINDS)}{did_you_mean(kind, KINDS)}")
    if kind == PUBLISHED and (absent_meta := [k for k in PUBLISHED_META if k not in meta]):
        raise ConfigError(f"{sidecar.name}: a {kind} dataset's [dataset] names {', '.join(absent_meta)}")
    sources = meta_doc.get("sources", {})
    try:  # rows with more cells than the header: a traceback, or (all of them) a silent shift of every column
        frame = parse_csv(read_text(csv_path).text)  # encoding detected
        shifted = not isinstance(frame.index, pd.RangeIndex)
    except pd.errors.EmptyDataError:
        raise InputError([Problem(csv_path.name, None, None, None, "is empty: the first line must name the columns")]) from None
    except pd.errors.ParserError as exc:
        shifted = str(exc).split("error: ")[-1].strip()
    if shifted:
        where = f" ({shifted})" if isinstance(shifted, str) else ""
        raise InputError([Problem(csv_path.name, None, None, None, f"rows have more cells than the header names{where}; "
                                  "a cell holding a comma must be in double quotes")])
    absent = [c for c in KINDS[kind] if c not in frame.columns]
    if absent:
        raise InputError([Problem(csv_path.name, None, c, None, f"missing column {c!r} (a {kind} file needs {', '.join(KINDS[kind])})") for c in absent])
    frame = _validate_frame(frame, kind, sources, problems)
    problems.raise_if_any()
    if name is not None:
        kept.keep(name, meta, sources, frame)
    return Dataset(meta["id"], kind, csv_path, meta, sources, frame, sha256 or _sha256(csv_path))


def _numbers(frame: pd.DataFrame, column: str, problems: ProblemCollector, *, integer: bool = False) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if integer:
        bad |= values.notna() & (values % 1 != 0)
    for idx in np.flatnonzero(bad.to_numpy()):
        expected = "a whole number" if integer else "a number"
        problems.add(int(idx) + 2, column, frame[column].iat[idx], f"{frame[column].iat[idx]!r} is not {expected}")
    return values


def _validate_frame(frame: pd.DataFrame, kind: str, sources: dict, problems: ProblemCollector) -> pd.DataFrame:
    frame = frame.copy()
    if "source_id" in frame.columns:
        source_ids = frame["source_id"].tolist()  # plain values: a row at a time through pandas costs ~0.1 ms
        for idx, sid in enumerate(source_ids):
            if sid not in sources:
                problems.add(idx + 2, "source_id", sid, f"source {sid!r} is not described in the sidecar [sources]{did_you_mean(sid, sources)}")
    if kind in ("emission_factors", "properties"):
        frame["value"] = _numbers(frame, "value", problems)
        frame["year_from"] = _numbers(frame, "year_from", problems, integer=True)
        frame["year_to"] = _numbers(frame, "year_to", problems, integer=True)
        for idx in np.flatnonzero((frame["year_from"] > frame["year_to"]).to_numpy()):
            problems.add(int(idx) + 2, "year_to", frame["year_to"].iat[idx], "year_to is before year_from")
        for idx in np.flatnonzero((frame["value"] < 0).to_numpy()):
            problems.add(int(idx) + 2, "value", frame["value"].iat[idx], "a factor cannot be negative")
        id_column = "factor_id" if kind == "emission_factors" else "property_id"
        for idx in np.flatnonzero(frame[id_column].duplicated().to_numpy()):
            problems.add(int(idx) + 2, id_column, frame[id_column].iat[idx], "duplicate id")
        gas_column = frame["gas"].tolist() if kind == "emission_factors" else [None] * len(frame)
        verdicts: dict = {}  # (unit, gas) -> the problem with it, or "": each distinct pair is checked once
        for idx, (text, gas) in enumerate(zip(frame["unit"].tolist(), gas_column)):
            if (text, gas) not in verdicts:
                verdicts[(text, gas)] = _unit_problem(text, gas)
            if verdicts[(text, gas)]:
                problems.add(idx + 2, "unit", text, verdicts[(text, gas)])
        if kind == "properties":
            for idx in np.flatnonzero(~frame["property"].isin(PROPERTIES).to_numpy()):
                value = frame["property"].iat[idx]
                problems.add(int(idx) + 2, "property", value, f"{value!r} is not one of {', '.join(PROPERTIES)}{did_you_mean(value, PROPERTIES)}")
    elif kind == "gwp":
        frame["value"] = _numbers(frame, "value", problems)
    elif kind == "blends":
        frame["mass_fraction"] = _numbers(frame, "mass_fraction", problems)
    elif kind == "activities":
        for idx in np.flatnonzero(~frame["kind"].isin(ACTIVITY_KINDS).to_numpy()):
            value = frame["kind"].iat[idx]
            problems.add(int(idx) + 2, "kind", value, f"{value!r} is not one of {', '.join(ACTIVITY_KINDS)}")
        for idx in np.flatnonzero(~frame["origin"].isin(ORIGINS).to_numpy()):
            value = frame["origin"].iat[idx]
            problems.add(int(idx) + 2, "origin", value, f"{value!r} is not fossil, biogenic or empty")
    elif kind == PUBLISHED:
        _validate_published(frame, problems)
    if "gas" in frame.columns and kind in ("emission_factors", "gwp", "aliases"):
        known = units.known_gases()
        for idx in np.flatnonzero(~frame["gas"].isin(known).to_numpy()):
            value = frame["gas"].iat[idx]
            problems.add(int(idx) + 2, "gas", value, f"{value!r} is not a gas ghgcalc knows{did_you_mean(value, known)}")
    return frame


def _unit_problem(text, gas: str | None) -> str:
    """What is wrong with a factor's unit ("" if nothing): not a unit, or (``gas`` given) not a mass of that gas per unit."""
    try:
        quantity = units.parse_unit(text)
    except units.UnitError as exc:
        return str(exc)
    if gas is not None and (units.gases_in(quantity) != (gas,) or quantity.dimensionality.get(f"[{gas}]") != 1):
        return f"expected a mass of {gas} per unit of activity, e.g. 'kg {gas} / TJ'"
    return ""


def _validate_published(frame: pd.DataFrame, problems: ProblemCollector) -> None:
    """Values, unique IDs, and units that are a mass of the row's gas (or of CO2e) per unit.

    Units are checked once per distinct (unit, gas) pair: a full DESNZ table has ~7,000 rows
    but fewer than 100 such pairs. An empty gas marks a non-emission row (e.g. kWh per km).
    """
    frame["value"] = _numbers(frame, "value", problems)
    for idx in np.flatnonzero((frame["value"] < 0).to_numpy()):
        problems.add(int(idx) + 2, "value", frame["value"].iat[idx], "a factor cannot be negative")
    for idx in np.flatnonzero(frame["factor_id"].duplicated().to_numpy()):
        problems.add(int(idx) + 2, "factor_id", frame["factor_id"].iat[idx], "duplicate id")
    known = set(units.known_gases())
    for (text, gas), rows in frame.groupby(["unit", "gas"], sort=False).indices.items():
        row = int(rows[0]) + 2
        if gas and gas not in known:
            problems.add(row, "gas", gas, f"{gas!r} is not a gas ghgcalc knows{did_you_mean(gas, known)}")
            continue
        try:
            gases = units.gases_in(units.parse_unit(text))
        except units.UnitError as exc:
            problems.add(row, "unit", text, str(exc))
            continue
        allowed = {(gas,), (units.CO2E,)} if gas else {()}
        if gases not in allowed:
            expected = f"a mass of {gas} or CO2e per unit of activity" if gas else "no gas (the row's gas is empty)"
            problems.add(row, "unit", text, f"expected {expected}")


def discover_datasets(folder: str | Path) -> list[Path]:
    """The dataset CSVs in a folder (those with a sidecar), sorted by name."""
    folder = Path(folder)
    return sorted(p for p in folder.glob("*.csv") if p.with_suffix(".toml").exists())


class FactorLibrary:
    """The datasets in use, their precedence, and look-ups over them.

    A class because the state is real: loaded, validated tables indexed for look-up.
    """

    def __init__(self, datasets: Sequence[Dataset], precedence: Sequence[str], published: dict[str, Path] | None = None):
        # published: publisher tables to read on first use (id -> CSV), so that ~1 MB tables
        # cost nothing until asked for. Datasets of that kind passed in ``datasets`` are ready.
        self._published_paths = dict(published or {})
        self._published = {d.id: d for d in datasets if d.kind == PUBLISHED}
        self._published_rows: dict[str, pd.Index] = {}
        self.datasets = {d.id: d for d in datasets}
        if len(self.datasets) != len(datasets):
            seen: set[str] = set()
            dup = next(d.id for d in datasets if d.id in seen or seen.add(d.id))
            raise ConfigError(f"two datasets have the id {dup!r}")
        self.precedence = [d for d in precedence if d in self.datasets]
        self._rank = {d: i for i, d in enumerate(self.precedence)}
        self.activities = self._single("activities").frame.set_index("activity")
        aliases = self._concat("aliases")
        self.aliases = dict(zip(aliases["alias"], aliases["gas"]))
        self.regions = load_regions()
        self.emission_factors = self._ranked("emission_factors")
        self.properties = self._ranked("properties")
        self._check_activities()
        self._by_activity = {a: g for a, g in self.emission_factors.groupby("activity", sort=False)}
        self._properties_by_activity = {a: g for a, g in self.properties.groupby("activity", sort=False)}
        # Results derived from look-ups (e.g. the inventory's lines per key). The library
        # never changes after construction, so they stay valid for its lifetime.
        self.memo: dict = {}

    # -- assembly --------------------------------------------------------------------------
    def _of_kind(self, kind: str) -> list[Dataset]:
        return [d for d in self.datasets.values() if d.kind == kind]

    def _single(self, kind: str) -> Dataset:
        found = self._of_kind(kind)
        if len(found) != 1:
            raise ConfigError(f"expected exactly one {kind} dataset, found {len(found)}")
        return found[0]

    def _concat(self, kind: str) -> pd.DataFrame:
        """All datasets of a kind as one table, with a ``dataset`` column."""
        frames = [d.frame.assign(dataset=d.id) for d in self._of_kind(kind)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(KINDS[kind]) + ["dataset"])

    def _ranked(self, kind: str) -> pd.DataFrame:
        frames = [d.frame.assign(dataset=d.id, rank=self._rank.get(d.id, len(self._rank))) for d in self._of_kind(kind)]
        if not frames:
            return pd.DataFrame(columns=list(KINDS[kind]) + ["dataset", "rank"])
        frame = pd.concat(frames, ignore_index=True)
        frame["year_from"] = frame["year_from"].astype(int)
        frame["year_to"] = frame["year_to"].astype(int)
        frame["value"] = frame["value"].astype(float)
        return frame

    def _check_activities(self) -> None:
        known = set(self.activities.index) | set(FACTOR_ONLY_ACTIVITIES)
        for table, label in ((self.emission_factors, "factor_id"), (self.properties, "property_id")):
            unknown = table.loc[~table["activity"].isin(known)]
            if len(unknown):
                row = unknown.iloc[0]
                raise ConfigError(
                    f"{row['dataset']}.csv, {label} {row[label]}: activity {row['activity']!r} is not in the activity "
                    f"catalogue{did_you_mean(row['activity'], known)}"
                )

    # -- look-ups --------------------------------------------------------------------------
    @cached_property
    def gwp_sets(self):
        by_origin = {name for d in self._of_kind("gwp") for name in d.meta.get("methane_by_origin", ())}
        return build_gwp_sets(self._concat("gwp"), self._concat("blends"), by_origin)

    def canonical_gas(self, name: str) -> str | None:
        """The canonical name of a gas as written in an input, or None."""
        if name in units.known_gases():
            return name
        return self.aliases.get(name) or self.aliases.get(name.strip())

    def region_chain(self, region: str, rules: Iterable[str]) -> list[tuple[str, str]]:
        """Regions to try, most specific first, each with the fallback it represents."""
        chain = [(region, "")] if region else []
        if PARENT_REGION in rules and region:
            parent = self.regions.get(region)
            while parent:
                chain.append((parent, f"{PARENT_REGION}: {region} -> {parent}"))
                parent = self.regions.get(parent)
        chain.append((GLOBAL, ""))
        return chain

    def _pick(self, table: pd.DataFrame, region: str, year: int, rules: Iterable[str]) -> tuple[pd.DataFrame, str]:
        """Rows of the best dataset at the most specific region and year the rules allow."""
        if table is None or table.empty:
            return table.iloc[0:0] if table is not None else pd.DataFrame(), ""
        hits, note = self._rows_of(table, region, year, rules)
        return table.iloc[hits], note

    def _rows_of(self, table: pd.DataFrame, region: str, year: int, rules: Iterable[str], **where):
        rules = tuple(rules)
        rows = table_rows(self.memo, table)
        mask = np.logical_and.reduce([rows.values[k] == v for k, v in where.items()]) if where else None
        return rows.pick(self.region_chain(region, rules), int(year), LATEST_EARLIER_YEAR in rules, where=mask,
                         latest_note=LATEST_EARLIER_YEAR)

    def find_factors(self, activity: str, region: str, year: int, rules: Iterable[str] = ()) -> list[FactorChoice]:
        """All gases' factors for one activity, region and year (possibly several bases per gas)."""
        table = self._by_activity.get(activity)
        if table is None or table.empty:
            return []
        hits, note = self._rows_of(table, region, year, rules)
        v = table_rows(self.memo, table).values
        return [FactorChoice(v["factor_id"][i], v["dataset"][i], v["gas"][i], float(v["value"][i]), v["unit"][i],
                             v["region"][i], int(v["year_from"][i]), int(v["year_to"][i]), note) for i in hits]

    def find_property(self, activity: str, prop: str, region: str, year: int, rules: Iterable[str] = ()) -> list[PropertyChoice]:
        table = self._properties_by_activity.get(activity)
        if table is None or table.empty:
            return []
        hits, note = self._rows_of(table, region, year, rules, property=prop)
        v = table_rows(self.memo, table).values
        return [PropertyChoice(v["property_id"][i], v["dataset"][i], v["property"][i], float(v["value"][i]), v["unit"][i], note)
                for i in hits]

    def factor_not_found(self, activity: str, region: str, year: int, rules: Iterable[str]) -> FactorNotFoundError:
        """An error that says what was sought, what the library does have and what would help (factors/missing.py)."""
        return factor_not_found(self, self._by_activity.get(activity), activity, region, year, tuple(rules), FALLBACK_RULES)

    def published_datasets(self) -> list[str]:
        """Ids of the publisher tables available (loaded or not)."""
        return sorted(set(self._published) | set(self._published_paths))

    def published_table(self, dataset_id: str) -> Dataset:
        """A publisher table, read and validated the first time it is asked for."""
        if dataset_id not in self._published:
            if dataset_id not in self._published_paths:
                known = self.published_datasets()
                raise FactorNotFoundError(f"no published factor table {dataset_id!r}{did_you_mean(dataset_id, known)}")
            self._published[dataset_id] = load_dataset(self._published_paths[dataset_id])
        return self._published[dataset_id]

    def editions_for_year(self, dataset_id: str, year: int) -> list[str]:
        """Publisher tables of the same series as ``dataset_id`` (its id with another year) whose edition
        covers ``year``: what a row of that year should name instead (DESNZ: desnz-ghg-2024-full)."""
        found = []
        for match in re.finditer(r"(?<!\d)(19|20)\d{2}(?!\d)", dataset_id):
            candidate = dataset_id[:match.start()] + str(year) + dataset_id[match.end():]
            if candidate != dataset_id and candidate in self.published_datasets():
                meta = self.published_table(candidate).meta
                if int(meta["year_from"]) <= year <= int(meta["year_to"]):
                    found.append(candidate)
        return found

    def published_factor(self, dataset_id: str, factor_id: str) -> PublishedFactor:
        """One row of a publisher table by the publisher's own ID (e.g. DESNZ '7_400_4000_5_2')."""
        dataset = self.published_table(dataset_id)
        if dataset_id not in self._published_rows:
            self._published_rows[dataset_id] = pd.Index(dataset.frame["factor_id"])
        ids = self._published_rows[dataset_id]
        if factor_id not in ids:
            raise FactorNotFoundError(f"{dataset_id}: no factor with the id {factor_id!r}")
        row = dataset.frame.iloc[ids.get_loc(factor_id)].to_dict()
        meta = dataset.meta
        described = {k: v for k, v in row.items() if k not in ("factor_id", "gas", "value", "unit")}
        return PublishedFactor(factor_id, dataset_id, row["gas"], float(row["value"]), row["unit"], str(meta["region"]),
                               int(meta["year_from"]), int(meta["year_to"]), described)

    def describe(self, published: Iterable[str] = ()) -> list[dict]:
        """Datasets in use with their provenance and file hash, for manifests; ``published`` names the
        publisher tables a run read factors from (read on first use, so not among ``datasets``)."""
        tables = [self.published_table(name) for name in sorted(set(published)) if name not in self.datasets]
        # a table's by-gas companion, when a result was re-weighted from it (read, so it was used)
        companions = {t.meta.get("per_gas_table") for t in tables} & set(self._published)
        tables += [self._published[name] for name in sorted(companions) if name not in set(published)]
        return [
            {"id": d.id, "kind": d.kind, "file": d.path.name, "edition": d.meta["edition"], "licence": d.meta["licence"],
             "publisher": d.meta["publisher"], "sha256": d.sha256}
            for d in [*self.datasets.values(), *tables]
        ]




def _defaults() -> dict:
    return tomllib.loads(resources.files("ghgcalc").joinpath("data/factor-defaults.toml").read_text(encoding="utf-8"))


def load_factor_library(extra: Iterable[str | Path] = (), factor_sets: Sequence[str] | None = None) -> FactorLibrary:
    """The shipped datasets plus the user's own files (which take precedence).

    ``extra``: dataset CSVs or folders of them. ``factor_sets``: the shipped emission-factor
    and property datasets to use, in order of precedence (default: factor-defaults.toml).
    """
    defaults = _defaults()
    shipped = {p.stem: p for p in discover_datasets(shipped_dir("factors"))}
    user_paths: list[Path] = []
    for item in extra:
        path = Path(item)
        if path.is_dir():
            user_paths.extend(discover_datasets(path))
        elif path.exists():
            user_paths.append(path)
        else:
            raise ConfigError(f"factor file {path} does not exist")
    user = [load_dataset(p) for p in user_paths]
    chosen = list(factor_sets) if factor_sets is not None else list(defaults["precedence"])
    known = [k for k in shipped]
    for name in chosen:
        if name not in shipped:
            raise ConfigError(f"factor set {name!r} is not shipped with ghgcalc{did_you_mean(name, known)}")
    datasets, published = [], {}
    for stem, path in shipped.items():
        kind = _declared_kind(path)
        if kind == PUBLISHED:
            published[stem] = path  # read on first use: FactorLibrary.published_table
            continue
        if kind in ("emission_factors", "properties") and stem not in chosen:
            continue  # a factor set not in use is neither read nor validated (tests/data checks every shipped one)
        dataset = load_dataset(path)
        if dataset.kind in ("emission_factors", "properties") and stem not in chosen:
            continue
        datasets.append(dataset)
    precedence = [d.id for d in user] + chosen
    return FactorLibrary(user + datasets, precedence, published)


def _declared_kind(csv_path: Path) -> str | None:
    """The kind a sidecar declares, by a text match (a full TOML parse of every sidecar costs more
    than the look-ups it saves). A miss (None) only means the dataset is read and validated eagerly."""
    text = csv_path.with_suffix(".toml").read_text(encoding="utf-8", errors="replace")
    match = re.search(r'^kind\s*=\s*"([a-z_]+)"', text, flags=re.MULTILINE)
    return match.group(1) if match else None
