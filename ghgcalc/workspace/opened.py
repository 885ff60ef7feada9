"""A workspace opened once per command: its settings, vocabulary, printed figures, inventory, FX.

Why one object: a report audits the printed figures, computes intensities, tracks targets
and runs scenarios, and each of these asked the same questions of the same files (the
settings, the company's metrics, the table of figures, the exchange rates). Opened once and
passed along, every part reads the same answers: one figure has one value in every
command, and a scenario sees the metrics the workspace declares. Each part is read on its
first use and kept.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import pandas as pd

from ghgcalc.core.textfile import read_csv_table
from ghgcalc.figures.metrics import Vocabulary, load_workspace_vocabulary
from ghgcalc.figures.money import FxTable, currency_of, load_fx
from ghgcalc.figures.prices import load_price_index
from ghgcalc.figures.money_unit import SHIPPED_CURRENCY, default_money, printed_money_unit
from ghgcalc.figures.reported import read_reported
from ghgcalc.figures.rules import Rule, workspace_identities
from ghgcalc.inventory.spend import PriceIndex
from ghgcalc.workspace.choice import failing_prints, prefer_note, used_figures
from ghgcalc.workspace.config import Workspace
from ghgcalc.workspace.figures import computed_from_run, figure_table
from ghgcalc.workspace.pipeline import WorkspaceInventory, inventory_for_workspace, locate_workspace


class OpenWorkspace:
    """One workspace, opened: ``config`` (ghgcalc.toml) and, each read once when first asked for,
    its ``vocabulary``, ``identities``, ``printed`` figures, ``inventory``, table of ``figures``, ``fx`` rates and
    ``price_index``."""

    def __init__(self, config: Workspace):
        self.config = config
        self.memo: dict = {}  # what the layers above read once per opened workspace (its targets, by file)
        self._tables: dict[str, tuple] = {}

    def __repr__(self) -> str:
        return f"OpenWorkspace({self.config.root}, name={self.config.name!r})"

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def root(self) -> Path:
        return self.config.root

    @cached_property
    def currency(self) -> str:
        """The currency money is kept in: [workspace] currency, else the printed revenue's (:func:`workspace_currency`)."""
        return workspace_currency(self.config, self.vocabulary.unit("revenue") if "revenue" in self.vocabulary else None)

    def read_table(self, path, encoding=None):
        """A CSV table of the workspace as :func:`ghgcalc.core.textfile.read_csv_table` reads it, the file read once
        for every part that asks (its money unit, then its figures); each caller gets its own copy."""
        key = str(path)
        if key not in self._tables:
            self._tables[key] = read_csv_table(path, encoding=encoding)
        table, source = self._tables[key]
        return table.copy(), source

    @cached_property
    def money(self) -> str:
        """The unit money is kept and shown in (:func:`money_unit`), from the tables as read once."""
        return money_unit(self.config, read=self.read_table)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The shipped metrics, money in the company's money unit, plus the workspace's own metrics.csv."""
        return workspace_vocabulary(self.config, self.money)

    @cached_property
    def identities(self) -> tuple[Rule, ...]:
        """The sums the workspace declares in its identities.csv, beyond the vocabulary's (none without the file)."""
        return workspace_identities(self.config.root, self.vocabulary)

    @cached_property
    def printed(self) -> pd.DataFrame | None:
        """The reported tables as printed (:func:`ghgcalc.figures.reported.read_reported`); None without any."""
        config = self.config
        if not config.reported_files:
            return None
        return read_reported(config.reported_files, self.vocabulary, config.encoding, config.fiscal_years,
                             config.decimal_marks, read=self.read_table)

    @property
    def computes(self) -> bool:
        """Whether an inventory can be computed: activity files and a GWP set."""
        return bool(self.config.activity_files and self.config.gwp_set)

    @cached_property
    def inventory(self) -> WorkspaceInventory | None:
        """The inventory of every activity file (None without activity files)."""
        return inventory_for_workspace(self.config, read=self.read_table) if self.config.activity_files else None

    @cached_property
    def figures(self) -> pd.DataFrame:
        """Every figure, printed and computed (:mod:`ghgcalc.workspace.figures`)."""
        computed = computed_from_run(self.inventory, self.vocabulary, self.config.fiscal_years,
                                     self.config.energy_basis) if self.computes else None
        return figure_table(self.printed, computed)

    @cached_property
    def failures(self) -> dict[tuple, str]:
        """(metric, year, segment, vintage) -> why, for each printed figure the audit finds wrong
        (:func:`ghgcalc.workspace.choice.failing_prints`)."""
        return failing_prints(self.figures, self.vocabulary, self.identities)

    @cached_property
    def used(self) -> pd.DataFrame:
        """The figures every command uses: printed or computed, as ``[workspace] prefer`` chooses, each
        failing print with its reason in ``fails_audit`` (:func:`ghgcalc.workspace.choice.used_figures`)."""
        return used_figures(self.figures, self.vocabulary, self.config.prefer, self.failures)

    @property
    def prefer_note(self) -> str:
        """Which figure is used where both exist, and why; "" when the workspace has only one kind."""
        kinds = set(self.figures["provenance"]) if len(self.figures) else set()
        return prefer_note(self.config.prefer, self.config.prefer_stated) if len(kinds) > 1 else ""

    @cached_property
    def fx(self) -> FxTable | None:
        """The exchange rates of [data] fx, or None."""
        config = self.config
        return (load_fx(config.fx_file, config.encoding, config.fiscal_years, config.decimal_marks, config.currency,
                        read=self.read_table) if config.fx_file else None)

    @cached_property
    def price_index(self) -> tuple[PriceIndex, ...]:
        """The price indices of [data] price_index (none without the file)."""
        config = self.config
        return (load_price_index(config.price_index_file, config.encoding, config.fiscal_years, config.decimal_marks,
                                 read=self.read_table) if config.price_index_file else ())


