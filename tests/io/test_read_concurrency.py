"""The desktop app reads in a worker thread while the user may open another file."""
from __future__ import annotations

import gc
import threading
from pathlib import Path

from nato_planner.core.plan import Plan
from nato_planner.io.budget_import import read_budget

SAMPLE = Path(__file__).resolve().parents[2] / "sample_budgets" / "northland_mod_2026.xlsx"


def test_overlapping_reads_give_the_same_budget_and_leave_garbage_collection_on():
    alone = Plan(read_budget(str(SAMPLE)).budget).all_figures()
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(read_budget(str(SAMPLE))))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [Plan(r.budget).all_figures() for r in results] == [alone] * 4
    assert gc.isenabled()
