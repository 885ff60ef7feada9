"""A workspace: a folder with ``ghgcalc.toml`` naming its data files and choices.

Every choice that changes a number (GWP set, factor datasets, fallback rules) is
written in the workspace file, so that a result can be re-run from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ghgcalc.errors import ConfigError, did_you_mean
from ghgcalc.core.units import parse_unit, UnitError

CONFIG_NAME = "ghgcalc.toml"
WORKSPACE_KEYS = ("name", "base_year", "gwp_set", "currency", "segments", "fallback", "factor_sets", "significance_threshold")
DATA_KEYS = ("activity", "factors", "reported", "fx", "targets", "removals", "metrics", "derivations")
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
    currency: str | None = None
    segments: tuple[str, ...] = ()
    fallback: tuple[str, ...] = ()
    factor_sets: tuple[str, ...] | None = None
    significance_threshold: float = DEFAULT_SIGNIFICANCE_THRESHOLD
    activity_files: tuple[Path, ...] = ()
    factor_files: tuple[Path, ...] = ()
    reported_files: tuple[Path, ...] = ()
    fx_file: Path | None = None
    targets_file: Path | None = None
    removals_file: Path | None = None
    metrics_file: Path | None = None  # company-specific metrics (default: metrics.csv beside ghgcalc.toml)
    derivations_file: Path | None = None  # extra audit derivation rules (default: derivations.csv)
    config: dict = field(default_factory=dict, compare=False, repr=False)


def load_workspace(path: str | Path, *, gwp_set: str | None = None) -> Workspace:
    """A workspace from a folder with ghgcalc.toml, or from one activity file.

    ``gwp_set`` overrides the workspace's choice; a single file has no choice of its own.
    """
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path}: no such file or folder")
    if path.is_file() and path.name != CONFIG_NAME:
        return Workspace(root=path.parent, name=path.stem, gwp_set=gwp_set, activity_files=(path,))
    config_path = path if path.is_file() else path / CONFIG_NAME
    if not config_path.exists():
        raise ConfigError(f"{path}: no {CONFIG_NAME} in this folder; give an activity file or a workspace folder")
    root = config_path.parent
    try:
        doc = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path.name}: not valid TOML ({exc})") from None
    for section, allowed in (("workspace", WORKSPACE_KEYS), ("data", DATA_KEYS)):
        for key in doc.get(section, {}):
            if key not in allowed:
                raise ConfigError(f"{config_path.name}: [{section}] has unknown key {key!r}{did_you_mean(key, allowed)}")
    unknown_sections = [s for s in doc if s not in ("workspace", "data")]
    if unknown_sections:
        raise ConfigError(f"{config_path.name}: unknown section [{unknown_sections[0]}]; sections are [workspace] and [data]")
    ws = doc.get("workspace", {})
    data = doc.get("data", {})

    def files(key: str) -> tuple[Path, ...]:
        value = data.get(key, [])
        items = [value] if isinstance(value, str) else list(value)
        out = []
        for item in items:
            p = (root / item)
            if not p.exists():
                raise ConfigError(f"{config_path.name}: [data] {key} names {item!r}, which does not exist")
            out.append(p)
        return tuple(out)

    def one(key: str) -> Path | None:
        found = files(key)
        if len(found) > 1:
            raise ConfigError(f"{config_path.name}: [data] {key} takes one file")
        return found[0] if found else None

    base_year = ws.get("base_year")
    if base_year is not None and not isinstance(base_year, int):
        raise ConfigError(f"{config_path.name}: base_year must be a whole year, not {base_year!r}")
    threshold = ws.get("significance_threshold", DEFAULT_SIGNIFICANCE_THRESHOLD)
    return Workspace(
        root=root,
        name=ws.get("name", root.name),
        gwp_set=gwp_set or ws.get("gwp_set"),
        base_year=base_year,
        currency=ws.get("currency"),
        segments=tuple(ws.get("segments", ())),
        fallback=tuple(ws.get("fallback", ())),
        factor_sets=tuple(ws["factor_sets"]) if "factor_sets" in ws else None,
        significance_threshold=_fraction(threshold, config_path.name, "significance_threshold"),
        activity_files=files("activity"),
        factor_files=files("factors"),
        reported_files=files("reported"),
        fx_file=one("fx"),
        targets_file=one("targets"),
        removals_file=one("removals"),
        metrics_file=one("metrics") or _beside(root, "metrics.csv"),
        derivations_file=one("derivations") or _beside(root, "derivations.csv"),
        config=doc,
    )


def _beside(root: Path, name: str) -> Path | None:
    """The conventional file of that name beside ghgcalc.toml, if there is one."""
    path = root / name
    return path if path.is_file() else None


def _fraction(value, source: str, key: str) -> float:
    """'5 %' or 0.05 as a fraction."""
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(parse_unit(str(value).replace("%", "percent")).to("").magnitude)
    except (UnitError, Exception):
        raise ConfigError(f"{source}: {key} must be a fraction or a percentage such as '5 %', not {value!r}") from None
