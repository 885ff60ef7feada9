"""A workspace made by ``ghgcalc init`` whose fiscal years end 31 March, labelled by their start or their end
year, with its activity and revenue typed as printed and a Scope 1+2 target from a base year to FY2030: the
shape several fiscal-year tests build on (a yen one labelled by start, a rupee one by end)."""

from __future__ import annotations

from pathlib import Path

from ghgcalc.workspace.template import create_workspace
from tests.files import write_files


def fiscal_workspace(root: Path, currency: str, label: str, activity: str, revenue: str, base_year: str) -> Path:
    """``activity`` and ``revenue`` are the texts of activity.csv and reported/company.csv; the target cuts
    Scope 1 and 2 (market-based) by 42 % by FY2030 from ``base_year``."""
    create_workspace(root, currency=currency)
    toml = (root / "ghgcalc.toml").read_text(encoding="utf-8")
    setting = f'currency = "{currency}"'
    (root / "ghgcalc.toml").write_text(
        toml.replace(setting, f'{setting}\nfiscal_year_end = "03-31"\nfiscal_year_label = "{label}"'), encoding="utf-8")
    return write_files(root, {
        "activity.csv": activity,
        "reported/company.csv": revenue,
        "targets.toml": '[targets.scope12-2030]\ntype = "absolute"\n'
                        f'quote = "Cut Scope 1 and 2 by 42 % by FY2030 from {base_year}."\n'
                        'source = "Example"\nmetric = "scope12"\nscope2_method = "market"\n'
                        f'base_year = "{base_year}"\ntarget_year = "FY2030"\nreduce_by = "42 %"\n'})
