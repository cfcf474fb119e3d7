"""Generate the sample budget workbooks and the figures the tests expect from them.

Every sample is built from plain line data held here; `expected_figures.json` is computed from
that same data with the pledge rules of DOMAIN.md re-implemented below (never through
nato_planner), so the importer tests compare two independent computations.

Run from the repository root:  python sample_budgets/make_samples.py
Deterministic (seeded); needs XlsxWriter, and LibreOffice (soffice) for the .ods and .xls.
"""
from __future__ import annotations

import csv
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from datetime import datetime

HERE = Path(__file__).resolve().parent
CREATED = datetime(2026, 1, 15, 9, 0, 0)  # fixed document dates: the same bytes on every run

# --- line data --------------------------------------------------------------------------
SUB_LABELS = {
    "equipment": "Equipment", "personnel": "Personnel", "infrastructure": "Infrastructure",
    "operations": "Operations & other", "ukraine": "Ukraine support",
    "critical_infrastructure": "Critical infrastructure", "networks_cyber": "Networks & cyber",
    "civil_preparedness": "Civil preparedness & resilience", "innovation": "Innovation",
    "industrial_base": "Defence industrial base", "military_mobility": "Military mobility",
}
BUCKET_LABELS = {"C": "Core defence", "S": "Security-related", "N": "Not counted", "": ""}


@dataclass
class Line:
    """One budget line as the file shows it. Amounts are integer tenths of the display unit."""

    code: str
    description: str
    cofog: str
    bucket: str  # "C" core, "S" security-related, "N" not counted, "" unclassified
    sub: str = ""  # key of SUB_LABELS, "" for none
    weight: float = 1.0
    org: str = ""
    share: float | None = None  # counted share as a fraction; None: cell left blank (100%)
    rationale: str = ""
    cls_text: str | None = None  # what the classification cell says, if not the bucket label
    tenths: dict[int, int] = field(default_factory=dict)
    styles: dict[int, str] = field(default_factory=dict)  # year -> cell style (see _cell)
    row: int = 0  # 1-based sheet row, set when written
    cls_error: bool = False  # the classification cell names no bucket: an error row

    @property
    def excluded(self) -> bool:
        return any(s.startswith("err:") for s in self.styles.values())


@dataclass
class Heading:
    text: str
    row: int = 0


@dataclass
class Subtotal:
    text: str
    lines: list[Line]
    formula: bool = False
    row: int = 0


@dataclass
class Blank:
    row: int = 0


@dataclass
class RepeatHeader:
    row: int = 0


def size_group(rng: random.Random, lines: list[Line], total_tenths: int, years: list[int],
               growth: float) -> list[Line]:
    """Give a group of lines amounts: the last year's total split by weight, earlier years
    deflated by `growth` a year with a little noise."""
    weights = sum(line.weight for line in lines)
    last = years[-1]
    for line in lines:
        top = total_tenths * line.weight / weights
        for y in years:
            noise = 1.0 + rng.uniform(-0.04, 0.04)
            line.tenths[y] = int(round(top / (1.0 + growth) ** (last - y) * noise))
    return lines


def make_lines(specs, **common) -> list[Line]:
    return [Line(*spec, **common) for spec in specs]


# --- cell text -------------------------------------------------------------------------
def _group_digits(units: int, sep: str) -> str:
    return f"{units:,}".replace(",", sep)


def number_text(tenths: int, style: str) -> str:
    """A number written as text the way budget offices do: 'eu' 1 234,5; 'us' 1,234.5;
    'nbsp' 1<nbsp>234,5; 'acct' (1 234,5) for a negative; 'acct_us' (1,234.5)."""
    units, rest = divmod(abs(tenths), 10)
    if style == "us_int":
        assert rest == 0, "whole units only"
        text = _group_digits(units, ",")
    elif style in ("us", "acct_us"):
        text = f"{_group_digits(units, ',')}.{rest}"
    else:
        text = f"{_group_digits(units, chr(0xA0) if style == 'nbsp' else ' ')},{rest}"
    if style.startswith("acct"):
        assert tenths < 0, "accounting brackets are for negatives"
        return f"({text})"
    return ("-" + text) if tenths < 0 else text


def cell_value(line: Line, year: int):
    """The value written in an amount cell: a float, or text (number, nil marker, error)."""
    style = line.styles.get(year, "num")
    if style.startswith("nil:"):
        return style[4:]
    if style.startswith("err:"):
        return style[4:]
    if style == "num":
        return line.tenths[year] / 10
    return number_text(line.tenths[year], style)


def amount_units(line: Line, year: int) -> int:
    """What the cell means, in tenths of the display unit (nil markers mean zero)."""
    style = line.styles.get(year, "num")
    return 0 if style.startswith(("nil:", "err:")) else line.tenths[year]


# --- expected figures (DOMAIN.md, "The figures, per year y"), independent of nato_planner ---
def expected_year(lines: list[Line], year: int, scale: int, gdp: float | None) -> dict:
    core = security = not_counted = unclassified = equipment = 0
    for line in lines:
        if line.excluded:
            continue
        money = amount_units(line, year) * scale  # tenths x scale: exact integers
        share = 1.0 if line.share is None else line.share
        if line.bucket in ("C", "S"):
            counted = money * share
            not_counted += money - counted
            if line.bucket == "C":
                core += counted
                equipment += counted if line.sub == "equipment" else 0
            else:
                security += counted
        elif line.bucket == "N":
            not_counted += money
        else:
            unclassified += money
    core, security, not_counted, unclassified, equipment = (
        v / 10 for v in (core, security, not_counted, unclassified, equipment))
    result = {"year": year, "gdp": gdp, "core": core, "security": security,
              "not_counted": not_counted, "unclassified": unclassified}
    if gdp:
        counted = core + min(security, 0.015 * gdp)
        result.update(core_pct_gdp=100 * core / gdp, security_pct_gdp=100 * security / gdp,
                      counted_pct_gdp=100 * counted / gdp,
                      core_gap=max(0.0, 0.035 * gdp - core),
                      security_gap=max(0.0, 0.015 * gdp - security),
                      total_gap=max(0.0, 0.05 * gdp - counted))
    else:
        result.update({k: None for k in ("core_pct_gdp", "security_pct_gdp", "counted_pct_gdp",
                                          "core_gap", "security_gap", "total_gap")})
    result["equipment_share_of_core"] = 100 * equipment / core if core else None
    return result


@dataclass
class Sample:
    """A generated workbook and what an importer must find in it."""

    file: str
    sheet: str
    currency: str | None
    scale: int
    years: list[int]
    gdp: dict[int, float]  # plain currency units
    items: list
    spot_codes: list[str] = field(default_factory=list)  # lines whose amounts tests check
    notes: str = ""

    @property
    def lines(self) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line)]

    def expected(self) -> dict:
        skipped = []
        for item in self.items:
            reason = {Heading: "section heading", Subtotal: "total", Blank: "blank",
                      RepeatHeader: "repeated header"}.get(type(item))
            if reason:
                skipped.append({"row": item.row, "reason": reason})
        errors = [{"row": line.row, "column": col, "value": line.styles[y][4:]}
                  for line in self.lines for y, col in self.year_headers.items()
                  if line.styles.get(y, "").startswith("err:")]
        errors += [{"row": line.row, "column": self.classification_header,
                    "value": line.cls_text} for line in self.lines if line.cls_error]
        errors.sort(key=lambda e: e["row"])
        spots = [{"row": line.row, "code": line.code,
                  "amounts": {str(y): amount_units(line, y) * self.scale / 10
                              for y in self.years if not line.styles.get(y, "").startswith("err")}}
                 for line in self.lines if line.code in self.spot_codes]
        return {
            "sheet": self.sheet, "currency": self.currency, "scale": self.scale,
            "lines_read": len(self.lines),
            "line_items": sum(not line.excluded for line in self.lines),
            "skipped_rows": skipped, "errors": errors, "spot_lines": spots,
            "years": [expected_year(self.lines, y, self.scale, self.gdp.get(y))
                      for y in self.years],
        }

    year_headers: dict[int, str] = field(default_factory=dict)
    classification_header: str = "Classification"


