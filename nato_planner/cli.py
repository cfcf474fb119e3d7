"""The command line: `report` (and `export`, `chart`), one engine with the desktop app.

Each sub-command is one registration in SUBCOMMANDS: (name, help, add_arguments, run).
Nothing here imports Qt, numpy or the engine: a sub-command imports what it needs inside its
run function (cli_plan.py computes the plan and the report), so `report` can start reading the
budget while they load. Unusable input exits with status 2 and one stderr line starting with
'error:'.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from collections import namedtuple
from collections.abc import Callable
from pathlib import Path

from .core.errors import PlannerError
from .core.planning_defaults import (
    DEFAULT_GDP_GROWTH_PCT, DEFAULT_INFLATION_PCT, DEFAULT_SPENDING_GROWTH_PCT,
)
from .io.sandbox import limits_for, run_limited
from .terminal_text import printable

EXIT_OK, EXIT_UNUSABLE = 0, 2


class Subcommand(namedtuple("Subcommand", "name help add_arguments run")):
    """A sub-command: its name, help line, add_arguments(parser) and run(args) -> exit status."""

    __slots__ = ()


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
    from .io.number_text import NotANumber, parse_number_text
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
        from .core.assumptions import check_rate
        from .io.number_text import NotANumber, parse_number_text
        try:
            return check_rate(parse_number_text(text.rstrip("% ")), option)
        except (NotANumber, PlannerError, ValueError) as error:
            raise argparse.ArgumentTypeError(
                f"{option} needs a percentage a year, e.g. 3.0, not '{text}'"
                + (f" ({error})" if isinstance(error, PlannerError) else ""))
    return parse


# --- report -------------------------------------------------------------------------------------
def _report_arguments(parser: argparse.ArgumentParser) -> None:
    add_budget_arguments(parser)
    add_rules_argument(parser)
    add_planning_arguments(parser)
    _scenario_argument(parser)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")


def _scenario_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", metavar="NAME", help="a project's scenario or submitted "
                        "version (default: the one last worked on)")


def _cmd_report(args: argparse.Namespace) -> int:
    """The whole report is made in one limited child (sandbox.py); the parent only waits,
    prints it, and turns a crash, an overrun or an error into one line. Cheaper than sending
    the budget back: the report is a few KB whatever the budget's size."""
    text = run_limited(os.path.basename(args.budget), _report_in_child, (args,),
                       limits_for(args.budget, extra_memory_bytes=ENGINE_LOAD_BYTES))
    sys.stdout.write(text)
    return EXIT_OK


# numpy (one BLAS thread) and the engine load in the report's child, after the fork, so they
# count against its memory limit: ~50 MB of address space measured, and a thread's stack
ENGINE_LOAD_BYTES = 96 * 2 ** 20


def _report_in_child(args: argparse.Namespace, _progress: Callable[[float], None]) -> str:
    workbook = _start_reading(args)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # a read does no matrix algebra
    from .cli_plan import report_in_child  # numpy and the engine load while the sheet parses
    if workbook is not None:  # and what the importer would otherwise do after the parse:
        from .io.vocabulary import vocabulary
        vocabulary().prepare()  # the words that find the header compile
        workbook.may_have_sum_formulas()  # the byte scans for formulas run
        workbook.has_formulas()
    return report_in_child(args, workbook)


def _start_reading(args: argparse.Namespace):
    """A budget workbook opened (its safety checks passed) with the sheet the importer looks at
    first already parsing on a thread; None for a project file, whose reading differs."""
    from .io.project_names import is_project_path
    if args.scenario or is_project_path(args.budget):
        return None
    from .io.sheet_order import candidate_sheets
    from .io.workbook_reader import open_workbook
    try:
        workbook = open_workbook(args.budget)
        sheets = candidate_sheets(workbook, args.sheet)
    except Exception:  # noqa: BLE001 - the importer opens it again and words the refusal
        return None
    if sheets:
        workbook.prefetch(sheets[0])
    return workbook


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
    from .io.project_names import PROJECT_SUFFIX
    if not args.out.lower().endswith(PROJECT_SUFFIX):
        raise PlannerError(f"--out '{args.out}': a project file is named {PROJECT_SUFFIX}.")
    if os.path.exists(args.out):
        raise PlannerError(f"--out '{args.out}' already exists; choose a new name (a project "
                           "is never overwritten by 'project new').")
    from .cli_plan import load_budget
    result = load_budget(args)  # in a limited child, as every command reads a budget
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
    from .cli_plan import build_plan
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
    from .cli_plan import load_budget
    from .core.plan import Plan
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
    from .cli_plan import load_plan
    from .ui.brief_pdf import brief_context, write_brief
    from .ui.chart_images import ensure_application
    _result, plan = load_plan(args)
    ensure_application()
    scenario, submitted = _shown_and_submitted(args)
    context = brief_context(plan, os.path.basename(args.budget), scenario,
                            *(submitted or (None, "")))
    path = write_brief(plan, args.out, context, args.paper)
    sys.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).\n")
    return EXIT_OK


def _shown_and_submitted(args: argparse.Namespace):
    """(the scenario the brief shows, the version last submitted or None): a budget workbook
    has no versions; a project may have been submitted since the working plan was copied."""
    from .io.project_names import is_project_path
    if not is_project_path(args.budget):
        return "Working plan", None
    from .io.project_file import ProjectFile
    from .io.project_import import submitted_version
    project = ProjectFile.open(args.budget)
    try:
        shown = project.scenario(args.scenario).name
        return shown, submitted_version(project, shown)
    finally:
        project.close()


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
