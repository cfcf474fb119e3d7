"""Suggest, don't impose: the Suggestion column, the preview, accepting one, a selection or all
(one undo step), and making a rule from an edit."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QDialog

from nato_planner.core.commands import ClassifyLines
from nato_planner.core.taxonomy import SUBCATEGORY_INDEX, Bucket
from nato_planner.io.budget_import import read_budget
from nato_planner.ui.line_items_model import ColumnKind
from nato_planner.ui.main_window import MainWindow

SAMPLE = Path(__file__).parents[2] / "sample_budgets" / "westmark_budget_fy2025.xlsx"


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    window.show()
    window.install_plan(str(SAMPLE), read_budget(str(SAMPLE)))
    yield window
    window.session.stack.mark_clean()
    window.close()
    window.deleteLater()


def _suggestion_cells(window):
    model = window.model
    column = model.column_of(ColumnKind.SUGGESTION)
    return {model.line_at(row): model.data(model.index(row, column))
            for row in range(model.rowCount())}


def test_suggestion_column_shows_reasons_on_unclassified_lines_only(qtbot, window):
    column = window.model.column_of(ColumnKind.SUGGESTION)
    assert window.table_view.isColumnHidden(column)  # nothing suggested yet
    window.rule_suggestions.suggest_action.trigger()
    assert not window.table_view.isColumnHidden(column)
    b = window.session.plan.budget
    cells = _suggestion_cells(window)
    shown = [line for line, text in cells.items() if text]
    assert shown and all(b.buckets[line] == Bucket.UNCLASSIFIED for line in shown)
    assert any("COFOG 02.1 -> " in cells[line] and ", rule " in cells[line] for line in shown)


def test_accept_all_previews_then_one_undo_restores_every_line(qtbot, window, monkeypatch):
    session, b = window.session, window.session.plan.budget
    before = (b.buckets.copy(), b.subcategories.copy(), b.shares.copy(), b.rationales.copy())
    figures_before = session.plan.all_figures()
    dialog = window.rule_suggestions.preview_dialog()
    open_lines = dialog.preview.lines
    assert open_lines > 10 and dialog.apply_button.isEnabled()
    shown_after = dialog.preview.after
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert window.rule_suggestions.accept_all()
    assert int((b.buckets != before[0]).sum()) == open_lines
    assert session.plan.all_figures()[0].core == pytest.approx(shown_after[0].core)
    assert session.stack.undo_label == f"Apply rules to {open_lines:,} lines"
    window.undo_action.trigger()
    for now, then in zip((b.buckets, b.subcategories, b.shares, b.rationales), before):
        assert np.array_equal(now, then)
    assert session.plan.all_figures() == figures_before
    assert any(_suggestion_cells(window).values())  # suggestions are back on the lines


def test_accept_the_selection_only(qtbot, window):
    b = window.session.plan.budget
    window.rule_suggestions.show_suggestions()
    waiting = window.rule_suggestions.texts.open_suggestions().lines
    window.table_view.select_lines(waiting[:2])
    window.rule_suggestions.accept_selected_action.trigger()
    assert all(b.buckets[waiting[:2]] != Bucket.UNCLASSIFIED)
    assert all(b.buckets[waiting[2:]] == Bucket.UNCLASSIFIED)
    assert not _suggestion_cells(window)[int(waiting[0])]  # accepted: no longer suggested


def test_preview_says_what_moves_with_units(qtbot, window):
    dialog = window.rule_suggestions.preview_dialog()
    table = dialog.table
    texts = [table.item(r, c).text() for r in range(table.rowCount())
             for c in range(table.columnCount())]
    currency = window.session.plan.budget.source.currency
    assert any(t.startswith("+") and currency in t for t in texts)
    assert any("% → " in t for t in texts)
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert "Unclassified (money moved)" in labels and "Counted toward the pledge, % of GDP" in labels


def test_make_a_rule_from_an_edit_adds_it_and_suggests_it(qtbot, window, monkeypatch):
    session, b = window.session, window.session.plan.budget
    open_lines = np.flatnonzero(b.buckets == Bucket.UNCLASSIFIED)
    line = int(open_lines[0])
    session.execute(ClassifyLines(session.plan, [line], Bucket.CORE,
                                  SUBCATEGORY_INDEX["operations"]))
    window.table_view.select_lines([line])
    captured = []

    def accept(dialog):
        captured.append(dialog)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("Description contains the word"))
        dialog.value_edit.setText(str(b.descriptions[line]).split()[0])
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(QDialog, "exec", accept)
    rules_before = len(window.rule_suggestions._rulebook().rules)
    assert window.rule_suggestions.make_rule_action.isEnabled()
    window.rule_suggestions.make_rule_action.trigger()
    assert captured and "Matches" in captured[0].matches_label.text()
    assert len(window.rule_suggestions.rulebook.rules) == rules_before + 1
    assert window.rule_suggestions.rulebook.rules[-1].subcategory == SUBCATEGORY_INDEX["operations"]


def test_a_broken_rulebook_is_refused_with_its_line_and_the_old_one_stays(
        qtbot, window, monkeypatch, tmp_path, message_boxes):
    from PySide6.QtWidgets import QFileDialog
    broken = tmp_path / "ours.toml"
    broken.write_text('[[rule]]\nname = "x"\nkeywords = ["a"]\nbucket = "cor"\n',
                      encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    window.rule_suggestions.show_suggestions()
    before = window.rule_suggestions.rulebook
    window.rule_suggestions.load_action.trigger()
    assert [kind for kind, _ in message_boxes] == ["warning"]
    assert "ours.toml, line 4" in message_boxes[0][1] and "'bucket' is 'cor'" in message_boxes[0][1]
    assert window.rule_suggestions.rulebook is before


def test_export_then_load_a_rulebook_with_a_rule_made_here(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog
    from nato_planner.core.rules import rule_from_mapping
    target = tmp_path / "shared.toml"
    controller = window.rule_suggestions
    controller.use_rulebook(controller._rulebook().with_rule(rule_from_mapping(
        {"name": "Our frigate rule", "keywords": ["fregatten"], "bucket": "core",
         "sub_category": "equipment"}, 1)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    controller.export_action.trigger()
    controller.use_rulebook(controller._rulebook().__class__([], "empty"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    controller.load_action.trigger()
    assert controller.rulebook.rules[-1].name == "Our frigate rule"


def test_sorting_the_suggestion_column_groups_lines_by_rule(qtbot, window):
    window.rule_suggestions.show_suggestions()
    model = window.model
    column = model.column_of(ColumnKind.SUGGESTION)
    model.sort(column)
    texts = [model.data(model.index(row, column)) for row in range(model.rowCount())]
    numbers = [int(t.split(", rule ")[1].split()[0]) if t else 0 for t in texts]
    assert numbers == sorted(numbers) and numbers[-1] > 0


def test_a_one_line_reclassification_says_it_can_become_a_rule(qtbot, window):
    b = window.session.plan.budget
    line = int(np.flatnonzero(b.buckets == Bucket.UNCLASSIFIED)[0])
    window.session.execute(ClassifyLines(window.session.plan, [line], Bucket.CORE))
    assert "Make a rule from this edit" in window.statusBar().currentMessage()


def test_classified_lines_change_only_when_the_user_asks(qtbot, window, monkeypatch):
    session, b = window.session, window.session.plan.budget
    found = window.rule_suggestions.show_suggestions().suggestions
    agreed = found.lines[(b.buckets[found.lines] == Bucket.CORE) & (found.buckets == Bucket.CORE)]
    disagree = int(agreed[0])
    session.execute(ClassifyLines(session.plan, [disagree], Bucket.NOT_COUNTED))  # a person's call
    dialog = window.rule_suggestions.preview_dialog()
    assert disagree not in dialog.chosen.lines and not dialog.override_box.isChecked()
    plain = dialog.preview.lines
    dialog.override_box.setChecked(True)
    assert disagree in dialog.chosen.lines and dialog.preview.lines > plain
    assert dialog.apply_button.text() == f"Apply to {dialog.preview.lines:,} lines"
    monkeypatch.setattr(window.rule_suggestions, "preview_dialog", lambda: dialog)
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert window.rule_suggestions.accept_all()
    assert b.buckets[disagree] == Bucket.CORE
    window.undo_action.trigger()
    assert b.buckets[disagree] == Bucket.NOT_COUNTED


def test_a_rule_made_here_is_still_in_the_rulebook_after_reopening_the_project(qtbot, window,
                                                                              tmp_path):
    from nato_planner.core.rules import rule_from_mapping
    controller = window.rule_suggestions
    controller.use_rulebook(controller._rulebook().with_rule(rule_from_mapping(
        {"name": "Our frigate rule", "keywords": ["fregatten"], "bucket": "core",
         "sub_category": "equipment"}, 1)))
    target = tmp_path / "westmark.natoplan"
    assert window.projects.save_as(str(target))
    window.session.stack.mark_clean()
    window.close()

    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_path(str(target))
    rules = again.rule_suggestions._rulebook().rules
    assert rules[-1].name == "Our frigate rule"
    assert len(rules) == len(controller.rulebook.rules)
    again.close()


def test_a_budget_opened_afresh_starts_from_the_default_rulebook(qtbot, window):
    from nato_planner.io.rulebook_file import load_rulebook
    controller = window.rule_suggestions
    controller.use_rulebook(controller._rulebook().__class__([], "empty"))
    first = window.projects.project.path
    window.install_plan(str(SAMPLE), read_budget(str(SAMPLE)))  # a new untitled project
    assert controller._rulebook().rules == load_rulebook("default").rules
    # the same budget again within the second: a file of its own, the first one not replaced
    assert window.projects.project.path != first and first.exists()