# --- writing xlsx -----------------------------------------------------------------------
@dataclass
class Layout:
    """Columns of the line-item table: (header, kind); kind is code/desc/org/cofog/cls/sub/
    share/rationale or ('amount', year)."""

    columns: list[tuple[str, object]]
    share_style: str = "pct_num"  # pct_num: 0.4 shown as 40%; pct_text: "40%"; num100: 40
    cls_kind: str = "bucket"  # bucket: "Core defence"...; subcat: the sub-category name


def line_cells(line: Line, layout: Layout) -> list:
    cells = []
    for _, kind in layout.columns:
        if isinstance(kind, tuple):
            cells.append(cell_value(line, kind[1]))
        elif kind == "cls":
            cells.append(_classification_text(line, layout))
        elif kind == "sub":
            cells.append(SUB_LABELS.get(line.sub, "") if line.bucket else "")
        elif kind == "share":
            cells.append(_share_cell(line.share, layout.share_style))
        else:
            cells.append({"code": line.code, "desc": line.description, "org": line.org,
                          "cofog": line.cofog, "rationale": line.rationale}[kind])
    return cells


def _classification_text(line: Line, layout: Layout) -> str:
    if line.cls_text is not None:
        return line.cls_text
    if layout.cls_kind == "subcat" and line.sub:
        return SUB_LABELS[line.sub]
    return BUCKET_LABELS[line.bucket]


def _share_cell(share: float | None, style: str):
    if share is None:
        return ""
    if style == "pct_text":
        return f"{share * 100:g}%"
    return share * 100 if style == "num100" else share


def new_workbook(path: Path):
    book = xlsxwriter.Workbook(path)
    book.set_properties({"created": CREATED, "author": "make_samples.py"})
    return book


class SheetWriter:
    """Writes rows into an XlsxWriter sheet, keeping the 1-based row number."""

    def __init__(self, book, sheet) -> None:
        self.book, self.sheet, self.row = book, sheet, 0
        self.bold = book.add_format({"bold": True})
        self.number = book.add_format({"num_format": "#,##0.0"})
        self.percent = book.add_format({"num_format": "0%"})
        self.total = book.add_format({"bold": True, "num_format": "#,##0.0", "top": 1})
        self.share_columns: set[int] = set()

    def write(self, values: list, bold: bool = False) -> int:
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            fmt = self.bold if bold else None
            if isinstance(value, float) and not bold:
                fmt = self.percent if 0 < value <= 1 and self._is_share(col) else self.number
            if isinstance(value, str):
                self.sheet.write_string(self.row, col, value, fmt)
            else:
                self.sheet.write_number(self.row, col, value, fmt)
        self.row += 1
        return self.row

    def _is_share(self, col: int) -> bool:
        return col in self.share_columns

    def write_table(self, layout: Layout, items: list) -> None:
        headers = [h for h, _ in layout.columns]
        self.share_columns = {i for i, (_, k) in enumerate(layout.columns) if k == "share"}
        self.write(headers, bold=True)
        for item in items:
            if isinstance(item, Line):
                item.row = self.write(line_cells(item, layout))
            elif isinstance(item, Heading):
                item.row = self.write([item.text if k == "desc" else "" for _, k in
                                       layout.columns], bold=True)
            elif isinstance(item, Subtotal):
                item.row = self._write_subtotal(layout, item)
            elif isinstance(item, RepeatHeader):
                item.row = self.write(headers, bold=True)
            else:
                self.row += 1
                item.row = self.row

    def _write_subtotal(self, layout: Layout, item: Subtotal) -> int:
        for col, (_, kind) in enumerate(layout.columns):
            if kind == "desc":
                self.sheet.write_string(self.row, col, item.text, self.bold)
            elif isinstance(kind, tuple):
                year = kind[1]
                value = sum(line.tenths[year] for line in item.lines
                            if not line.styles.get(year, "num").startswith(("nil", "err"))) / 10
                if item.formula:
                    first, last = item.lines[0].row, item.lines[-1].row
                    letter = xlsxwriter.utility.xl_col_to_name(col)
                    self.sheet.write_formula(self.row, col, f"=SUM({letter}{first}:{letter}{last})",
                                             self.total, value)
                else:
                    self.sheet.write_number(self.row, col, value, self.total)
        self.row += 1
        return self.row


def write_gdp_table(book, name: str, title: list[str], header: list[str],
                    rows: list[list]) -> None:
    sheet = book.add_worksheet(name)
    writer = SheetWriter(book, sheet)
    for text in title:
        writer.write([text], bold=True)
    writer.write(header, bold=True)
    for values in rows:
        writer.write(values)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 8, 14)


def finish_budget_sheet(sheet, layout: Layout) -> None:
    for col, (_, kind) in enumerate(layout.columns):
        width = {"desc": 58, "rationale": 60, "cls": 20, "sub": 30, "org": 18}.get(kind, 13)
        sheet.set_column(col, col, width if isinstance(kind, str) else 14)


RATIONALES = {
    "personnel": "Pay and pensions of the armed forces: NATO definition of defence expenditure.",
    "operations": "Operation and maintenance of the armed forces (NATO definition).",
    "equipment": "Major equipment and its R&D: counts toward the 20% equipment guideline.",
    "infrastructure": "Military infrastructure used by national and allied forces.",
    "ukraine": "Direct support to Ukraine's defence counts as defence spending (Hague 2025).",
    "critical_infrastructure": "Protection of critical infrastructure (Hague 2025, 1.5% line).",
    "networks_cyber": "Defending networks: national cyber security capacity.",
    "civil_preparedness": "Civil preparedness and resilience (COFOG 02.2 / 03.2).",
    "innovation": "Defence-relevant innovation; dual-use research.",
    "industrial_base": "Strengthening the defence industrial base.",
    "military_mobility": "Transport capacity needed for allied military mobility.",
}


def add_rationales(lines: list[Line]) -> None:
    for line in lines:
        if line.bucket in ("C", "S") and not line.rationale:
            line.rationale = RATIONALES.get(line.sub, "")
        elif line.bucket == "N" and not line.rationale:
            line.rationale = "Civil spending outside the NATO definition."


def by_code(lines: list[Line], code: str) -> Line:
    return next(line for line in lines if line.code == code)


