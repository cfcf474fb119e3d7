"""The command line: `report` (and `export`, `chart`), one engine with the desktop app.

Each sub-command is one registration in SUBCOMMANDS: (name, help, add_arguments, run).
Nothing here imports Qt; a sub-command that needs it imports it inside its run function.
Unusable input exits with status 2 and one stderr line starting with 'error:'.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .core.assumptions import (
    DEFAULT_GDP_GROWTH_PCT, DEFAULT_INFLATION_PCT, DEFAULT_SPENDING_GROWTH_PCT, check_rate,
)
from .core.claim_figures import all_claim_figures
from .core.errors import PlannerError
from .core.plan import Plan
from .core.pledge import DEFAULT_TARGETS, PledgeTargets
from .core.trajectory import TrajectoryYear, trajectory
from .io.budget_import import ImportOptions, ImportResult, read_budget, read_budget_isolated
from .io.number_text import NotANumber, parse_number_text
from .io.sandbox import limits_for, run_limited

EXIT_OK, EXIT_UNUSABLE = 0, 2


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one 'error:' line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_UNUSABLE)


# --- options every budget-reading command shares ------------------------------------------------
def add_budget_arguments(parser: argparse.ArgumentParser) -> None:
    """BUDGET, --sheet, --year, --gdp: how to read the budget workbook."""
    parser.add_argument("budget", metavar="BUDGET", help="budget workbook (.xlsx .xlsm .xls "
                        ".ods .csv)")
    parser.add_argument("--sheet", metavar="NAME", help="sheet holding the line items")
    parser.add_argument("--year", type=int, metavar="Y",
                        help="fiscal year of a lone 'amount'/'budget' column")
    parser.add_argument("--gdp", action="append", default=[], metavar="YEAR=AMOUNT",
                        type=_gdp_pair, help="GDP of a year in plain currency units "
                        "(repeatable); overrides the workbook")
    parser.add_argument("--scale", type=_scale, metavar="N",
                        help="unit of the amounts: 1, 1000, 1e6, 1e9 or thousands / millions / "
                        "billions; overrides what the file says")
    parser.add_argument("--currency", type=_currency, metavar="CODE",
                        help="currency of the amounts, e.g. EUR; overrides the file")
    parser.add_argument("--fy-start", type=_month, metavar="MONTH", dest="fy_start",
                        help="month (1-12) the fiscal year starts; '2025/26' is the NATO year "
                        "holding most of its months (default 4: April, so 2025)")


_SCALE_WORDS = {"units": 1.0, "ones": 1.0, "thousand": 1e3, "thousands": 1e3, "k": 1e3,
                "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
                "billions": 1e9, "bn": 1e9}


def _scale(text: str) -> float:
    """--scale: 1, 1000, 1e6, 1e9 or a word (thousands, millions, billions)."""
    word = text.strip().lower()
    if word in _SCALE_WORDS:
        return _SCALE_WORDS[word]
    try:
        value = float(word.replace("_", "").replace(",", ""))
    except ValueError:
        value = 0.0
    if value not in (1.0, 1e3, 1e6, 1e9):
        raise argparse.ArgumentTypeError(f"--scale takes 1, 1000, 1e6, 1e9 or thousands / "
                                         f"millions / billions, not '{text}'")
    return value


def _currency(text: str) -> str:
    code = text.strip().upper()
    if not (len(code) == 3 and code.isalpha()):
        raise argparse.ArgumentTypeError(f"--currency takes a three-letter ISO code such as "
                                         f"EUR, USD or NOK, not '{text}'")
    return code


def _month(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError(f"--fy-start takes a month number 1-12 (4 = April, "
                                         f"10 = October), not '{text}'")
    return int(text)


def _gdp_pair(text: str) -> tuple[int, float]:
    year, sep, amount = text.partition("=")
    try:
        if not sep:
            raise ValueError
        value = parse_number_text(amount)
        if not math.isfinite(value) or value <= 0:
            raise ValueError
        return int(year.strip()), value
    except (ValueError, NotANumber):
        raise argparse.ArgumentTypeError(
            f"--gdp needs YEAR=AMOUNT with a positive amount, e.g. 2025=7.6e11, not '{text}'")


def add_rules_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", metavar="FILE|default",
                        help="apply a rulebook (a TOML file, or 'default') to the unclassified "
                        "lines before computing anything")


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


def add_planning_arguments(parser: argparse.ArgumentParser) -> None:
    """--gdp-growth, --spending-growth, --inflation, --close-gap: the planned years."""
    parser.add_argument("--gdp-growth", type=_rate("--gdp-growth"), metavar="PCT",
                        help="nominal GDP growth a year for planning years without a GDP "
                        f"(default {DEFAULT_GDP_GROWTH_PCT:g}, or the project's)")
    parser.add_argument("--spending-growth", type=_rate("--spending-growth"), metavar="PCT",
                        help="growth a year of the last budget year's money "
                        f"(default {DEFAULT_SPENDING_GROWTH_PCT:g}, or the project's)")
    parser.add_argument("--inflation", type=_rate("--inflation"), metavar="PCT",
                        help="GDP deflator rise a year, for real growth "
                        f"(default {DEFAULT_INFLATION_PCT:g}, or the project's)")
    parser.add_argument("--close-gap", choices=("path", "now"), metavar="path|now",
                        help="apply the close-the-gap proposal: 'path' puts every year on the "
                        "credible path, 'now' at the core floor and security ceiling")


def _rate(option: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            return check_rate(parse_number_text(text.rstrip("% ")), option)
        except (NotANumber, PlannerError, ValueError) as error:
            raise argparse.ArgumentTypeError(
                f"{option} needs a percentage a year, e.g. 3.0, not '{text}'"
                + (f" ({error})" if isinstance(error, PlannerError) else ""))
    return parse


def import_options(args: argparse.Namespace) -> ImportOptions:
    return ImportOptions(sheet=args.sheet, year=args.year, gdp=dict(args.gdp),
                         scale=args.scale, currency=args.currency, fy_start=args.fy_start)


def load_budget(args: argparse.Namespace) -> ImportResult:
    """The budget the arguments name, read the way the desktop app reads it: in a child
    process with memory and time limits, so no file can crash or hang the command."""
    return read_budget_isolated(args.budget, import_options(args))


def _read_here(args: argparse.Namespace) -> ImportResult:
    """Read in this process: for code already running in a limited child."""
    return read_budget(args.budget, import_options(args))


def load_plan(args: argparse.Namespace, read: Callable[[argparse.Namespace], ImportResult]
              = load_budget) -> tuple[ImportResult, Plan]:
    """A budget workbook as imported, or a project's scenario (--scenario, else its current)."""
    from .io.project_import import is_project_path
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


