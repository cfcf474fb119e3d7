"""The plan's other sheets: Assumptions (read back by the importer's GDP rule), Trajectory
to 2035, Changes (the audit log), and the native chart drawn from Trajectory."""
from __future__ import annotations

import xlsxwriter

from ..core.audit import audit_rows
from ..core.plan import Plan
from ..core.trajectory import TrajectoryYear, trajectory
from .plan_readback import DISPLAY_UNIT_LABEL
from .export_layout import Formats, print_landscape, wrapped_row_height, write_header
from .xlsx_formulas import ASSUMPTIONS, TargetCells, absolute_cell

TRAJECTORY_HEADERS = [
    "Year", "GDP", "Planned core", "Planned security-related", "Counted % of GDP",
    "Credible path %", "On path", "Basis", "Core % of GDP", "Core path %",
    "Core floor %", "Security ceiling %", "Pledge total %",
]
CHANGES_HEADERS = ["Time", "User", "Line", "What changed", "Rationale"]


def _assumption_rows(plan: Plan) -> list[tuple[str, float | int]]:
    t, p = plan.targets, plan.planning
    return [
        ("Nominal growth of the economy (% a year)", p.gdp_growth_pct),
        ("Defence spending growth (% a year)", p.spending_growth_pct),
        ("Core defence floor (%)", t.core_floor_pct),
        ("Security-related ceiling (%)", t.security_ceiling_pct),
        ("Pledge total (%)", t.total_pct),
        ("Target year", t.target_year),
        ("Review year", t.review_year),
        ("Equipment guideline (% of core)", t.equipment_guideline_pct),
    ]


def write_assumptions(sheet, plan: Plan, formats: Formats) -> TargetCells:
    """Year | GDP (what the importer's GDP rule reads back), then the assumptions below."""
    write_header(sheet, ["Year", "GDP"], formats)
    years = sorted(plan.budget.gdp)
    for row, year in enumerate(years, start=1):
        sheet.write_number(row, 0, year, formats.year)
        sheet.write_number(row, 1, plan.budget.gdp[year], formats.money)
    first = len(years) + 2
    sheet.write_string(first, 0, "Assumptions used", formats.label)
    if plan.budget.source.currency:  # read back by the importer's GDP-sheet rule
        first += 1
        sheet.write_string(first, 0, "Currency")
        sheet.write_string(first, 1, plan.budget.source.currency)
    if plan.budget.source.scale and plan.budget.source.scale != 1:  # read back: the table's unit
        first += 1
        sheet.write_string(first, 0, DISPLAY_UNIT_LABEL)
        sheet.write_number(first, 1, plan.budget.source.scale)
    cells = {}
    for row, (label, value) in enumerate(_assumption_rows(plan), start=first + 1):
        sheet.write_string(row, 0, label)
        sheet.write_number(row, 1, value)
        cells[label] = absolute_cell(ASSUMPTIONS, row, 1)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 22)
    sheet.freeze_panes(1, 0)
    return TargetCells(core_floor=cells["Core defence floor (%)"],
                       security_ceiling=cells["Security-related ceiling (%)"],
                       total=cells["Pledge total (%)"])


def gdp_ranges(plan: Plan) -> tuple[str, str]:
    last = max(len(plan.budget.gdp), 1) + 1
    return (f"{ASSUMPTIONS}!$A$2:$A${last}", f"{ASSUMPTIONS}!$B$2:$B${last}")