# --- 1. Northland: small ally, EUR thousands, title block, sections, text numbers ---------
NORTHLAND_SECTIONS = [
    ("1. Personnel", 380_000, [
        ("P-101", "Pay and allowances, active forces", "02.1", "C", "personnel", 10),
        ("P-102", "Pay of conscripts", "02.1", "C", "personnel", 3),
        ("P-103", "Reserve and Defence League allowances", "02.1", "C", "personnel", 2),
        ("P-104", "Civilian staff of the Ministry and agencies", "02.1", "C", "personnel", 3),
        ("P-105", "Military pensions (paid by the Social Insurance Board)", "10.2", "C",
         "personnel", 2.5),
        ("P-106", "Social contributions, military staff", "02.1", "", "", 3.4),
        ("P-107", "Recruitment and retention bonuses", "02.1", "", "", 0.8),
        ("P-108", "Training of personnel at allied academies", "02.1", "", "", 0.6),
        ("P-109", "Health insurance of service members", "02.1", "C", "personnel", 1.1),
        ("P-110", "Allowances for deployed personnel", "02.1", "C", "personnel", 0.9),
    ]),
    ("2. Operations and maintenance", 300_000, [
        ("O-201", "Fuel and lubricants", "02.1", "C", "operations", 4),
        ("O-202", "Maintenance of vehicles and vessels", "02.1", "C", "operations", 5),
        ("O-203", "Training ammunition", "02.1", "C", "operations", 3),
        ("O-204", "Exercises, incl. host-nation support to allied battlegroup", "02.1", "C",
         "operations", 4),
        ("O-205", "Military medical services", "02.1", "C", "operations", 1.5),
        ("O-206", "Food, clothing and personal equipment", "02.1", "", "", 2.5),
        ("O-207", "IT services and licences", "02.1", "", "", 2),
        ("O-208", "Utilities at barracks and bases", "02.1", "C", "operations", 1.8),
        ("O-209", "Correction: prior-year VAT refund on procurement", "02.1", "C",
         "operations", 0.0),
        ("O-210", "Insurance and legal services", "02.1", "", "", 0.4),
        ("O-211", "Applied military research (non-equipment)", "02.4", "C", "operations", 1),
        ("O-212", "Intelligence and security service operations", "02.1", "", "", 1.6),
        ("O-213", "Transport and movement of troops", "02.1", "C", "operations", 1.2),
        ("O-214", "Host-nation support services for allied forces", "02.1", "", "", 0.9),
    ]),
    ("3. Equipment and major R&D", 520_000, [
        ("E-301", "Medium-range air defence systems", "02.1", "C", "equipment", 9),
        ("E-302", "Infantry fighting vehicles, second tranche", "02.1", "C", "equipment", 6),
        ("E-303", "155 mm self-propelled howitzers", "02.1", "C", "equipment", 5),
        ("E-304", "Rocket artillery launchers and munitions", "02.1", "C", "equipment", 6),
        ("E-305", "Coastal defence anti-ship missiles", "02.1", "C", "equipment", 3),
        ("E-306", "Anti-tank weapons", "02.1", "C", "equipment", 2),
        ("E-307", "Small arms and night-vision equipment", "02.1", "", "", 1.2),
        ("E-308", "Tactical unmanned aerial systems", "02.1", "C", "equipment", 2.5),
        ("E-309", "Command, control and communications systems", "02.1", "C", "equipment", 3),
        ("E-310", "War reserve ammunition stockpile", "02.1", "C", "equipment", 7),
        ("E-311", "Mine countermeasure vessel (new programme)", "02.1", "", "", 2),
        ("E-312", "R&D for major equipment programmes", "02.4", "C", "equipment", 1.5),
        ("E-313", "Loitering munitions (new programme)", "02.1", "C", "equipment", 1.8),
        ("E-314", "Electronic warfare systems", "02.1", "C", "equipment", 1.5),
        ("E-315", "Personal protective equipment", "02.1", "", "", 0.8),
    ]),
    ("4. Infrastructure", 170_000, [
        ("I-401", "Barracks construction, northern brigade base", "02.1", "C",
         "infrastructure", 4),
        ("I-402", "Expansion of the central training area", "02.1", "C", "infrastructure", 2),
        ("I-403", "Infrastructure for the allied forward brigade", "02.1", "C",
         "infrastructure", 4),
        ("I-404", "Ammunition depots", "02.1", "C", "infrastructure", 2),
        ("I-405", "Air base runway and shelters", "02.1", "", "", 2.5),
        ("I-406", "Eastern border defence line (bunkers, obstacles)", "02.1", "C",
         "infrastructure", 3),
        ("I-407", "Cyber command premises", "02.1", "C", "infrastructure", 1),
    ]),
    ("5. International cooperation and Ukraine", 60_000, [
        ("U-501", "Military aid to Ukraine (equipment donations)", "02.3", "C", "ukraine", 6),
        ("U-502", "Contribution to NATO common funding", "02.1", "C", "operations", 1.5),
        ("U-503", "Contributions to training missions", "02.1", "", "", 0.7),
        ("U-504", "Humanitarian aid to Ukraine", "01.2", "N", "", 1),
    ]),
    ("6. Security-related items in other chapters", 240_000, [
        ("S-601", "Rescue Board: civil protection", "03.2", "S", "civil_preparedness", 4),
        ("S-602", "Public shelters programme", "02.2", "S", "civil_preparedness", 2),
        ("S-603", "National cyber security centre", "04.6", "S", "networks_cyber", 2.5),
        ("S-604", "Electricity grid protection after synchronisation", "04.3", "S",
         "critical_infrastructure", 3),
        ("S-605", "Rail freight terminal for military transport", "04.5", "S",
         "military_mobility", 2.5),
        ("S-606", "Defence industry park (ammunition plant site)", "04.4", "S",
         "industrial_base", 2),
        ("S-607", "Defence innovation fund", "01.4", "S", "innovation", 1),
        ("S-608", "Border Guard (military-trained units)", "03.1", "C", "operations", 3),
        ("S-609", "Police equipment", "03.1", "N", "", 1.5),
        ("S-610", "Emergency stockpiles (food, fuel, medicines)", "02.2", "", "", 1.2),
        ("S-611", "Hybrid threats analysis centre", "03.6", "S", "civil_preparedness", 0.5),
        ("S-612", "Strategic communication against disinformation", "01.3", "", "", 0.4),
    ]),
]


def northland() -> Sample:
    rng = random.Random("northland-2026")
    years = [2024, 2025, 2026]
    items, lines = [], []
    for i, (title, total, specs) in enumerate(NORTHLAND_SECTIONS):
        group = size_group(rng, make_lines(specs), total * 10, years, 0.14)
        lines += group
        items += ([Blank()] if i else []) + [Heading(title), *group,
                                              Subtotal(f"Subtotal {title[3:].lower()}", group,
                                                       formula=True)]
    items.append(Subtotal("Total Ministry of Defence", lines, formula=False))
    northland_twists(lines)
    add_rationales(lines)
    sample = Sample("northland_mod_2026.xlsx", "Budget", "EUR", 1000, years,
                    gdp={2024: 39_850.0e6, 2025: 41_720.5e6, 2026: 43_610.0e6}, items=items,
                    spot_codes=["O-209", "E-311", "E-313", "P-101", "P-102", "S-608"])
    sample.year_headers = {2024: "2024 Actual", 2025: "2025 Budget", 2026: "2026 Plan"}
    return sample


def northland_twists(lines: list[Line]) -> None:
    """Text numbers, nil markers, an accounting-negative correction, a counted share."""
    correction = by_code(lines, "O-209")
    correction.tenths = {2024: -12_500, 2025: -4_180, 2026: -9_755}
    correction.styles = {2024: "acct", 2025: "num", 2026: "acct"}
    by_code(lines, "P-101").styles = {2024: "eu", 2025: "eu", 2026: "nbsp"}
    by_code(lines, "P-102").styles = {2025: "us"}
    by_code(lines, "E-311").styles = {2024: "nil:-", 2025: "nil:.."}
    by_code(lines, "E-313").styles = {2024: "nil:n/a"}
    border = by_code(lines, "S-608")
    border.share = 0.3
    border.rationale = ("Only the military-trained, deployable units (about 30% of staff) "
                        "meet the NATO definition.")
    by_code(lines, "E-302").cls_text = "core"
    by_code(lines, "S-603").cls_text = "security related"


def write_northland(sample: Sample, path: Path) -> None:
    layout = Layout([("Code", "code"), ("Description", "desc"), ("COFOG", "cofog"),
                     ("2024 Actual", ("amount", 2024)), ("2025 Budget", ("amount", 2025)),
                     ("2026 Plan", ("amount", 2026)), ("Classification", "cls"),
                     ("Sub-category", "sub"), ("Counted share", "share"),
                     ("Rationale", "rationale")])
    book = new_workbook(path)
    sheet = book.add_worksheet("Budget")
    writer = SheetWriter(book, sheet)
    writer.write(["Ministry of Defence of Northland - Budget 2026"], bold=True)
    writer.write(["Amounts in EUR thousands"])
    writer.row += 1
    writer.write_table(layout, sample.items)
    finish_budget_sheet(sheet, layout)
    write_gdp_table(book, "Macro", ["Macroeconomic assumptions",
                                    "Source: Statistics Northland, autumn forecast"],
                    ["Year", "GDP (EUR million)", "Real growth %"],
                    [[2024, 39_850.0, 1.1], [2025, 41_720.5, 2.0], [2026, 43_610.0, 2.4]])
    book.close()


