"""A table saved by Excel in Windows-1252 or GBK reads back exactly as typed, or is refused: never read wrong."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ghgcalc.core.textfile import read_text
from ghgcalc.errors import InputError

LATIN = "abcdeflmnoprstuvMQ éèêëàâçôîïûùüÉÈÀÇœ€°«»’ßöäÖÄ"
# 莞 and 然 are left out: their two GBK bytes are also one UTF-8 character, so a file whose only
# non-ASCII text they are is valid UTF-8, and read as such (strict UTF-8 is tried first)
CHINESE = "苏州工厂东办公室电力天气柴油制冷剂北京上海，。（）"
cells = st.lists(st.text(alphabet=LATIN + "0123456789 ,.-", min_size=1, max_size=20), min_size=1, max_size=6)


def _table(rows: list[str]) -> str:
    return "site\n" + "".join(f'"{row}"\n' for row in rows)


@given(rows=cells)
def test_windows_1252_text_reads_back_as_typed_or_is_refused(tmp_path_factory, rows):
    text = _table(rows)
    path = tmp_path_factory.mktemp("cp1252") / "a.csv"
    path.write_bytes(text.encode("cp1252"))
    try:
        read = read_text(path)
    except InputError as refused:
        assert "reads" in str(refused) and '= "cp1252" }' in str(refused)
        return
    assert read.text == text


@given(rows=st.lists(st.text(alphabet=CHINESE + "abc0123456789 ,.", min_size=1, max_size=12), min_size=1, max_size=6))
def test_gbk_text_reads_back_as_typed_or_is_refused(tmp_path_factory, rows):
    text = _table(rows)
    path = tmp_path_factory.mktemp("gbk") / "a.csv"
    path.write_bytes(text.encode("gbk"))
    try:
        read = read_text(path)
    except InputError as refused:
        assert '= "gb18030" }' in str(refused)
        return
    assert read.text == text


@pytest.mark.parametrize("word", ["Montréal", "Québec", "Siège", "Trois-Rivières", "Lévis"])
def test_one_french_place_name_is_enough_to_tell_windows_1252(tmp_path, word):
    path = tmp_path / "a.csv"
    path.write_bytes(f"site\n{word}\n".encode("cp1252"))
    assert (read_text(path).encoding, read_text(path).text) == ("cp1252", f"site\n{word}\n")
