"""A new workspace from the shipped template: a commented ghgcalc.toml and example tables.

Why a template that runs: a new user learns the file formats fastest by changing a
workspace that already works; every command runs on it as created. The activity table
comes as CSV and as a workbook (with a sheet that explains each column), for people who
work in Excel.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from ghgcalc.core.textfile import read_csv_table
from ghgcalc.errors import ConfigError
from ghgcalc.figures.money import currency_code, not_a_code
from ghgcalc.workspace.config import CONFIG_NAME

TEMPLATE_FILES = (CONFIG_NAME, "activity.csv", "reported/company.csv", "targets.toml", "scenarios/plan.toml")
WORKBOOK = "activity.xlsx"
COLUMN_NOTES = (
    ("year", "yes", "reporting year of the activity"),
    ("activity", "yes", "a name from ghgcalc's activity catalogue, e.g. electricity.grid, natural_gas.stationary, "
                        "diesel.mobile, refrigerant.release, emissions.reported"),
    ("quantity", "yes", "a plain number"),
    ("unit", "yes", "a unit of the right kind: kWh, MWh, GJ, tce, m3, L, t, kg"),
    ("region", "for grid factors", "a country (DE, FR, GB, US, AU, CN), a grid or state (RFCW, AU-NSW, CN-EAST), "
                                   "a province (CN-JS); a region of your own factor file (JP-37)"),
    ("segment", "no", "business segment, kept for grouping and target boundaries"),
    ("site", "no", "site name, kept for grouping"),
    ("supplier", "no", "who a purchase is from, kept for grouping (--by supplier)"),
    ("gas", "for releases", "the gas released, e.g. R-410A, HFC-134a, CH4"),
    ("instrument", "no", "a certificate of the row's market: GO (Europe), REGO (UK), REC (US, Canada), LGC "
                         "(Australia), GEC (China), NFC or J-Credit (Japan), I-REC (elsewhere); VPPA (a virtual PPA's "
                         "certificates); or green_power, PPA, onsite_renewable, or supplier (with factor_value and "
                         "factor_unit): changes market-based Scope 2 only"),
    ("factor_value", "no", "a supplier-specific emission factor, e.g. 0.45"),
    ("factor_unit", "no", "its unit, e.g. kg CO2e / kWh"),
)


def create_workspace(folder: str | Path, *, name: str | None = None, currency: str | None = None) -> list[Path]:
    """Write the template into ``folder`` (created if needed); never overwrites a file.

    ``currency``: an ISO 4217 code; the template's money (revenue, scenario costs) is written in it, and
    its example rows are in the currency's country (:func:`template_country`).
    """
    folder = Path(folder)
    if currency is not None and currency_code(currency) is None:
        raise ConfigError(not_a_code(currency))
    country = template_country(currency)
    own_factors = sorted(country.factors.iterdir(), key=lambda f: f.name) if country.factors else []
    targets = [folder / f for f in TEMPLATE_FILES + (WORKBOOK,)] + [folder / FACTORS_FOLDER / f.name for f in own_factors]
    existing = [p for p in targets if p.exists()]
    if existing:
        raise ConfigError(f"{folder}: already holds {', '.join(p.relative_to(folder).as_posix() for p in existing)}; "
                          "choose an empty folder")
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder}: is a file, not a folder")
    template = resources.files("ghgcalc").joinpath("data/template")
    written = []
    for relative in TEMPLATE_FILES:
        source = country.activity if relative == "activity.csv" else template.joinpath(relative)
        text = source.read_text(encoding="utf-8")
        if relative == CONFIG_NAME and name:
            text = text.replace('name = "My company"', f"name = {_toml_string(name)}", 1)
        if relative == CONFIG_NAME and country.factors is not None:
            text = text.replace('# factors = ["my-factors/"]', f'factors = ["{FACTORS_FOLDER}/"]', 1)
        if relative == "scenarios/plan.toml":
            text = text.replace(country.default_new_site, country.new_site, 1)
        if currency:
            text = re.sub(r"\bRMB\b", currency, text)  # the template's money is in RMB
        if country.year != TEMPLATE_YEAR and relative in DATED_FILES:
            text = re.sub(rf"\b{TEMPLATE_YEAR}\b", str(country.year), text)
        if relative == CONFIG_NAME and country.fiscal_year_end:
            text = _propose_fiscal_year(text, country)
        if relative == CONFIG_NAME and country.gwp_set:
            text = text.replace('gwp_set = "AR6GWP100"', f'gwp_set = "{country.gwp_set}"', 1)
        written.append(_write(folder / relative, text))
    for factor_file in own_factors:
        written.append(_write(folder / FACTORS_FOLDER / factor_file.name, factor_file.read_text(encoding="utf-8")))
    written.append(_write_workbook(folder / "activity.csv", folder / WORKBOOK))
    return written


FACTORS_FOLDER = "my-factors"
COUNTRIES = "countries.toml"
TEMPLATE_YEAR = 2023  # the year of the template's rows, figures, base year and scenario start
DATED_FILES = (CONFIG_NAME, "reported/company.csv", "targets.toml", "scenarios/plan.toml")  # where it is written


@dataclass(frozen=True)
class TemplateCountry:
    """Where a new workspace's example rows are (data/template/countries.toml): its activity table, the
    plan's example new-site line priced at that country's factor, and a factor folder it brings along."""

    code: str
    name: str
    activity: Traversable
    new_site: str
    default_new_site: str  # the line as plan.toml writes it (China's), which new_site replaces
    factors: Traversable | None = None
    year: int = TEMPLATE_YEAR  # of the example rows and every file's figures: the year the country's factors are for
    gwp_set: str | None = None  # where the country's factors are CO2e under another set than the template's
    fiscal_year_end: str | None = None  # the financial year most of its companies keep, proposed (commented out)
    fiscal_year_note: tuple[str, ...] = ()  # the comment lines above it


def template_country(currency: str | None) -> TemplateCountry:
    """The template's country for ``currency``: China for RMB (and without a currency), the country of
    the currency where the template has one, else the neutral rows (no electricity, no country)."""
    template = resources.files("ghgcalc").joinpath("data/template")
    table = tomllib.loads(template.joinpath(COUNTRIES).read_text(encoding="utf-8"))
    code = table["currencies"].get(currency or "RMB", "neutral")
    spec, default = table["countries"][code], table["countries"]["CN"]
    factors = spec.get("factors")
    return TemplateCountry(code, spec["name"], template.joinpath(spec["activity"]), spec["new_site"],
                           default["new_site"], template.joinpath(factors) if factors else None,
                           spec.get("year", TEMPLATE_YEAR), spec.get("gwp_set"), spec.get("fiscal_year_end"),
                           tuple(spec.get("fiscal_year_note", ())))


def _propose_fiscal_year(text: str, country: TemplateCountry) -> str:
    """ghgcalc.toml with the country's usual financial year proposed under the currency, as comments: a company
    whose year is the calendar year must not get a July-June inventory it did not ask for."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("currency = ")) + 1
    proposal = [f"# {line}\n" for line in country.fiscal_year_note]
    proposal += [f'# fiscal_year_end = "{country.fiscal_year_end}"\n', '# fiscal_year_label = "end"\n',
                 '# fiscal_year_format = "FY2024"  # how your reports print a year\n']
    return "".join(lines[:at] + proposal + lines[at:])


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _write_workbook(csv_path: Path, path: Path) -> Path:
    table, _ = read_csv_table(csv_path)
    for column in ("year", "quantity"):
        table[column] = pd.to_numeric(table[column])
    notes = pd.DataFrame(COLUMN_NOTES, columns=["column", "required", "meaning"])
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="activity", index=False)
        notes.to_excel(writer, sheet_name="columns", index=False)
        for sheet in writer.sheets.values():
            sheet.freeze_panes = "A2"
            for cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in cells)
                sheet.column_dimensions[cells[0].column_letter].width = min(max(10, width + 2), 80)
    return path


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def shipped_grid_factors(currency: str) -> list[str]:
    """The shipped datasets with a grid factor for the country of ``currency`` (its ISO 4217 code's first two
    letters, KRW -> KR), each with its years and, where its rows say so, that it is provisional. Why: a currency
    without template sites may still have a country factor (Korea's, from press reports): init says which."""
    from ghgcalc.factors.library import load_factor_library

    country = (currency or "")[:2].upper()
    found = []
    for dataset in load_factor_library().datasets.values():
        frame = dataset.frame
        if dataset.kind != "emission_factors" or "region" not in frame.columns:
            continue
        rows = frame[(frame["activity"] == "electricity.grid") & (frame["region"] == country)]
        if len(rows):
            years = ", ".join(sorted({str(y) for y in rows["year_from"]}))
            provisional = "note" in rows.columns and rows["note"].astype(str).str.startswith("PROVISIONAL").any()
            caution = (", PROVISIONAL: read from secondary copies, check it against the publication before "
                       "reporting") if provisional else ""
            found.append(f"{dataset.id} ({country}, {years}{caution})")
    return found
