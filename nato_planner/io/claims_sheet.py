"""The Claims sheet (EXPORT_FORMAT.md): every security-related line and every high-risk line
with its argument, then per year the counted % of GDP with and without the high-risk lines.

Written into the revised plan, and alone as a small workbook for a committee (export_claims).
Values, not formulas: every figure is the engine's (core/pledge.py via claim_figures).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import xlsxwriter

from ..core.claim_figures import all_claim_figures
from ..core.plan import Plan
from ..core.taxonomy import BUCKET_LABELS, Bucket
from .atomic_file import atomic_target, check_writable, written_path
from .export_layout import Formats, print_landscape, write_header
from .line_items_sheet import risk_texts

CLAIMS = "Claims"
CLAIM_HEADERS = ["Code", "Description", "Classification", "Declaration category",
                 "Challenge risk", "Evidence", "Rationale"]
YEAR_HEADERS = ["Year", "Counted % of GDP", "Counted % of GDP without high-risk lines",
                "Money at risk (high-risk lines)"]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def write_claims(sheet, plan: Plan, formats: Formats) -> int:
    """The claims table, a blank row, then the per-year band; returns the claim count."""
    budget, years = plan.budget, plan.years
    sheet.set_row(0, 30)
    write_header(sheet, CLAIM_HEADERS + [str(y) for y in years], formats,
                 numbers_from=len(CLAIM_HEADERS))
    lines = budget.claim_lines()
    money = budget.counted_money(lines)
    risks = np.array(risk_texts(plan), dtype=object)
    for r, (line, amounts) in enumerate(zip(lines.tolist(), money.tolist()), start=1):
        bucket = Bucket(int(budget.buckets[line]))
        texts = (budget.codes[line], budget.descriptions[line],
                 "" if bucket == Bucket.UNCLASSIFIED else BUCKET_LABELS[bucket],
                 budget.declarations[line], risks[line], budget.evidence[line],
                 budget.rationales[line])
        for col, text in enumerate(texts):
            if text:
                sheet.write_string(r, col, _text(text))
        for col, amount in enumerate(amounts, start=len(CLAIM_HEADERS)):
            sheet.write_number(r, col, amount, formats.money)
    _write_band(sheet, plan, len(lines) + 2, formats)
    for col, width in enumerate([14, 44, 16, 28, 10, 32, 44]):
        sheet.set_column(col, col, width)
    if years:
        sheet.set_column(len(CLAIM_HEADERS), len(CLAIM_HEADERS) + len(years) - 1, 16)
    sheet.freeze_panes(1, 2)
    print_landscape(sheet, repeat_header=True)
    return len(lines)


def _write_band(sheet, plan: Plan, first_row: int, formats: Formats) -> None:
    """Per year: counted % of GDP with and without the high-risk lines, and the money at risk."""
    for col, text in enumerate(YEAR_HEADERS):
        sheet.write_string(first_row, col, text, formats.header)
    for r, f in enumerate(all_claim_figures(plan), start=first_row + 1):
        sheet.write_number(r, 0, f.year, formats.year)
        for col, value in ((1, f.counted_pct_gdp), (2, f.counted_pct_gdp_without_high_risk)):
            if value is not None:
                sheet.write_number(r, col, value, formats.pct)
        sheet.write_number(r, 3, f.at_risk, formats.money)


def export_claims(plan: Plan, path: str | os.PathLike) -> int:
    """The Claims sheet alone, as its own workbook (atomic like the plan); returns the count."""
    target = Path(path)
    check_writable(written_path(target))
    with atomic_target(target) as temp_path:
        book = xlsxwriter.Workbook(temp_path, {
            "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": True})
        count = write_claims(book.add_worksheet(CLAIMS), plan, Formats(book))
        book.set_properties({"title": "Claims under review"})
        book.close()
    return count
