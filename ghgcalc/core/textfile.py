"""Text tables from untrusted files: the encoding found (or declared), the table read, problems in one line.

Why detect: a CSV saved by Excel on a Chinese-language Windows is GBK, one saved on a
Western-European Windows (French, German, Spanish...) is Windows-1252, one saved on a Japanese
Windows is Shift-JIS (Microsoft's cp932), one saved as "Unicode
text" is UTF-16, and most others are UTF-8, with or without a byte-order mark. A byte-order
mark settles it; otherwise strict UTF-8 is tried first (it almost never decodes text in
another encoding by accident). GB18030 (the superset of GBK) and Windows-1252 decode almost
any bytes, each differently, so neither is taken on trust: a Chinese character is two bytes
at or above 0x80 in GBK, an accented Latin letter one such byte between ASCII ones in
Windows-1252. When every run of such bytes has an even length, some run is too long to be
Latin text, and Windows-1252 would read signs no Latin text has between letters ('¹¤' for 工),
the file is GBK; when runs are short and read as letters in Windows-1252 and some
run has an odd length, it is Windows-1252; when Shift-JIS reads every byte as Japanese (kanji, kana,
full-width forms; never the half-width katakana that GBK's common characters become in it) it is
Shift-JIS (its second bytes may be ASCII, so runs of high bytes are often odd, which GBK's are not). A file that reads both ways (or neither) is refused
in one line showing both readings and the `[data] encoding` to declare: nothing is guessed.
A file with NUL bytes and no UTF-16 mark is binary, not text. The encoding used goes into
the manifest, so a result can be reproduced.

Why row numbers are kept: messages give rows as a spreadsheet shows them (the header is
row 1), so blank lines are dropped from the table but never renumber the rows after them.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc.errors import InputError, Problem, quoted

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "cp932", "shift_jis", "cp1252", "windows-1252", "latin-1")
MAX_CELL_IN_MESSAGE = 60
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class TextFile:
    """A file's text and the encoding it was read with."""

    path: Path
    text: str
    encoding: str
    sha256: str = ""  # of the bytes read, for a file of up to DIGEST_UP_TO bytes ("" for a larger one)


def clip(value, limit: int = MAX_CELL_IN_MESSAGE) -> str:
    """A cell's text short enough for a one-line message."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def _problem(path: Path, message: str) -> InputError:
    return InputError([Problem(path.name, None, None, None, message)])


Declared = str | tuple[tuple[str, str], ...] | None  # one encoding for every table, or (file name, encoding) pairs


def declared_for(path: str | Path, encoding: Declared) -> str | None:
    """The encoding declared for this file: the workspace's one, or the one its file name is given."""
    if isinstance(encoding, tuple):
        return dict(encoding).get(Path(path).name)
    return encoding


