"""The main window through the real import path: open -> worker -> preview -> accept."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import Bucket
from nato_planner.io.budget_import import read_budget
from nato_planner.ui.main_window import MainWindow
from nato_planner.core.money import money_text

SAMPLES = sorted(p for p in (Path(__file__).parents[2] / "sample_budgets").iterdir()
                 if p.suffix in (".xlsx", ".xls", ".ods", ".csv"))
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    window.show()
    yield window
    if window.session is not None:
        window.session.stack.mark_clean()  # a test's edits must not hold teardown on a prompt
    window.close()
    window.deleteLater()


def open_through_preview(qtbot, window, path) -> None:
    """What a delegate does: open, look at the preview, press Import."""
    previews, sessions = [], []
    window.import_preview_did_open.connect(previews.append)
    window.plan_did_open.connect(sessions.append)
    assert window.open_path(str(path))
    qtbot.waitUntil(lambda: bool(previews), timeout=30000)
    previews[0].accept()
    qtbot.waitUntil(lambda: bool(sessions), timeout=30000)
    window.import_preview_did_open.disconnect(previews.append)
    window.plan_did_open.disconnect(sessions.append)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_each_sample_opens_and_shows_the_engines_figures(qtbot, window, path):
    open_through_preview(qtbot, window, path)
    session = window.session
    expected = read_budget(str(path)).budget  # the same file read on its own
    assert len(session.plan.budget) == len(expected)
    assert window.model.rowCount() == len(expected)
    year = session.selected_year
    figures = session.plan.figures(year)
    assert figures == Plan(expected).figures(year)
    currency = session.plan.budget.source.currency
    lane = window.lanes.lane(Bucket.CORE)
    assert lane.total_label.text() == f"{year}: {money_text(figures.core, currency)}"
    assert window.filter_count_label.text() == f"{len(expected):,} of {len(expected):,} lines"
    assert path.name in window.windowTitle()


def _unclassified_lines(session, count):
    b = session.plan.budget
    usable = np.flatnonzero((b.buckets == Bucket.UNCLASSIFIED) & ~b.excluded)
    return usable[:count]


def test_reclassify_by_shortcut_action_updates_status_lanes_and_undo(qtbot, window):
    open_through_preview(qtbot, window, SAMPLES[-1] if False else _sample("northland"))
    session, b = window.session, window.session.plan.budget
    year = session.selected_year
    lines = _unclassified_lines(session, 3)
    assert len(lines) == 3
    window.table_view.select_lines(lines)
    yi = b.year_index(year)
    assert window.selection_label.text() == (
        f"3 lines selected · {year}: {money_text(float(b.amounts[lines, yi].sum()), 'EUR')}")
    before = session.plan.figures(year)
    added = float((b.amounts[lines, yi] * b.shares[lines]).sum())
    window.classify_actions.bucket_actions[Bucket.CORE].trigger()  # Ctrl+1 / context menu
    after = session.plan.figures(year)
    assert after.core == pytest.approx(before.core + added)
    assert window.lanes.lane(Bucket.CORE).total_label.text() == f"{year}: {money_text(after.core, 'EUR')}"
    assert window.undo_action.text() == "&Undo Reclassify 3 lines as Core defence"
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert session.plan.figures(year) == before
    assert window.lanes.lane(Bucket.CORE).total_label.text() == f"{year}: {money_text(before.core, 'EUR')}"
    assert window.redo_action.text() == "&Redo Reclassify 3 lines as Core defence"
    window.redo_action.trigger()
    assert session.plan.figures(year) == after


def test_context_menu_lists_the_classify_actions_with_their_shortcuts(qtbot, window):
    open_through_preview(qtbot, window, _sample("northland"))
    window.table_view.select_lines(_unclassified_lines(window.session, 2))
    menu = window.table_view.build_context_menu()
    texts = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert texts["Classify as Core defence"] == "Ctrl+1"
    assert texts["Classify as Security-related"] == "Ctrl+2"
    assert texts["Classify as Not counted"] == "Ctrl+3"
    assert texts["Mark Unclassified"] == "Ctrl+0"
    assert "2 lines selected" in texts
    sub_menu = next(a.menu() for a in menu.actions() if a.text() == "Security-related sub-category")
    # iconText() is what the menu shows: a bare '&' would be eaten as a mnemonic ("Networks _cyber")
    shown = {a.iconText(): a for a in sub_menu.actions()}
    assert "Civil preparedness & resilience" in shown
    shown["Networks & cyber"].trigger()
    assert window.session.stack.undo_label == "Reclassify 2 lines as Security-related: Networks & cyber"
    assert window.undo_action.iconText() == "Undo Reclassify 2 lines as Security-related: Networks & cyber"


def test_drop_on_a_lane_is_one_undo_step_and_lanes_show_engine_totals(qtbot, window):
    open_through_preview(qtbot, window, _sample("northland"))
    session, model = window.session, window.model
    lines = _unclassified_lines(session, 4)
    indexes = [model.index(model.row_of(int(line)), c) for line in lines for c in (0, 1)]
    year = session.selected_year
    before = session.plan.figures(year)
    assert window.lanes.lane(Bucket.SECURITY).drop_mime(model.mimeData(indexes))
    after = session.plan.figures(year)
    b = session.plan.budget
    added = float((b.amounts[lines, b.year_index(year)] * b.shares[lines]).sum())
    assert after.security == pytest.approx(before.security + added)
    assert window.lanes.lane(Bucket.SECURITY).total_label.text() == \
        f"{year}: {money_text(after.security, 'EUR')}"
    assert session.stack.history == ["Reclassify 4 lines as Security-related"]
    window.undo_action.trigger()
    assert session.plan.figures(year) == before


def test_history_panel_marks_current_step_and_jumps(qtbot, window):
    open_through_preview(qtbot, window, _sample("northland"))
    session = window.session
    start = session.plan.figures(session.selected_year)
    for line in _unclassified_lines(session, 3):
        window.table_view.select_lines([line])
        window.classify_actions.bucket_actions[Bucket.NOT_COUNTED].trigger()
    panel = window.history_panel
    assert panel.list.count() == 4
    assert panel.list.item(3).text().startswith("▶ ")
    panel._on_item_clicked(panel.list.item(0))
    assert session.plan.figures(session.selected_year) == start
    assert panel.list.item(0).text() == "▶ Imported budget"
    assert session.stack.future and len(session.stack.future) == 3


def test_year_selector_changes_status_and_lanes(qtbot, window):
    open_through_preview(qtbot, window, _sample("northland"))
    first = window.session.plan.years[0]
    window.year_combo.setCurrentIndex(window.year_combo.findData(first))
    assert window.session.selected_year == first
    core = window.session.plan.figures(first).core
    assert window.lanes.lane(Bucket.CORE).total_label.text() == f"{first}: {money_text(core, 'EUR')}"


def test_closing_never_asks_and_the_next_start_offers_the_work_back(qtbot, window, monkeypatch):
    open_through_preview(qtbot, window, _sample("northland"))
    lines = _unclassified_lines(window.session, 1)
    window.table_view.select_lines(lines)
    window.classify_actions.bucket_actions[Bucket.CORE].trigger()
    for kind in ("warning", "question"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: pytest.fail("asked"))
    assert window.close()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.projects.offer_recovery()
    assert again.session.plan.budget.buckets[lines[0]] == Bucket.CORE
    again.session.undo()
    assert again.session.plan.budget.buckets[lines[0]] == Bucket.UNCLASSIFIED
    again.close()


def test_close_without_changes_does_not_ask(qtbot, window, monkeypatch):
    open_through_preview(qtbot, window, _sample("northland"))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail("asked"))
    assert window.close()


def test_export_writes_the_plan_and_clears_the_changed_mark(qtbot, window, tmp_path):
    open_through_preview(qtbot, window, _sample("northland"))
    window.table_view.select_lines(_unclassified_lines(window.session, 2))
    window.classify_actions.bucket_actions[Bucket.CORE].trigger()
    target = tmp_path / "revised.xlsx"
    with qtbot.waitSignal(window.export_did_finish, timeout=30000):
        window.export_to(str(target))
    assert target.exists() and window.session.stack.is_clean and not window.isWindowModified()
    reread = read_budget(str(target)).budget
    year = window.session.selected_year
    assert Plan(reread).figures(year).core == pytest.approx(window.session.plan.figures(year).core)


def test_charts_save_as_png_and_svg_images_showing_the_open_plan(qtbot, window, tmp_path):
    open_through_preview(qtbot, window, _sample("northland"))
    window.save_chart_image("dashboard", str(tmp_path / "dashboard.png"))
    window.save_chart_image("trajectory", str(tmp_path / "trajectory.svg"))
    assert (tmp_path / "dashboard.png").read_bytes()[:4] == b"\x89PNG"
    svg = (tmp_path / "trajectory.svg").read_text(encoding="utf-8")
    assert "Path to the 5% pledge" in svg and "northland" in svg
    assert window.statusBar().currentMessage() == \
        f"Saved the trajectory chart to {tmp_path / 'trajectory.svg'}"


@pytest.mark.parametrize("bad", [CORPUS / "calamine__too_small.xls", "text"])
def test_a_bad_file_shows_the_importers_sentence(qtbot, window, monkeypatch, tmp_path, bad):
    if bad == "text":
        bad = tmp_path / "notes.xlsx"
        bad.write_text("this is not a workbook")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(window.open_did_fail, timeout=20000) as failed:
        window.open_path(str(bad))
    assert shown == [failed.args[0]]
    assert Path(bad).name in shown[0] and "Traceback" not in shown[0]
    assert window.session is None and window.isVisible()


def test_recent_files_and_geometry_are_remembered_in_isolated_settings(qtbot, window, isolated_settings):
    open_through_preview(qtbot, window, _sample("northland"))
    window.resize(701, 502)
    window.close()
    assert str(isolated_settings) in QSettings().fileName()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.recent_files()[0].endswith("northland_mod_2026.xlsx")
    assert again.recent_menu.actions()[0].text() == "northland_mod_2026.xlsx"
    assert (again.size().width(), again.size().height()) == (701, 502)


def test_status_sum_leaves_unreadable_amounts_out(qtbot, window):
    open_through_preview(qtbot, window, _sample("westmark"))
    b = window.session.plan.budget
    bad = np.flatnonzero(b.excluded)
    assert len(bad)
    year = b.years[int(np.flatnonzero(b.amount_errors[bad[0]])[0])]
    window.session.select_year(year)
    window.table_view.select_lines([bad[0]])
    assert window.selection_label.text().endswith("(1 unreadable left out)")


def _sample(stem: str) -> Path:
    return next(p for p in SAMPLES if p.name.startswith(stem))


def test_sorting_keeps_the_same_lines_selected(qtbot, window):
    open_through_preview(qtbot, window, _sample("westmark"))
    lines = np.array([3, 10, 11, 12, 40])
    window.table_view.select_lines(lines)
    text = window.selection_label.text()
    model = window.model
    window.table_view.sortByColumn(model.column_of(model.columns[-2].kind, model.columns[-2].year),
                                   Qt.SortOrder.DescendingOrder)
    assert list(window.table_view.selected_lines()) == list(lines)
    assert window.selection_label.text() == text
    assert model.line_at(0) != 0  # the order really changed


def test_opening_a_second_budget_replaces_the_first_without_asking(qtbot, window, monkeypatch):
    open_through_preview(qtbot, window, _sample("northland"))
    window.table_view.select_lines(_unclassified_lines(window.session, 1))
    window.classify_actions.bucket_actions[Bucket.CORE].trigger()
    first_project = window.projects.project.path
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail("asked"))
    open_through_preview(qtbot, window, _sample("westmark"))
    assert window.session.source_path.endswith("westmark_budget_fy2025.xlsx")
    assert window.model.rowCount() == len(window.session.plan.budget)
    assert window.history_panel.list.count() == 1 and not window.isWindowModified()
    assert first_project.exists()  # the first plan is kept, to be recovered or saved


def test_filter_bar_filters_as_the_user_types(qtbot, window):
    open_through_preview(qtbot, window, _sample("westmark"))
    b = window.session.plan.budget
    qtbot.keyClicks(window.filter_edit, "navy")
    expected = sum("navy" in f"{c} {d} {o} {f}".lower()
                   for c, d, o, f in zip(b.codes, b.descriptions, b.organisations, b.cofog))
    qtbot.waitUntil(lambda: window.model.rowCount() == expected, timeout=5000)
    assert 0 < expected < len(b)
    assert window.filter_count_label.text() == f"{expected:,} of {len(b):,} lines"
    window.filter_combo.setCurrentIndex(window.filter_combo.findText("Core defence"))
    both = sum(("navy" in f"{c} {d} {o} {f}".lower()) and k == Bucket.CORE
               for c, d, o, f, k in zip(b.codes, b.descriptions, b.organisations, b.cofog, b.buckets))
    assert 0 < window.model.rowCount() == both < expected


def test_lane_texts_are_not_clipped_in_the_default_window(qtbot, window):
    """At the first-run size (1400 x 900) 'Security-related' and the lanes' % lines wrapped in
    a 133 px lane and were cut off; each label must get the height its text needs."""
    window.resize(1400, 900)
    open_through_preview(qtbot, window, _sample("westmark"))
    qtbot.wait(50)  # let the splitter and docks settle
    for bucket in (Bucket.CORE, Bucket.SECURITY, Bucket.NOT_COUNTED):
        lane = window.lanes.lane(bucket)
        for label in (lane.title_label, lane.total_label, lane.pct_label, lane.count_label):
            assert label.height() >= label.heightForWidth(label.width()), (bucket, label.text())


def test_charts_follow_a_theme_switch(qtbot, window):
    """View > Theme > Dark left the dashboard and trajectory as white panels in a dark window."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication
    from nato_planner.ui.palette import apply_theme
    open_through_preview(qtbot, window, _sample("northland"))
    app = QApplication.instance()
    original = app.palette()
    try:
        window._on_theme_chosen("dark")
        base = app.palette().color(QPalette.ColorRole.Base)
        qtbot.waitUntil(lambda: window.trajectory.plot.backgroundBrush().color() == base)
        assert window.dashboard.gauge_plot.backgroundBrush().color() == base
        assert window.trajectory.session is window.session  # still the open plan
    finally:
        apply_theme(app, "light")
        app.setPalette(original)


