"""The annual plan brief: a printable PDF for ambassadors and capitals.

Laid out as a QTextDocument (HTML tables and the charts as images) and printed through
QPdfWriter, so Qt paginates it and the text stays selectable (pdftotext reads the same gap
figures as `report --json`). Every figure comes from the engine (Plan, trajectory); this
module only formats. Tables are black on white with bold headings and the charts carry
their own labels, so the brief still reads when printed in greyscale.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ..core.allies import AGGREGATES, AlliesReference, standing
from ..core.checks import plan_checks
from ..core.claims import Risk
from ..core.errors import ExportError, PlannerError
from ..core.money import signed_money_text
from ..core.plan import Plan
from ..core.plan_compare import bridge, compare_years
from ..core.taxonomy import NATO_CATEGORIES, NATO_CATEGORY_LABELS
from ..core.trajectory import TrajectoryYear, gap_table, trajectory
from ..io.atomic_file import atomic_target, check_writable
from .chart_images import chart_widget, dispose_chart, lay_out_chart
from .plan_session import PlanSession

PAPER_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
_CHART_SIZES = {"trajectory": (1400, 760), "dashboard": (1400, 1000)}  # drawn, then scaled
_DPI = 300
_STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #000; }
h1 { font-size: 20pt; margin-bottom: 4pt; }
h2 { font-size: 13pt; margin-top: 14pt; margin-bottom: 4pt; }
p.note { font-size: 8pt; color: #333; }
table.figures { border-collapse: collapse; }
table.figures th { font-weight: bold; background-color: #e6e6e6; border: 1px solid #000;
                   padding: 2px 4px; }
table.figures td { border: 1px solid #555; padding: 2px 3px; font-size: 8pt; }
td.num { text-align: right; white-space: nowrap; }
tr.planned td { font-style: italic; }
table.facts td { padding: 2px 8px 2px 0; }
"""


@dataclass
class BriefContext:
    """What the brief says about where its figures come from."""

    plan_name: str
    scenario: str = "Working plan"
    gdp_source: str = ""
    nato_edition: str = ""
    prepared_on: date = field(default_factory=date.today)
    allies: AlliesReference | None = None  # NATO's table the plan is placed in
    submitted: Plan | None = None  # the version last submitted, to say what changed since
    submitted_label: str = ""  # "Spring submission, submitted 2026-06-30"


def brief_context(plan: Plan, plan_name: str, scenario: str = "Working plan",
                  submitted: Plan | None = None, submitted_label: str = "") -> BriefContext:
    """Where the brief's figures come from: the plan's GDP source, the NATO edition the
    allies comparison uses, and the submitted version the changes are measured from."""
    from ..io.allies_reference import load_allies_reference  # noqa: PLC0415 - optional data
    try:
        allies: AlliesReference | None = load_allies_reference()
    except PlannerError:  # a broken reference file must not stop a brief
        allies = None
    return BriefContext(plan_name=plan_name, scenario=scenario,
                        gdp_source=plan.budget.source.gdp_source,
                        nato_edition=allies.edition_text if allies else "", allies=allies,
                        submitted=submitted, submitted_label=submitted_label)


def write_brief(plan: Plan, path: str | os.PathLike, context: BriefContext,
                paper: str = "a4") -> Path:
    """Write the brief to `path` (PDF), replacing it only with a complete file."""
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        raise ExportError(f"'{target.name}': the brief is a PDF; name it .pdf.")
    check_writable(target)
    charts = chart_images(plan)
    with atomic_target(target) as temp_path:
        writer = _pdf_writer(temp_path, paper)
        document = build_document(plan, context, charts, writer)
        document.print_(writer)
        del writer  # closes the PDF before it is synced and renamed
        if not os.path.getsize(temp_path):
            raise ExportError("The brief could not be written (the PDF is empty); check the "
                              "folder is writable and try again.")
    return target


def _pdf_writer(path: str, paper: str) -> QPdfWriter:
    writer = QPdfWriter(path)
    writer.setTitle("Annual plan brief")
    writer.setCreator("nato-planner")
    writer.setResolution(_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(PAPER_SIZES[paper]),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 18), QPageLayout.Unit.Millimeter))
    return writer


