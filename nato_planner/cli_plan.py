"""What the command line computes: the plan a budget (or a project) stands for, and the report
made of it. Kept apart from cli.py, which parses arguments, so a run loads numpy and the engine
only once it knows it needs them (in `report`, while the budget's first sheet is parsed)."""
from __future__ import annotations

import argparse
import json
import os
from typing import Any, Callable

from .core.claim_figures import all_claim_figures
from .core.errors import PlannerError
from .core.plan import Plan
from .core.pledge import DEFAULT_TARGETS, PledgeTargets
from .core.trajectory import TrajectoryYear, trajectory
from .io.budget_import import ImportOptions, ImportResult, read_budget, read_budget_isolated
from .io.project_names import is_project_path
from .io.sandbox import leave_for_exit
from .io.workbook_reader import Workbook
from .terminal_text import printable


def apply_rules_option(args: argparse.Namespace, plan: Plan) -> list[dict[str, Any]]:
    """Apply --rules to the plan's unclassified lines; what each line got, for --json."""
    if not getattr(args, "rules", None):
        return []
    from .core.rule_commands import ApplySuggestions
    from .core.suggestions import suggest
    from .io.rulebook_file import load_rulebook
    suggestions = suggest(plan.budget, load_rulebook(args.rules))
    if len(suggestions):
        ApplySuggestions(plan, suggestions, user="nato-planner --rules").do(plan)
    return rules_applied(suggestions, plan.budget)


def rules_applied(suggestions, budget) -> list[dict[str, Any]]:
    from .core.rules import BUCKET_KEYS
    from .core.taxonomy import subcategory_label
    bucket_key = {bucket: key for key, bucket in BUCKET_KEYS.items()}
    return [{"row": int(budget.source_rows[line]), "rule": suggestions.rule_of(i).name,
             "classification": bucket_key[int(suggestions.buckets[i])],
             "sub_category": subcategory_label(int(suggestions.subcategories[i])) or None}
            for i, line in enumerate(suggestions.lines)]


def import_options(args: argparse.Namespace) -> ImportOptions:
    return ImportOptions(sheet=args.sheet, year=args.year, gdp=dict(args.gdp),
                         scale=args.scale, currency=args.currency, fy_start=args.fy_start)


def load_budget(args: argparse.Namespace) -> ImportResult:
    """The budget the arguments name, read the way the desktop app reads it: in a child
    process with memory and time limits, so no file can crash or hang the command."""
    return read_budget_isolated(args.budget, import_options(args))


def load_plan(args: argparse.Namespace, read: Callable[[argparse.Namespace], ImportResult]
              = load_budget) -> tuple[ImportResult, Plan]:
    """A budget workbook as imported, or a project's scenario (--scenario, else its current)."""
    if is_project_path(args.budget):
        from .io.project_file import ProjectFile
        from .io.project_import import project_import_result
        project = ProjectFile.open(args.budget)
        try:
            loaded = project.load(getattr(args, "scenario", None))
            return project_import_result(project, loaded), loaded.plan
        finally:
            project.close()
    if getattr(args, "scenario", None):
        raise PlannerError(f"--scenario needs a project file (.natoplan); '{args.budget}' is a "
                           "budget workbook, which has no scenarios.")
    from .io.plan_readback import plan_from_import
    result = read(args)
    plan = plan_from_import(result, args.budget)
    # the command line states money in currency units (BUDGET_FORMAT.md), so its spreads and
    # close-the-gap move whole currency units; the desktop moves whole units of its table
    plan.display_unit = 1.0
    return result, plan


def build_plan(args: argparse.Namespace, read: Callable[[argparse.Namespace], ImportResult]
               = load_budget) -> tuple[ImportResult, Plan]:
    """The plan `report` and `export` compute from: the budget (or a project's scenario),
    the planning options, and close-the-gap when asked. A project carries its own
    assumptions: an option overrides them only when given. `--gdp` for a planning year is
    kept by the importer with the budget's GDP, so it replaces that year's projection.
    `--rules` classifies the unclassified lines first; what each got is left in
    `args.rules_applied` for `--json`."""
    result, plan = load_plan(args, read)
    args.rules_applied = apply_rules_option(args, plan)
    for option, name in (("gdp_growth", "gdp_growth_pct"),
                         ("spending_growth", "spending_growth_pct"),
                         ("inflation", "inflation_pct")):
        value = getattr(args, option, None)
        if value is not None:
            setattr(plan.planning, name, value)
    mode = getattr(args, "close_gap", None)
    if mode:
        from .core.close_gap import propose_close_gap
        from .core.commands import CommandStack
        from .core.planning_commands import CloseTheGap
        CommandStack(plan).push(CloseTheGap(plan, propose_close_gap(plan, mode)))
    return result, plan


def report_data(result: ImportResult, source: str, plan: Plan | None = None) -> dict[str, Any]:
    """The `report --json` object (BUDGET_FORMAT.md), keys in the contract's order."""
    detection, budget = result.detection, result.budget
    plan = plan if plan is not None else Plan(budget)
    return {
        "source": os.path.basename(source),
        "sheet": detection.sheet,
        "currency": detection.currency,
        "scale": _plain_number(detection.scale),
        "line_items": result.line_items,
        "skipped_rows": [{"row": s.row, "reason": s.reason} for s in result.skipped_rows],
        "errors": [{"row": e.row, "column": e.column, "value": e.value, "message": e.message}
                   for e in result.errors],
        "warnings": list(result.warnings),
        "years": _year_entries(plan),
        "trajectory": [_trajectory_entry(row) for row in trajectory(plan)],
    }


def _year_entries(plan: Plan) -> list[dict[str, Any]]:
    """Each budget year's figures, then its claim figures (the at-risk band, NATO categories)."""
    return [{**f.as_report_dict(), **c.as_report_dict()}
            for f, c in zip(plan.all_figures(), all_claim_figures(plan))]