def read_text(path: str | Path, encoding: Declared = None) -> TextFile:
    """A text file decoded with ``encoding``, or with the one detected. Raises InputError in one line.

    A small file (a table of rates, indices, settings) carries the SHA-256 of the bytes decoded, so that a run's
    manifest records the very bytes it read without opening the file a second time."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _problem(path, f"cannot be read ({exc.strerror or exc})") from None
    found = _decoded(path, raw, declared_for(path, encoding))
    if len(raw) <= DIGEST_UP_TO:
        return replace(found, sha256=hashlib.sha256(raw).hexdigest())
    return found


DIGEST_UP_TO = 1 << 20


def _decoded(path: Path, raw: bytes, encoding: str | None) -> TextFile:
    """The bytes of ``path`` decoded with ``encoding``, or with the one detected (:func:`read_text`)."""
    if encoding is not None:
        if encoding.lower() not in ENCODINGS:
            raise _problem(path, f"encoding {encoding!r} is not one ghgcalc reads; use one of {', '.join(ENCODINGS)}")
        try:
            return TextFile(path, raw.decode(encoding), encoding)
        except UnicodeDecodeError as exc:
            raise _problem(path, f"is not valid {encoding} (at byte {exc.start}), the encoding declared for it; correct "
                                 "[data] encoding in ghgcalc.toml, or remove it to let ghgcalc detect the encoding") from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return TextFile(path, raw.decode(name), name)
            except UnicodeDecodeError:
                raise _problem(path, f"starts with a {name} byte-order mark but is not valid {name}") from None
    if b"\x00" in raw:
        raise _problem(path, "is not a text file (it holds NUL bytes); give a CSV, XLSX or Parquet file")
    try:
        return TextFile(path, raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _eight_bit(path, raw)


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_LATIN_SIGNS = frozenset("\u00a0\u202f«»°€’‘“”–—…·§²³µ½¼¾×±ªº¿¡")  # beside letters in Western text
_NAMES = {"gb18030": "GB18030 (GBK, Excel on a Chinese Windows)",
          "cp1252": "Windows-1252 (Excel on a Western-European Windows)",
          "cp932": "Shift-JIS (cp932, Excel on a Japanese Windows)"}


def _eight_bit(path: Path, raw: bytes) -> TextFile:
    """A file that is not UTF-8: GB18030 or Windows-1252 when the bytes say which, else refused (see above)."""
    texts = {}
    for name in ("gb18030", "cp1252", "cp932"):
        try:
            texts[name] = raw.decode(name)
        except UnicodeDecodeError:
            continue
    runs = _HIGH_RUN.findall(raw)
    plausible = [name for name, fits in (("gb18030", _reads_as_gbk), ("cp1252", _reads_as_latin),
                                         ("cp932", lambda runs: _reads_as_japanese(runs, texts["cp932"], raw)))
                 if name in texts and fits(runs)]
    if len(plausible) == 1:
        return TextFile(path, texts[plausible[0]], plausible[0])
    if not plausible and "gb18030" in texts and "cp1252" not in texts:  # GB18030 as before
        return TextFile(path, texts["gb18030"], "gb18030")
    # the readings to show: the plausible ones, else GB18030's and Windows-1252's as before (Shift-JIS only when
    # it reads as Japanese: it decodes most bytes, as one of the others would)
    texts = {name: texts[name] for name in plausible} or {n: t for n, t in texts.items() if n != "cp932"} or texts
    if not texts:
        raise _problem(path, "is not text in UTF-8, UTF-16, GB18030 (GBK), Shift-JIS or Windows-1252; save it as UTF-8 "
                             "or declare its encoding under [data] in ghgcalc.toml")
    raise _problem(path, _ambiguous(path, raw, texts))


def _reads_as_gbk(runs: list[bytes]) -> bool:
    """Every run of high bytes is whole two-byte characters, one is longer than Latin text has, none reads as an
    unassigned or private character, and Windows-1252 reads some as a sign no Latin text has between letters
    ('¹¤' for 工): Latin letters in pairs ('ßöäÖ') read as Chinese characters too, and are not taken for them."""
    if not all(len(run) % 2 == 0 for run in runs) or not any(len(run) > 2 for run in runs):
        return False
    chinese = "".join(run.decode("gb18030", "replace") for run in runs)
    if any(unicodedata.category(c) in ("Co", "Cn", "Cs") or c == "\ufffd" for c in chinese):
        return False
    latin = "".join(run.decode("cp1252", "replace") for run in runs)
    return any(not c.isalpha() and c not in _LATIN_SIGNS for c in latin)


def _reads_as_japanese(runs: list[bytes], text: str, raw: bytes) -> bool:
    """Some run of high bytes is longer than Latin text has, every character past ASCII is Japanese as
    Shift-JIS writes it (kanji, kana, full-width forms or CJK signs, and no half-width katakana, what GBK's
    common characters, first bytes 0xB0-0xDF, read as in Shift-JIS), none is written in NEC's selection of IBM's
    extension, and more than half are common ones: kana, signs, or kanji of JIS level 1 (first bytes 0x88-0x98).

    Why: Western text's small letters with accents, bytes 0xE0-0xEF ('à', 'é', 'ê'), are first bytes of rare
    kanji ('à«àM' reads '爿潼'), while Japanese text is mostly kana and level-1 kanji. NEC's selection (first
    bytes 0xED and 0xEE, 'í' and 'î' in Windows-1252) repeats characters found elsewhere, where a Japanese
    Windows writes them ('îù’b' reads '￢鍛', its '￢' a copy of 0x81CA; 'î«’«' reads '鉎牒'). Half is not enough:
    'àÀ’M' reads '狢樽', a rare kanji (from 'à') beside a common one whose second byte is the ASCII 'M'."""
    wide = [c for c in text if ord(c) > 0x7F]
    if not (any(len(run) > 2 for run in runs) and wide) or _nec_selected(text, raw):
        return False
    japanese = all(
        not 0xFF61 <= ord(c) <= 0xFF9F and unicodedata.category(c) not in ("Co", "Cn", "Cs")
        and (0x3000 <= ord(c) <= 0x30FF or 0x4E00 <= ord(c) <= 0x9FFF or 0xFF01 <= ord(c) <= 0xFF60
             or 0xFFE0 <= ord(c) <= 0xFFE5 or c in "\u00a7\u00a8\u00b0\u00b1\u00b4\u00b6\u00d7\u00f7")
        for c in wide)
    return japanese and 2 * sum(_common_japanese(c) for c in wide) > len(wide)


def _nec_selected(text: str, raw: bytes) -> bool:
    """Whether a character of ``text`` (``raw`` read as cp932) was written with a first byte 0xED or 0xEE."""
    at = 0
    for c in text:
        width = 1 if ord(c) < 0x80 else len(c.encode("cp932", "replace"))  # two bytes in either place
        if width == 2 and raw[at] in (0xED, 0xEE):
            return True
        at += width
    return False


def _common_japanese(c: str) -> bool:
    """Kana, a full-width form or sign, or a kanji of JIS level 1."""
    if not 0x4E00 <= ord(c) <= 0x9FFF:
        return True
    return 0x88 <= c.encode("cp932", "replace")[0] <= 0x98


def _reads_as_latin(runs: list[bytes]) -> bool:
    """Runs of one or two high bytes that read as letters (or the signs beside them), one of odd length."""
    if any(len(run) > 2 for run in runs) or not any(len(run) % 2 for run in runs):
        return False
    return all(c.isalpha() or c in _LATIN_SIGNS for run in runs for c in run.decode("cp1252", "replace"))


def _ambiguous(path: Path, raw: bytes, texts: dict[str, str]) -> str:
    """One line: the first cell that is not UTF-8 as each encoding reads it, and what to declare."""
    start = _HIGH_RUN.search(raw).start()
    line = raw.count(b"\n", 0, start) + 1
    begin = max(raw.rfind(b",", 0, start), raw.rfind(b"\n", 0, start)) + 1
    ends = [e for e in (raw.find(b",", start), raw.find(b"\n", start), raw.find(b"\r", start)) if e >= 0]
    cell = raw[begin:min(ends) if ends else len(raw)].strip().strip(b'"')
    readings = " but ".join(f"{quoted(clip(cell.decode(name, 'replace')))} in {_NAMES[name].split(' (')[0]}"
                            for name in texts)
    choices = " or ".join(f'encoding = {{ "{path.name}" = "{name}" }} ({_NAMES[name].split(" (", 1)[1]}'
                          for name in texts)
    return (f"is not UTF-8, and line {line} reads {readings}: say which under [data] in ghgcalc.toml, "
            f"{choices}, or save it as UTF-8")


def encoding_of(path: str | Path, declared: Declared = None) -> str | None:
    """The encoding a text file is read with (the declared one if it decodes), or None if it cannot be read."""
    try:
        return read_text(path, declared).encoding
    except InputError:
        return None


def read_csv_table(path: str | Path, *, encoding: Declared = None) -> tuple[pd.DataFrame, TextFile]:
    """A CSV file as a table of strings indexed by spreadsheet row number (header = row 1).

    Blank lines are dropped without renumbering; a duplicated or empty header, a row with
    more cells than the header, or an empty file is an error naming the file and row. The
    header is checked with the csv module; the rows are parsed by pandas' C reader, so a
    ten-million-row file reads at the speed pandas reads it.

    A small table is kept by its text for the process: a workspace's reported tables are read for its
    money unit, then for its figures; each read reads the file (so a change is seen), one text is parsed once.
    """
    source = read_text(path, encoding)
    key = (str(source.path), source.encoding, pd.get_option("mode.string_storage"), source.text)
    if key in _TABLES:
        return _TABLES[key].copy(), source
    table = _parsed_table(source)
    if len(source.text) <= KEEP_TEXT_UP_TO:
        _TABLES[key] = table.copy()
        while len(_TABLES) > KEEP_TABLES:
            del _TABLES[next(iter(_TABLES))]
    return table, source


KEEP_TABLES, KEEP_TEXT_UP_TO = 32, 1_000_000  # small tables (reported figures, settings), not activity data
_TABLES: dict[tuple, pd.DataFrame] = {}  # (path, encoding, pandas' text storage, text) -> the table of that text


def delimiter_of(text: str) -> str:
    """The cell delimiter of a table's text: a tab where the header has tabs and no comma (Excel's "Unicode Text"
    and "Text (Tab delimited)" saves), else a comma. Why from the header alone: its names hold neither, so it says
    which one the file uses; a cell of a row may hold either as text."""
    header = text.split("\n", 1)[0]
    return "\t" if "\t" in header and "," not in header else ","


def _parsed_table(source: TextFile) -> pd.DataFrame:
    """The table of a file's text, its header and rows checked; cells split by commas or, where the header says
    so, tabs (:func:`delimiter_of`)."""
    name = source.path.name
    sep = delimiter_of(source.text)
    try:
        header_row = next(csv.reader(io.StringIO(source.text, newline=""), delimiter=sep), [])
    except csv.Error as exc:
        raise _problem(source.path, f"is not a readable CSV table ({exc})") from None
    if not any(cell.strip() for cell in header_row):
        raise _problem(source.path, "is empty: the first line must name the columns")
    header = [cell.strip() for cell in header_row]
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(header, start=1):
        if not column:
            problems.append(Problem(name, 1, f"#{position}", "", "a column has no name in the header"))
        elif column in seen:
            problems.append(Problem(name, 1, column, column, f"column {quoted(clip(column))} appears twice in the header"))
        seen.add(column)
    positional = [f"_{i}" for i in range(len(header))]
    try:
        with warnings.catch_warnings():  # index_col=False: a first row with an extra cell is no index; pandas warns
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(io.StringIO(source.text), dtype=str, keep_default_na=False, skip_blank_lines=False,
                                header=0, names=positional, engine="c", sep=sep, index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        problems.extend(_long_rows(name, source.text, len(header), sep))
        table = None
    except (ValueError, MemoryError) as exc:
        raise _problem(source.path, f"is not a readable CSV table ({str(exc)[:120]})") from None
    if problems or table is None:
        raise InputError(problems or [Problem(name, None, None, None, "is not a readable CSV table")])
    table.columns = header
    table = table.fillna("")
    table.index = pd.Index(range(FIRST_ROW, FIRST_ROW + len(table)), name="row")
    return table.loc[_filled_rows(table)]


def _filled_rows(table: pd.DataFrame) -> np.ndarray:
    """Rows with any cell that is not blank. Column by column, each looking only at rows not yet
    known to be filled: usually the first column settles every row, so a table of thousands of
    columns costs about one column."""
    filled = np.zeros(len(table), dtype=bool)
    for position in range(len(table.columns)):
        pending = np.flatnonzero(~filled)
        if not len(pending):
            break
        cells = table.iloc[pending, position]
        filled[pending] = cells.str.strip().to_numpy() != ""
    return filled


def parse_csv(text: str, **options) -> pd.DataFrame:
    """CSV text already read (a shipped table, a table the caller checks itself) as a table of strings, empty
    cells as '' unless ``options`` say otherwise. A user's file is read with :func:`read_csv_table` instead."""
    return pd.read_csv(io.StringIO(text), **({"dtype": str, "keep_default_na": False} | options))


FIRST_ROW = 2  # the first data row as a spreadsheet numbers it (the header is row 1)


def _long_rows(name: str, text: str, columns: int, sep: str = ",") -> list[Problem]:
    """Every row with more cells than the header (the slow path, taken only when there is one)."""
    out = []
    split = "tabs" if sep == "\t" else "commas"
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), start=1):
        if number > 1 and len(cells) > columns:
            out.append(Problem(name, number, None, None, f"{len(cells)} cells where the header names {columns} "
                                                         f"(cells split at {split}, as the header is)"))
    return out
