"""'Where does 2.46% come from?': a figure written out with this plan's own numbers.

A pure function of the plan: it reads the engine's figures (pledge.year_figures through
Plan.figures, the same path as `report`) and writes them as a formula, the lines
behind them, the GDP and its source, and the assumptions used. It computes no pledge figure
of its own, so an explanation cannot disagree with the dashboard or `report`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .money import formula_unit, money_in_unit, pct_text
from .pledge import YearFigures, is_on_path, target_amount
from .taxonomy import EQUIPMENT_SLOT, SLOTS, Bucket
from .trajectory import gap_pcts, path_baseline, path_pcts

if TYPE_CHECKING:
    from .plan import Plan

# figure key -> (title, glossary terms to show beside it)
FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "counted": ("Counted toward 5%", ("counted", "ceiling", "floor")),
    "core": ("Core defence", ("core_defence", "floor", "counted_share")),
    "security": ("Security-related", ("security_related", "ceiling", "security_room")),
    "total_gap": ("Gap to 5%", ("gap", "counted")),
    "core_gap": ("Gap to 3.5% core defence", ("gap", "floor")),
    "security_gap": ("Room under the 1.5% ceiling", ("security_room", "ceiling")),
    "equipment_share": ("Equipment share of core", ("equipment_share", "nato_categories")),
    "not_counted": ("Not counted", ("not_counted", "counted_share")),
    "unclassified": ("Unclassified", ("unclassified",)),
    "gdp": ("GDP", ("gdp",)),
    "credible_path": ("Credible path", ("credible_path", "planned_year")),
    "real_growth": ("Real growth of counted spending", ("real_growth", "counted")),
}


@dataclass(frozen=True)
class LinesBehind:
    """The budget lines a figure adds up: indices into the budget, with their money."""

    lines: np.ndarray  # line indices
    amounts: np.ndarray  # the year's amount per line, plain currency units
    counted: np.ndarray  # amount x counted share (what the figure adds)
    year: int | None  # the budget year the amounts are from (None: no lines)
    note: str = ""  # e.g. "a planned year: the lines of 2026, grown at 0.0% a year"


@dataclass(frozen=True)
class Explanation:
    figure: str
    year: int
    title: str  # "Counted toward 5%, 2026"
    value: str  # "2.46% of GDP (EUR 51.5 bn)"
    formula: list[str]  # one step a line, every number with its unit
    behind: LinesBehind
    gdp: str  # "EUR 2,094.6 bn (nominal, current prices), from sheet 'Macro'"
    assumptions: list[str]
    terms: tuple[str, ...] = field(default=())  # glossary keys


def explain(plan: Plan, year: int, figure: str) -> Explanation:
    """The explanation of one figure of one year (a budget year or a planned year)."""
    if figure not in FIGURES:
        raise KeyError(f"no explanation for '{figure}'")
    f = plan.figures(year)
    currency = plan.budget.source.currency
    unit = formula_unit(f.counted or f.core or f.security or f.gdp)
    m = lambda amount: money_in_unit(amount, currency, unit)  # noqa: E731
    value, formula = _WRITERS[figure](plan, f, m)
    title, terms = FIGURES[figure]
    return Explanation(figure, year, f"{title}, {year}", value, formula,
                       lines_behind(plan, year, figure), gdp_text(plan, year, m),
                       assumptions(plan, year), terms)


# --- the formulas ------------------------------------------------------------------------------
def _pct_of(pct: float | None, gdp: float | None) -> str:
    return f"{pct_text(pct)} of GDP" if gdp else "n/a (no GDP for this year)"


def _counted(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    t = plan.targets
    if not f.gdp:
        return (f"{m(f.counted)} (no GDP: no %)",
                [f"counted = core {m(f.core)} + security-related {m(f.security)} = "
                 f"{m(f.counted)}", "Without GDP the 1.5% ceiling and the % are unknown."])
    ceiling = target_amount(t.security_ceiling_pct, f.gdp)
    steps = [f"counted = core {m(f.core)} + min(security {m(f.security)}, "
             f"{t.security_ceiling_pct:g}% x GDP {m(f.gdp)} = {m(ceiling)}) = {m(f.counted)} "
             f"= {pct_text(f.counted_pct_gdp)} of GDP"]
    if f.security_excess > 0:
        steps.append(f"{m(f.security_excess)} of security-related spending is above the "
                     f"{t.security_ceiling_pct:g}% ceiling and does not count.")
    steps.append(f"Target {t.total_pct:g}% of GDP = {m(target_amount(t.total_pct, f.gdp))}; "
                 f"gap = {m(f.total_gap)}.")
    return f"{_pct_of(f.counted_pct_gdp, f.gdp)} ({m(f.counted)})", steps


def _core(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    t = plan.targets
    steps = [f"core = sum of amount x counted share over the core defence lines = {m(f.core)}"]
    if f.gdp:
        steps += [f"{m(f.core)} / GDP {m(f.gdp)} = {pct_text(f.core_pct_gdp)} of GDP",
                  f"Floor {t.core_floor_pct:g}% x GDP = {m(target_amount(t.core_floor_pct, f.gdp))}; "
                  f"gap to the floor = {m(f.core_gap)} (above the floor, all of it counts)."]
    return f"{m(f.core)} = {_pct_of(f.core_pct_gdp, f.gdp)}", steps


def _security(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    t = plan.targets
    steps = [f"security-related = sum of amount x counted share over the security-related "
             f"lines = {m(f.security)}"]
    if f.gdp:
        ceiling = target_amount(t.security_ceiling_pct, f.gdp)
        steps += [f"{m(f.security)} / GDP {m(f.gdp)} = {pct_text(f.security_pct_gdp)} of GDP",
                  f"Ceiling {t.security_ceiling_pct:g}% x GDP {m(f.gdp)} = {m(ceiling)}: "
                  f"counted {m(f.security - f.security_excess)}, above the ceiling (not counted) "
                  f"{m(f.security_excess)}, room left {m(f.security_gap)}."]
    return f"{m(f.security)} = {_pct_of(f.security_pct_gdp, f.gdp)}", steps


def _gap(target_attr: str, amount_attr: str, gap_attr: str, word: str, which: int):
    def write(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
        target = getattr(plan.targets, target_attr)
        amount, gap, pcts = getattr(f, amount_attr), getattr(f, gap_attr), gap_pcts(f)
        if not f.gdp or pcts is None:
            return "n/a (no GDP)", ["Without GDP for this year the gap is unknown."]
        goal = target_amount(target, f.gdp)
        steps = [f"gap = max(0, {target:g}% x GDP {m(f.gdp)} = {m(goal)} - {word} {m(amount)})"
                 f" = {m(gap)} = {pct_text(pcts[which])} of GDP"]
        return f"{m(gap)} ({pct_text(pcts[which])} of GDP)", steps
    return write


def _equipment(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    t = plan.targets
    if not f.core:
        return "n/a (no core spending)", ["Without core defence spending there is no share."]
    steps = [f"equipment share = equipment {m(f.equipment)} / core {m(f.core)} = "
             f"{pct_text(f.equipment_share_of_core)} of core",
             f"Guideline: at least {t.equipment_guideline_pct:g}% of core on major equipment "
             "and its R&D."]
    return f"{pct_text(f.equipment_share_of_core)} of core", steps


def _not_counted(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    return m(f.not_counted), [
        f"not counted = lines classified Not counted + (1 - counted share) x amount of core "
        f"and security-related lines = {m(f.not_counted)}"]


def _unclassified(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    return m(f.unclassified), [f"unclassified = sum of the lines not yet classified = "
                               f"{m(f.unclassified)}; they count toward nothing until you "
                               "decide."]


def _gdp(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    return m(f.gdp), ["Every % of GDP in this year divides by this GDP."]


def _credible_path(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    t, baseline = plan.targets, path_baseline(plan)
    path = path_pcts(plan, f.year, baseline)
    if baseline is None or path is None:
        return "n/a", ["The path needs GDP in its first budget year."]
    span = t.target_year - baseline.year
    steps = [f"path = {pct_text(baseline.counted_pct)} ({baseline.year}) + ({t.total_pct:g}% - "
             f"{pct_text(baseline.counted_pct)}) x ({f.year} - {baseline.year}) / {span} = "
             f"{pct_text(path[0])} of GDP",
             f"core path = {pct_text(baseline.core_pct)} + ({t.core_floor_pct:g}% - "
             f"{pct_text(baseline.core_pct)}) x ({f.year} - {baseline.year}) / {span} = "
             f"{pct_text(path[1])} of GDP"]
    if f.counted_pct_gdp is not None:
        on = is_on_path(f.counted_pct_gdp, path[0]) and is_on_path(f.core_pct_gdp, path[1])
        steps.append(f"This year: counted {pct_text(f.counted_pct_gdp)}, core "
                     f"{pct_text(f.core_pct_gdp)}: {'on' if on else 'below'} the path.")
    return f"{pct_text(path[0])} of GDP (core {pct_text(path[1])})", steps


def _real_growth(plan: Plan, f: YearFigures, m) -> tuple[str, list[str]]:
    growth = plan.real_growth_pct(f.year)
    if growth is None or f.year - 1 not in plan.trajectory_years:
        return "n/a", ["The first year has no year before it to grow from."]
    before = plan.figures(f.year - 1)
    d = plan.planning.inflation_for(f.year)
    return f"{pct_text(growth, 1)} a year", [
        f"real growth = 100 x ((counted {m(f.counted)} / counted {f.year - 1} "
        f"{m(before.counted)}) / (1 + inflation {d:g}%) - 1) = {pct_text(growth, 1)}"]


_WRITERS = {
    "counted": _counted, "core": _core, "security": _security,
    "total_gap": _gap("total_pct", "counted", "total_gap", "counted", 2),
    "core_gap": _gap("core_floor_pct", "core", "core_gap", "core", 0),
    "security_gap": _gap("security_ceiling_pct", "security", "security_gap", "security", 1),
    "equipment_share": _equipment, "not_counted": _not_counted,
    "unclassified": _unclassified, "gdp": _gdp, "credible_path": _credible_path,
    "real_growth": _real_growth,
}


# --- the lines behind a figure -----------------------------------------------------------------
def _line_mask(plan: Plan, figure: str) -> np.ndarray | None:
    b = plan.budget
    core, security = b.buckets == Bucket.CORE, b.buckets == Bucket.SECURITY
    masks = {
        "counted": core | security, "total_gap": core | security,
        "core": core, "core_gap": core, "security": security, "security_gap": security,
        "equipment_share": core & (b.subcategories == SLOTS[EQUIPMENT_SLOT].subcategory),
        "not_counted": (b.buckets == Bucket.NOT_COUNTED) | ((core | security) & (b.shares < 1)),
        "unclassified": b.buckets == Bucket.UNCLASSIFIED,
    }
    return masks.get(figure)


def lines_behind(plan: Plan, year: int, figure: str) -> LinesBehind:
    """The lines a figure adds up, in the year itself or, for a planned year, in the last
    budget year it grows from. Lines with an unreadable amount are in no total: left out."""
    b, mask = plan.budget, _line_mask(plan, figure)
    empty = np.zeros(0)
    if mask is None or not b.years:
        return LinesBehind(empty.astype(np.intp), empty, empty, None)
    source, note = year, ""
    if plan.is_planned_year(year):
        source = max(y for y in b.years if y < year)
        note = (f"{year} is a planned year: these are the lines of {source}, the last budget "
                f"year; the planned money grows from their total at "
                f"{plan.planning.spending_growth_pct:g}% a year unless you set it.")
    lines = np.flatnonzero(mask & ~b.excluded)
    amounts = b.amounts[lines, b.year_index(source)]
    shared = np.isin(b.buckets[lines], (Bucket.CORE, Bucket.SECURITY))
    share = np.where(shared, b.shares[lines], 1.0)
    counted = amounts * (1.0 - share) if figure == "not_counted" else amounts * share
    counted = np.where(b.buckets[lines] == Bucket.NOT_COUNTED, amounts, counted)
    return LinesBehind(lines, amounts, counted, source, note)


# --- GDP and the assumptions -------------------------------------------------------------------
def gdp_text(plan: Plan, year: int, m) -> str:
    gdp = plan.gdp(year)
    if gdp is None:
        return (f"No GDP for {year}: enter it with Edit > GDP per year; until then this year "
                "has no % of GDP.")
    kind = "nominal, current prices"
    basis = plan.gdp_basis(year)
    if basis == "projected":
        known = plan.known_gdp()
        base = max((y for y in known if y < year), default=min(known))
        return (f"GDP {year}: {m(gdp)} ({kind}), projected from {base} ({m(known[base])}) at "
                f"{plan.planning.gdp_growth_for(year):g}% nominal growth a year (Edit > GDP "
                "per year sets a figure).")
    series = plan.planning.gdp_series
    if basis == "series" and series is not None:
        return f"GDP {year}: {m(gdp)} ({kind}), from the chosen series '{series.label}'."
    source = plan.budget.source.gdp_source or "entered in the app (Edit > GDP per year)"
    return f"GDP {year}: {m(gdp)} ({kind}), from {source}."


def assumptions(plan: Plan, year: int) -> list[str]:
    t, b = plan.targets, plan.budget
    items = [f"Pledge targets: core defence at least {t.core_floor_pct:g}% of GDP, "
             f"security-related counted up to {t.security_ceiling_pct:g}%, "
             f"{t.total_pct:g}% in total by {t.target_year}.",
             "Each line counts amount x its counted share (100% unless set).",
             f"Amounts in plain currency units ({b.source.currency or 'currency not stated'}); "
             f"the workbook's scale x{b.source.scale:,.0f} is applied."]
    unreadable = int(b.excluded.sum())  # lines left out of every total
    if unreadable:
        items.append(f"{unreadable:,} line{' with an unreadable amount is' if unreadable == 1 else 's with an unreadable amount are'} "
                     "left out of every total until fixed.")
    if plan.is_planned_year(year):
        items.append(f"Planned year: nominal GDP growth {plan.planning.gdp_growth_for(year):g}% "
                     f"a year, spending growth {plan.planning.spending_growth_pct:g}% a year "
                     "(unless set per year or sub-category), unless you set the year's amount.")
    items.append(f"Inflation (GDP deflator) {plan.planning.inflation_for(year):g}% for real "
                 "growth.")
    baseline = path_baseline(plan)
    if baseline is not None:
        items.append(f"Credible path: a straight line from {baseline.year} "
                     f"({pct_text(baseline.counted_pct)} counted) to {t.total_pct:g}% in "
                     f"{t.target_year}.")
    return items


def explanation_text(e: Explanation) -> str:
    """The whole explanation as plain text (copy to a briefing, or a test's comparison)."""
    parts = [f"{e.title}: {e.value}", "", *e.formula, "", e.gdp]
    if e.behind.note:
        parts += ["", e.behind.note]
    parts += ["", "Assumptions:", *[f"- {a}" for a in e.assumptions]]
    return "\n".join(parts)
