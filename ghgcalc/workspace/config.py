"""A workspace: a folder with ``ghgcalc.toml`` naming its data files and choices.

Every choice that changes a number (GWP set, factor datasets, fallback rules) is
written in the workspace file, so that a result can be re-run from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ghgcalc.core.quantity import QuantityError, fraction_from
from ghgcalc.core.textfile import ENCODINGS
from ghgcalc.core.year_end import parse_year_end
from ghgcalc.core.tomlfile import locate_line
from ghgcalc.core.years import LABEL_RULES, FiscalYears, YearError, check_style, common_style
from ghgcalc.errors import ConfigError, FileProblemsError, did_you_mean
from ghgcalc.figures.money import currency_code, not_a_code
from ghgcalc.figures.money_unit import read_money_unit

CONFIG_NAME = "ghgcalc.toml"
WORKSPACE_KEYS = ("name", "base_year", "gwp_set", "currency", "segments", "fallback", "factor_sets", "significance_threshold",
                  "fiscal_year_end", "fiscal_year_label", "fiscal_year_format", "consolidation", "derive_category3",
                  "prefer", "money_unit", "energy_basis")
# Where the reports print a figure and the activity data compute it too, which one every command uses.
# "printed" by default: the figure a reader of the report saw (the audit says when it fails).
PREFER_CHOICES = ("printed", "computed")
DEFAULT_PREFER = "printed"
# GHG Protocol Corporate Standard, ch. 3: the approaches a company may consolidate its emissions by
CONSOLIDATION_APPROACHES = ("operational control", "financial control", "equity share")
DATA_KEYS = ("activity", "factors", "reported", "fx", "price_index", "targets", "removals", "metrics", "derivations",
             "scenarios", "scope3_screening")
DATA_SETTINGS = ("encoding", "decimal")  # [data] keys that are not files
OPTIONAL_UNTIL_USED = ("targets", "removals")
# Significance threshold for base-year recalculation and restatements, as a fraction of the base.
# GHG Protocol Corporate Standard (revised edition), ch. 5 "Tracking Emissions over Time", asks a
# company to set one and leaves its size to the company; 5 % is the common choice (it is also the
# trigger the SBTi criteria use for recalculating a target). A workspace sets its own in ghgcalc.toml.
DEFAULT_SIGNIFICANCE_THRESHOLD = 0.05


@dataclass(frozen=True)
class Workspace:
    root: Path
    name: str
    gwp_set: str | None
    base_year: int | None = None
    currency: str | None = None  # as the unit registry names it: "RMB" for a workspace that writes CNY
    segments: tuple[str, ...] = ()
    fallback: tuple[str, ...] = ()
    factor_sets: tuple[str, ...] | None = None
    significance_threshold: float = DEFAULT_SIGNIFICANCE_THRESHOLD
    fiscal_year_end: str | None = None  # "MM-DD"; a fiscal year counts as the calendar year it ends in
    fiscal_year_label: str = "end"  # "start": "FY2023" is the year that starts in 2023 (core.years)
    # one year's label as the company prints it ("FY2024", "2023-24"): every output prints years so; "" for the
    # default, or the one shape the workspace's own settings and targets type (core.years.common_style)
    fiscal_year_format: str = ""
    activity_files: tuple[Path, ...] = ()
    factor_files: tuple[Path, ...] = ()
    reported_files: tuple[Path, ...] = ()
    fx_file: Path | None = None
    price_index_file: Path | None = None  # price indices that bring spend to a spend-based factor's price year
    targets_file: Path | None = None
    removals_file: Path | None = None
    metrics_file: Path | None = None  # company-specific metrics (default: metrics.csv beside ghgcalc.toml)
    derivations_file: Path | None = None  # extra audit derivation rules (default: derivations.csv)
    scenario_files: tuple[Path, ...] = ()  # the workspace's own scenarios, found by name by ghgcalc scenario
    encoding: str | tuple[tuple[str, str], ...] | None = None  # of its CSV tables (or by file name); else detected
    decimal: str | None = None  # the decimal mark of its tables: reported, activity, FX ("," in German reports)
    decimal_by_table: tuple[tuple[str, str], ...] = ()  # (file name, mark) for tables that differ
    scope3_screening_file: Path | None = None  # category, status, reason per Scope 3 category (inventory.screening)
    consolidation: str | None = None  # one of CONSOLIDATION_APPROACHES (GRI 305-1-f, IFRS S2 B27)
    derive_category3: bool = False  # Scope 3 category 3 derived from Scope 1 and 2 activity (inventory.category3)
    energy_basis: str = "net"  # the calorific basis of its energy totals: net, or gross as UK SECR reports kWh
    prefer: str = DEFAULT_PREFER  # PREFER_CHOICES: printed or computed, where both exist
    prefer_stated: bool = False  # whether ghgcalc.toml says so (outputs then name it as the workspace's choice)
    money_unit: str | None = None  # the unit money is shown in ("AUD million"); else the one its reports print
    config: dict = field(default_factory=dict, compare=False, repr=False)
    # targets.toml's text and TOML, when reading the settings read it (for the years it types): read once
    targets_document: tuple[str, dict] | None = field(default=None, compare=False, repr=False)
    # the currency's code as ghgcalc.toml writes it, where the registry names it otherwise ("CNY" for RMB): labels say it
    currency_written: str | None = None

    @property
    def currency_label(self) -> str | None:
        """The currency as outputs name it: the code the workspace writes ("CNY"), else the registry's name."""
        return self.currency_written or self.currency

    @property
    def decimal_marks(self) -> dict[str, str]:
        """The decimal mark of each reported table by file name ("" for all that are not named)."""
        return {**({"": self.decimal} if self.decimal else {}), **dict(self.decimal_by_table)}

    @property
    def fiscal_years(self) -> FiscalYears:
        """How the company labels its years: every year it types is read with this."""
        return FiscalYears(self.fiscal_year_end, self.fiscal_year_label, self.fiscal_year_format)


