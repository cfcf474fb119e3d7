"""Cell formats and page layout shared by the sheets of the exported plan."""
from __future__ import annotations

import math

import xlsxwriter

_LINE_HEIGHT = 15.0  # points: one line of the default 11 pt font
_CHARS_PER_WIDTH = 1.1  # characters that fit per unit of column width, a little generous


class Formats:
    """Every cell format, created once (XlsxWriter formats are per workbook)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        add = book.add_format
        self.header = add({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top",
                           "bg_color": "#DCE6F1"})
        self.header_right = add({"bold": True, "bottom": 1, "valign": "top", "align": "right",
                                 "text_wrap": True, "bg_color": "#DCE6F1"})
        self.header_center = add({"bold": True, "bottom": 1, "valign": "top", "align": "center",
                                  "text_wrap": True, "bg_color": "#DCE6F1"})
        self.center = add({"align": "center"})
        self.header_indent = add({"bold": True, "bottom": 1, "valign": "top", "indent": 1,
                                  "bg_color": "#DCE6F1"})
        self.money = add({"num_format": "#,##0"})
        self.pct = add({"num_format": "0.00"})
        self.share = add({"num_format": "0%", "align": "center"})
        self.year = add({"num_format": "0"})
        self.error = add({"font_color": "#C00000", "italic": True})
        self.label = add({"bold": True})
        self.time = add({"num_format": "yyyy-mm-dd hh:mm", "align": "left"})
        self.note_number = add({"align": "left"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.time_top = add({"num_format": "yyyy-mm-dd hh:mm", "align": "left", "valign": "top"})


def write_header(sheet, headers: list[str], formats: Formats,
                 numbers_from: int | None = None, text_columns: tuple[int, ...] = ()) -> None:
    """Header row; columns from `numbers_from` on hold numbers, so their titles align right
    (except `text_columns`, centred with their yes/no values)."""
    for col, text in enumerate(headers):
        right = numbers_from is not None and col >= numbers_from
        fmt = formats.header_center if col in text_columns else (
            formats.header_right if right else formats.header)
        sheet.write_string(0, col, text, fmt)


def print_landscape(sheet, repeat_header: bool = False) -> None:
    """A4 landscape, one page wide, so a printed plan needs no scissors."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    if repeat_header:
        sheet.repeat_rows(0)


def print_footer(sheet, plan_name: str) -> None:
    """Every printed page says which plan and sheet it belongs to, and where it falls."""
    name = plan_name.replace("&", "&&")[:80]  # '&' starts a header/footer code
    sheet.set_footer(f"&L&8{name}&C&8&A&R&8Page &P of &N")
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)


def wrapped_row_height(cells: list[tuple[str, float]]) -> float | None:
    """Row height (points) that shows every wrapped text whole, from (text, column width)
    pairs; None when one line is enough. Excel and LibreOffice keep the stored height of a
    row written by XlsxWriter, so wrapped rows must carry theirs."""
    lines = max((math.ceil(len(text) / (width * _CHARS_PER_WIDTH)) for text, width in cells
                 if text), default=1)
    return None if lines <= 1 else _LINE_HEIGHT * min(lines, 20)
