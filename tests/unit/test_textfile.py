"""Text tables in any encoding people save them in; broken files fail in one line."""

import codecs

import pytest

from ghgcalc.core.textfile import clip, read_csv_table, read_text
from ghgcalc.errors import InputError

TABLE = "year,segment,quantity\n2023,苏州工厂,1000\n2023,东莞工厂,500\n"


@pytest.mark.parametrize("encoding, raw", [
    ("utf-8", TABLE.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + TABLE.encode("utf-8")),
    ("gb18030", TABLE.encode("gbk")),
    ("utf-16", TABLE.encode("utf-16")),
])
def test_every_common_encoding_reads_the_same_table(tmp_path, encoding, raw):
    path = tmp_path / "activity.csv"
    path.write_bytes(raw)
    table, source = read_csv_table(path)
    assert source.encoding == encoding
    assert list(table["segment"]) == ["苏州工厂", "东莞工厂"]
    assert list(table.index) == [2, 3]


def test_a_declared_encoding_is_used(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(TABLE.encode("gbk"))
    assert read_text(path, "gbk").text == TABLE
    # "year,segment,quantity\n" is 22 bytes, "2023," 5 more: the first GBK byte is byte 27
    with pytest.raises(InputError, match="a.csv: is not valid utf-8 \\(at byte 27\\), the encoding declared for it"):
        read_text(path, "utf-8")


def test_binary_and_empty_files_are_refused_in_one_line(tmp_path):
    binary, empty = tmp_path / "b.csv", tmp_path / "e.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00garbage")
    empty.write_text("")
    with pytest.raises(InputError, match="^b.csv: is not a text file"):
        read_csv_table(binary)
    with pytest.raises(InputError, match="^e.csv: is empty"):
        read_csv_table(empty)


def test_blank_lines_keep_the_row_numbers_of_the_rows_after_them(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("year,quantity\n2023,1\n\n,\n2024,2\n")
    table, _ = read_csv_table(path)
    assert list(table.index) == [2, 5]


def test_header_problems_are_all_listed(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("year,quantity,,quantity\n2023,1,,2\n2023,1,2,3,4\n")
    with pytest.raises(InputError) as caught:
        read_csv_table(path)
    assert str(caught.value).splitlines() == [
        "a.csv, row 1, column #3: a column has no name in the header",
        "a.csv, row 1, column quantity: column 'quantity' appears twice in the header",
        "a.csv, row 3: 5 cells where the header names 4 (cells split at commas, as the header is)",
    ]


def test_long_cells_are_clipped_in_messages():
    assert clip("x" * 8000) == "x" * 60 + "... (8000 characters)"


QUEBEC = "year,site,quantity\nFY2024,Usine Montréal,\"1 250 000\"\nFY2024,Flotte Québec,\"85 000\"\n"


def test_a_table_saved_by_excel_on_a_french_windows_reads_as_windows_1252(tmp_path):
    path = tmp_path / "activity.csv"
    path.write_bytes(QUEBEC.encode("cp1252"))  # GB18030 decodes these bytes too: 'Usine Montr閍l'
    table, source = read_csv_table(path)
    assert source.encoding == "cp1252"
    assert list(table["site"]) == ["Usine Montréal", "Flotte Québec"]


def test_a_declared_windows_1252_is_used(tmp_path):
    path = tmp_path / "activity.csv"
    path.write_bytes("site\nCréé\n".encode("cp1252"))
    assert read_text(path, "cp1252").text == "site\nCréé\n"
    assert read_text(path, "windows-1252").text == "site\nCréé\n"
    assert read_text(path, (("activity.csv", "cp1252"),)).text == "site\nCréé\n"  # declared by file name


@pytest.mark.parametrize("text, encoding, readings", [
    # "éé" is two high bytes, as a Chinese character is in GBK: it reads both ways
    ("site\nAcier créé\n", "cp1252", "'Acier cr殚' in GB18030 but 'Acier créé' in Windows-1252"),
    # one Chinese character alone is two letters in Windows-1252
    ("site\n厂\n", "gbk", "'厂' in GB18030 but '³§' in Windows-1252"),
])
def test_a_file_that_reads_two_ways_is_refused_with_both_readings(tmp_path, text, encoding, readings):
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(InputError) as caught:
        read_text(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"a.csv: is not UTF-8, and line 2 reads {readings}: say which under [data] in "
                              'ghgcalc.toml, encoding = { "a.csv" = "')
    assert 'encoding = { "a.csv" = "gb18030" } (GBK, Excel on a Chinese Windows)' in message
    assert 'encoding = { "a.csv" = "cp1252" } (Excel on a Western-European Windows)' in message


def test_a_small_table_read_twice_is_parsed_once_and_each_reader_gets_its_own(tmp_path, monkeypatch):
    from ghgcalc.core import textfile

    path = tmp_path / "figures.csv"
    path.write_text("metric,year,value\nrevenue,2023,\"1,000\"\n\nscope1,2023,12\n", encoding="utf-8")
    parsed = []
    monkeypatch.setattr(textfile, "_parsed_table", lambda source, _p=textfile._parsed_table: parsed.append(1) or _p(source))
    first, _ = read_csv_table(path)
    first.loc[2, "value"] = "changed by its reader"
    second, source = read_csv_table(path)
    assert len(parsed) == 1 and source.encoding == "utf-8"
    assert second["value"].tolist() == ["1,000", "12"] and second.index.tolist() == [2, 4]
    path.write_text("metric,year,value\nrevenue,2023,2\n", encoding="utf-8")  # a file changed: read anew
    assert read_csv_table(path)[0]["value"].tolist() == ["2"] and len(parsed) == 2


@pytest.mark.parametrize("text", ["site,名前,quantity\n東京工場,都市ガス,1200\n大阪オフィス,電力,35000\n",
                                  "site,quantity\n東京工場,1200\n"])  # kanji only: GB18030 read it as 搶嫗岺応
def test_a_table_saved_by_excel_on_a_japanese_windows_reads_as_shift_jis(tmp_path, text):
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode("cp932"))
    assert text.encode("cp932").decode("gb18030") != text  # what the file was read as before: other characters
    found = read_text(path)
    assert (found.encoding, found.text) == ("cp932", text)
    table, _ = read_csv_table(path)
    assert table.iloc[0, 0] == "東京工場"


def test_shift_jis_can_be_declared_and_chinese_and_french_files_read_as_before(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("site\n東京工場\n".encode("shift_jis"))
    assert read_text(path, "shift_jis").text == "site\n東京工場\n"
    path.write_bytes("site,名称\n东京工厂,天然气\n北京办公室,电力\n".encode("gbk"))
    assert read_text(path).encoding == "gb18030"
    path.write_bytes("site\nUsine de Montréal\n".encode("cp1252"))
    assert read_text(path).encoding == "cp1252"
