"""The limited child every untrusted read runs in: whatever the child does, the parent gets a
value or one sentence, and no child is left behind."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from nato_planner.core.errors import BudgetImportError, PlannerError
from nato_planner.io.sandbox import Limits, run_limited

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
SMALL = Limits(memory_bytes=200 * 2 ** 20, cpu_seconds=2, wall_seconds=3)


def answer(value, progress):
    progress(0.5)
    return {"value": value, "pid": os.getpid()}


def refuse_politely(progress):
    raise PlannerError("'budget.xlsx' has no line items; add some.")


def fail_like_a_bug(progress):
    raise ZeroDivisionError("division by zero")


def panic_and_abort(progress):
    os.write(2, b"thread '<unnamed>' panicked at src/xls.rs:12:5:\nassertion failed\n")
    os.abort()


def allocate_too_much(progress):
    return bytearray(2 * 2 ** 30)  # 2 GB, ten times the allowance


def block_forever(progress):
    time.sleep(3600)


def spin_forever(progress):
    while True:
        pass


def test_the_value_and_the_progress_come_back_from_the_child():
    seen = []
    result = run_limited("b.xlsx", answer, (42,), SMALL, progress=seen.append)
    assert result["value"] == 42 and result["pid"] != os.getpid()
    assert seen == [0.5]


def test_a_user_error_keeps_its_sentence():
    with pytest.raises(PlannerError, match="has no line items; add some"):
        run_limited("budget.xlsx", refuse_politely, (), SMALL)


def test_an_unexpected_exception_is_one_sentence_naming_the_file():
    with pytest.raises(BudgetImportError) as caught:
        run_limited("budget.xlsx", fail_like_a_bug, (), SMALL)
    assert str(caught.value).startswith("'budget.xlsx' could not be read")
    assert "\n" not in str(caught.value)


def test_an_abort_with_panic_text_is_one_sentence_and_silent(capfd):
    with pytest.raises(BudgetImportError, match="'trap.xls' could not be read"):
        run_limited("trap.xls", panic_and_abort, (), SMALL)
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the panic text went nowhere


def test_memory_beyond_the_allowance_is_refused_not_taken():
    with pytest.raises(BudgetImportError, match="could not be read"):
        run_limited("huge.xlsx", allocate_too_much, (), SMALL)


def test_a_child_blocked_on_input_is_stopped_at_the_wall_clock_limit():
    start = time.monotonic()
    with pytest.raises(BudgetImportError, match="took longer than"):
        run_limited("fifo.csv", block_forever, (), Limits(SMALL.memory_bytes, 2, 1.0))
    assert time.monotonic() - start < 30  # loose: the limit itself is 1 s


def test_a_child_spinning_is_stopped_at_the_cpu_limit():
    with pytest.raises(BudgetImportError, match="took longer than 1 s"):
        run_limited("loop.xlsx", spin_forever, (), Limits(SMALL.memory_bytes, 1, 60.0))


def test_cancel_stops_the_child_at_once():
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    class Cancelled(Exception):
        pass
    with pytest.raises(Cancelled):
        run_limited("big.xlsx", block_forever, (), Limits(SMALL.memory_bytes, 60, 60.0),
                    cancelled=cancelled, on_cancel=Cancelled)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # nothing left to reap: the child is gone


def test_a_budget_read_in_the_child_is_the_same_and_can_be_edited():
    """The budget comes back pickled: same figures as an in-process read, and reclassifying a
    line (the first thing a delegate does) works on it."""
    from nato_planner.core.commands import ClassifyLines, CommandStack
    from nato_planner.core.plan import Plan
    from nato_planner.core.taxonomy import Bucket
    from nato_planner.io.budget_import import read_budget, read_budget_isolated
    sample = Path(__file__).resolve().parents[2] / "sample_budgets" / "northland_mod_2026.xlsx"
    here, there = read_budget(str(sample)), read_budget_isolated(str(sample))
    assert (there.budget.amounts == here.budget.amounts).all()
    assert there.errors == here.errors and there.warnings == here.warnings
    plan = Plan(there.budget)
    year = plan.years[0]
    before = plan.figures(year).core
    line = int((there.budget.buckets == Bucket.UNCLASSIFIED).nonzero()[0][0])
    CommandStack(plan).push(ClassifyLines(plan, [line], Bucket.CORE))
    added = there.budget.amounts[line, there.budget.year_index(year)] * there.budget.shares[line]
    assert plan.figures(year).core == pytest.approx(before + added)


HOSTILE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "hostile"


@pytest.mark.skipif(not HOSTILE.is_dir(), reason="the shared corpus is not beside the repo")
@pytest.mark.parametrize("name", ["F3d_abort_xlsb_far_cell.xlsb", "F2_rust_panic_truncated.xls"])
def test_the_apps_reads_and_preview_survive_a_file_that_aborts_the_parser(name, capfd):
    """What the desktop app calls: the import and the preview grid refuse with a sentence;
    a parser abort in the child never takes the app down or prints on its terminal."""
    from nato_planner.io.budget_import import preview_cells, read_budget_isolated
    with pytest.raises(BudgetImportError, match=f"'{name}'"):
        read_budget_isolated(str(HOSTILE / name))
    with pytest.raises(BudgetImportError, match=f"'{name}'"):
        preview_cells(str(HOSTILE / name))
    assert capfd.readouterr().err == ""


def test_cancel_of_an_isolated_read_is_the_importers_cancel(tmp_path):
    from nato_planner.io.budget_import import ImportCancelled, read_budget_isolated
    path = tmp_path / "budget.csv"
    path.write_text("Description,2025\n" + "".join(f"Line {i},{i}\n" for i in range(200_000)))
    with pytest.raises(ImportCancelled):
        read_budget_isolated(str(path), cancelled=lambda: True)