def _trajectory_entry(row: TrajectoryYear) -> dict[str, Any]:
    """One `trajectory` entry of `report --json` (BUDGET_FORMAT.md, "The path to 2035")."""
    f = row.figures
    return {"year": row.year, "basis": row.basis, "gdp": f.gdp, "core": f.core,
            "security": f.security, "core_pct_gdp": f.core_pct_gdp,
            "security_pct_gdp": f.security_pct_gdp, "counted_pct_gdp": f.counted_pct_gdp,
            "credible_path_pct": row.path_counted_pct, "core_path_pct": row.path_core_pct,
            "core_gap": f.core_gap, "security_gap": f.security_gap,
            "total_gap": f.total_gap, "real_growth_pct": row.real_growth_pct}


def _plain_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def report_in_child(args: argparse.Namespace, workbook: Workbook | None = None) -> str:
    """The report's text, made where the budget is read (in the limited child);
    `workbook`: the budget already opened, its first sheet perhaps being parsed meanwhile."""
    def read_opened(args: argparse.Namespace) -> ImportResult:
        return read_budget(args.budget, import_options(args), workbook=workbook)
    result, plan = build_plan(args, read=read_opened)
    leave_for_exit(result, plan)
    data = report_data(result, _source_name(args.budget, result), plan)
    if args.rules:
        data["rules_applied"] = args.rules_applied
    if args.json:
        return json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n"
    return report_text(data, plan.targets)


def report_text(data: dict[str, Any], targets: PledgeTargets = DEFAULT_TARGETS) -> str:
    """A readable report: every number carries its unit; targets named as the plan sets them."""
    unit = data["currency"] or "currency units"
    lines = [f"{data['source']}, sheet '{data['sheet']}': {data['line_items']} line items "
             f"counted, amounts in {unit} (scale x{data['scale']:,} applied)"]
    lines += _listed("Skipped rows", [f"row {s['row']}: {s['reason']}"
                                      for s in data["skipped_rows"]])
    lines += _listed("Errors (left out of every total)",
                     [f"row {e['row']}, column '{e['column']}': {e['message']}"
                      for e in data["errors"]])
    lines += _listed("Warnings", data["warnings"])
    if "rules_applied" in data:
        lines += [f"Rules applied to {len(data['rules_applied'])} unclassified line(s)"]
        lines += [f"  - row {a['row']}: {a['classification']}"
                  f"{' / ' + a['sub_category'] if a['sub_category'] else ''} ({a['rule']})"
                  for a in data["rules_applied"]]
    for year in data["years"]:
        lines += [""] + _year_lines(year, unit, targets)
    lines += _trajectory_lines(data.get("trajectory", []), targets)
    return printable("\n".join(lines)) + "\n"


def _trajectory_lines(rows: list[dict[str, Any]], targets: PledgeTargets) -> list[str]:
    """The path to the target year, one line a year: counted % against the credible path."""
    if not rows:
        return []

    def pct(value: float | None) -> str:
        return "   n/a" if value is None else f"{value:5.2f}%"
    out = ["", f"Path to {targets.target_year} (% of GDP; path = straight line to "
           f"{targets.total_pct:g}% counted and {targets.core_floor_pct:g}% core)",
           "  year  basis     core   counted   path   real growth"]
    for r in rows:
        growth = "n/a" if r["real_growth_pct"] is None else f"{r['real_growth_pct']:+.1f}%"
        out.append(f"  {r['year']}  {r['basis']:<8}{pct(r['core_pct_gdp'])}  "
                   f"{pct(r['counted_pct_gdp'])}  {pct(r['credible_path_pct'])}   {growth}")
    return out


def _listed(title: str, items: list[str]) -> list[str]:
    return [f"{title}: {len(items)}"] + [f"  - {item}" for item in items] if items else []


def _year_lines(year: dict[str, Any], unit: str, targets: PledgeTargets) -> list[str]:
    def money(value: float | None) -> str:
        return "n/a (no GDP)" if value is None else f"{value:,.0f} {unit}"

    def pct(value: float | None, of: str = "of GDP") -> str:
        return "n/a (no GDP)" if value is None else f"{value:.2f}% {of}"
    rows = [
        ("GDP", money(year["gdp"]) if year["gdp"] is not None else "unknown"),
        ("Core defence", f"{money(year['core'])}   {pct(year['core_pct_gdp'])}"),
        ("Security-related", f"{money(year['security'])}   {pct(year['security_pct_gdp'])}"),
        (f"Counted toward {targets.total_pct:g}%", pct(year["counted_pct_gdp"])),
        ("Not counted", money(year["not_counted"])),
        ("Unclassified", money(year["unclassified"])),
        (f"Gap to {targets.core_floor_pct:g}% core", money(year["core_gap"])),
        (f"Gap to {targets.security_ceiling_pct:g}% security", money(year["security_gap"])),
        (f"Gap to {targets.total_pct:g}% total", money(year["total_gap"])),
        ("Equipment share of core", "n/a (no core spending)"
         if year["equipment_share_of_core"] is None
         else pct(year["equipment_share_of_core"], "of core")),
        ("At risk (high-risk claims)", money(year["at_risk"])),
        ("Counted without high-risk", pct(year["counted_pct_gdp_without_high_risk"])),
    ] + [(f"Core: {key}", money(value)) for key, value in year["core_by_category"].items()]
    return [f"Year {year['year']}"] + [f"  {label:<25}{value}" for label, value in rows]


def _source_name(path: str, result: ImportResult) -> str:
    """The workbook's name; for a project, the workbook it was made from."""
    return os.path.basename(result.budget.source.path or path)
