"""Rules on a 100,000-line budget: matching, the preview, applying and undoing.

Targets (issue 12): applying a rulebook with 20,000 rule matches to 100k lines under 2 s, the
preview under 1 s. Two rulebooks: the default one (multilingual keywords, COFOG) and a
generated one of 20,000 code rules that each match one line (20,000 matches). Best of --repeat.

    python benchmarks/bench_rules.py [--lines 100000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from nato_planner.core.budget import Budget, LineColumns  # noqa: E402
from nato_planner.core.commands import CommandStack  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.rule_commands import ApplySuggestions, preview_suggestions  # noqa: E402
from nato_planner.core.rules import Rulebook, rule_from_mapping  # noqa: E402
from nato_planner.core.suggestions import BudgetIndex, suggest  # noqa: E402
from nato_planner.io.rulebook_file import load_rulebook  # noqa: E402

WORDS = ["Besoldung der Soldaten", "Acquisition de frégates", "Obrona cywilna", "Zakup amunicji",
         "Kasernenneubau", "Police services", "Hospital services", "Military pensions",
         "Forsvarsmateriell", "Rajavartiolaitos", "Programme", "Road maintenance",
         "Cyber security centre", "Missioni internazionali", "Kaitseväe laskemoon"]
COFOG = ["02.1", "02.2", "03.1", "07.3", "04.5", "", "", "10.2", "01.2"]


def budget(lines: int) -> Budget:
    rng = random.Random(7)
    descriptions = [f"{rng.choice(WORDS)} {rng.randrange(100000)}" for _ in range(lines)]
    return Budget(LineColumns(
        years=[2025, 2026, 2027], amounts=np.random.default_rng(1).uniform(1e3, 1e8, (lines, 3)),
        codes=[f"{i:06d}" for i in range(lines)], descriptions=descriptions,
        organisations=[rng.choice(["Ministry of Defence", "Ministry of Interior", ""])
                       for _ in range(lines)], cofog=[rng.choice(COFOG) for _ in range(lines)]),
        {2025: 4e12, 2026: 4.1e12, 2027: 4.2e12})


def code_rulebook(lines: int, rules: int = 20000) -> Rulebook:
    picked = random.Random(3).sample(range(lines), rules)
    return Rulebook([rule_from_mapping({"name": f"code {i:06d}", "code_prefix": f"{i:06d}",
                                        "bucket": "core", "sub_category": "equipment"}, n)
                     for n, i in enumerate(picked, 1)])


def best(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure(name: str, lines: int, book: Rulebook, repeat: int) -> None:
    fresh = budget(lines)

    def build_index():
        index = BudgetIndex(fresh)
        index.descriptions, index.organisations, index.codes, index.cofog  # built lazily
        return index
    index_s, index = best(repeat, build_index)
    match_s, found = best(repeat, lambda: suggest(fresh, book, index))
    cold_s, _ = best(repeat, lambda: suggest(fresh, book))  # builds what it needs: a user's wait
    plan = Plan(fresh)
    preview_s, _ = best(repeat, lambda: preview_suggestions(plan, found))
    stack = CommandStack(plan)

    def apply_and_undo():
        start = time.perf_counter()
        stack.push(ApplySuggestions(plan, found))
        applied = time.perf_counter() - start
        stack.undo()
        return applied
    total_s, applied_s = best(repeat, apply_and_undo)
    print(f"{name}: {len(book.rules):,} rules, {len(found):,} lines matched of {lines:,}")
    print(f"  index every column        {index_s * 1000:8.0f} ms")
    print(f"  match (index ready)       {match_s * 1000:8.0f} ms")
    print(f"  match from scratch        {cold_s * 1000:8.0f} ms   (indexes what the rules need)")
    print(f"  preview (figures)         {preview_s * 1000:8.0f} ms")
    print(f"  match + preview           {(match_s + preview_s) * 1000:8.0f} ms   (target < 1 s; "
          "the app keeps the index of the open plan)")
    print(f"  apply (one command)       {applied_s * 1000:8.0f} ms")
    print(f"  apply + undo              {total_s * 1000:8.0f} ms")
    print(f"  match from scratch + apply {(cold_s + applied_s) * 1000:7.0f} ms   (target < 2 s)")


def measure_window(lines: int) -> None:
    """The desktop path, offscreen: Suggest, open the preview, accept all, undo (with redraws)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from nato_planner.ui.main_window import MainWindow
    from nato_planner.ui.plan_session import PlanSession
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.show()
    session = PlanSession(Plan(budget(lines)), "bench.xlsx", window)
    window.session = session
    window._build_session_views(session)
    window.plan_did_open.emit(session)
    app.processEvents()
    controller = window.rule_suggestions

    def timed(step) -> float:
        start = time.perf_counter()
        step()
        app.processEvents()
        return time.perf_counter() - start
    suggest_s = timed(controller.show_suggestions)
    dialog = []
    preview_s = timed(lambda: dialog.append(controller.preview_dialog()) or dialog[0].show())
    dialog[0].close()
    accept_s = timed(controller.accept)
    undo_s = timed(session.undo)
    print(f"desktop, {lines:,} lines (offscreen, one run)")
    print(f"  Suggest (index, match, column) {suggest_s * 1000:6.0f} ms")
    print(f"  preview dialog shown           {preview_s * 1000:6.0f} ms   (target < 1 s)")
    print(f"  accept all + views redrawn     {accept_s * 1000:6.0f} ms")
    print(f"  undo + views redrawn           {undo_s * 1000:6.0f} ms")
    session.stack.mark_clean()
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-window", action="store_true", help="skip the desktop timings")
    args = parser.parse_args()
    measure("default rulebook", args.lines, load_rulebook("default"), args.repeat)
    measure("20,000 code rules", args.lines, code_rulebook(args.lines), args.repeat)
    if not args.no_window:
        measure_window(args.lines)


if __name__ == "__main__":
    main()
