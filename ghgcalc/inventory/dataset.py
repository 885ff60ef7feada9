"""Activity data larger than memory: Parquet files, partitioned folders and globs.

A dataset is cut into pieces (runs of a file's row groups, up to ``chunk_rows`` rows),
each read with its dictionary-encoded columns straight into categoricals and reduced to
partial sums (:func:`ghgcalc.inventory.totals.aggregate_chunk`); the partial sums add up.
Locally the pieces are read one after another, so memory is bounded by a piece; on a Dask
cluster each piece is a partition of a ``dask.dataframe`` (``from_map``), aggregated where
it lives, and the small partial sums are combined once on the client. A refused row is
reported with its piece's file (relative to the dataset's root) and its row in that file.
"""

from __future__ import annotations

from collections import Counter

import glob as globbing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterator

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.errors import ConfigError, InputError, Problem
from ghgcalc.inventory.activity import FIRST_DATA_ROW
from ghgcalc.inventory.totals import DETAIL_COLUMNS, Partial, aggregate_chunk, combine_partials

PARQUET_SUFFIXES = (".parquet", ".pq")
ACTIVITY_COLUMNS = C.REQUIRED_ACTIVITY_COLUMNS + C.OPTIONAL_ACTIVITY_COLUMNS
DEFAULT_CHUNK_ROWS = 1 << 20  # one of pyarrow's default row groups (1Mi rows): memory stays near one piece
_GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Piece:
    """Row groups of one Parquet file, read and aggregated as one chunk."""

    path: str
    label: str  # the file as reports name it: relative to the dataset's root
    row_groups: tuple[int, ...]
    first_row: int  # row number of the piece's first row in its file (header = row 1, as elsewhere)
    rows: int


def is_dataset(path: str | Path) -> bool:
    """A Parquet file, a folder of Parquet files (no ghgcalc.toml), or a glob."""
    text = str(path)
    if any(ch in text for ch in _GLOB_CHARS) and not Path(text).exists():
        return True
    path = Path(text)
    if path.is_file():
        return path.suffix.lower() in PARQUET_SUFFIXES
    return path.is_dir() and not (path / "ghgcalc.toml").exists()


def dataset_files(path: str | Path) -> list[Path]:
    """The Parquet files of a dataset, sorted by path, so pieces (and reports) come in a stable order."""
    text = str(path)
    if Path(text).is_file():
        return [Path(text)]
    if Path(text).is_dir():
        found = sorted(p for p in Path(text).rglob("*") if p.suffix.lower() in PARQUET_SUFFIXES and p.is_file())
    else:
        found = sorted(Path(p) for p in globbing.glob(text, recursive=True) if Path(p).is_file())
    if not found:
        raise ConfigError(f"{text}: no Parquet files found (a folder of *.parquet files or a glob such as 'data/*.parquet')")
    return found


def dataset_root(path: str | Path) -> Path:
    """The folder that file labels are relative to: the folder itself, a glob's fixed prefix, or a file's parent."""
    text = str(path)
    if Path(text).is_dir():
        return Path(text)
    if Path(text).is_file():
        return Path(text).parent
    fixed = []
    for part in Path(text).parts:
        if any(ch in part for ch in _GLOB_CHARS):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def plan_pieces(files: list[Path], root: Path, chunk_rows: int = DEFAULT_CHUNK_ROWS) -> list[Piece]:
    """Cut files into pieces of whole row groups, up to ``chunk_rows`` rows each (a larger row group is one piece)."""
    import pyarrow.parquet as pq

    pieces = []
    for path in files:
        try:
            meta = pq.ParquetFile(path).metadata
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid and ArrowIOError derive from these
            raise InputError([Problem(Path(path).name, None, None, None,
                                      f"is not a readable Parquet file ({str(exc).splitlines()[0][:120]})")]) from None
        label = _label(path, root)
        group, rows, start = [], 0, 0
        for index in range(meta.num_row_groups):
            count = meta.row_group(index).num_rows
            if group and rows + count > chunk_rows:
                pieces.append(Piece(str(path), label, tuple(group), FIRST_DATA_ROW + start, rows))
                start += rows
                group, rows = [], 0
            group.append(index)
            rows += count
        if group or not pieces or pieces[-1].path != str(path):
            pieces.append(Piece(str(path), label, tuple(group), FIRST_DATA_ROW + start, rows))
    return pieces


