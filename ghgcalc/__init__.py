"""ghgcalc: greenhouse-gas inventories, report audits and target tracking, with units checked.

The public functions a notebook user calls; the ``ghgcalc`` command is a thin layer over them.
"""

from ghgcalc.activity import read_activity_table, validate_activities
from ghgcalc.audit import audit_workspace
from ghgcalc.errors import GhgcalcError, InputError, UnitError
from ghgcalc.explain import explain
from ghgcalc.factors import FactorLibrary, load_dataset, load_factor_library
from ghgcalc.gwp import GwpSet, get_gwp_set
from ghgcalc.inventory import InventoryResult, compute_inventory, summarise, total_co2e
from ghgcalc.pipeline import inventory_for_workspace
from ghgcalc.progress import track_workspace
from ghgcalc.targets import load_targets
from ghgcalc.units import get_registry, parse_unit
from ghgcalc.workspace import Workspace, load_workspace

__all__ = [
    "audit_workspace", "load_targets", "track_workspace",
    "FactorLibrary", "GhgcalcError", "GwpSet", "InputError", "InventoryResult", "UnitError", "Workspace",
    "compute_inventory", "explain", "get_gwp_set", "get_registry", "inventory_for_workspace", "load_dataset",
    "load_factor_library", "load_workspace", "parse_unit", "read_activity_table", "summarise", "total_co2e",
    "validate_activities",
]