# --- 2. Westmark: large ally, EUR millions, cover sheet, code columns, 4 years ------------
SERVICES = ["Army", "Navy", "Air Force", "Joint Support Service", "Cyber and Information Command",
            "Medical Service"]
TOWNS = ["Altenbrück", "Bergholm", "Dornfeld", "Eschenau", "Falkenried", "Grünwalde",
         "Hohenmark", "Iselburg", "Kaltenbach", "Lindenhof", "Marschwitz", "Neustrand",
         "Ostergau", "Peinholt", "Rabenstein", "Seeburg", "Tannwald", "Ulmhoven"]
PLATFORMS = [
    ("Main battle tank modernisation", "Army"), ("Infantry fighting vehicle, lot", "Army"),
    ("Wheeled armoured personnel carrier", "Army"), ("Self-propelled howitzer", "Army"),
    ("Multiple rocket launcher", "Army"), ("Short-range air defence", "Army"),
    ("Tactical radio digitisation", "Army"), ("Combat engineer vehicle", "Army"),
    ("Frigate class F-130", "Navy"), ("Corvette batch 2", "Navy"), ("Submarine programme", "Navy"),
    ("Maritime patrol aircraft", "Navy"), ("Naval strike missile", "Navy"),
    ("Fighter aircraft (fifth generation)", "Air Force"),
    ("Heavy transport helicopter", "Air Force"),
    ("Air-to-air refuelling share", "Air Force"), ("Long-range air defence", "Air Force"),
    ("Eurodrone-class MALE UAS", "Air Force"),
    ("Satellite communications", "Joint Support Service"),
    ("Strategic airlift share", "Joint Support Service"),
]


def westmark_defence() -> list[tuple[str, list[Line], int]]:
    """Ministry of Defence chapters: (section title, lines, 2027 total in EUR million)."""
    def line(code, desc, cofog, bucket, sub, weight=1.0):
        return Line(code, desc, cofog, bucket, sub, weight, org="Defence")

    personnel = [line(f"14{i:02d}", f"{svc}: {what}", "02.1",
                      "" if (i % 7 == 3) else "C", "personnel", w)
                 for i, (svc, (what, w)) in enumerate(
                     ((s, p) for s in SERVICES for p in (("pay of soldiers", 5),
                                                         ("allowances", 1.2),
                                                         ("civilian staff", 1.5),
                                                         ("reservists", 0.4))), start=1)]
    personnel.append(line("1430", "Military retirement pay (Ministry of Defence)", "10.2", "C",
                          "personnel", 8))
    oandm = [line(f"06{i:02d}", f"{svc}: {what}", "02.1", "" if (i % 5 == 4) else "C",
                  "operations", w)
             for i, (svc, (what, w)) in enumerate(
                 ((s, p) for s in SERVICES for p in (
                     ("fuel", 1.0), ("maintenance and spare parts", 2.2),
                     ("training ammunition", 1.0), ("exercises", 0.8), ("IT operations", 0.7),
                     ("logistics contracts", 0.9), ("medical supplies", 0.3),
                     ("rations and clothing", 0.6))), start=1)]
    equipment = []
    for i, (what, svc) in enumerate(PLATFORMS, start=1):
        for phase, w in (("procurement", 4.0), ("in-service support", 1.2), ("development", 0.6)):
            unclassified = (i + len(phase)) % 6 == 0
            equipment.append(line(f"15{i:02d}{len(equipment) % 3 + 1}",
                                  f"{what} - {phase} ({svc})", "02.1",
                                  "" if unclassified else "C",
                                  "operations" if phase == "in-service support" else "equipment",
                                  w * (1 + (i % 4) / 3)))
    infra = [line(f"08{i:02d}", f"{kind}, {town}", "02.1", "" if i % 4 == 0 else "C",
                  "infrastructure", 1 + (i % 3))
             for i, (kind, town) in enumerate(
                 ((k, t) for t in TOWNS for k in ("Barracks renovation",
                                                       "Depot and ammunition storage")),
                 start=1)]
    research = [line(f"09{i:02d}", f"Defence research: {topic}", "02.4", "C",
                     "equipment" if i <= 4 else "operations", 1)
                for i, topic in enumerate(["hypersonic defence", "directed energy",
                                           "next-generation armour", "autonomous systems",
                                           "military medicine", "human factors",
                                           "sensor fusion", "space situational awareness"],
                                          start=1)]
    ukraine = [line(f"17{i:02d}", f"Ukraine support: {what}", "02.3", "C", "ukraine", w)
               for i, (what, w) in enumerate([("air defence deliveries", 4),
                                              ("artillery ammunition", 3),
                                              ("training of Ukrainian brigades", 1),
                                              ("repair hub for donated vehicles", 1),
                                              ("contribution to the NSATU trust fund", 2)],
                                             start=1)]
    return [("Personnel", personnel, 17_000), ("Operation and maintenance", oandm, 9_500),
            ("Equipment and major R&D", equipment, 11_000), ("Infrastructure", infra, 3_200),
            ("Defence research", research, 900), ("Support to Ukraine", ukraine, 4_200)]


def westmark_other() -> list[tuple[str, list[Line], int]]:
    """Security-relevant items of other ministries, each a section with its own total."""
    def chapter(org, prefix, specs):
        return [Line(f"{prefix}{i:02d}", desc, cofog, bucket, sub, w, org=org, share=share)
                for i, (desc, cofog, bucket, sub, w, share) in enumerate(specs, start=1)]

    interior = chapter("Interior", "0601", [
        ("Coast Guard: patrol vessels and crews", "03.1", "C", "operations", 6, 0.4),
        ("Coast Guard: aviation wing", "03.1", "C", "operations", 2, 0.4),
        ("Federal Police: riot units", "03.1", "N", "", 5, None),
        ("Federal Police: border surveillance", "03.1", "", "", 4, None),
        ("Federal Agency for Civil Protection", "02.2", "S", "civil_preparedness", 3, None),
        ("Technical Relief Agency", "03.2", "S", "civil_preparedness", 4, None),
        ("Public warning systems (sirens, cell broadcast)", "02.2", "S", "civil_preparedness",
         1, None),
        ("Public shelters renovation", "02.2", "S", "civil_preparedness", 2, None),
        ("Fire services equipment grants", "03.2", "", "", 2, None),
        ("Counter-terrorism centre", "03.1", "N", "", 1, None),
    ])
    transport = chapter("Transport", "1204", [
        ("Rail: military mobility corridor east (double track)", "04.5", "S",
         "military_mobility", 8, None),
        ("Rail: heavy-load wagons reserve", "04.5", "S", "military_mobility", 1, None),
        ("Bridges on military routes: load class upgrade", "04.5", "S", "military_mobility",
         5, 0.5),
        ("Port of Neustrand: RoRo quay for military cargo", "04.5", "S", "military_mobility",
         2, None),
        ("Motorway bridge renewal programme", "04.5", "", "", 9, None),
        ("Regional airports modernisation", "04.5", "N", "", 3, None),
        ("Inland waterways maintenance", "04.5", "", "", 2, None),
    ])
    energy = chapter("Energy", "0903", [
        ("Electricity grid: physical protection of substations", "04.3", "S",
         "critical_infrastructure", 3, None),
        ("Offshore cables and pipelines surveillance", "04.3", "S", "critical_infrastructure",
         2, None),
        ("LNG terminal, floating unit lease", "04.3", "", "", 3, None),
        ("Strategic gas storage", "04.3", "", "", 2, None),
    ])
    digital = chapter("Digital Affairs", "0204", [
        ("Federal Cyber Security Agency", "04.6", "S", "networks_cyber", 4, None),
        ("Secure government network", "04.6", "S", "networks_cyber", 3, None),
        ("Broadband rollout, rural areas", "04.6", "N", "", 6, None),
    ])
    economy = chapter("Economy", "0902", [
        ("Defence industry capacity fund (ammunition, powder)", "04.4", "S", "industrial_base",
         4, None),
        ("Dual-use innovation agency", "01.4", "S", "innovation", 2, None),
        ("Space industry programme", "04.8", "", "", 2, None),
        ("Export credit guarantees", "04.1", "N", "", 3, None),
    ])
    social = chapter("Labour and Social Affairs", "1102", [
        ("Civil service pensions, incl. military retirees", "10.2", "C", "personnel", 10,
         0.38),
        ("War victims' benefits", "10.2", "N", "", 1, None),
    ])
    foreign = chapter("Foreign Affairs", "0501", [
        ("Contributions to UN peacekeeping", "02.1", "C", "operations", 1, None),
        ("Foreign economic aid", "01.2", "N", "", 7, None),
        ("Stabilisation and crisis prevention", "01.2", "", "", 2, None),
    ])
    return [("Ministry of the Interior", interior, 5_200),
            ("Ministry of Transport", transport, 6_000),
            ("Ministry of Energy", energy, 1_900),
            ("Ministry of Digital Affairs", digital, 1_400),
            ("Ministry of Economy", economy, 1_500),
            ("Ministry of Labour and Social Affairs", social, 9_000),
            ("Ministry of Foreign Affairs", foreign, 4_000)]


