"""ghgcalc: greenhouse-gas inventories, report audits, target tracking and scenarios, with units checked.

The whole path a notebook user needs, each step a function whose result has ``to_frame()``
(and ``to_dict()``, the command's JSON): open a workspace, compute its inventory, see every
figure (computed or printed), audit the printed ones, compute intensities, track targets,
run scenarios, write a report or a disclosure table. The ``ghgcalc`` command is a thin
layer over these. Names are loaded on first use, so ``import ghgcalc`` stays light.
"""

from __future__ import annotations

import importlib

_PUBLIC = {
    # workspaces and inventories
    "create_workspace": "ghgcalc.workspace.template",
    "load_workspace": "ghgcalc.workspace.config",
    "Workspace": "ghgcalc.workspace.config",
    "run_inventory": "ghgcalc.workspace.pipeline",
    "inventory_for_workspace": "ghgcalc.workspace.pipeline",
    "workspace_figures": "ghgcalc.workspace.opened",
    "open_workspace": "ghgcalc.workspace.opened",
    "OpenWorkspace": "ghgcalc.workspace.opened",
    "explain": "ghgcalc.workspace.explain",
    "read_activity_table": "ghgcalc.inventory.reading",
    "validate_activities": "ghgcalc.inventory.activity",
    "compute_inventory": "ghgcalc.inventory.engine",
    "InventoryResult": "ghgcalc.inventory.engine",
    "summarise": "ghgcalc.inventory.engine",
    "total_co2e": "ghgcalc.inventory.engine",
    "scope3_overview": "ghgcalc.inventory.screening",
    "derive_category3": "ghgcalc.inventory.category3",
    "biogenic_co2": "ghgcalc.inventory.biogenic",
    "read_screening": "ghgcalc.inventory.screening",
    # factors and units
    "FactorLibrary": "ghgcalc.factors.library",
    "load_dataset": "ghgcalc.factors.library",
    "load_factor_library": "ghgcalc.factors.library",
    "GwpSet": "ghgcalc.factors.gwp",
    "get_gwp_set": "ghgcalc.factors.gwp",
    "get_registry": "ghgcalc.core.units",
    "parse_unit": "ghgcalc.core.units",
    # analyses
    "audit_workspace": "ghgcalc.audit.checks",
    "intensity_workspace": "ghgcalc.audit.intensity",
    "load_targets": "ghgcalc.targets.target_file",
    "track_workspace": "ghgcalc.targets.gap",
    "run_scenario": "ghgcalc.scenarios.run",
    "compare_scenarios": "ghgcalc.scenarios.run",
    "seek_lever": "ghgcalc.scenarios.run",
    "report_workspace": "ghgcalc.outputs.report",
    "disclose": "ghgcalc.outputs.disclosure",
    # errors
    "GhgcalcError": "ghgcalc.errors",
    "InputError": "ghgcalc.errors",
    "UnitError": "ghgcalc.errors",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'ghgcalc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
