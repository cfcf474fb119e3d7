"""The line-items table: what a delegate sees, edits through commands, sorts and filters."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nato_planner.core.taxonomy import SUBCATEGORY_INDEX, Bucket
from nato_planner.ui.line_items_model import (
    LINE_ROLE, ColumnKind, LineFilter, LineItemsTableModel, decode_lines,
)


@pytest.fixture
def model(session):
    return LineItemsTableModel(session)


def _cell(model, row, kind, year=None, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, model.column_of(kind, year)), role)


def _counted(budget, lines, year, bucket):
    """Independent arithmetic: money the given lines add to `bucket` in `year`."""
    yi = budget.years.index(year)
    keep = (budget.buckets[lines] == bucket) & ~budget.amount_errors[lines].any(axis=1)
    return float((budget.amounts[lines, yi] * budget.shares[lines])[keep].sum())


def test_model_passes_qtmodeltester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)


def test_model_passes_qtmodeltester_after_sort_and_filter(qtmodeltester, model):
    model.sort(model.column_of(ColumnKind.AMOUNT, 2025), Qt.SortOrder.DescendingOrder)
    model.set_filter("military", LineFilter.ALL)
    qtmodeltester.check(model, force_py=True)


def test_amounts_show_in_workbook_unit_with_currency(model, budget):
    header = model.headerData(model.column_of(ColumnKind.AMOUNT, 2025), Qt.Orientation.Horizontal)
    assert header == "2025\nEUR thousand"
    shown = _cell(model, 0, ColumnKind.AMOUNT, 2025)
    assert float(shown.replace(",", "")) == budget.amounts[0, 1] / 1000


def test_reclassify_through_set_data_changes_engine_figures(model, session, budget):
    line = int(np.flatnonzero(budget.buckets == Bucket.UNCLASSIFIED)[0])
    before = session.plan.figures(2025).core
    added = float(budget.amounts[line, 1] * budget.shares[line])
    index = model.index(model.row_of(line), model.column_of(ColumnKind.BUCKET))
    assert model.setData(index, int(Bucket.CORE))
    assert _cell(model, model.row_of(line), ColumnKind.BUCKET) == "Core defence"
    assert session.plan.figures(2025).core == pytest.approx(before + added)
    assert session.stack.undo_label == f"Reclassify '{budget.descriptions[line]}' as Core defence"
    session.undo()
    assert session.plan.figures(2025).core == before
    assert _cell(model, model.row_of(line), ColumnKind.BUCKET) == "Unclassified"


def test_edits_of_share_rationale_amount_and_subcategory_are_commands(model, session, budget):
    line = int(np.flatnonzero(budget.buckets == Bucket.CORE)[0])
    row = model.row_of(line)
    assert model.setData(model.index(row, model.column_of(ColumnKind.SHARE)), 40.0)
    assert model.setData(model.index(row, model.column_of(ColumnKind.RATIONALE)), "Pro rata")
    assert model.setData(model.index(row, model.column_of(ColumnKind.AMOUNT, 2026)), 1234.5)
    sub = SUBCATEGORY_INDEX["infrastructure"]
    assert model.setData(model.index(row, model.column_of(ColumnKind.SUBCATEGORY)), sub)
    assert budget.shares[line] == 0.4 and budget.rationales[line] == "Pro rata"
    assert budget.amounts[line, 2] == 1_234_500.0 and budget.subcategories[line] == sub
    assert _cell(model, row, ColumnKind.SHARE) == "40%"
    assert "share: " in _cell(model, row, ColumnKind.CHANGED)
    assert len(session.stack.history) == 4
    for _ in range(4):
        session.undo()
    assert not budget.changed_mask().any()


def test_a_subcategory_of_another_bucket_is_refused(model, budget):
    line = int(np.flatnonzero(budget.buckets == Bucket.CORE)[0])
    index = model.index(model.row_of(line), model.column_of(ColumnKind.SUBCATEGORY))
    assert not model.setData(index, SUBCATEGORY_INDEX["networks_cyber"])


def test_unchanged_value_adds_no_undo_step(model, session, budget):
    line = int(np.flatnonzero(budget.buckets == Bucket.CORE)[0])
    index = model.index(model.row_of(line), model.column_of(ColumnKind.BUCKET))
    assert model.setData(index, int(Bucket.CORE))
    assert session.stack.history == []


def test_change_redraws_only_the_changed_rows(model, session, budget):
    from nato_planner.core.commands import ClassifyLines
    spans = []
    model.dataChanged.connect(lambda top, bottom, roles=(): spans.append((top.row(), bottom.row())))
    session.execute(ClassifyLines(session.plan, [3, 4, 90], Bucket.NOT_COUNTED))
    assert sorted(spans) == [(3, 4), (90, 90)]


def test_sort_by_amount_orders_rows_and_keeps_selection_rows_on_their_lines(model, budget):
    column = model.column_of(ColumnKind.AMOUNT, 2025)
    model.sort(column, Qt.SortOrder.DescendingOrder)
    shown = [model.data(model.index(r, column), Qt.ItemDataRole.EditRole)
             for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=True)
    lines = [model.data(model.index(r, 0), LINE_ROLE) for r in range(model.rowCount())]
    assert sorted(lines) == list(range(len(budget)))


def test_sort_by_description_is_case_insensitive_alphabetical(model, budget):
    column = model.column_of(ColumnKind.DESCRIPTION)
    model.sort(column)
    shown = [_cell(model, r, ColumnKind.DESCRIPTION) for r in range(model.rowCount())]
    assert shown == sorted(shown, key=str.lower)


def test_filters_by_text_bucket_unclassified_and_errors(qtbot, model, budget):
    with qtbot.waitSignal(model.rows_did_filter) as blocker:
        model.set_filter("border", LineFilter.ALL)
    expected = sum("border" in d.lower() for d in budget.descriptions)
    assert model.rowCount() == expected and blocker.args == [expected, len(budget)]
    model.set_filter("", LineFilter.UNCLASSIFIED)
    assert model.rowCount() == int((budget.buckets == Bucket.UNCLASSIFIED).sum())
    assert {_cell(model, r, ColumnKind.BUCKET) for r in range(model.rowCount())} == {"Unclassified"}
    model.set_filter("", LineFilter.ERRORS)
    assert model.rowCount() == len(budget.error_messages)
    tip = _cell(model, 0, ColumnKind.CODE, role=Qt.ItemDataRole.ToolTipRole)
    assert budget.error_messages[model.line_at(0)] in tip


def test_error_cell_reads_unreadable_and_is_left_out(model, budget):
    line = next(iter(budget.error_messages))
    assert _cell(model, model.row_of(line), ColumnKind.AMOUNT, 2026) == "unreadable"


def test_mime_data_carries_the_selected_lines(model):
    indexes = [model.index(r, c) for r in (2, 5, 7) for c in (0, 3)]
    assert list(decode_lines(model.mimeData(indexes), model.rowCount())) == [
        model.line_at(2), model.line_at(5), model.line_at(7)]


def test_bucket_tint_differs_per_bucket_and_follows_dark_palette(model, budget):
    from PySide6.QtGui import QColor, QPalette
    rows = {int(budget.buckets[model.line_at(r)]): r for r in range(model.rowCount())}
    colours = {b: _cell(model, r, ColumnKind.CODE, role=Qt.ItemDataRole.BackgroundRole).color()
               for b, r in rows.items()}
    assert len({c.name() for c in colours.values()}) == 4
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    model.refresh_colours(dark)
    tint = _cell(model, 0, ColumnKind.CODE, role=Qt.ItemDataRole.BackgroundRole).color()
    assert tint.lightness() < 80


def test_model_passes_qtmodeltester_on_a_real_workbook(qtmodeltester, qapp):
    from pathlib import Path
    from nato_planner.core.plan import Plan
    from nato_planner.io.budget_import import read_budget
    from nato_planner.ui.plan_session import PlanSession
    path = Path(__file__).parents[2] / "sample_budgets" / "westmark_budget_fy2025.xlsx"
    session = PlanSession(Plan(read_budget(str(path)).budget))
    model = LineItemsTableModel(session)
    qtmodeltester.check(model, force_py=True)
    model.sort(model.column_of(ColumnKind.BUCKET))
    model.set_filter("", LineFilter.ERRORS)
    assert model.rowCount() == int(session.plan.budget.excluded.sum()) + sum(
        1 for line in session.plan.budget.error_messages if not session.plan.budget.excluded[line])
    qtmodeltester.check(model, force_py=True)
