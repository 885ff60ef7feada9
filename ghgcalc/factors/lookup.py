"""The rows of a factor or property table that fit a region and a year, found on numpy columns.

Why not pandas filters: resolving one key asks a table of a few dozen rows for its rows up to
a dozen times (each region of the fallback chain, each property, each Scope 2 method), and a
pandas boolean filter costs about a millisecond where a numpy comparison costs microseconds;
a workspace of a few hundred keys spent a quarter of a second of CPU on those filters alone.
The columns are taken out of the table once (:class:`TableRows`) and kept with the library.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghgcalc.core.year_sentences import write_sentence
from ghgcalc.errors import ConfigError


class TableRows:
    """A ranked factor or property table (region, year_from, year_to, rank, dataset, ...) as numpy columns."""

    def __init__(self, table: pd.DataFrame):
        self.table = table
        self.values = {str(c): table[c].to_numpy(dtype=object) for c in table.columns}
        self.region = self.values["region"]
        self.year_from = table["year_from"].to_numpy(dtype=np.int64)
        self.year_to = table["year_to"].to_numpy(dtype=np.int64)
        self.rank = table["rank"].to_numpy()

    def pick(self, chain: list[tuple[str, str]], year: int, latest_earlier: bool, *, where: np.ndarray | None = None,
             latest_note: str = "") -> tuple[np.ndarray, str]:
        """Positions of the best dataset's rows at the most specific region of ``chain`` covering ``year`` (or,
        with ``latest_earlier``, its latest earlier year), and the fallback note; ``where``: rows allowed."""
        at = [(self.region == code) & where if where is not None else self.region == code for code, _ in chain]
        for (_, note), rows in zip(chain, at):
            hits = np.flatnonzero(rows & (self.year_from <= year) & (self.year_to >= year))
            if len(hits):
                return self._best(hits), note
        if latest_earlier:
            for (_, note), rows in zip(chain, at):
                earlier = np.flatnonzero(rows & (self.year_to < year))
                if len(earlier):
                    latest = int(self.year_to[earlier].max())
                    hits = earlier[self.year_to[earlier] == latest]
                    return self._best(hits), "; ".join(n for n in (note, write_sentence(latest_note, year, latest=latest)) if n)
        return np.zeros(0, dtype=np.int64), ""

    def _best(self, hits: np.ndarray) -> np.ndarray:
        """The rows of the highest-ranked dataset among ``hits``; two datasets of equal rank are refused."""
        ranks = self.rank[hits]
        chosen = hits[ranks == ranks.min()]
        names = sorted(set(self.values["dataset"][chosen]))
        if len(names) > 1:
            raise ConfigError(f"datasets {', '.join(names)} both match equally well; put one before the other in factor_sets")
        return chosen


def table_rows(memo: dict, table: pd.DataFrame) -> TableRows:
    """The numpy columns of ``table``, made once and kept in ``memo`` (a library's look-up memo)."""
    cache = memo.setdefault("table_rows", {})
    found = cache.get(id(table))
    if found is None or found.table is not table:
        found = cache[id(table)] = TableRows(table)
    return found
