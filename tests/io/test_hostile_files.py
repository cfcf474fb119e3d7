"""Hostile workbooks are refused with a sentence, quickly, before they are expanded."""
from __future__ import annotations

import re
import time
import zipfile

import pytest

from importer_workbooks import budget_rows, write_xlsx
from nato_planner.core.errors import BudgetImportError
from nato_planner.io.budget_import import read_budget

SHEET_PART = "xl/worksheets/sheet1.xml"


def repack(source, target, replace: dict[str, object]):
    """Copy a package, replacing some parts (bytes, or a callable writing a big part)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            content = replace.get(item.filename, old.read(item.filename))
            if callable(content):
                with new.open(item.filename, "w", force_zip64=True) as part:
                    content(part)
            else:
                new.writestr(item.filename, content)
    return target


def refused_quickly(path) -> str:
    start = time.perf_counter()
    with pytest.raises(BudgetImportError) as caught:
        read_budget(str(path))
    assert time.perf_counter() - start < 20  # loose: the machine is shared (5 s in benchmarks)
    return str(caught.value)


def test_zip_bomb_sheet_is_refused(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Budget": budget_rows()})

    def huge_sheet(part):
        part.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                   b'spreadsheetml/2006/main"><sheetData>')
        block = b" " * (1 << 20)
        for _ in range(64):  # 64 MB of nothing, a few dozen KB compressed
            part.write(block)
        part.write(b"</sheetData></worksheet>")
    bomb = repack(plain, tmp_path / "bomb.xlsx", {SHEET_PART: huge_sheet})
    assert bomb.stat().st_size < 1_000_000
    assert "zip bomb" in refused_quickly(bomb)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize("part", [SHEET_PART, "xl/workbook.xml", "[Content_Types].xml"])
def test_xml_entity_declarations_are_refused(tmp_path, part):
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Budget": budget_rows()})
    with zipfile.ZipFile(plain) as archive:
        original = archive.read(part)
    if part == SHEET_PART:
        poisoned = BILLION_LAUGHS
    else:
        declaration, _, body = original.partition(b"?>") if original.startswith(b"<?xml") \
            else (b"", b"", original)
        poisoned = declaration + _ + b'<!DOCTYPE x [<!ENTITY a "b">]>' + body
    laughs = repack(plain, tmp_path / "laughs.xlsx", {part: poisoned})
    assert "XML entit" in refused_quickly(laughs)


MANIFEST = (b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            b'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            b'</manifest:manifest>')


def test_ods_declaring_millions_of_repeated_filled_rows_is_refused(tmp_path):
    content = (b'<?xml version="1.0"?><office:document-content '
               b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               b'<office:spreadsheet><table:table table:name="S">'
               b'<table:table-row><table:table-cell office:value-type="string"><text:p>'
               b'Description</text:p></table:table-cell></table:table-row>'
               b'<table:table-row table:number-rows-repeated="50000000">'
               b'<table:table-cell table:number-columns-repeated="20" office:value-type="float"'
               b' office:value="1"/></table:table-row></table:table></office:spreadsheet>'
               b'</office:body></office:document-content>')
    path = tmp_path / "repeat.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    assert "rows" in refused_quickly(path)


def test_ods_with_a_million_trailing_empty_rows_still_imports(tmp_path):
    content = (b'<?xml version="1.0"?><office:document-content '
               b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               b'<office:spreadsheet><table:table table:name="S">'
               b'<table:table-row><table:table-cell office:value-type="string"><text:p>'
               b'Description</text:p></table:table-cell><table:table-cell office:value-type='
               b'"float" office:value="2025"><text:p>2025</text:p></table:table-cell>'
               b'<table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
               b'<table:table-row><table:table-cell office:value-type="string"><text:p>Army'
               b'</text:p></table:table-cell><table:table-cell office:value-type="float" '
               b'office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>'
               b'<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
               b'table:number-columns-repeated="16384"/></table:table-row>'
               b'</table:table></office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "tail.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    result = read_budget(str(path))
    assert result.line_items == 1 and result.budget.amounts[0, 0] == 7


def test_encrypted_ooxml_package_is_refused_as_encrypted(tmp_path):
    # An encrypted xlsx is an OLE compound file holding an 'EncryptedPackage' stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path = tmp_path / "secret.xlsx"
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000)
    assert "encrypted" in refused_quickly(path)


def test_two_cells_far_apart_are_refused_before_a_huge_sheet_is_laid_out(tmp_path):
    import xlsxwriter
    path = tmp_path / "far.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Budget")
    sheet.write_row(0, 0, ["Description", 2025])
    sheet.write_row(1, 0, ["Army", 5])
    sheet.write(999_999, 25, "stray")  # A1 to Z1000000: 26 million cells once laid out
    book.close()
    assert "absurd dimensions" in refused_quickly(path)


def test_a_declared_huge_dimension_with_small_content_still_imports(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", {"Budget": budget_rows()})
    with zipfile.ZipFile(plain) as archive:
        sheet = archive.read(SHEET_PART)
    claimed = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', sheet)
    assert claimed != sheet
    big = repack(plain, tmp_path / "claims.xlsx", {SHEET_PART: claimed})
    assert read_budget(str(big)).line_items == 4