def trajectory_rows(plan: Plan) -> list[TrajectoryYear]:
    return trajectory(plan) if plan.years else []


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def write_trajectory(sheet, plan: Plan, rows: list[TrajectoryYear], targets: TargetCells,
                      formats: Formats) -> None:
    sheet.set_row(0, 30)
    write_header(sheet, TRAJECTORY_HEADERS, formats, numbers_from=1, text_columns=(6, 7))
    t = plan.targets
    for r, item in enumerate(rows, start=1):
        f = item.figures
        values = [(f.gdp, formats.money), (f.core, formats.money),
                  (f.security, formats.money), (f.counted_pct_gdp, formats.pct),
                  (item.path_counted_pct, formats.pct)]
        sheet.write_number(r, 0, item.year, formats.year)
        for col, (value, fmt) in enumerate(values, start=1):
            if value is not None:
                sheet.write_number(r, col, value, fmt)
        if item.on_path is not None:
            sheet.write_string(r, 6, _yes_no(item.on_path), formats.center)
        sheet.write_string(r, 7, "planned" if item.planned else "budget", formats.center)
        for col, value in ((8, f.core_pct_gdp), (9, item.path_core_pct)):
            if value is not None:
                sheet.write_number(r, col, value, formats.pct)
        for col, (cell, value) in enumerate(((targets.core_floor, t.core_floor_pct),
                                             (targets.security_ceiling, t.security_ceiling_pct),
                                             (targets.total, t.total_pct)), start=10):
            sheet.write_formula(r, col, f"={cell}", formats.pct, value)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 3, 18)
    sheet.set_column(4, 12, 12)
    sheet.freeze_panes(1, 1)
    print_landscape(sheet, repeat_header=True)


_CHANGES_WIDTHS = [16, 12, 40, 42, 44]  # one landscape page wide, long texts wrap


def write_changes(sheet, plan: Plan, formats: Formats) -> None:
    # Column formats first: constant_memory writes each row as it goes.
    sheet.set_column(0, 0, _CHANGES_WIDTHS[0], formats.time_top)
    for col, width in enumerate(_CHANGES_WIDTHS[1:], start=1):
        sheet.set_column(col, col, width, formats.wrap)
    write_header(sheet, CHANGES_HEADERS, formats)
    for r, item in enumerate(audit_rows(plan.audit, plan.budget), start=1):
        texts = (item.user, item.line, item.what, item.rationale)
        height = wrapped_row_height(list(zip(texts, _CHANGES_WIDTHS[1:])))
        if height:
            sheet.set_row(r, height)
        sheet.write_datetime(r, 0, item.time, formats.time_top)
        for col, text in enumerate(texts, start=1):
            if text:
                sheet.write_string(r, col, text, formats.wrap)
    sheet.freeze_panes(1, 0)
    print_landscape(sheet, repeat_header=True)


def add_chart(book: xlsxwriter.Workbook, summary, plan: Plan, rows: int,
              anchor_row: int) -> None:
    """Counted % of GDP per year (columns) against the pledge lines, from Trajectory."""
    if not rows:
        return
    chart = book.add_chart({"type": "column"})
    categories = ["Trajectory", 1, 0, rows, 0]
    chart.add_series({"name": "Counted % of GDP", "categories": categories,
                      "values": ["Trajectory", 1, 4, rows, 4],
                      "fill": {"color": "#4F81BD"}, "gap": 60})
    lines, t = book.add_chart({"type": "line"}), plan.targets
    for col, name, color, dash in (
            (5, "Credible path %", "#7F7F7F", "dash"),
            (10, f"Core floor {t.core_floor_pct:g}%", "#C0504D", "solid"),
            (11, f"Security ceiling {t.security_ceiling_pct:g}%", "#F79646", "solid"),
            (12, f"Pledge {t.total_pct:g}%", "#000000", "solid")):
        lines.add_series({"name": name, "categories": categories,
                          "values": ["Trajectory", 1, col, rows, col],
                          "line": {"color": color, "width": 2, "dash_type": dash},
                          "marker": {"type": "none"}})
    chart.combine(lines)
    chart.set_title({"name": "Counted % of GDP against the pledge",
                     "name_font": {"size": 12}})
    chart.set_y_axis({"name": "% of GDP", "min": 0, "major_gridlines": {"visible": True}})
    chart.set_x_axis({"num_font": {"rotation": 0}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 380})
    summary.insert_chart(anchor_row, 0, chart)