class WorkspaceFileError(FileProblemsError):
    """Problems in ghgcalc.toml, each with its line; all are listed at once."""


def load_workspace(path: str | Path, *, gwp_set: str | None = None) -> Workspace:
    """A workspace from a folder with ghgcalc.toml, or from one activity file.

    ``gwp_set`` overrides the workspace's choice; a single file has no choice of its own.
    Every problem in ghgcalc.toml is reported at once, each with its line.
    """
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path}: no such file or folder")
    if path.is_file() and path.name != CONFIG_NAME:
        return Workspace(root=path.parent, name=path.stem, gwp_set=gwp_set, activity_files=(path,))
    config_path = path if path.is_file() else path / CONFIG_NAME
    if not config_path.exists():
        raise ConfigError(f"{path}: no {CONFIG_NAME} in this folder; give an activity file or a workspace folder")
    text, doc = WorkspaceFileError.read_toml(config_path, "workspace")
    reader = _ConfigReader(config_path, text, doc)
    workspace = reader.read(gwp_set)
    if reader.problems:
        raise WorkspaceFileError(reader.problems)
    return workspace


class _ConfigReader:
    """One pass over ghgcalc.toml, collecting problems with their lines."""

    def __init__(self, config_path: Path, text: str, doc: dict):
        self.path, self.text, self.doc = config_path, text, doc
        self.root = config_path.parent
        self.problems: list[str] = []
        self.targets_read: tuple[str, dict] | None = None  # targets.toml, if the fiscal-year style looked into it

    def problem(self, key_path: tuple, message: str) -> None:
        line = locate_line(self.text, key_path)
        where = f"{self.path.name}, line {line}" if line else self.path.name
        self.problems.append(f"{where}: [{key_path[0]}] {'.'.join(map(str, key_path[1:]))}: {message}"
                             if len(key_path) > 1 else f"{where}: {message}")

    def section(self, name: str, allowed: tuple[str, ...]) -> dict:
        table = self.doc.get(name, {})
        if not isinstance(table, dict):
            self.problem((name,), f"[{name}] must be a table")
            return {}
        for key in table:
            if key not in allowed:
                self.problem((name, key), f"unknown key{did_you_mean(key, allowed)}; [{name}] holds {', '.join(allowed)}")
        return table

    def read(self, gwp_override: str | None) -> Workspace:
        for name in self.doc:
            if name not in ("workspace", "data"):
                self.problem((name,), f"unknown section [{name}]; sections are [workspace] and [data]")
        ws, data = self.section("workspace", WORKSPACE_KEYS), self.section("data", DATA_KEYS + DATA_SETTINGS)
        seen: dict[Path, str] = {}
        files = {key: self.files(data, key, seen) for key in DATA_KEYS}
        single = {key: self.single(files[key], key) for key in ("fx", "price_index", "targets", "removals", "metrics",
                                                                    "derivations", "scope3_screening")}
        year_end, label = self.year_end(ws), self.year_label(ws)
        decimal, by_table = self.decimal(data)
        return Workspace(
            root=self.root,
            name=self.text_value(ws, "name", self.root.name),
            gwp_set=gwp_override or self.text_value(ws, "gwp_set", None),
            base_year=self.year(ws, FiscalYears(year_end, label)),
            currency=self.currency(ws),
            currency_written=self.currency_written(ws),
            segments=self.names(ws, "segments") or (),
            fallback=self.names(ws, "fallback") or (),
            factor_sets=self.names(ws, "factor_sets"),
            significance_threshold=self.threshold(ws, decimal or "."),
            fiscal_year_end=year_end,
            fiscal_year_label=label,
            fiscal_year_format=self.year_format(ws, FiscalYears(year_end, label), single["targets"]),
            activity_files=files["activity"],
            factor_files=files["factors"],
            reported_files=files["reported"],
            fx_file=single["fx"],
            price_index_file=single["price_index"],
            targets_file=single["targets"],
            removals_file=single["removals"],
            metrics_file=single["metrics"] or _beside(self.root, "metrics.csv"),
            derivations_file=single["derivations"] or _beside(self.root, "derivations.csv"),
            scenario_files=files["scenarios"],
            encoding=self.encoding(data),
            decimal=decimal,
            decimal_by_table=by_table,
            scope3_screening_file=single["scope3_screening"],
            consolidation=self.consolidation(ws),
            derive_category3=self.flag(ws, "derive_category3"),
            energy_basis=self.energy_basis(ws),
            prefer=self.prefer(ws),
            prefer_stated="prefer" in ws,
            money_unit=self.money_unit(ws),
            config=self.doc,
            targets_document=self.targets_read,
        )

    def consolidation(self, ws: dict) -> str | None:
        value = ws.get("consolidation")
        if value is None:
            return None
        text = str(value).strip().lower()
        if text not in CONSOLIDATION_APPROACHES:
            self.problem(("workspace", "consolidation"), f"{str(value)!r}: expected one of "
                         f"{', '.join(CONSOLIDATION_APPROACHES)}{did_you_mean(text, CONSOLIDATION_APPROACHES)}")
            return None
        return text

    def energy_basis(self, ws: dict) -> str:
        value = ws.get("energy_basis", "net")
        if value not in ("net", "gross"):
            self.problem(("workspace", "energy_basis"), f"{value!r}: expected 'net' (the default, that of the IPCC "
                         "calorific values) or 'gross' (as UK SECR reports kWh)")
            return "net"
        return value

    def flag(self, ws: dict, key: str) -> bool:
        value = ws.get(key, False)
        if not isinstance(value, bool):
            self.problem(("workspace", key), f"{value!r} is not true or false; write {key} = true (without quotes)")
            return False
        return value

    def decimal(self, data: dict) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        """``decimal = ","`` for every table (reported, activity, FX), or ``decimal = { "de.csv" = "," }`` table by table."""
        value = data.get("decimal")
        marks = (".", ",")
        if value is None:
            return None, ()
        if isinstance(value, str) and value in marks:
            return value, ()
        if isinstance(value, dict) and all(isinstance(v, str) and v in marks for v in value.values()):
            return None, tuple((Path(str(k)).name, v) for k, v in value.items())
        self.problem(("data", "decimal"), f"{value!r} is not a decimal mark: write decimal = \",\" (or \".\"), or a "
                                          f"table of them by file, decimal = {{ \"de.csv\" = \",\" }}")
        return None, ()

    def encoding(self, data: dict) -> str | tuple[tuple[str, str], ...] | None:
        """``encoding = "cp1252"`` for every CSV table, or ``encoding = { "activity.csv" = "cp1252" }`` table by table."""
        value = data.get("encoding")
        if value is None:
            return None
        by_table = value.items() if isinstance(value, dict) else [(None, value)]
        if all(isinstance(v, str) and v.strip().lower() in ENCODINGS for _, v in by_table):
            if not isinstance(value, dict):
                return value.strip().lower()
            return tuple((Path(str(k)).name, v.strip().lower()) for k, v in by_table)
        self.problem(("data", "encoding"), f"{value!r} is not an encoding ghgcalc reads; use one of {', '.join(ENCODINGS)}, "
                                           "for every table or table by table, encoding = { \"activity.csv\" = \"cp1252\" } "
                                           "(or leave it out: UTF-8, UTF-16, and GB18030/GBK or Windows-1252 where the bytes "
                                           "tell which, are detected)")
        return None

    def text_value(self, ws: dict, key: str, default):
        value = ws.get(key, default)
        if value is not default and not isinstance(value, str):
            self.problem(("workspace", key), f"{value!r} is not text; write it in quotes, e.g. {key} = \"...\"")
            return default
        return value

    def names(self, ws: dict, key: str) -> tuple[str, ...] | None:
        if key not in ws:
            return None
        value = ws[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(("workspace", key), f"{value!r} is not a list of names; write e.g. {key} = [\"a\", \"b\"]")
            return None
        return tuple(value)

    def currency(self, ws: dict) -> str | None:
        value = self.text_value(ws, "currency", None)
        if value is None:
            return None
        code = currency_code(value)
        if code is None:
            self.problem(("workspace", "currency"), not_a_code(value))
        return code  # as the registry names it: "CNY" is the renminbi, RMB

    def money_unit(self, ws: dict) -> str | None:
        """[workspace] money_unit: an amount of the workspace's currency ("AUD million", "A$M", "億円")."""
        value = self.text_value(ws, "money_unit", None)
        if value is None:
            return None
        currency = currency_code(str(ws.get("currency", "")).strip()) if ws.get("currency") else None
        money = read_money_unit(value, currency)
        if money is None:
            self.problem(("workspace", "money_unit"), f"{value!r} is not an amount of "
                         f"{currency or 'one currency'}; write e.g. money_unit = \"{currency or 'EUR'} million\"")
        return money

    def currency_written(self, ws: dict) -> str | None:
        """The code as written when the registry names that currency otherwise ("CNY", the registry's RMB)."""
        value = self.text_value(ws, "currency", None)
        value = value.strip() if isinstance(value, str) else None
        code = currency_code(value) if value else None
        return value if code is not None and value != code else None

    def year(self, ws: dict, years: FiscalYears) -> int | None:
        value = ws.get("base_year")
        if value is None:
            return None
        try:
            return years.year(value)
        except YearError as exc:
            self.problem(("workspace", "base_year"), str(exc))
            return None

    def prefer(self, ws: dict) -> str:
        value = self.text_value(ws, "prefer", DEFAULT_PREFER)
        if value.strip() not in PREFER_CHOICES:
            self.problem(("workspace", "prefer"),
                         f"{value!r} is not a choice of figure: \"printed\" (the figure the reports print, the default) "
                         f"or \"computed\" (the figure the activity data give), where both exist")
            return DEFAULT_PREFER
        return value.strip()

    def year_label(self, ws: dict) -> str:
        value = self.text_value(ws, "fiscal_year_label", "end")
        if value.strip() not in LABEL_RULES:
            self.problem(("workspace", "fiscal_year_label"),
                         f"{value!r} is not a rule for fiscal-year labels: \"end\" (FY2024 ends in 2024, the default) "
                         f"or \"start\" (FY2024 starts in 2024, as Japanese reports label it)")
            return "end"
        return value.strip()

    def year_format(self, ws: dict, years: FiscalYears, targets: Path | None) -> str:
        """``fiscal_year_format`` as written, checked; when not set, the one shape of the fiscal-year labels the
        workspace types in base_year and its targets file ("" when they are plain years, mixed or the default's)."""
        if "fiscal_year_format" in ws:
            value = self.text_value(ws, "fiscal_year_format", "").strip()
            if years.calendar and "fiscal_year_end" in ws:  # a fiscal_year_end refused: its own error says so
                return ""
            try:
                if years.calendar:
                    raise YearError("is for fiscal years: set fiscal_year_end too (calendar years print as 2024)")
                check_style(value, years)
            except YearError as exc:
                self.problem(("workspace", "fiscal_year_format"), str(exc) if not years.calendar else f"{value!r} {exc}")
                return ""
            return value
        if years.calendar:
            return ""  # calendar years print as 2024 whatever a file types
        self.targets_read = _read_targets(targets)
        return common_style([ws.get("base_year"), *_typed_target_years(self.targets_read)], years)

    def year_end(self, ws: dict) -> str | None:
        value = self.text_value(ws, "fiscal_year_end", None)
        if value is None:
            return None
        try:
            parse_year_end(value)
        except ValueError as exc:
            self.problem(("workspace", "fiscal_year_end"), str(exc))
            return None
        return value.strip()

    def threshold(self, ws: dict, decimal: str = ".") -> float:
        value = ws.get("significance_threshold", DEFAULT_SIGNIFICANCE_THRESHOLD)
        try:
            fraction = (float(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
                        else fraction_from(value, decimal=decimal))
        except QuantityError as exc:
            if decimal == ",":  # what the decimal comma makes of it ("5.5 %" reads only with a point)
                self.problem(("workspace", "significance_threshold"), str(exc))
                return DEFAULT_SIGNIFICANCE_THRESHOLD
            fraction = None
        if fraction is None or not 0 <= fraction <= 1:
            self.problem(("workspace", "significance_threshold"),
                         f"{value!r} is not a percentage between 0 % and 100 %; write e.g. '5 %'")
            return DEFAULT_SIGNIFICANCE_THRESHOLD
        return fraction

    def files(self, data: dict, key: str, seen: dict[Path, str]) -> tuple[Path, ...]:
        """The files a [data] key names: one path or a list; a folder of factor files gives its CSVs."""
        value = data.get(key, [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.problem(("data", key), f"{value!r} is not a file name or a list of file names")
            return ()
        out = []
        for item in items:
            found = self.resolve(key, item)
            for path in found:
                resolved = path.resolve()
                if resolved in seen:
                    self.problem(("data", key), f"{item!r} is named twice (also under {seen[resolved]}); "
                                                "each file is read once")
                    continue
                seen[resolved] = key
                out.append(path)
        return tuple(out)

    def resolve(self, key: str, item: str) -> list[Path]:
        path = self.root / item
        inside = path.resolve().is_relative_to(self.root.resolve())
        if not inside:
            self.problem(("data", key), f"{item!r} lies outside the workspace folder; copy the file into it")
            return []
        if key in OPTIONAL_UNTIL_USED and not path.exists():
            return [path]  # a target or removals file may be written later; the command needing it says so
        if path.is_dir() and key == "factors":
            csvs = sorted(path.glob("*.csv"))
            if not csvs:
                self.problem(("data", key), f"folder {item!r} holds no factor tables (.csv)")
            return csvs
        if not path.is_file():
            what = "a folder, not a file" if path.is_dir() else "does not exist"
            self.problem(("data", key), f"{item!r} {what}")
            return []
        return [path]

    def single(self, found: tuple[Path, ...], key: str) -> Path | None:
        if len(found) > 1:
            self.problem(("data", key), "takes one file")
        return found[0] if found else None


def _beside(root: Path, name: str) -> Path | None:
    """The conventional file of that name beside ghgcalc.toml, if there is one."""
    path = root / name
    return path if path.is_file() else None


def _read_targets(path: Path | None) -> tuple[str, dict] | None:
    """A targets file's text and TOML as the targets reader reads them; None if it cannot be read (the targets
    reader reports that where targets are used)."""
    import tomllib
    try:
        text = path.read_bytes().decode("utf-8-sig") if path and path.is_file() else None
        return (text, tomllib.loads(text)) if text is not None else None
    except (OSError, ValueError):
        return None


def _typed_target_years(document: tuple[str, dict] | None) -> list:
    """The years a targets file types (base_year, target_year of each target), as written."""
    found, todo = [], [document[1] if document else {}]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            found += [node[key] for key in ("base_year", "target_year") if isinstance(node.get(key), str)]
            todo.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return found