def westmark() -> Sample:
    rng = random.Random("westmark-fy2025")
    years = [2024, 2025, 2026, 2027]
    items, lines = [], []
    for i, (title, group, total) in enumerate(westmark_defence() + westmark_other()):
        size_group(rng, group, total * 10, years, 0.07)
        lines += group
        items += [Heading(title), *group,
                  Subtotal(f"Subtotal {title}", group, formula=(i % 2 == 0))]
    westmark_twists(lines, items)
    add_rationales(lines)
    items.append(Subtotal("Grand total", lines))
    sample = Sample("westmark_budget_fy2025.xlsx", "Expenditure", "EUR", 1_000_000, years,
                    gdp={2024: 1_905.3e9, 2025: 1_968.8e9, 2026: 2_031.2e9, 2027: 2_094.6e9},
                    items=items, spot_codes=["060101", "110201", "1401", "15101"])
    sample.year_headers = {2024: "2024 Actual", 2025: "2025 Budget", 2026: "2026 Plan",
                           2027: "2027 Plan"}
    return sample


def westmark_twists(lines: list[Line], items: list) -> None:
    """An unreadable cell, an unknown classification, a SUM row that says no 'total'."""
    by_code(lines, "15101").styles = {2027: "err:approx. 12"}
    unknown = by_code(lines, "0805")
    unknown.bucket, unknown.sub, unknown.cls_text = "", "", "Capability"
    unknown.cls_error = True
    interior = [line for line in lines if line.org == "Interior"]
    # the Interior chapter's own sum row sits after its lines, labelled like a heading
    at = items.index(interior[-1]) + 1
    items.insert(at, Subtotal("Interior chapters relevant to defence (all)", interior,
                              formula=True))


def write_westmark(sample: Sample, path: Path) -> None:
    layout = Layout([("Ministry", "org"), ("Programme code", "code"), ("Programme", "desc"),
                     ("COFOG function", "cofog"), ("2024 Actual", ("amount", 2024)),
                     ("2025 Budget", ("amount", 2025)), ("2026 Plan", ("amount", 2026)),
                     ("2027 Plan", ("amount", 2027)), ("Classification", "cls"),
                     ("Sub-category", "sub"), ("Counted share", "share"),
                     ("Rationale", "rationale")])
    book = new_workbook(path)
    cover = book.add_worksheet("Cover")
    for r, text in enumerate(["Federal Republic of Westmark",
                              "Federal budget 2025 and financial plan to 2027",
                              "Defence and security-relevant expenditure, all ministries",
                              "", "Amounts in EUR million",
                              "Prepared by the Ministry of Finance, budget directorate",
                              "Sheets: Expenditure (line items), Assumptions (GDP)"]):
        cover.write_string(r, 0, text) if text else None
    sheet = book.add_worksheet("Expenditure")
    writer = SheetWriter(book, sheet)
    writer.write(["Defence and security-relevant expenditure by programme"], bold=True)
    writer.write(["EUR m"])
    writer.write_table(layout, sample.items)
    finish_budget_sheet(sheet, layout)
    write_gdp_table(book, "Assumptions", ["Macroeconomic assumptions (spring projection)"],
                    ["Year", "Nominal GDP (EUR bn)", "GDP deflator (%)"],
                    [[2024, 1_905.3, 2.9], [2025, 1_968.8, 2.3], [2026, 2_031.2, 2.1],
                     [2027, 2_094.6, 2.0]])
    book.close()


# --- 3. Southvale: a flat CSV export, one budget year, no GDP ----------------------------
SOUTHVALE_LINES = [
    ("0110", "Army personnel", "Defence", "C", "personnel", 12),
    ("0111", "Navy personnel", "Defence", "C", "personnel", 5),
    ("0112", "Air Force personnel", "Defence", "C", "personnel", 5),
    ("0113", "Military pensions", "Social Security", "C", "personnel", 9),
    ("0114", "Civilian employees of the armed forces", "Defence", "C", "personnel", 3),
    ("0120", "Army operations and maintenance", "Defence", "C", "operations", 4),
    ("0121", "Navy operations and maintenance", "Defence", "C", "operations", 3),
    ("0122", "Air Force operations and maintenance", "Defence", "C", "operations", 3.5),
    ("0123", "Overseas operations (EU and NATO missions)", "Defence", "C", "operations", 2),
    ("0124", "Military health service", "Defence", "", "", 1.5),
    ("0125", "Refund of unused mission funds", "Defence", "C", "operations", 0),
    ("0130", "Special modernisation programmes (fighters)", "Defence", "C", "equipment", 6),
    ("0131", "Frigates F-110 class", "Defence", "C", "equipment", 4),
    ("0132", "Wheeled armoured vehicles 8x8", "Defence", "C", "equipment", 3),
    ("0133", "Air defence modernisation", "Defence", "C", "equipment", 2),
    ("0134", "Ammunition replenishment", "Defence", "", "", 2),
    ("0135", "Satellite communications programme", "Defence", "C", "equipment", 1),
    ("0136", "Defence R&D programmes", "Industry", "C", "equipment", 1.5),
    ("0140", "Barracks and bases maintenance", "Defence", "C", "infrastructure", 2),
    ("0141", "Naval base works", "Defence", "", "", 1),
    ("0150", "Military aid to Ukraine", "Defence", "C", "ukraine", 1.8),
    ("0151", "Contribution to NATO common budgets", "Defence", "C", "operations", 0.6),
    ("0210", "Civil Guard (gendarmerie): military-status units", "Interior", "", "", 7),
    ("0211", "Civil protection and emergencies", "Interior", "S", "civil_preparedness", 1.2),
    ("0212", "National cyber security institute", "Digital", "S", "networks_cyber", 0.6),
    ("0213", "Protection of critical infrastructure centre", "Interior", "S",
     "critical_infrastructure", 0.4),
    ("0214", "Ports security programme", "Transport", "", "", 0.8),
    ("0215", "Rail links to military bases", "Transport", "S", "military_mobility", 0.7),
    ("0216", "Industrial programme for defence SMEs", "Industry", "S", "industrial_base", 0.9),
    ("0217", "Space agency (dual-use)", "Science", "", "", 1.1),
    ("0218", "Official development assistance", "Foreign Affairs", "N", "", 4),
    ("0219", "Coast surveillance radar network", "Interior", "S", "critical_infrastructure",
     0.3),
    ("0220", "Emergency military unit (disaster relief)", "Defence", "C", "operations", 1),
    ("0221", "Police helicopters", "Interior", "N", "", 0.3),
]


SOUTHVALE_GDP_OPTION = {2026: 642_500_000_000.0}  # passed as --gdp 2026=642500000000


