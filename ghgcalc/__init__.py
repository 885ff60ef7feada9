"""ghgcalc: greenhouse-gas inventories, report audits and target tracking, with units checked.

The public functions a notebook user calls; the ``ghgcalc`` command is a thin layer over them.
"""

from ghgcalc.inventory.activity import validate_activities
from ghgcalc.inventory.reading import read_activity_table
from ghgcalc.audit.checks import audit_workspace
from ghgcalc.errors import GhgcalcError, InputError, UnitError
from ghgcalc.workspace.explain import explain
from ghgcalc.factors.library import FactorLibrary, load_dataset, load_factor_library
from ghgcalc.factors.gwp import GwpSet, get_gwp_set
from ghgcalc.inventory.engine import InventoryResult, compute_inventory, summarise, total_co2e
from ghgcalc.workspace.pipeline import inventory_for_workspace
from ghgcalc.targets.gap import track_workspace
from ghgcalc.targets.target_file import load_targets
from ghgcalc.core.units import get_registry, parse_unit
from ghgcalc.workspace.config import Workspace, load_workspace

__all__ = [
    "audit_workspace", "load_targets", "track_workspace",
    "FactorLibrary", "GhgcalcError", "GwpSet", "InputError", "InventoryResult", "UnitError", "Workspace",
    "compute_inventory", "explain", "get_gwp_set", "get_registry", "inventory_for_workspace", "load_dataset",
    "load_factor_library", "load_workspace", "parse_unit", "read_activity_table", "summarise", "total_co2e",
    "validate_activities",
]
