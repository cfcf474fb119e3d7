"""Small budget workbooks written by the tests themselves, in every format the importer reads."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

Row = list[object]


def write_xlsx(path: Path, sheets: dict[str, list[Row]]) -> Path:
    """One sheet per entry, rows from A1; a str starting with '=' is a formula (no cached value)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_xlsx_with_values(path: Path, rows: list[Row], formulas: dict[tuple[int, int], str],
                           sheet: str = "Budget") -> Path:
    """XlsxWriter stores a formula and its computed result, as Excel does; (row, col) 0-based."""
    import xlsxwriter
    book = xlsxwriter.Workbook(str(path))
    worksheet = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in formulas:
                worksheet.write_formula(r, c, formulas[(r, c)], None, value)
            elif value is not None:
                worksheet.write(r, c, value)
    book.close()
    return path


def write_csv(path: Path, rows: list[Row], delimiter: str = ",") -> Path:
    def field(value: object) -> str:
        text = "" if value is None else str(value)
        return f'"{text}"' if delimiter in text or '"' in text else text
    path.write_text("\n".join(delimiter.join(field(v) for v in row) for row in rows) + "\n",
                    encoding="utf-8")
    return path


def write_ods(path: Path, sheets: dict[str, list[Row]]) -> Path:
    """A minimal OpenDocument spreadsheet (mimetype, manifest, content), as LibreOffice reads."""
    tables = "".join(_ods_table(name, rows) for name, rows in sheets.items())
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def _ods_table(name: str, rows: list[Row]) -> str:
    return (f'<table:table table:name="{escape(name)}">'
            + "".join(f"<table:table-row>{''.join(map(_ods_cell, row))}</table:table-row>"
                      for row in rows) + "</table:table>")


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>")


def convert_with_libreoffice(source: Path, extension: str, filter_name: str) -> Path:
    """Convert with a private LibreOffice profile (so parallel runs do not collide)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", f"{extension}:{filter_name}", "--outdir",
                        str(source.parent), str(source)], check=True, capture_output=True,
                       timeout=120)
    target = source.with_suffix("." + extension)
    assert target.exists(), os.listdir(source.parent)
    return target


def budget_rows(title: list[str] | None = None) -> list[Row]:
    """A typical ministry sheet: title block, header, a heading, lines, a subtotal, a total."""
    rows: list[Row] = [[t] for t in (title or ["Ministry of Defence - Budget 2026",
                                               "Amounts in EUR thousands"])]
    rows += [[],
             ["Code", "Description", "Classification", "2025 Budget", "2026 Plan"],
             [None, "Armed forces"],
             ["0601", "Army personnel", "Core defence", 1000, 1100],
             ["0602", "Fighter aircraft", "Equipment", 500, 700],
             ["0603", "Border guard", "Security-related", 200, 210],
             [None, "Subtotal armed forces", None, 1700, 2010],
             [],
             ["0701", "Pensions of civil servants", "Not counted", 300, 310],
             [None, "Total", None, 2000, 2320]]
    return rows