def test_first_window_and_import_preview_fit_on_the_screen(qtbot, window):
    """At 200% scaling the 1400 x 900 first-run window, and the preview sized from it, ran off
    a 1920 x 1200 screen and hid the Import button (the offscreen screen is 800 x 800)."""
    room = window.screen().availableGeometry().size()
    assert window.width() <= room.width() and window.height() <= room.height()
    with qtbot.waitSignal(window.import_preview_did_open, timeout=20000) as shown:
        window.open_path(str(_sample("westmark")))
    preview = shown.args[0]
    assert preview.width() <= room.width() and preview.height() <= room.height()
    preview.reject()


@pytest.mark.parametrize("size, tabbed", [((960, 600), True), ((1600, 1000), False)])
def test_a_small_screen_gets_the_charts_as_tabs_and_every_year_stays_in_view(qtbot, size,
                                                                              tabbed):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    open_through_preview(qtbot, window, _sample("westmark"))
    qtbot.wait(50)
    assert (window.trajectory_dock in window.tabifiedDockWidgets(window.dashboard_dock)) == tabbed
    window.trajectory_dock.raise_()
    qtbot.wait(50)
    chart = window.trajectory.plot
    assert chart.getPlotItem().width() <= chart.viewport().width() + 1  # the last years not cut off
    window.session.stack.mark_clean()