def _label(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def read_parquet(path: str | Path, row_groups: tuple[int, ...] | None = None, *, head: bool = False,
                 skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """Activity columns of a Parquet file (or some of its row groups, or its first row), text as categoricals.

    Text columns are read through their dictionary encoding and handed over as codes
    (:func:`arrow_frame`), so a column of ten million strings arrives as ten million small
    integers and a few distinct values, never as strings. ``skip``: activity columns a run
    does not need (segment and site when no total is kept by them); a column is skipped
    only if no value of its type could be refused, so skipping never hides a bad row.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    twice = sorted(n for n, k in Counter(schema.names).items() if k > 1)
    if twice:
        raise InputError([Problem(Path(path).name, None, n, None, f"column {n!r} appears twice in the header")
                          for n in twice])
    columns = [n for n in schema.names if n in ACTIVITY_COLUMNS and not (n in skip and _plain(schema.field(n).type))]
    columns = columns or schema.names
    text = [n for n in columns if pa.types.is_string(schema.field(n).type) or pa.types.is_large_string(schema.field(n).type)]
    handle = pq.ParquetFile(path, read_dictionary=text)
    if head:
        batch = next(handle.iter_batches(batch_size=1, columns=columns), None)
        table = pa.Table.from_batches([batch]) if batch is not None else handle.schema_arrow.empty_table().select(columns)
    elif row_groups is None:
        table = handle.read(columns=columns)
    else:
        table = handle.read_row_groups(list(row_groups), columns=columns)
    return arrow_frame(table)


def _plain(kind) -> bool:
    """A type whose values are text, numbers, booleans or dates: none is refused in a column that is not a number."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return not (pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
                or pa.types.is_fixed_size_binary(kind))


def arrow_frame(table) -> pd.DataFrame:
    """An Arrow table as a DataFrame, dictionary columns as categoricals made from their codes.

    Why not ``Table.to_pandas``: it re-encodes every dictionary column row by row (0.3-0.5 s
    of CPU for ten million rows of seven columns); the dictionary's indices are already the
    categorical's codes, so they are handed over as they are, with the few distinct values.
    A dictionary with a missing or repeated value (which no Parquet writer makes) goes
    through ``to_pandas`` instead, as does every other column.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if any(table.column(i).num_chunks > 1 for i in range(table.num_columns)):
        table = table.unify_dictionaries().combine_chunks()
    out = {}
    for name, column in zip(table.column_names, table.columns):
        chunk = column.chunk(0) if column.num_chunks == 1 else None
        if chunk is not None and pa.types.is_dictionary(chunk.type) and chunk.dictionary.null_count == 0:
            values = chunk.dictionary.to_pylist()
            if len(set(values)) == len(values):
                indices = chunk.indices if chunk.null_count == 0 else pc.fill_null(chunk.indices, -1)
                out[name] = pd.Categorical.from_codes(indices.to_numpy(zero_copy_only=False),
                                                      categories=pd.Index(values, dtype=object), validate=False)
                continue
        out[name] = column.to_pandas()
    return pd.DataFrame(out, copy=False) if out else table.to_pandas(ignore_metadata=True)


def read_piece(piece: Piece, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    return read_parquet(piece.path, piece.row_groups, skip=skip)


def unneeded(detail: tuple[str, ...]) -> tuple[str, ...]:
    """The detail columns a run need not read: those no total is kept by."""
    return tuple(c for c in DETAIL_COLUMNS if c not in detail)


def iter_pieces(pieces: list[Piece]) -> Iterator[tuple[Piece, pd.DataFrame]]:
    for piece in pieces:
        yield piece, read_piece(piece)


class ReadAhead:
    """Pieces read on a thread one ahead of their use (pyarrow reads without the GIL).

    Made before the factor library is loaded, it reads the first piece while the library and
    the unit registry are built (Python, on the other core). Why only one: reading further
    ahead was measured slower on ten million rows (two or three pieces: 50-110 MB more memory,
    whose page faults cost more CPU than the overlap saved).
    """

    def __init__(self, pieces: list[Piece], detail: tuple[str, ...] = DETAIL_COLUMNS):
        from concurrent.futures import ThreadPoolExecutor

        self.pieces, self.skip = list(pieces), unneeded(detail)
        self._reader = ThreadPoolExecutor(max_workers=1)
        self._next = self._reader.submit(read_piece, self.pieces[0], self.skip) if self.pieces else None

    def __iter__(self) -> Iterator[tuple[Piece, pd.DataFrame]]:
        try:
            for index, piece in enumerate(self.pieces):
                frame = self._next.result()
                self._next = (self._reader.submit(read_piece, self.pieces[index + 1], self.skip)
                              if index + 1 < len(self.pieces) else None)
                yield piece, frame
                del frame
        finally:
            self._reader.shutdown(wait=True, cancel_futures=True)


def aggregate_locally(pieces: list[Piece], library, rules: tuple[str, ...], gwp,
                      detail: tuple[str, ...] = DETAIL_COLUMNS, spend=None, ahead: ReadAhead | None = None) -> Partial:
    """Partial sums of every piece, one piece in memory at a time (the next is read while one is summed);
    ``ahead``: the reader of these pieces, if one was started early."""
    partials = []
    for piece, frame in ahead if ahead is not None else ReadAhead(pieces, detail):
        partials.append(aggregate_chunk(frame, library, rules, gwp, source=piece.label, first_row=piece.first_row,
                                        detail=detail, spend=spend))
        del frame
    return combine_partials(partials)


def aggregate_on_dask(pieces: list[Piece], library, rules: tuple[str, ...], gwp, detail: tuple[str, ...] = DETAIL_COLUMNS,
                      *, scheduler: str | None = None, workers: int | None = None, spend=None) -> Partial:
    """Partial sums per partition on a Dask cluster (a scheduler's address, or a local cluster of ``workers``).

    Each partition of a ``dask.dataframe`` built with ``from_map`` is one piece; its rows
    never leave the worker that read it, only its partial sums and refused rows do.
    """
    try:
        import dask
        import dask.dataframe as dd
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError('running on Dask needs the dask extra: pip install "ghgcalc[dask]"') from None
    if not pieces:
        return combine_partials([])
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        skip = unneeded(detail)
        frame = dd.from_map(partial(read_piece, skip=skip), pieces, meta=_meta(pieces[0], skip), enforce_metadata=False)
        shared = dask.delayed(library, pure=True)
        tasks = [dask.delayed(aggregate_chunk)(part, shared, rules, gwp, source=p.label, first_row=p.first_row, detail=detail,
                                               spend=spend)
                 for part, p in zip(frame.to_delayed(), pieces)]
        partials = client.gather(client.compute(tasks))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return combine_partials(partials)


def _meta(piece: Piece, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """The partitions' empty frame, from the first file's first row."""
    return read_parquet(piece.path, head=True, skip=skip).iloc[0:0]