def money_unit(config: Workspace, read=read_csv_table) -> str:
    """The unit the workspace's money is kept and shown in: [workspace] money_unit, else the one its reported
    tables print revenue in (in its currency; where they print several, the rule of
    :func:`~ghgcalc.figures.money_unit.printed_money_unit`, never the order of the files), else millions of
    its currency. ``read``: the reader of its tables (an opened workspace's reads each file once)."""
    if config.money_unit:
        return config.money_unit
    printed = printed_money_unit(config.reported_files, config.currency, config.encoding, config.fiscal_years, read=read)
    if printed and config.currency_written:  # "million RMB" printed, CNY written: "million CNY", the same money
        printed = re.sub(rf"\b{re.escape(config.currency)}\b", config.currency_written, printed)
    return printed or default_money(config.currency_label)


def workspace_currency(config: Workspace, money: str | None = None) -> str:
    """The workspace's currency: [workspace] currency, else that of its money unit (``money``, or
    :func:`money_unit`): a company whose reports print revenue in USD million is kept in USD, not in the
    currency the shipped metrics happen to be written in."""
    if config.currency:
        return config.currency_label
    found = currency_of(money or money_unit(config))
    return found[0] if found else SHIPPED_CURRENCY


def workspace_vocabulary(config: Workspace, money: str | None = None) -> Vocabulary:
    """The shipped metrics with money in the workspace's money unit (``money``, else :func:`money_unit`), plus its
    own metrics.csv."""
    money = money or money_unit(config)
    return load_workspace_vocabulary(config.root, config.metrics_file, currency=workspace_currency(config, money),
                                     money=money)


def open_workspace(workspace: OpenWorkspace | Workspace | str | Path, *, gwp_set: str | None = None) -> OpenWorkspace:
    """An opened workspace from a folder, an activity file, its settings, or an opened one (returned as is)."""
    if isinstance(workspace, OpenWorkspace):
        return workspace
    return OpenWorkspace(workspace if isinstance(workspace, Workspace) else locate_workspace(workspace, gwp_set=gwp_set))



def workspace_figures(workspace: OpenWorkspace | Workspace | str | Path) -> pd.DataFrame:
    """Every figure of a workspace: its reported tables as printed, and its inventory's standard metrics."""
    return open_workspace(workspace).figures
