"""The citation of one factor row: the document, table and year of its source, and its dataset's licence.

Why apart from the dataset's citation: a dataset of several editions and tables (NGA Factors 2023, 2024 and
2026; Table 1 location-based and Table 2 residual mix) is not the table a figure used. Each row names its source
(``source_id``), described in the sidecar's ``[sources]``; a line's lineage cites that.
"""

from __future__ import annotations

_SOURCE_IDS: dict[tuple[str, str], dict] = {}


def row_citation(dataset, factor_id: str) -> str:
    """``factor_id``'s row of ``dataset`` (a published table's id may carry the dataset's as prefix,
    "epa-supply-chain-v1.3-naics:331110/with_margins"): "document, table, year; licence: ...". The dataset's
    citation where the row names no described source."""
    row_id = factor_id[len(dataset.id) + 1:] if factor_id.startswith(f"{dataset.id}:") else factor_id
    source = dataset.sources.get(_source_ids(dataset).get(row_id, ""))
    if not isinstance(source, dict):
        return dataset.citation
    parts = [str(source.get(k, "")).strip() for k in ("document", "table", "year")]
    where = ", ".join(p for p in parts if p) or dataset.citation.split("; licence")[0]
    return f"{where}; licence: {dataset.meta.get('licence', '')}"


def _source_ids(dataset) -> dict:
    """factor_id -> source_id of a dataset's rows, built once per dataset file (its SHA-256)."""
    key = (dataset.id, dataset.sha256)
    if key not in _SOURCE_IDS:
        frame = dataset.frame
        found = "factor_id" in frame.columns and "source_id" in frame.columns
        _SOURCE_IDS[key] = dict(zip(frame["factor_id"].astype(str), frame["source_id"].astype(str))) if found else {}
    return _SOURCE_IDS[key]