# --- report -------------------------------------------------------------------------------------
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


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    add_budget_arguments(parser)
    add_rules_argument(parser)
    add_planning_arguments(parser)
    _scenario_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")


def _scenario_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", metavar="NAME", help="a project's scenario or submitted "
                        "version (default: the one last worked on)")


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


def _cmd_report(args: argparse.Namespace) -> int:
    """The whole report is made in one limited child (sandbox.py); the parent only waits,
    prints it, and turns a crash, an overrun or an error into one line. Cheaper than sending
    the budget back: the report is a few KB whatever the budget's size."""
    text = run_limited(os.path.basename(args.budget), _report_in_child, (args,),
                       limits_for(args.budget))
    sys.stdout.write(text)
    return EXIT_OK


def _report_in_child(args: argparse.Namespace, _progress: Callable[[float], None]) -> str:
    result, plan = build_plan(args, read=_read_here)
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


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Control characters from cell text (ESC sequences that clear the screen or retitle the
    window, BEL, bidi overrides) shown escaped, never sent raw to the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


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


# --- project ------------------------------------------------------------------------------------
def _project_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION",
                                    parser_class=_OneLineParser)
    new = actions.add_parser("new", help="make a project file from a budget workbook",
                             description="make a project file from a budget workbook")
    add_budget_arguments(new)  # with --scale and --currency, as report and export have
    new.add_argument("--out", required=True, metavar="P.natoplan", help="project file to write")


def _cmd_project(args: argparse.Namespace) -> int:
    from .io.project_import import new_project
    from .io.project_schema import PROJECT_SUFFIX
    if not args.out.lower().endswith(PROJECT_SUFFIX):
        raise PlannerError(f"--out '{args.out}': a project file is named {PROJECT_SUFFIX}.")
    if os.path.exists(args.out):
        raise PlannerError(f"--out '{args.out}' already exists; choose a new name (a project "
                           "is never overwritten by 'project new').")
    result = read_budget(args.budget, import_options(args))
    new_project(args.out, result, args.budget).close()
    sys.stdout.write(f"Wrote {args.out}: {len(result.budget):,} line items from "
                     f"{os.path.basename(args.budget)}, years "
                     f"{', '.join(map(str, result.budget.years))}.\n")
    return EXIT_OK


# --- export and chart: hooks for their helpers --------------------------------------------------
def _export_arguments(parser: argparse.ArgumentParser) -> None:
    add_budget_arguments(parser)
    add_rules_argument(parser)
    add_planning_arguments(parser)
    _scenario_argument(parser)
    parser.add_argument("--out", required=True, metavar="PLAN.xlsx", help="plan to write")


def _cmd_export(args: argparse.Namespace) -> int:
    from .io.plan_export import export_plan
    if not args.out.lower().endswith((".xlsx", ".xlsm")):
        raise PlannerError(f"--out '{args.out}': the revised plan is an Excel workbook; name "
                           "it .xlsx.")
    _refuse_overwriting_budget(args, "plan")
    result, plan = build_plan(args)
    export_plan(plan, args.out, source_name=os.path.basename(args.budget))
    applied = f"; rules classified {len(args.rules_applied):,} line(s)" if args.rules else ""
    sys.stdout.write(f"Wrote {args.out}: {len(result.budget):,} line items, years "
                     f"{', '.join(map(str, result.budget.years))}{applied}.\n")
    return EXIT_OK


