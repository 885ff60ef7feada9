"""A table saved by Excel in Windows-1252 or GBK reads back exactly as typed, or is refused: never read wrong.

Bytes that are also valid UTF-8 are read as UTF-8, tried first (a rule as old as the detection): 'Ä«' in
Windows-1252 is the two bytes of 'ī' in UTF-8, 莞 in GBK those of 'ݸ'. Real text in either encoding is
almost never valid UTF-8 as a whole, so the properties are about the files that are not.
"""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ghgcalc.core.textfile import read_text
from ghgcalc.errors import InputError

LATIN = "abcdeflmnoprstuvMQ éèêëàâçôîïûùüÉÈÀÇœ€°«»’ßöäÖÄ"
CHINESE = "苏州工厂东莞办公室电力天然气柴油制冷剂北京上海，。（）"
cells = st.lists(st.text(alphabet=LATIN + "0123456789 ,.-", min_size=1, max_size=20), min_size=1, max_size=6)


def _table(rows: list[str]) -> str:
    return "site\n" + "".join(f'"{row}"\n' for row in rows)


def _not_utf8(raw: bytes) -> bytes:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw
    assume(False)


def _reads_back_or_is_refused(tmp_path_factory, rows, encoding, declared, *also):
    """The table written in ``encoding`` (made not to be UTF-8) reads back as typed, or is refused with the
    ``[data] encoding`` to declare."""
    text = _table(rows)
    path = tmp_path_factory.mktemp(encoding) / "a.csv"
    path.write_bytes(_not_utf8(text.encode(encoding)))
    try:
        read = read_text(path)
    except InputError as refused:
        assert all(words in str(refused) for words in (*also, f'= "{declared}" }}'))
        return
    assert read.text == text


@given(rows=cells)
def test_windows_1252_text_reads_back_as_typed_or_is_refused(tmp_path_factory, rows):
    _reads_back_or_is_refused(tmp_path_factory, rows, "cp1252", "cp1252", "reads")


@given(rows=st.lists(st.text(alphabet=CHINESE + "abc0123456789 ,.", min_size=1, max_size=12), min_size=1, max_size=6))
def test_gbk_text_reads_back_as_typed_or_is_refused(tmp_path_factory, rows):
    _reads_back_or_is_refused(tmp_path_factory, rows, "gbk", "gb18030")


def test_latin_letters_that_shift_jis_reads_as_rare_kanji_are_not_taken_for_japanese(tmp_path):
    """'à«àM' in Windows-1252 is two kanji of JIS level 2 in Shift-JIS ('爿潼'): refused as ambiguous (or read as
    typed), never read as Japanese (found by the property above)."""
    path = tmp_path / "a.csv"
    path.write_bytes('site\n"à«àM"\n'.encode("cp1252"))
    try:
        read = read_text(path)
    except InputError as refused:
        assert 'encoding = { "a.csv" = "cp1252" }' in str(refused)
        return
    assert read.text == 'site\n"à«àM"\n'


@pytest.mark.parametrize("word, japanese", [("àÀ’M", "狢樽")])
def test_latin_text_that_shift_jis_reads_as_one_rare_and_one_common_kanji_is_not_taken_for_japanese(tmp_path, word,
                                                                                                   japanese):
    """'àÀ’M' in Windows-1252 is '狢樽' in Shift-JIS: a kanji of JIS level 2 (first byte 0xE0, 'à') and one of
    level 1 whose second byte is the ASCII 'M'. Half common is not Japanese enough: refused as ambiguous, or read
    as typed (found by the property above)."""
    path = tmp_path / "a.csv"
    path.write_bytes(f'site\n"{word}"\n'.encode("cp1252"))
    assert word.encode("cp1252").decode("cp932") == japanese
    try:
        read = read_text(path)
    except InputError as refused:
        assert 'encoding = { "a.csv" = "cp1252" }' in str(refused)
        return
    assert read.text == f'site\n"{word}"\n'


@pytest.mark.parametrize("word, japanese", [("î«’«", "鉎牒"), ("îù’b", "￢鍛"), ("îû’b", "＇鍛")])
def test_latin_text_that_shift_jis_reads_as_rare_or_repeated_characters_is_not_taken_for_japanese(tmp_path, word,
                                                                                                  japanese):
    """'î«’«' in Windows-1252 is '鉎牒' in Shift-JIS, 'îù’b' is '￢鍛' and 'îû’b' is '＇鍛': each through a code
    of NEC's selection of IBM's extension (first byte 0xEE), which repeats characters a Japanese Windows writes
    elsewhere ('￢' as 0x81CA). Each file is refused as ambiguous (all three found by the property above)."""
    path = tmp_path / "a.csv"
    path.write_bytes(f'site\n"{word}"\n'.encode("cp1252"))
    assert word.encode("cp1252").decode("cp932") == japanese
    with pytest.raises(InputError, match='encoding = { "a.csv" = "cp1252" }'):
        read_text(path)


@pytest.mark.parametrize("word", ["Montréal", "Québec", "Siège", "Trois-Rivières", "Lévis"])
def test_one_french_place_name_is_enough_to_tell_windows_1252(tmp_path, word):
    path = tmp_path / "a.csv"
    path.write_bytes(f"site\n{word}\n".encode("cp1252"))
    assert (read_text(path).encoding, read_text(path).text) == ("cp1252", f"site\n{word}\n")
