"""Workspace-level runs: read a workspace's files, compute, and keep the lineage together."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Sequence

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.inventory.activity import read_activity_table
from ghgcalc.errors import ConfigError
from ghgcalc.factors.library import FactorLibrary, load_factor_library
from ghgcalc.inventory.engine import InventoryResult, compute_inventory
from ghgcalc.workspace.manifest import build_manifest
from ghgcalc.workspace.config import Workspace


@dataclass(frozen=True)
class WorkspaceInventory:
    """The inventory of every activity file of a workspace, with the inputs kept for ``explain``."""

    result: InventoryResult
    inputs: dict[str, pd.DataFrame]  # source name -> activity table as read
    library: FactorLibrary
    manifest: dict


def workspace_library(workspace: Workspace) -> FactorLibrary:
    return load_factor_library(workspace.factor_files, workspace.factor_sets)


def inventory_for_workspace(workspace: Workspace, *, years: Sequence[int] | None = None,
                            arguments: dict | None = None) -> WorkspaceInventory:
    """Compute the inventory of all the workspace's activity files as one table."""
    if not workspace.gwp_set:
        raise ConfigError("no GWP set named: set gwp_set in ghgcalc.toml or pass --gwp (AR4GWP100, AR5GWP100, AR6GWP100)")
    if not workspace.activity_files:
        raise ConfigError(f"{workspace.name}: the workspace names no activity files ([data] activity)")
    library = workspace_library(workspace)
    results, inputs = [], {}
    for path in workspace.activity_files:
        source = path.relative_to(workspace.root).as_posix() if path.is_relative_to(workspace.root) else path.name
        table = read_activity_table(path)
        inputs[source] = table
        results.append(compute_inventory(table, library, workspace.gwp_set, fallback=workspace.fallback, source=source))
    result = combine_results(results)
    if years:
        keep = result.emissions[C.YEAR].isin(list(years))
        result = InventoryResult(result.emissions.loc[keep].reset_index(drop=True), result.rejected, result.rows_in,
                                 result.gwp_set, result.factors_used)
    manifest = build_manifest(
        inputs=workspace.activity_files + workspace.factor_files, root=workspace.root, factor_datasets=library.describe(),
        gwp_set=workspace.gwp_set, fallback=workspace.fallback, arguments=arguments or {},
        output_sha256=emissions_sha256(result.emissions),
    )
    return WorkspaceInventory(result, inputs, library, manifest)


def combine_results(results: Iterable[InventoryResult]) -> InventoryResult:
    """One result from several files' results (the emissions tables stacked)."""
    results = list(results)
    if not results:
        raise ConfigError("nothing to combine")
    gwp_sets = {r.gwp_set for r in results}
    if len(gwp_sets) > 1:
        raise ConfigError(f"results under different GWP sets cannot be combined: {', '.join(sorted(gwp_sets))}")
    emissions = pd.concat([r.emissions for r in results], ignore_index=True)
    for column in emissions.columns:
        if emissions[column].dtype == object and column not in (C.MASS_T, C.CO2E_T):
            emissions[column] = emissions[column].astype("category")
    rejected = pd.concat([r.rejected for r in results if len(r.rejected)] or [results[0].rejected], ignore_index=True)
    used = pd.concat([r.factors_used for r in results], ignore_index=True).drop_duplicates("factor_id")
    return InventoryResult(emissions, rejected, sum(r.rows_in for r in results), results[0].gwp_set, used)


def emissions_sha256(emissions: pd.DataFrame) -> str:
    """A hash of the emissions table's CSV bytes (what --format csv writes)."""
    return hashlib.sha256(emissions.to_csv(index=False, float_format="%.10g").encode()).hexdigest()
