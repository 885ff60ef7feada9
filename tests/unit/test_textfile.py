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
        "a.csv, row 3: 5 cells where the header names 4",
    ]


def test_long_cells_are_clipped_in_messages():
    assert clip("x" * 8000) == "x" * 60 + "... (8000 characters)"
