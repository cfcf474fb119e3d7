"""Text files as Excel and other programs write them: RFC 4180 quoting, every line end, the
encodings Excel saves in, and the usual delimiters. Row numbers are the ones a spreadsheet
shows for the file, so an error's row can be found."""
from __future__ import annotations

import codecs

import pytest

from nato_planner.io.budget_import import read_budget
from nato_planner.io.workbook_reader import open_workbook

LINES = ["Code,Description,2025", 'A1,"Tanks ""Leopard"", lot 2",100',
         'A2,"Boots, winter",50', "A3,Fuel,25"]


def write(tmp_path, content: bytes, name: str = "budget.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def grid(path: str):
    book = open_workbook(path)
    return book.grid(book.sheet_names[0])


def test_a_doubled_quote_is_one_quote_and_a_quoted_comma_is_text(tmp_path):
    path = write(tmp_path, "\r\n".join(LINES).encode())
    result = read_budget(path)
    assert list(result.budget.descriptions[:2]) == ['Tanks "Leopard", lot 2', "Boots, winter"]
    assert result.budget.amounts[:, 0].tolist() == [100, 50, 25]
    assert result.errors == []


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r", "\r\r\n"],
                         ids=["LF", "CRLF", "CR", "CRCRLF"])
def test_every_line_end_gives_the_same_rows_numbered_as_a_spreadsheet_shows(tmp_path, end):
    text = end.join(LINES[:2] + ["", "A2,Boots,oops"] + LINES[3:]) + end
    path = write(tmp_path, text.encode())
    rows = grid(path)
    assert rows[1][1] == 'Tanks "Leopard", lot 2'
    assert rows[2] == ["", "", ""] and rows[3][2] == "oops"  # blank line 3 stays row 3
    result = read_budget(path)
    assert [e.row for e in result.errors] == [4]
    assert result.budget.source_rows.tolist() == [2, 4, 5]


def test_a_line_break_inside_quotes_is_text_and_later_rows_follow_the_records(tmp_path):
    path = write(tmp_path, b'Description,2025\n"Tanks\nand spares",100\nBoots,oops\n')
    result = read_budget(path)
    assert result.budget.descriptions[0] == "Tanks\nand spares"
    assert [e.row for e in result.errors] == [3]


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", codecs.BOM_UTF16_LE),
                                          ("utf-16-be", codecs.BOM_UTF16_BE),
                                          ("utf-16-le", b""),
                                          ("utf-8", codecs.BOM_UTF8), ("utf-8", b""),
                                          ("cp1252", b"")])
def test_excel_encodings(tmp_path, encoding, bom):
    """UTF-16 "Unicode text" (tab-separated), UTF-8 with and without BOM, cp1252 "CSV"."""
    text = "Beschreibung\t2025\r\nDéfense € Übung\t100\r\n"
    path = write(tmp_path, bom + text.encode(encoding))
    result = read_budget(path)
    assert list(result.budget.descriptions) == ["Défense € Übung"]
    assert result.budget.amounts[0, 0] == 100


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_usual_delimiter_is_found(tmp_path, delimiter):
    rows = ["Code|Description|2025|2026", "A1|Tanks, heavy|100|110", "A2|Boots|50|55"]
    quoted = [r.replace("Tanks, heavy", '"Tanks, heavy"') for r in rows]
    text = "\n".join(r.replace("|", delimiter) for r in quoted) + "\n"
    result = read_budget(write(tmp_path, text.encode()))
    assert result.budget.years == [2025, 2026]
    assert list(result.budget.descriptions) == ["Tanks, heavy", "Boots"]
    assert result.budget.amounts.tolist() == [[100, 110], [50, 55]]


def test_excel_sep_line_names_the_delimiter(tmp_path):
    result = read_budget(write(tmp_path, b"sep=;\nDescription;2025\nTanks;1,5\n"))
    assert result.budget.amounts[0, 0] == 1.5


def test_a_field_longer_than_the_csv_module_default_is_text(tmp_path):
    long = "x" * 200_000
    result = read_budget(write(tmp_path, f"Description,2025\n{long},1\n".encode()))
    assert list(result.budget.descriptions) == [long]  # a data cell is never cut
