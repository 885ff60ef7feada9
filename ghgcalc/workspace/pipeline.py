"""Workspace-level runs: read a workspace's files, compute totals, keep the lineage reachable.

Each activity file is reduced to partial sums: a CSV or XLSX table whole, a Parquet
file, folder or glob piece by piece (locally, or on Dask). The manifest hashes what was
computed at the size it was computed: the totals, or the lines when they are written;
lines and ``explain`` re-read the inputs only when asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import pandas as pd

from ghgcalc.core.files import neutralise_frame, write_atomic
from ghgcalc.core.textfile import read_csv_table
from ghgcalc.core.number_format import number_mark
from ghgcalc import columns as C
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.errors import ConfigError
from ghgcalc.factors.gas_names import gas_named
from ghgcalc.factors.gwp import get_gwp_set
from ghgcalc.factors.library import FactorLibrary, load_factor_library
from ghgcalc.figures.money import load_fx
from ghgcalc.figures.prices import load_price_index, spend_rates
from ghgcalc.inventory import dataset
from ghgcalc.inventory.spend import SpendRates
from ghgcalc.inventory.reading import read_activity_table
from ghgcalc.inventory.engine import InventoryResult, check_fallback, compute_lines, summarise
from ghgcalc.inventory.summary import InventorySummary, fallbacks_frame
from ghgcalc.inventory.category3 import Category3Result, combine_category3, derive_category3, not_derived
from ghgcalc.inventory.energy import energy_table
from ghgcalc.inventory.quality import combine_quality, quality_table
from ghgcalc.inventory.screening import Scope3Overview, read_screening, scope3_overview
from ghgcalc.inventory.totals import DETAIL_COLUMNS, aggregate_chunk, apply_factors, combine_partials
from ghgcalc.workspace.config import Workspace, load_workspace
from ghgcalc.workspace.manifest import build_manifest, file_digest

DEFAULT_GROUPING = (C.YEAR, C.SCOPE, C.SCOPE2_METHOD, C.SCOPE3_CATEGORY)
TOTALS_FLOAT_FORMAT = "%.10g"


@dataclass(frozen=True)
class WorkspaceInventory:
    """The inventory of every activity file of a workspace; ``inputs`` are read again only when used (``explain``)."""

    result: InventoryResult
    inputs: Mapping[str, pd.DataFrame]  # source name -> activity table as read
    library: FactorLibrary
    manifest: dict


class _Inputs(Mapping):
    """Activity tables by source name, each read on first use and kept."""

    def __init__(self, loaders: dict[str, Callable[[], pd.DataFrame]]):
        self._loaders, self._tables = loaders, {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = self._loaders[name]()
        return self._tables[name]

    def __iter__(self):
        return iter(self._loaders)

    def __len__(self) -> int:
        return len(self._loaders)


def workspace_library(workspace: Workspace) -> FactorLibrary:
    return load_factor_library(workspace.factor_files, workspace.factor_sets)


def workspace_spend_rates(workspace: Workspace, read=read_csv_table) -> SpendRates:
    """The exchange rates ([data] fx) and price indices ([data] price_index) spend-based rows may need; ``read``:
    the reader of the tables (an opened workspace's, which reads each file once for every part that asks)."""
    years = workspace.fiscal_years
    fx = (load_fx(workspace.fx_file, workspace.encoding, years, workspace.decimal_marks, workspace.currency, read=read)
          if workspace.fx_file else None)
    index_file = workspace.price_index_file
    indices = (load_price_index(index_file, workspace.encoding, years, workspace.decimal_marks, read=read)
               if index_file else ())
    return spend_rates(fx, indices, index_file.name if index_file else "", years)


class _Recorded:
    """A table reader that keeps what each file read was (its text's encoding and the SHA-256 of its bytes), so
    that the manifest records the tables of rates as read, without opening them again."""

    def __init__(self, read):
        self.read, self.files = read, {}

    def __call__(self, path, encoding=None):
        table, source = self.read(path, encoding=encoding)
        self.files[Path(path)] = source
        return table, source


def locate_workspace(path: str | Path, *, gwp_set: str | None = None) -> Workspace:
    """A workspace folder, an activity file, or a Parquet dataset (a folder of Parquet files or a glob)."""
    text = str(path)
    if dataset.is_dataset(text) and not Path(text).is_file():
        root = dataset.dataset_root(text)
        return Workspace(root=root, name=root.name or "dataset", gwp_set=gwp_set, activity_files=(Path(text),))
    return load_workspace(path, gwp_set=gwp_set)


@dataclass(frozen=True)
class _Source:
    """One activity file (or dataset) of a workspace, as pieces to read."""

    name: str
    path: Path
    pieces: list | None  # Parquet pieces, or None for a table read whole
    encoding: str | None = None  # declared in ghgcalc.toml; detected when None
    years: FiscalYears | None = None  # how the company labels its fiscal years
    decimal: str | None = None  # the table's decimal mark, as declared ([data] decimal); found when None
    currency: str | None = None  # the workspace's: "$" in a unit is it, when it is a dollar

    def tables(self) -> Iterator[tuple[str, int, pd.DataFrame]]:
        """(source name, first row number, table) for each piece, read in turn."""
        if self.pieces is None:
            yield self.name, 2, read_activity_table(self.path, encoding=self.encoding, years=self.years,
                                                    decimal=self.decimal, currency=self.currency)
            return
        for piece, frame in dataset.iter_pieces(self.pieces):
            yield piece.label, piece.first_row, frame


def _sources(workspace: Workspace, chunk_rows: int) -> list[_Source]:
    sources = []
    for path in workspace.activity_files:
        name = path.relative_to(workspace.root).as_posix() if path.is_relative_to(workspace.root) else path.name
        if dataset.is_dataset(path):
            files = dataset.dataset_files(path)
            root = dataset.dataset_root(path)
            pieces = dataset.plan_pieces(files, workspace.root if len(files) == 1 else root, chunk_rows)
            if len(files) == 1:
                pieces = [dataset.Piece(p.path, name, p.row_groups, p.first_row, p.rows) for p in pieces]
            else:
                prefix = root.relative_to(workspace.root).as_posix() if root.is_relative_to(workspace.root) else ""
                pieces = [dataset.Piece(p.path, f"{prefix}/{p.label}" if prefix not in ("", ".") else p.label,
                                        p.row_groups, p.first_row, p.rows) for p in pieces]
            sources.append(_Source(name, path, pieces))
        else:
            sources.append(_Source(name, path, None, workspace.encoding, workspace.fiscal_years,
                                   number_mark(workspace.decimal_marks, path.name), workspace.currency))
    return sources


@dataclass(frozen=True)
class _Sums:
    """A workspace's activity summed over all its years: what every later view of the inventory is cut from."""

    library: FactorLibrary
    spend: SpendRates
    sources: list
    files: list
    totals: pd.DataFrame
    energy: pd.DataFrame
    quality: pd.DataFrame  # Scope 3 data quality (inventory.quality)
    rejected: pd.DataFrame
    used: pd.DataFrame
    rows_in: int
    loaders: dict
    encodings: dict
    hashes: dict
    category3: dict  # source name -> Category3Result, when the workspace derives category 3


_LAST_SUMS: dict = {}  # one entry: (workspace, grouping, file stamps) -> _Sums


def inventory_for_workspace(workspace: Workspace, *, years: Sequence[int] | None = None, arguments: dict | None = None,
                            by: Sequence[str] | None = None, lines_file: str | Path | None = None,
                            scheduler: str | None = None, workers: int | None = None,
                            chunk_rows: int = dataset.DEFAULT_CHUNK_ROWS, read=None) -> WorkspaceInventory:
    """Compute the inventory of all the workspace's activity files as one set of totals.

    ``by``: the grouping wanted, when known (segment and site are kept apart only if named;
    default: kept). ``lines_file``: also write every line with its lineage to this CSV,
    piece by piece. ``scheduler``/``workers``: sum Parquet pieces on a Dask cluster.
    Why the last sums are kept: a report, its targets and its scenarios all need the same
    inventory; it is summed once while no input file changes (size and modification time).
    ``read``: the reader of the tables of rates and indices (an opened workspace's: each file read once).
    """
    if not workspace.activity_files:
        raise ConfigError(f"{workspace.name}: the workspace names no activity files ([data] activity); "
                          "its printed figures are read by ghgcalc audit, intensity and disclose")
    if not workspace.gwp_set:
        raise ConfigError("no GWP set named: set gwp_set in ghgcalc.toml or pass --gwp (AR4GWP100, AR5GWP100, AR6GWP100)")
    detail = DETAIL_COLUMNS if by is None else tuple(c for c in DETAIL_COLUMNS if c in set(by))
    sums = _workspace_sums(workspace, detail, chunk_rows, scheduler, workers, read or read_csv_table)
    totals, energy, quality = sums.totals, sums.energy, sums.quality
    if years:
        totals = totals.loc[totals[C.YEAR].isin(list(years))].reset_index(drop=True)
        energy = energy.loc[energy[C.YEAR].isin(list(years))].reset_index(drop=True)
        quality = quality.loc[quality[C.YEAR].isin(list(years))].reset_index(drop=True)
    library, spend, sources = sums.library, sums.spend, sums.sources

    def lines() -> pd.DataFrame:
        return pd.concat(list(_lines(sources, library, workspace, years, spend, sums.category3)), ignore_index=True)

    result = InventoryResult(None, sums.rejected, sums.rows_in, workspace.gwp_set, sums.used, totals=totals.copy(),
                             lines=lines, energy=energy.copy(), scope3_quality=quality.copy(),
                             category3=combine_category3(list(sums.category3.values()), years))
    if lines_file is not None:
        output, digest = "lines", write_lines(_lines(sources, library, workspace, years, spend, sums.category3), lines_file)
    else:
        output, digest = "totals", totals_sha256(totals)
    manifest = build_manifest(
        inputs=sums.files, root=workspace.root, factor_datasets=library.describe(published_tables(sums.used)),
        gwp_set=workspace.gwp_set,
        fallback=workspace.fallback, arguments=arguments or {}, output_sha256=digest, output=output, hashes=sums.hashes,
        encodings=sums.encodings, encoding=workspace.encoding,
    )
    return WorkspaceInventory(result, _Inputs(sums.loaders), library, manifest)


def _workspace_sums(workspace: Workspace, detail: tuple, chunk_rows: int, scheduler, workers, read) -> _Sums:
    """The sums of every activity file, the last ones again if nothing they were computed from changed. The tables
    of rates and indices are read first, once: their hashes and encodings are those of the bytes read."""
    sources = _sources(workspace, chunk_rows)
    files = [s.path for s in sources if s.pieces is None] + [Path(p.path) for s in sources if s.pieces for p in s.pieces]
    files = list(dict.fromkeys(files)) + list(workspace.factor_files) + [
        path for path in (workspace.fx_file, workspace.price_index_file, workspace.scope3_screening_file)
        if path is not None]
    key = None if scheduler or workers else (workspace, detail, chunk_rows, _stamps(files))
    if key is not None and key in _LAST_SUMS:
        return _LAST_SUMS[key]
    # Started before the factor library is built, so that its build overlaps reading and hashing (both
    # release the GIL): the inputs' hashes, and locally the first Parquet source's first piece.
    recorded = _Recorded(read)
    spend = workspace_spend_rates(workspace, recorded)
    known = {path: source for path, source in recorded.files.items() if source.sha256}
    hasher = ThreadPoolExecutor(max_workers=1)
    hashing = {path: hasher.submit(file_digest, path, workspace.encoding) for path in files if path not in known}
    hasher.shutdown(wait=False)
    first = next((s for s in sources if s.pieces), None)
    ahead = {first.name: dataset.ReadAhead(first.pieces, detail)} if first and not (scheduler or workers) else {}
    sums = _sum_sources(workspace, workspace_library(workspace), sources, files, detail, scheduler, workers, hashing, ahead,
                        spend, known)
    if key is not None:
        _LAST_SUMS.clear()
        _LAST_SUMS[key] = sums
    return sums


def _stamps(files: list[Path]) -> tuple:
    """Size and modification time of every input (every file of a folder of factor files)."""
    found = []
    for path in files:
        for item in sorted(Path(path).rglob("*")) if Path(path).is_dir() else [Path(path)]:
            stat = item.stat()
            found.append((str(item), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _sum_sources(workspace: Workspace, library: FactorLibrary, sources: list, files: list, detail: tuple,
                 scheduler, workers, hashing: dict, ahead: dict, spend: SpendRates, known: dict) -> _Sums:
    """``hashing``: each input's hash (and a small table's encoding) being computed; ``ahead``: readers started
    early, by source name; ``known``: the inputs already read (path -> its text, with encoding and hash)."""
    gwp = get_gwp_set(library.gwp_sets, workspace.gwp_set)
    rules = check_fallback(workspace.fallback)
    totals, rejected, used, energy, rows_in, loaders, encodings, quality = [], [], [], [], 0, {}, {}, []
    category3: dict[str, Category3Result] = {}
    for source in sources:
        if source.pieces is None:
            table = read_activity_table(source.path, encoding=workspace.encoding, years=workspace.fiscal_years,
                                        decimal=source.decimal, currency=workspace.currency)
            encodings[source.path] = table.attrs.get("encoding")
            loaders[source.name] = (lambda t=table: t)
            partial = aggregate_chunk(table, library, rules, gwp, source=source.name, detail=detail, spend=spend)
            if workspace.derive_category3:
                category3[source.name] = derive_category3(table, library, workspace.gwp_set, fallback=rules)
        else:
            if workspace.derive_category3:  # read piece by piece: its rows are not at hand to derive from
                category3[source.name] = not_derived(workspace.gwp_set, f"category 3 not derived from {source.name}: "
                                                     "it is read piece by piece (Parquet); derive it from a CSV or "
                                                     "XLSX table, or type it as category 3 rows")
            for piece in source.pieces:
                loaders.setdefault(piece.label, (lambda p=piece.path: dataset.read_parquet(p)))
            if scheduler or workers:
                partial = dataset.aggregate_on_dask(source.pieces, library, rules, gwp, detail, scheduler=scheduler, workers=workers,
                                                    spend=spend)
            else:
                partial = dataset.aggregate_locally(source.pieces, library, rules, gwp, detail, spend=spend,
                                                    ahead=ahead.pop(source.name, None))
        frame, factors = apply_factors(partial.sums, library, rules, gwp, source.name, detail, spend)
        totals.append(frame)
        energy.append(energy_table(partial.sums, library, rules, gwp, basis=workspace.energy_basis))
        quality.append(quality_table(partial.sums, library, rules, gwp, spend))
        rejected.append(partial.rejected)
        used.append(factors)
        rows_in += partial.rows_in
        if source.name in category3 and len(category3[source.name].activities):
            # Derived rows are not input rows: their totals are added, never their count (rows in = computed + rejected).
            derived = aggregate_chunk(category3[source.name].activities, library, rules, gwp, source=derived_source(source.name),
                                      detail=detail, spend=spend)
            frame, factors = apply_factors(derived.sums, library, rules, gwp, derived_source(source.name), detail, spend)
            totals.append(frame)
            quality.append(quality_table(derived.sums, library, rules, gwp, spend))
            used.append(factors)
    rejected = combine_partials([]).rejected if not any(len(r) for r in rejected) else pd.concat([r for r in rejected if len(r)], ignore_index=True)
    used = pd.concat(used, ignore_index=True).drop_duplicates("factor_id").reset_index(drop=True)
    digests = {path: future.result() for path, future in hashing.items()}  # (sha256, encoding of a small table)
    hashes = {path: digest for path, (digest, _) in digests.items()} | {p: s.sha256 for p, s in known.items()}
    encodings.update({path: source.encoding for path, source in known.items()})
    encodings.update({path: found for path, (_, found) in digests.items() if found and not encodings.get(path)})
    return _Sums(library, spend, sources, files, pd.concat(totals, ignore_index=True), pd.concat(energy, ignore_index=True),
                 combine_quality(quality), rejected, used, rows_in, loaders, encodings, hashes, category3)


def derived_source(name: str) -> str:
    """The source name of the category 3 lines derived from an activity file's Scope 1 and 2 rows."""
    return f"{name} (category 3 derived)"


def published_tables(used: pd.DataFrame) -> list[str]:
    """The publisher tables (DESNZ full file, EPA spend-based) whose factors a run used: ids 'table:factor'."""
    ids = used["factor_id"].astype(str) if "factor_id" in used else pd.Series([], dtype=str)
    return sorted({i.split(":", 1)[0] for i in ids if ":" in i and not i.startswith("instrument:")})


def _lines(sources: list[_Source], library, workspace: Workspace, years, spend: SpendRates,
           category3: dict | None = None) -> Iterator[pd.DataFrame]:
    """Every line with its lineage, one piece at a time; derived category 3 lines name their source row. Under
    fiscal-year labels each piece has ``year_label`` beside ``year`` (the calendar year stays)."""
    label = workspace.fiscal_years.with_label_columns
    for source in sources:
        for name, first_row, frame in source.tables():
            lines = compute_lines(frame, library, workspace.gwp_set, fallback=workspace.fallback, source=name,
                                  first_row=first_row, spend=spend).emissions
            yield label(lines.loc[lines[C.YEAR].isin(list(years))].reset_index(drop=True) if years else lines)
        derived = (category3 or {}).get(source.name)
        if derived is not None and len(derived.activities):
            lines = compute_lines(derived.activities, library, workspace.gwp_set, fallback=workspace.fallback,
                                  source=derived_source(source.name), spend=spend).emissions
            rows = derived.lines["row"].to_numpy()  # the Scope 1 or 2 row each derived row comes from
            lines[C.ROW] = rows[lines[C.ROW].to_numpy() - 2]
            yield label(lines.loc[lines[C.YEAR].isin(list(years))].reset_index(drop=True) if years else lines)


def write_lines(parts: Iterator[pd.DataFrame], path: str | Path) -> str:
    """Write lines to a CSV piece by piece; the SHA-256 of the bytes written."""
    digest = hashlib.sha256()

    def pieces():
        for index, part in enumerate(parts):
            data = neutralise_frame(part).to_csv(index=False, header=index == 0, float_format=TOTALS_FLOAT_FORMAT).encode()
            digest.update(data)
            yield data

    write_atomic(path, pieces())
    return digest.hexdigest()


def totals_sha256(totals: pd.DataFrame) -> str:
    """A hash of the totals table's CSV bytes (it is sorted, so equal inputs hash equal)."""
    return hashlib.sha256(totals.to_csv(index=False, float_format=TOTALS_FLOAT_FORMAT).encode()).hexdigest()


def emissions_sha256(emissions: pd.DataFrame) -> str:
    """A hash of an emissions lines table's CSV bytes (what --lines writes)."""
    return hashlib.sha256(emissions.to_csv(index=False, float_format=TOTALS_FLOAT_FORMAT).encode()).hexdigest()


def run_inventory(path: str | Path, *, gwp_set: str | None = None, years: Sequence[int] = (),
                  by: Sequence[str] = DEFAULT_GROUPING, lines_file: str | Path | None = None,
                  scheduler: str | None = None, workers: int | None = None,
                  chunk_rows: int = dataset.DEFAULT_CHUNK_ROWS, add_years: bool = False,
                  gas: str | None = None) -> InventorySummary:
    """``ghgcalc inventory``: totals of a workspace, activity file or Parquet dataset, grouped by ``by``.

    A grouping without ``year`` over several years is refused unless ``add_years`` (the summary then
    names the years it adds); ``gas`` keeps one gas, named as activity tables name it (R-410A).
    """
    workspace = locate_workspace(path, gwp_set=gwp_set)
    years = [workspace.fiscal_years.year(y) for y in years]
    by = tuple(by)
    name = Path(str(path)).name or Path(str(path)).resolve().name  # "." names the folder, not ""
    arguments = {"path": name, "gwp": workspace.gwp_set, "year": list(years), "by": list(by)}
    if scheduler or workers:
        arguments["dask"] = True
    run = inventory_for_workspace(workspace, years=list(years) or None, arguments=arguments, by=by,
                                  lines_file=lines_file, scheduler=scheduler, workers=workers, chunk_rows=chunk_rows)
    result = run.result
    totals = result.totals
    kept = None if gas is None else gas_named(run.library, gas)
    if kept is not None:
        totals = totals[totals[C.GAS].astype(str) == kept]
    added = years_added(totals, by, add_years, workspace.fiscal_years)
    return InventorySummary(workspace.name, result.gwp_set, by, summarise(totals, by), result.rows_in,
                            result.rows_rejected, result.rejected, run.manifest, workspace_scope3(workspace, result),
                            fallbacks_frame(totals), result.category3, workspace.fiscal_years, years_added=added,
                            gas=kept)


def years_added(totals: pd.DataFrame, by: Sequence[str], add_years: bool,
                labels: FiscalYears = CALENDAR) -> tuple[int, ...]:
    """The years a grouping without ``year`` adds together: refused unless asked for (a total of several
    years is not an inventory figure, and nothing in the table would say it is one)."""
    years = tuple(sorted(int(y) for y in pd.unique(totals[C.YEAR]))) if len(totals) else ()
    if C.YEAR in by or len(years) < 2:
        return ()
    if not add_years:
        asked = ",".join(by)
        raise ConfigError(f"grouping by {asked or 'nothing'} without year would add {', '.join(map(labels.label_of, years))} "
                          f"together; add year (--by year,{asked}), choose one with --year, or add them on purpose "
                          "with --add-years")
    return years


def workspace_scope3(workspace: Workspace, result: InventoryResult) -> Scope3Overview | None:
    """The Scope 3 table of a run: the years with Scope 3 emissions, or with a screening file and none,
    the latest inventory year (so a relevant category without data is flagged); None when neither."""
    screening = read_screening(workspace.scope3_screening_file) if workspace.scope3_screening_file else None
    quality = result.scope3_quality
    years = sorted(quality[C.YEAR].unique().tolist()) if quality is not None and len(quality) else []
    if not years and screening is not None and len(result.totals):
        years = [int(result.totals[C.YEAR].max())]
    if not years:
        return None
    return scope3_overview(quality if quality is not None else combine_quality([]), screening, years,
                           workspace.fiscal_years)


def combine_results(results) -> InventoryResult:
    """One result from several results (totals stacked; lines stacked when asked for)."""
    results = list(results)
    if not results:
        raise ConfigError("nothing to combine")
    gwp_sets = {r.gwp_set for r in results}
    if len(gwp_sets) > 1:
        raise ConfigError(f"results under different GWP sets cannot be combined: {', '.join(sorted(gwp_sets))}")
    rejected = pd.concat([r.rejected for r in results if len(r.rejected)] or [results[0].rejected], ignore_index=True)
    used = pd.concat([r.factors_used for r in results], ignore_index=True).drop_duplicates("factor_id")
    totals = pd.concat([r.totals for r in results], ignore_index=True)
    lines = lambda: pd.concat([r.emissions for r in results], ignore_index=True)  # noqa: E731
    return InventoryResult(None, rejected, sum(r.rows_in for r in results), results[0].gwp_set, used, totals=totals, lines=lines,
                           scope3_quality=combine_quality(r.scope3_quality for r in results))