def southvale() -> Sample:
    rng = random.Random("southvale-2026")
    lines = size_group(rng, make_lines(SOUTHVALE_LINES), 10_400_000 * 10, [2026], 0.0)
    for line in lines:
        line.tenths[2026] = round(line.tenths[2026], -1)  # whole thousands in this export
        line.styles[2026] = "us_int"
    for line, spec in zip(lines, SOUTHVALE_LINES):
        line.org, line.cofog = spec[2], ""
    refund = by_code(lines, "0125")
    refund.tenths[2026] = -18_250 * 10
    refund.styles[2026] = "num"  # written as -18250 with a minus sign
    by_code(lines, "0141").styles[2026] = "nil:-"
    by_code(lines, "0217").styles[2026] = "nil:n/a"
    by_code(lines, "0113").cls_text = "CORE DEFENCE"
    add_rationales(lines)
    items = [*lines, Subtotal("Total", lines)]
    sample = Sample("southvale_defence.csv", None, "EUR", 1000, [2026],
                    gdp={}, items=items, spot_codes=["0110", "0125", "0141", "0217"])
    sample.year_headers = {2026: "Budget 2026 (EUR thousands)"}
    return sample


def write_southvale(sample: Sample, path: Path) -> None:
    header = ["Code", "Description", "Department", "Classification", "Sub-category",
              "Budget 2026 (EUR thousands)"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        for row, item in enumerate(sample.items, start=2):
            item.row = row
            out.writerow(southvale_cells(item))


def southvale_cells(item) -> list[str]:
    if isinstance(item, Subtotal):
        total = sum(amount_units(line, 2026) for line in item.lines) // 10
        return ["", item.text, "", "", "", f"{total:,}"]
    value = cell_value(item, 2026)
    value = f"{value:.0f}" if isinstance(value, float) else value
    return [item.code, item.description, item.org, _classification_text(item, Layout([])),
            SUB_LABELS.get(item.sub, "") if item.bucket else "", value]


# --- 4. Eastmoor: francophone layout (.ods), chapters, "2025e", years across on Macro -----
EASTMOOR_CHAPTERS = [
    ("Ch. 212", "Chapitre 212 - Personnel / Personnel", 2_600, 0.10, [
        ("212-01", "Soldes des militaires / Military pay", "02.1", "C", "personnel", 8),
        ("212-02", "Indemnités / Allowances", "02.1", "C", "personnel", 2),
        ("212-03", "Personnel civil / Civilian staff", "02.1", "C", "personnel", 2),
        ("212-04", "Pensions militaires / Military pensions", "10.2", "C", "personnel", 5),
        ("212-05", "Réserve opérationnelle / Operational reserve", "02.1", "", "", 1),
        ("212-06", "Gendarmerie nationale, unités militaires / Gendarmerie units", "03.1", "C",
         "personnel", 6),
        ("212-07", "Action sociale des armées / Armed forces welfare", "02.1", "", "", 0.6),
    ]),
    ("Ch. 178", "Chapitre 178 - Préparation et emploi des forces / Operations", 1_700, 0.10, [
        ("178-01", "Carburants opérationnels / Operational fuel", "02.1", "C", "operations", 3),
        ("178-02", "Entretien programmé des matériels / Equipment maintenance", "02.1", "C",
         "operations", 5),
        ("178-03", "Activité et entraînement / Training activity", "02.1", "C", "operations", 3),
        ("178-04", "Opérations extérieures / Operations abroad", "02.1", "C", "operations", 2),
        ("178-05", "Soutien de l'homme / Soldier support (food, clothing)", "02.1", "", "", 1.5),
        ("178-06", "Service de santé des armées / Military health service", "02.1", "C",
         "operations", 1.2),
    ]),
    ("Ch. 146", "Chapitre 146 - Équipement des forces / Equipment", 4_300, 0.14, [
        ("146-01", "Avions de combat / Combat aircraft", "02.1", "C", "equipment", 7),
        ("146-02", "Chars et véhicules blindés / Tanks and armoured vehicles", "02.1", "C",
         "equipment", 6),
        ("146-03", "Artillerie et lance-roquettes / Artillery and rocket launchers", "02.1",
         "C", "equipment", 5),
        ("146-04", "Défense sol-air / Ground-based air defence", "02.1", "C", "equipment", 6),
        ("146-05", "Frégates et sous-marins / Frigates and submarines", "02.1", "C",
         "equipment", 4),
        ("146-06", "Munitions / Munitions", "02.1", "C", "equipment", 5),
        ("146-07", "Drones et munitions rôdeuses / Drones and loitering munitions", "02.1",
         "", "", 2),
        ("146-08", "Hélicoptères / Helicopters", "02.1", "C", "equipment", 2.5),
        ("146-09", "Systèmes de commandement / Command systems", "02.1", "C", "equipment", 1.5),
        ("146-10", "Cessions d'actifs (recettes) / Asset disposals (receipts)", "02.1", "C",
         "equipment", 0),
    ]),
    ("Ch. 144", "Chapitre 144 - Recherche / Research", 300, 0.10, [
        ("144-01", "Études amont / Upstream research for equipment", "02.4", "C",
         "equipment", 2),
        ("144-02", "Recherche duale / Dual-use research", "01.4", "S", "innovation", 1),
    ]),
    ("Ch. 402", "Chapitre 402 - Infrastructure / Infrastructure", 700, 0.10, [
        ("402-01", "Casernement / Barracks", "02.1", "C", "infrastructure", 3),
        ("402-02", "Bases aériennes / Air bases", "02.1", "C", "infrastructure", 2),
        ("402-03", "Dépôts de munitions / Ammunition depots", "02.1", "C", "infrastructure", 2),
        ("402-04", "Logement des familles / Family housing", "02.1", "", "", 1),
    ]),
    ("Ch. 185", "Chapitre 185 - Soutien à l'Ukraine / Support to Ukraine", 500, 0.10, [
        ("185-01", "Cessions de matériels / Equipment transfers", "02.3", "C", "ukraine", 3),
        ("185-02", "Formation / Training", "02.3", "C", "ukraine", 1),
        ("185-03", "Aide humanitaire / Humanitarian aid", "01.2", "N", "", 1),
    ]),
    ("Ch. 610", "Chapitre 610 - Sécurité et résilience / Security and resilience", 3_900, 0.30, [
        ("610-01", "Corridor ferroviaire militaire / Military rail corridor", "04.5", "S",
         "military_mobility", 9),
        ("610-02", "Ponts et routes stratégiques / Strategic roads and bridges", "04.5", "S",
         "military_mobility", 6),
        ("610-03", "Agence nationale de cybersécurité / Cyber security agency", "04.6", "S",
         "networks_cyber", 3),
        ("610-04", "Sécurité civile / Civil protection", "03.2", "S", "civil_preparedness", 3),
        ("610-05", "Abris et alerte / Shelters and warning", "02.2", "S",
         "civil_preparedness", 1.5),
        ("610-06", "Protection des réseaux électriques / Grid protection", "04.3", "S",
         "critical_infrastructure", 2),
        ("610-07", "Fonds pour l'industrie de défense / Defence industry fund", "04.4", "S",
         "industrial_base", 2),
        ("610-08", "Aéroports régionaux / Regional airports", "04.5", "", "", 1),
        ("610-09", "Police nationale / National police", "03.1", "N", "", 2),
    ]),
]
EASTMOOR_GDP = {2024: 196_400.0, 2025: 207_900.0, 2026: 219_300.0}


def eastmoor() -> Sample:
    rng = random.Random("eastmoor-2026")
    years = [2024, 2025, 2026]
    items, lines = [], []
    for chapter, title, total, growth, specs in EASTMOOR_CHAPTERS:
        group = size_group(rng, make_lines(specs, org=chapter), total * 10, years, growth)
        lines += group
        number = chapter.split()[-1]
        items += [Heading(title), *group,
                  Subtotal(f"Total chapitre {number} / Total chapter {number}", group)]
    gendarmerie = by_code(lines, "212-06")
    gendarmerie.share = 0.25
    gendarmerie.rationale = ("Only gendarmerie units with military status, training and "
                             "deployability abroad count (NATO definition, pro rata 25%).")
    disposals = by_code(lines, "146-10")
    disposals.tenths = {2024: -1_200, 2025: -850, 2026: -2_400}
    disposals.styles = {2024: "acct", 2026: "eu"}
    by_code(lines, "146-02").styles = {2024: "eu", 2025: "eu"}
    by_code(lines, "146-07").styles = {2024: "nil:-"}
    by_code(lines, "610-01").share = 0.8
    add_rationales(lines)
    items.append(Subtotal("Total général / Grand total", lines))
    sample = Sample("eastmoor_mod.ods", "Crédits", "EUR", 1_000_000, years,
                    gdp={y: v * 1e6 for y, v in EASTMOOR_GDP.items()}, items=items,
                    spot_codes=["146-10", "146-02", "146-07", "212-06"])
    sample.year_headers = {2024: "2024 Réalisé", 2025: "2025e", 2026: "2026 Plan"}
    return sample


def write_eastmoor(sample: Sample, path: Path) -> None:
    layout = Layout([("Chapitre / Chapter", "org"), ("Code", "code"),
                     ("Libellé / Description", "desc"), ("Fonction COFOG", "cofog"),
                     ("2024 Réalisé", ("amount", 2024)), ("2025e", ("amount", 2025)),
                     ("2026 Plan", ("amount", 2026)), ("Catégorie OTAN / NATO category", "cls"),
                     ("Sous-catégorie / Sub-category", "sub"),
                     ("Part comptée / Counted share", "share"), ("Justification", "rationale")],
                    share_style="pct_text")
    book = new_workbook(path)
    sheet = book.add_worksheet("Crédits")
    writer = SheetWriter(book, sheet)
    writer.write(["Ministère de la Défense de l'Eastmoor / Ministry of Defence of Eastmoor"],
                 bold=True)
    writer.write(["Projet de budget 2026 - montants en millions d'EUR (amounts in millions)"])
    writer.row += 1
    writer.write_table(layout, sample.items)
    finish_budget_sheet(sheet, layout)
    write_gdp_table(book, "Macro", ["Hypothèses macroéconomiques / Macroeconomic assumptions"],
                    ["Année / Year", *EASTMOOR_GDP],
                    [["PIB nominal / GDP (millions EUR)", *EASTMOOR_GDP.values()],
                     ["Inflation (%)", 3.4, 2.8, 2.5]])
    book.close()


# --- 5. Greyhaven: PESA-like .xls, GBP million, "2025/26" fiscal years, sub-category names
# in the classification column, a header repeated after a page break ----------------------
GREYHAVEN_SECTIONS = [
    ("Defence", 66_000, 0.06, [
        ("02.1", "Ministry of Defence", "Armed forces pay and allowances", "personnel", 14),
        ("02.1", "Ministry of Defence", "Civilian personnel", "personnel", 3),
        ("10.2", "Ministry of Defence", "Armed Forces Pension Scheme", "personnel", 6),
        ("02.1", "Ministry of Defence", "Equipment procurement: land", "equipment", 5),
        ("02.1", "Ministry of Defence", "Equipment procurement: maritime", "equipment", 6),
        ("02.1", "Ministry of Defence", "Equipment procurement: air", "equipment", 7),
        ("02.1", "Ministry of Defence", "Nuclear deterrent: submarines and warheads",
         "equipment", 8),
        ("02.1", "Ministry of Defence", "Equipment support", "operations", 8),
        ("02.1", "Ministry of Defence", "Infrastructure and estate", "infrastructure", 6),
        ("02.1", "Ministry of Defence", "Inventory consumption", "", 3),
        ("02.4", "Ministry of Defence", "Defence science and technology", "equipment", 1.5),
        ("02.1", "Ministry of Defence", "Military operations (net additional cost)",
         "operations", 1),
        ("02.3", "Ministry of Defence", "Military support to Ukraine", "ukraine", 4),
        ("02.1", "Ministry of Defence", "Intelligence agencies (defence share)", "", 2),
    ]),
    ("Public order, resilience and infrastructure", 9_500, 0.08, [
        ("03.1", "Home Office", "Border Force", "NC", 3),
        ("02.2", "Cabinet Office", "Civil contingencies and resilience", "civil_preparedness", 2),
        ("03.2", "Home Office", "Fire and rescue resilience grants", "civil_preparedness", 1),
        ("04.6", "Cabinet Office", "National Cyber Security Centre", "networks_cyber", 2),
        ("04.3", "Department for Energy", "Energy network resilience", "critical_infrastructure",
         1.5),
        ("04.5", "Department for Transport", "Strategic rail freight for defence logistics",
         "military_mobility", 1.2),
        ("04.4", "Department for Business", "Defence industrial strategy fund",
         "industrial_base", 1),
        ("01.4", "Department for Science", "Advanced research agency (defence-relevant)", "", 1),
        ("01.2", "Foreign Office", "Official development assistance", "NC", 12),
    ]),
]
GREYHAVEN_GDP = {"2023/24": 2_761_400.0, "2024/25": 2_871_900.0, "2025/26": 2_986_300.0}


def greyhaven() -> Sample:
    rng = random.Random("greyhaven-2025-26")
    years = [2023, 2024, 2025]
    items, lines = [], []
    for i, (title, total, growth, specs) in enumerate(GREYHAVEN_SECTIONS):
        group = []
        for cofog, dept, desc, sub, weight in specs:
            bucket = "N" if sub == "NC" else "" if not sub else \
                "S" if sub in SECURITY_SUBS else "C"
            group.append(Line("", desc, cofog, bucket, "" if sub == "NC" else sub, weight,
                              org=dept, cls_text="Not counted" if sub == "NC" else None))
        size_group(rng, group, total * 10, years, growth)
        lines += group
        items += ([Blank()] if i else []) + [Heading(title), *group[:8]]
        if i == 0:
            items.append(RepeatHeader())  # the header printed again after a page break
        items += [*group[8:], Subtotal(f"Total {title.lower()}", group)]
    items.append(Subtotal("Total, all functions shown", lines))
    sample = Sample("greyhaven_pesa_2025-26.xls", "Table 5.2", "GBP", 1_000_000, years,
                    gdp={int(k[:4]): v * 1e6 for k, v in GREYHAVEN_GDP.items()}, items=items)
    sample.year_headers = {2023: "2023/24 outturn", 2024: "2024/25 outturn",
                           2025: "2025/26 plans"}
    return sample


SECURITY_SUBS = {"critical_infrastructure", "networks_cyber", "civil_preparedness",
                 "innovation", "industrial_base", "military_mobility"}


def write_greyhaven(sample: Sample, path: Path) -> None:
    layout = Layout([("COFOG function", "cofog"), ("Department", "org"),
                     ("Description", "desc"), ("2023/24 outturn", ("amount", 2023)),
                     ("2024/25 outturn", ("amount", 2024)), ("2025/26 plans", ("amount", 2025)),
                     ("NATO category", "cls")], cls_kind="subcat")
    book = new_workbook(path)
    sheet = book.add_worksheet("Table 5.2")
    writer = SheetWriter(book, sheet)
    writer.write(["Table 5.2 Public sector expenditure on defence and related services, "
                  "2023/24 to 2025/26"], bold=True)
    writer.write(["£ million"])
    writer.row += 1
    writer.write_table(layout, sample.items)
    finish_budget_sheet(sheet, layout)
    write_gdp_table(book, "GDP", ["GDP and deflators, financial years", "£ million"],
                    ["Year", "GDP at market prices"],
                    [[k, v] for k, v in GREYHAVEN_GDP.items()])
    book.close()


# --- 6. Osterholm: a lone "Budget" column (year in the title), written by openpyxl ---------
OSTERHOLM_LINES = [
    ("12.11.01", "Army: personnel", "C", "personnel", 9),
    ("12.11.02", "Army: operations and training", "C", "operations", 4),
    ("12.11.03", "Army: vehicles and weapons procurement", "C", "equipment", 6),
    ("12.12.01", "Navy: personnel", "C", "personnel", 3),
    ("12.12.02", "Navy: frigate mid-life upgrade", "C", "equipment", 3),
    ("12.12.03", "Navy: Arctic patrol vessels", "C", "equipment", 2.5),
    ("12.13.01", "Air Force: personnel", "C", "personnel", 3),
    ("12.13.02", "Air Force: F-35 sustainment", "C", "operations", 4),
    ("12.13.03", "Air Force: ground-based air defence", "C", "equipment", 4),
    ("12.14.01", "Home Guard: volunteer training and equipment", "C", "operations", 1.5),
    ("12.15.01", "Defence Intelligence Service", "", "", 1.5),
    ("12.16.01", "Military pensions", "C", "personnel", 3),
    ("12.17.01", "Defence acquisition agency: staff", "C", "operations", 1.2),
    ("12.18.01", "Ukraine fund: donations and co-production", "C", "ukraine", 6),
    ("12.19.01", "Barracks and training areas", "C", "infrastructure", 2.5),
    ("12.19.02", "Allied reception facilities, west coast port", "", "", 1),
    ("21.31.01", "Emergency Management Agency", "S", "civil_preparedness", 1.2),
    ("21.31.02", "Arctic coast guard (military-trained crews)", "C", "operations", 1.6),
    ("21.32.01", "Cyber defence of critical networks", "S", "networks_cyber", 0.9),
    ("28.41.01", "Subsea cable protection", "S", "critical_infrastructure", 0.6),
    ("28.41.02", "Strategic roads to the northern bases", "", "", 1.3),
    ("06.11.01", "Development aid", "N", "", 5),
]


def osterholm() -> Sample:
    rng = random.Random("osterholm-2026")
    specs = [(code, text, "", bucket, sub, w) for code, text, bucket, sub, w in OSTERHOLM_LINES]
    lines = size_group(rng, make_lines(specs), 61_000 * 10, [2026], 0.0)
    by_code(lines, "21.31.02").share = 0.6
    by_code(lines, "12.19.02").styles = {2026: "err:=1180*1.05"}  # a formula with no result
    add_rationales(lines)
    for line in lines:  # the file has no sub-category column: the rationale alone says it
        line.sub = ""
    army, navy_air, rest = lines[:3], lines[3:9], lines[9:]
    items = [Heading("Armed forces"), *army, Subtotal("Subtotal Army", army, formula=True),
             *navy_air, Subtotal("Subtotal Navy and Air Force", navy_air, formula=True),
             Blank(), Heading("Other defence and security items"), *rest,
             Subtotal("Total", lines, formula=True)]
    sample = Sample("osterholm_finance_act_2026.xlsx", "Defence", "DKK", 1_000_000, [2026],
                    gdp={2025: 2_884.0e9, 2026: 2_962.5e9}, items=items,
                    spot_codes=["12.11.01", "21.31.02"])
    sample.year_headers = {2026: "Budget"}
    return sample


def write_osterholm(sample: Sample, path: Path) -> None:
    """openpyxl writes formulas without stored results: a value reader sees nothing there."""
    import openpyxl
    columns = ["Account", "Budget line text", "Budget", "NATO category", "Counted %", "Notes"]
    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = CREATED
    book.properties.creator = "make_samples.py"
    sheet = book.active
    sheet.title = "Defence"
    sheet.append(["Kingdom of Osterholm - Finance Act 2026, section 12 and related"])
    sheet.append(["Amounts in DKK million"])
    sheet.append([])
    sheet.append(columns)
    for item in sample.items:
        item.row = sheet.max_row + 1
        sheet.append(_osterholm_cells(item))
    for column, width in zip("ABCDEF", (12, 48, 12, 18, 10, 60)):
        sheet.column_dimensions[column].width = width
    gdp = book.create_sheet("Parameters")
    gdp.append(["Planning parameters"])
    gdp.append(["Year", "GDP (DKK bn)"])
    for year, value in sample.gdp.items():
        gdp.append([year, value / 1e9])
    book.save(path)
    pin_zip_dates(path)


def pin_zip_dates(path: Path) -> None:
    """openpyxl and LibreOffice stamp the save time into the package; pin it so reruns give
    the same bytes."""
    stamp = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w") as package:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            pinned = zipfile.ZipInfo(info.filename, CREATED.timetuple()[:6])
            package.writestr(pinned, data, info.compress_type)  # ODS: mimetype stays stored


def _osterholm_cells(item) -> list:
    if isinstance(item, Blank):
        return [None]
    if isinstance(item, Heading):
        return [None, item.text]
    if isinstance(item, Subtotal):
        return [None, item.text, f"=SUM(C{item.lines[0].row}:C{item.lines[-1].row})"]
    value = cell_value(item, 2026)
    return [item.code, item.description, value, BUCKET_LABELS[item.bucket] or None,
            None if item.share is None else item.share * 100, item.rationale or None]


# --- writing everything ------------------------------------------------------------------
def convert_with_libreoffice(source: Path, fmt: str, target: Path) -> None:
    """xlsx -> ods/xls with a private LibreOffice profile (no clash with a running office)."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", fmt, "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=180)
        shutil.move(Path(tmp, source.stem + "." + fmt), target)
    if fmt == "ods":
        pin_zip_dates(target)


def build(out_dir: Path = HERE) -> dict[str, dict]:
    expected = {}
    with tempfile.TemporaryDirectory() as tmp:
        for sample, write in ((northland(), write_northland), (westmark(), write_westmark),
                              (southvale(), write_southvale), (eastmoor(), write_eastmoor),
                              (greyhaven(), write_greyhaven),
                              (osterholm(), write_osterholm)):
            target = out_dir / sample.file
            suffix = target.suffix
            if suffix in (".ods", ".xls"):
                staged = Path(tmp, target.stem + ".xlsx")
                write(sample, staged)
                convert_with_libreoffice(staged, suffix[1:], target)
            else:
                write(sample, target)
            expected[sample.file] = sample.expected()
            if not sample.gdp:  # what `report --gdp` must show for a file without GDP
                gdp = SOUTHVALE_GDP_OPTION
                expected[sample.file]["with_gdp_option"] = {
                    "gdp": {str(y): v for y, v in gdp.items()},
                    "years": [expected_year(sample.lines, y, sample.scale, gdp.get(y))
                              for y in sample.years]}
    return expected


def _money(value) -> str:
    return "-" if value is None else f"{value / 1e6:,.1f} m"


def _pct(value) -> str:
    return "-" if value is None else f"{value:.2f}%"


def summary(expected: dict[str, dict]) -> str:
    """The headline figures as a Markdown table (pasted into README.md)."""
    out = ["| file | year | GDP | core | security | counted % GDP | core % | security % "
           "| core gap | security gap | total gap | equipment % of core |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, data in expected.items():
        for y in data["years"]:
            counted = None if y["counted_pct_gdp"] is None else y["counted_pct_gdp"]
            out.append(f"| {name} | {y['year']} | {_money(y['gdp'])} | {_money(y['core'])} | "
                       f"{_money(y['security'])} | {_pct(counted)} | {_pct(y['core_pct_gdp'])} | "
                       f"{_pct(y['security_pct_gdp'])} | {_money(y['core_gap'])} | "
                       f"{_money(y['security_gap'])} | {_money(y['total_gap'])} | "
                       f"{_pct(y['equipment_share_of_core'])} |")
    out.append("")
    out.append("| file | line items | lines with an unreadable amount | skipped rows | errors |")
    out.append("|---|---|---|---|---|")
    for name, data in expected.items():
        out.append(f"| {name} | {data['line_items']} | {data['lines_read'] - data['line_items']}"
                   f" | {len(data['skipped_rows'])} | {len(data['errors'])} |")
    return "\n".join(out)


def main() -> None:
    expected = build()
    with open(HERE / "expected_figures.json", "w", encoding="utf-8") as handle:
        json.dump(expected, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    print(summary(expected))


if __name__ == "__main__":
    sys.exit(main())