def _refuse_overwriting_budget(args: argparse.Namespace, what: str) -> None:
    """--out naming the budget in any spelling (./b.csv, a symlink, a hard link) is refused:
    the files are compared, not the names."""
    from .io.atomic_file import same_file
    if os.path.exists(args.out) and same_file(args.out, args.budget) or \
            os.path.abspath(args.out) == os.path.abspath(args.budget):
        raise PlannerError(f"--out '{args.out}' is the budget itself; choose another file "
                           f"name for the {what}.")


def _chart_arguments(parser: argparse.ArgumentParser) -> None:
    add_budget_arguments(parser)
    parser.add_argument("--out", required=True, metavar="CHART.png",
                        help="picture to write: .png, or .svg for a vector drawing")
    parser.add_argument("--kind", choices=("trajectory", "dashboard"),
                        help="the path to 2035 (default), or the dashboard of --year "
                        "(default when --year is given)")


def _cmd_chart(args: argparse.Namespace) -> int:
    """Draw the chart off screen; Qt is imported here only, never on the report path."""
    from .io.image_names import check_image_name
    _refuse_overwriting_budget(args, "chart")  # before Qt loads: a refusal costs nothing
    check_image_name(Path(args.out))
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.chart_images import render_plan_chart
    kind = args.kind or ("dashboard" if args.year is not None else "trajectory")
    plan = Plan(load_budget(args).budget)
    year = args.year if args.year in plan.years else None
    path = render_plan_chart(plan, args.out, kind, year)
    sys.stdout.write(f"wrote {path} ({kind}, {path.stat().st_size:,} bytes)\n")
    return EXIT_OK


def _brief_arguments(parser: argparse.ArgumentParser) -> None:
    add_budget_arguments(parser)
    _scenario_argument(parser)
    parser.add_argument("--out", required=True, metavar="BRIEF.pdf", help="PDF to write")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="paper size (default A4)")


def _cmd_brief(args: argparse.Namespace) -> int:
    """The annual plan brief as a PDF; Qt is imported here only, never on the report path."""
    _refuse_overwriting_input(args.out, args.budget)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.brief_pdf import brief_context, write_brief
    from .ui.chart_images import ensure_application
    _result, plan = load_plan(args)
    ensure_application()
    context = brief_context(plan, os.path.basename(args.budget),
                            args.scenario or "Working plan")
    path = write_brief(plan, args.out, context, args.paper)
    sys.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).\n")
    return EXIT_OK


def _refuse_overwriting_input(out: str, budget: str) -> None:
    if os.path.exists(out) and os.path.exists(budget) and os.path.samefile(out, budget):
        raise PlannerError(f"--out '{out}' is the budget itself; choose another file name.")


SUBCOMMANDS: list[Subcommand] = [
    Subcommand("report", "print the pledge figures of a budget workbook", _report_arguments,
               _cmd_report),
    Subcommand("export", "write a revised plan workbook", _export_arguments, _cmd_export),
    Subcommand("chart", "draw the path to the pledge as a picture", _chart_arguments, _cmd_chart),
    Subcommand("brief", "write the annual plan brief (PDF) for a budget", _brief_arguments,
               _cmd_brief),
    Subcommand("project", "make a project file (.natoplan) from a budget workbook",
               _project_arguments, _cmd_project),
]


# --- entry point --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="nato-planner", description="Plan a national defence "
                            "budget's path to NATO's 5% pledge.")
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_OneLineParser)
    for command in SUBCOMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


class _VersionAction(argparse.Action):
    """--version, looked up only when asked: importlib.metadata costs ~0.1 s per run."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="show the program's version number and exit"):
        super().__init__(option_strings, dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        sys.stdout.write(_version() + "\n")
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version
        return f"nato-planner {version('nato-planner')}"
    except Exception:  # noqa: BLE001 - not installed: running from a checkout
        return "nato-planner (development checkout)"


def main(argv: list[str] | None = None) -> int:
    """Run one sub-command; 0 on success, 2 with one 'error:' line when input is unusable."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return args.run(args)
    except PlannerError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return _fail("interrupted.")
    except Exception as error:  # noqa: BLE001 - a bug or an unreadable file: no traceback
        return _fail(f"'{getattr(args, 'budget', '')}' could not be processed "
                     f"({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
                     "); check it opens in a spreadsheet program.")


def _fail(message: str) -> int:
    sys.stderr.write("error: " + printable(" ".join(message.split())) + "\n")
    return EXIT_UNUSABLE


if __name__ == "__main__":
    raise SystemExit(main())