# --- the document ---------------------------------------------------------------------------
def build_document(plan: Plan, context: BriefContext, charts: dict[str, QImage],
                   writer: QPdfWriter) -> QTextDocument:
    """The brief laid out for `writer`'s page: fonts measured at the PDF's resolution."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    body = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(body.width(), body.height()))
    document.setDefaultStyleSheet(_STYLE)
    for name, image in charts.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    rows = trajectory(plan) if plan.years else []
    document.setHtml("".join([
        "<html><body>",
        _title_page(plan, context, rows),
        _changes_section(plan, context),
        _gap_tables(plan, rows),
        _categories_section(plan),
        _claims_section(plan, rows),
        _checks_section(plan),
        _allies_section(rows, context.allies),
        _charts_section(charts, body.width()),
        "</body></html>"]))
    return document


def chart_images(plan: Plan) -> dict[str, QImage]:
    """The trajectory and the dashboard drawn off screen, as the app shows them."""
    session = PlanSession(plan)
    images = {}
    for kind in ("trajectory", "dashboard"):
        widget = chart_widget(kind, session)
        widget.resize(*_CHART_SIZES[kind])
        try:
            lay_out_chart(widget)
            area = widget.chart_area() if hasattr(widget, "chart_area") else widget
            images[f"chart://{kind}"] = area.grab().toImage()
        finally:
            dispose_chart(widget)
    return images


def _esc(text: object) -> str:
    return html.escape(str(text))


def _money(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"


def _title_page(plan: Plan, context: BriefContext, rows: list[TrajectoryYear]) -> str:
    budget, t = plan.budget, plan.targets
    currency = budget.source.currency or "currency units (not stated in the budget)"
    years = f"{min(plan.years)}-{max(plan.years)}" if plan.years else "none"
    facts = [
        ("Plan", context.plan_name), ("Scenario", context.scenario),
        ("Budget years", years), ("Currency", currency),
        ("GDP source", context.gdp_source or "not stated"),
        ("NATO figures compared against", context.nato_edition or "none loaded"),
        ("Planning assumptions", f"nominal GDP growth {plan.planning.gdp_growth_pct:g}% a year; "
                                 f"defence spending growth {plan.planning.spending_growth_pct:g}% "
                                 "a year (planning years)"),
        ("Pledge targets", f"core defence at least {t.core_floor_pct:g}% of GDP, "
                           f"security-related up to {t.security_ceiling_pct:g}%, "
                           f"{t.total_pct:g}% in all by {t.target_year}; review in "
                           f"{t.review_year}"),
        ("Prepared on", context.prepared_on.isoformat()),
    ]
    table = "".join(f"<tr><td><b>{_esc(k)}</b></td><td>{_esc(v)}</td></tr>" for k, v in facts)
    return (f"<h1>Annual plan brief</h1><p>{_esc(context.plan_name)}: the path to "
            f"{t.total_pct:g}% of GDP by {t.target_year} (Hague Summit Declaration, 25 June "
            f"2025)</p><table class='facts'>{table}</table>{_headline(rows, currency)}")


def _headline(rows: list[TrajectoryYear], currency: str) -> str:
    years = [r for r in rows if r.figures.counted_pct_gdp is not None]
    if not years:
        return "<p>No year has a GDP, so no share of GDP can be given.</p>"
    first, last = years[0], years[-1]
    off_path = [str(r.year) for r in years if r.on_path is False]
    return (f"<h2>In one paragraph</h2><p>Counted spending is {_pct(first.figures.counted_pct_gdp)} "
            f"of GDP in {first.year} and {_pct(last.figures.counted_pct_gdp)} in {last.year}; "
            f"the gap to the total target in {last.year} is {_money(last.figures.total_gap)} "
            f"{_esc(currency)}. "
            + (f"Years below the credible path: {', '.join(off_path)}." if off_path
               else "Every year is on the credible path.") + "</p>")


def _gap_tables(plan: Plan, rows: list[TrajectoryYear]) -> str:
    t = plan.targets
    unit = _esc(plan.budget.source.currency or "currency units")
    shares = ["<h2 style='page-break-before: always'>The path to "
              f"{t.target_year}: shares of GDP</h2>", "<table class='figures' width='100%'>",
              "<tr><th>Year</th><th>Basis</th><th>Core % of GDP</th>"
              "<th>Security-related % of GDP</th><th>Counted % of GDP</th>"
              "<th>Credible path %</th><th>Core path %</th><th>Real growth %</th>"
              "<th>On path</th></tr>"]
    for r in rows:
        f = r.figures
        on_path = "n/a" if r.on_path is None else ("yes" if r.on_path else "NO")
        shares.append(
            f"<tr{_planned(r.basis)}><td>{r.year}</td><td>{r.basis}</td>"
            + "".join(f"<td class='num'>{_pct(v)}</td>" for v in (
                f.core_pct_gdp, f.security_pct_gdp, f.counted_pct_gdp, r.path_counted_pct,
                r.path_core_pct, r.real_growth_pct)) + f"<td>{on_path}</td></tr>")
    money = [f"<h2>The gaps to {t.target_year}, in {unit}</h2>",
             "<table class='figures' width='100%'>",
             f"<tr><th style='white-space: nowrap'>Year</th><th>GDP</th>"
             f"<th>Gap to {t.core_floor_pct:g}% core</th>"
             f"<th>% of GDP</th><th>Room to the {t.security_ceiling_pct:g}% ceiling</th>"
             f"<th>% of GDP</th><th>Gap to {t.total_pct:g}%</th><th>% of GDP</th></tr>"]
    for g in gap_table(plan, rows):
        money.append(
            f"<tr{_planned(g.basis)}><td>{g.year}</td><td class='num'>{_money(g.gdp)}</td>"
            + "".join(f"<td class='num'>{_money(m)}</td><td class='num'>{_pct(p)}</td>"
                      for m, p in ((g.core_gap, g.core_gap_pct),
                                   (g.security_room, g.security_room_pct),
                                   (g.total_gap, g.total_gap_pct))) + "</tr>")
    note = ("<p class='note'>Planning years (in italics) grow from the last budget year at the "
            "assumptions on the title page unless the plan sets them. Real growth deflates "
            "counted spending by the GDP deflator. Gaps are never negative; money above the "
            "security-related ceiling counts nowhere.</p>")
    return "".join(shares) + "</table>" + note + "".join(money) + "</table>"


def _changes_section(plan: Plan, context: BriefContext) -> str:
    """What moved since the version last submitted: each year whose figures differ, then the
    largest changes behind the first of them (the engine's bridge)."""
    if context.submitted is None:
        return ""
    head = f"<h2>Changes since the submitted version ({_esc(context.submitted_label)})</h2>"
    currency = plan.budget.source.currency
    years = [c for c in compare_years(context.submitted, plan)
             if abs(c.b.counted - c.a.counted) >= 0.5 or abs(c.b.core - c.a.core) >= 0.5]
    if not years:
        return head + "<p>No figure has changed since the submitted version.</p>"
    cells = "".join(
        f"<tr class='{'planned' if c.planned else ''}'><td>{c.year}{'*' if c.planned else ''}"
        f"</td><td class='num'>{_pct(c.a.counted_pct_gdp)}</td>"
        f"<td class='num'>{_pct(c.b.counted_pct_gdp)}</td>"
        f"<td class='num'>{_pct(c.a.core_pct_gdp)}</td><td class='num'>{_pct(c.b.core_pct_gdp)}</td>"
        f"<td class='num'>{signed_money_text(c.b.counted - c.a.counted, currency)}</td></tr>"
        for c in years)
    table = ("<table class='figures'><tr><th>Year</th><th>Counted % then</th><th>Counted % now</th>"
             "<th>Core % then</th><th>Core % now</th><th>Counted money change</th></tr>"
             f"{cells}</table><p class='note'>* planned year.</p>")
    first = years[0].year
    steps = bridge(context.submitted, plan, first, largest=6).steps
    items = "".join(f"<li>{_esc(step.label)}: {signed_money_text(step.amount, currency)}</li>"
                    for step in steps)
    return head + table + (f"<p>Largest changes in {first}:</p><ul>{items}</ul>" if items else "")


def _planned(basis: str) -> str:
    return " class='planned'" if basis == "planned" else ""


def _categories_section(plan: Plan) -> str:
    """Core money by NATO's categories (Tables 8a/8b) per budget year, against the
    equipment guideline."""
    if not plan.years:
        return ""
    guideline = plan.targets.equipment_guideline_pct
    head = "".join(f"<th>{_esc(NATO_CATEGORY_LABELS[k])}</th>" for k in NATO_CATEGORIES)
    lines = [f"<h2 style='page-break-before: always'>NATO categories of core defence "
             f"(% of core; equipment guideline {guideline:g}%)</h2>",
             f"<table class='figures' width='100%'><tr><th>Year</th>{head}</tr>"]
    for year in plan.years:
        money = plan.claim_figures(year).core_by_category
        core = sum(money.values())
        cells = "".join(
            f"<td class='num'>{_money(money[k])}<br>{_pct(100 * money[k] / core if core else None)}"
            "</td>" for k in NATO_CATEGORIES)
        lines.append(f"<tr><td>{year}</td>{cells}</tr>")
    unit = _esc(plan.budget.source.currency or "currency units")
    lines.append(f"</table><p class='note'>Counted core money in {unit}, and its share of core. "
                 "Equipment is major equipment and its R&amp;D; other is operations and "
                 "maintenance, other R&amp;D and Ukraine support.</p>")
    return "".join(lines)


def _claims_section(plan: Plan, rows: list[TrajectoryYear]) -> str:
    """How much of the path rests on claims rated high risk, and which lines those are."""
    unit = _esc(plan.budget.source.currency or "currency units")
    lines = [f"<h2>Claims at risk</h2><table class='figures' width='100%'><tr><th>Year</th>"
             f"<th>Counted % of GDP</th><th>Without high-risk claims</th>"
             f"<th>Money at risk ({unit})</th></tr>"]
    for r in rows:
        c = plan.claim_figures(r.year)
        lines.append(f"<tr{_planned(r.basis)}><td>{r.year}</td>"
                     f"<td class='num'>{_pct(c.counted_pct_gdp)}</td>"
                     f"<td class='num'>{_pct(c.counted_pct_gdp_without_high_risk)}</td>"
                     f"<td class='num'>{_money(c.at_risk)}</td></tr>")
    lines.append("</table>")
    return "".join(lines) + _high_risk_lines(plan)


def _high_risk_lines(plan: Plan, shown: int = 25) -> str:
    b = plan.budget
    high = np.flatnonzero((b.risks == int(Risk.HIGH)) & ~b.excluded)
    if not len(high) or not plan.years:
        return "<p>No line is rated high risk.</p>"
    year = plan.years[-1]
    money = b.amounts[high, b.year_index(year)] * b.shares[high]
    order = high[np.argsort(-money)][:shown]
    rows = "".join(
        f"<tr><td>{_esc(b.codes[i])}</td><td>{_esc(b.descriptions[i])}</td>"
        f"<td>{_esc(b.declarations[i])}</td><td>{_esc(b.evidence[i])}</td>"
        f"<td class='num'>{_money(b.amounts[i, b.year_index(year)] * b.shares[i])}</td></tr>"
        for i in order)
    more = (f"<p class='note'>{len(high) - shown:,} more high-risk lines are in the "
            "exported plan's Claims sheet.</p>" if len(high) > shown else "")
    return (f"<p><b>Lines rated high risk</b> (largest first, counted money {year})</p>"
            "<table class='figures' width='100%'><tr><th>Code</th><th>Description</th>"
            f"<th>Declaration category</th><th>Evidence</th><th>{year}</th></tr>{rows}</table>"
            + more)


def _checks_section(plan: Plan) -> str:
    found = plan_checks(plan)
    if not found:
        return "<h2>Checks</h2><p>Every guardrail holds in every year.</p>"
    items = "".join(f"<li>{c.year}: {_esc(c.message)}</li>" for c in found[:40])
    more = f"<p class='note'>{len(found) - 40} more in the app's Checks panel.</p>" if len(
        found) > 40 else ""
    return f"<h2>Checks</h2><ul>{items}</ul>{more}"


def _allies_section(rows: list[TrajectoryYear], allies: AlliesReference | None) -> str:
    """This plan's core % beside NATO's published figures, in the years both have."""
    if allies is None:
        return ""
    mine = {r.year: r.figures.core_pct_gdp for r in rows if r.figures.core_pct_gdp is not None}
    years = [y for y in allies.years if y in mine]
    if not years:
        return ""
    aggregates = {(f.ally, f.year): f.core_pct_gdp for f in allies.figures if f.ally in AGGREGATES}
    lines = ["<h2>Among allies (core defence, % of GDP)</h2>",
             "<table class='figures'><tr><th>Year</th><th>This plan</th><th>Rank among allies"
             "</th>" + "".join(f"<th>{_esc(a)}</th>" for a in AGGREGATES) + "</tr>"]
    for year in years:
        place = standing(allies, year, mine[year])
        rank = f"{place.rank} of {place.allies + 1}" if place else "n/a"
        lines.append(f"<tr><td>{year}</td><td class='num'>{_pct(mine[year])}</td>"
                     f"<td class='num'>{rank}</td>" + "".join(
                         f"<td class='num'>{_pct(aggregates.get((a, year)))}</td>"
                         for a in AGGREGATES) + "</tr>")
    lines.append(f"</table><p class='note'>{_esc(allies.source)}. {_esc(allies.attribution)}</p>")
    return "".join(lines)


def _charts_section(charts: dict[str, QImage], page_width: int) -> str:
    parts = ["<h2 style='page-break-before: always'>Charts</h2>"]
    captions = {"chart://trajectory": "The path to the pledge, year by year",
                "chart://dashboard": "The selected year against the pledge"}
    for name in charts:
        parts.append(f"<p><b>{captions.get(name, '')}</b></p><p><img src='{name}' width='{int(page_width * 0.98 * 96 / _DPI)}'></p>")
    return "".join(parts)
