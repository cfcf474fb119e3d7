"""Desktop manners: start-up with a path, dropping a file, in-cell editors, tooltips, themes."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QDoubleSpinBox, QLineEdit,
    QStyleOptionViewItem, QWidget,
)

from nato_planner.core.taxonomy import Bucket
from nato_planner.ui import main_window as main_window_module
from nato_planner.ui.line_items_delegate import LineItemsDelegate
from nato_planner.ui.line_items_model import ColumnKind, LineItemsTableModel
from nato_planner.ui.main_window import MainWindow
from nato_planner.ui.palette import apply_theme

NORTHLAND = Path(__file__).parents[2] / "sample_budgets" / "northland_mod_2026.xlsx"


def test_run_app_opens_the_path_given_on_the_command_line(qapp, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own
    previews = []
    earlier = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}

    def exec_until_preview(*_args):  # the window run_app made, not one an earlier test left
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and id(w) not in earlier)
        window.import_preview_did_open.connect(previews.append)
        deadline = 600
        while not previews and deadline:
            qapp.processEvents()
            QApplication.instance().thread().msleep(50)
            deadline -= 1
        previews[0].reject()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_preview)
    assert main_window_module.run_app([str(NORTHLAND)]) == 0
    assert previews and previews[0].path == str(NORTHLAND)
    assert sys.excepthook is not sys.__excepthook__
    assert QApplication.organizationName() and QApplication.applicationName() == "nato-planner"


def test_dropping_a_budget_file_on_the_window_opens_it(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(NORTHLAND))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.import_preview_did_open, timeout=20000) as shown:
        window.dropEvent(event)
    assert shown.args[0].path == str(NORTHLAND)
    shown.args[0].reject()


def test_a_dropped_non_budget_file_is_not_accepted(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "picture.png"))])
    assert window._dropped_budget(QDropEvent(QPointF(1, 1), Qt.DropAction.CopyAction, mime,
                                             Qt.MouseButton.LeftButton,
                                             Qt.KeyboardModifier.NoModifier)) is None


@pytest.fixture
def delegate_setup(qtbot, session):
    model = LineItemsTableModel(session)
    parent = QWidget()
    qtbot.addWidget(parent)
    return model, LineItemsDelegate(model, parent), parent


def test_bucket_cell_editor_is_a_combo_that_runs_a_command(delegate_setup, session):
    model, delegate, parent = delegate_setup
    b = session.plan.budget
    line = int(np.flatnonzero(b.buckets == Bucket.UNCLASSIFIED)[0])
    index = model.index(model.row_of(line), model.column_of(ColumnKind.BUCKET))
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [x.label for x in Bucket]
    delegate.setEditorData(editor, index)
    assert editor.currentText() == "Unclassified"
    editor.setCurrentIndex(editor.findData(int(Bucket.SECURITY)))
    delegate.setModelData(editor, model, index)
    assert b.buckets[line] == Bucket.SECURITY
    assert session.stack.undo_label.endswith("as Security-related")


def test_subcategory_editor_offers_only_the_lines_bucket(delegate_setup, session):
    model, delegate, parent = delegate_setup
    line = int(np.flatnonzero(session.plan.budget.buckets == Bucket.SECURITY)[0])
    index = model.index(model.row_of(line), model.column_of(ColumnKind.SUBCATEGORY))
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
    texts = [editor.itemText(i) for i in range(editor.count())]
    assert "Military mobility" in texts and "Equipment" not in texts


def test_share_editor_takes_a_typed_percentage(qtbot, delegate_setup, session):
    model, delegate, parent = delegate_setup
    line = int(np.flatnonzero(session.plan.budget.buckets == Bucket.CORE)[0])
    index = model.index(model.row_of(line), model.column_of(ColumnKind.SHARE))
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    editor.selectAll()
    qtbot.keyClicks(editor, "25")
    delegate.setModelData(editor, model, index)
    assert session.plan.budget.shares[line] == 0.25


def test_a_share_of_150_is_refused_with_a_sentence_not_saved_as_15(qtbot, delegate_setup, session):
    model, delegate, parent = delegate_setup
    line = int(np.flatnonzero(session.plan.budget.buckets == Bucket.CORE)[0])
    before = session.plan.budget.shares[line]
    index = model.index(model.row_of(line), model.column_of(ColumnKind.SHARE))
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    editor.selectAll()
    qtbot.keyClicks(editor, "150")
    with qtbot.waitSignal(model.edit_was_refused) as said:
        delegate.setModelData(editor, model, index)
    assert session.plan.budget.shares[line] == before
    assert "0 to 100" in said.args[0] and "150" in said.args[0]
    assert session.stack.undo_label is None


def test_a_typed_fractional_share_is_kept_and_shown(qtbot, delegate_setup, session):
    model, delegate, parent = delegate_setup
    line = int(np.flatnonzero(session.plan.budget.buckets == Bucket.CORE)[0])
    index = model.index(model.row_of(line), model.column_of(ColumnKind.SHARE))
    editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    editor.selectAll()
    qtbot.keyClicks(editor, "37.5")  # as typed in the cell: the '.5' must not be dropped
    delegate.setModelData(editor, model, index)
    assert session.plan.budget.shares[line] == pytest.approx(0.375)
    assert index.data() == "37.5%"


def test_an_editor_left_untouched_changes_nothing(delegate_setup, session):
    """An amount spread by a drag has more decimals than the cell shows; opening its editor
    and pressing Enter must not round it into a new undo step."""
    from nato_planner.core.commands import SetAmounts, SetShares
    model, delegate, parent = delegate_setup
    b = session.plan.budget
    line = int(np.flatnonzero((b.buckets == Bucket.CORE) & ~b.excluded)[0])
    session.execute(SetAmounts(session.plan, [line], 2024, 837_971_234.56))
    session.execute(SetShares(session.plan, [line], 0.371234))
    history = list(session.stack.history)
    for column in (model.column_of(ColumnKind.AMOUNT, 2024), model.column_of(ColumnKind.SHARE)):
        index = model.index(model.row_of(line), column)
        editor = delegate.createEditor(parent, QStyleOptionViewItem(), index)
        delegate.setEditorData(editor, index)
        delegate.setModelData(editor, model, index)
    assert session.stack.history == history
    assert b.amounts[line, b.year_index(2024)] == 837_971_234.56
    assert b.shares[line] == 0.371234


def test_every_control_of_the_open_window_has_a_tooltip(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.import_preview_did_open, timeout=20000) as shown:
        window.open_path(str(NORTHLAND))
    dialog = shown.args[0]
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
    untipped = [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds) and w.isVisibleTo(dialog)
                and not w.toolTip() and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
    assert untipped == []
    with qtbot.waitSignal(window.plan_did_open, timeout=20000):
        dialog.accept()
    mine = [window.filter_edit, window.filter_combo, window.year_combo, window.table_view,
            window.history_panel.list, *[window.lanes.lane(b) for b in
                                         (Bucket.CORE, Bucket.SECURITY, Bucket.NOT_COUNTED)]]
    assert all(w.toolTip() for w in mine)
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if not action.isSeparator() and action.menu() is None:
                assert action.toolTip() and action.toolTip() != action.text().replace("&", ""), action.text()


def test_dark_theme_keeps_bucket_tints_dark_and_text_light(qtbot, session):
    app = QApplication.instance()
    original = app.palette()
    try:
        apply_theme(app, "dark")
        model = LineItemsTableModel(session)
        tint = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole).color()
        text = app.palette().color(QPalette.ColorRole.Text)
        assert tint.lightness() < 90 and text.lightness() > 180
    finally:
        app.setPalette(original)
