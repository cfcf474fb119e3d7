"""Explain this figure: the panel's formula carries the same numbers `report --json` prints for
the same file, and a line behind a figure can be found in the main table in one gesture."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from nato_planner.core.money import formula_unit, money_in_unit
from nato_planner.io.budget_import import read_budget
from nato_planner.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
WESTMARK = ROOT / "sample_budgets" / "westmark_budget_fy2025.xlsx"


@pytest.fixture(scope="module")
def report() -> dict:
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "report", str(WESTMARK),
                           "--json"], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.install_plan(str(WESTMARK), read_budget(str(WESTMARK)))
    yield window
    window.session.stack.mark_clean()


def _gap_table_cell(window, column: int, year: int):
    from PySide6.QtWidgets import QTableWidget
    table = window.gap_dock.widget().findChild(QTableWidget)
    for row in range(table.rowCount()):
        item = table.item(row, column)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == year:
            return table, table.visualItemRect(item).center()
    raise AssertionError(f"{year} is not in the gap table")


def test_explain_on_the_counted_share_shows_reports_numbers(qtbot, window, report):
    year = window.session.selected_year
    expected = next(y for y in report["years"] if y["year"] == year)
    table, pos = _gap_table_cell(window, 0, year)  # the Year column: the counted share
    menu = window.figure_menus.filters["gap_table"].menu_for(table.viewport(), pos)
    first = menu.actions()[0]
    assert first.text().startswith(f"Explain counted toward 5% ({year})")
    first.trigger()
    panel = window.figure_menus.dialog.panel
    assert panel.isVisible()
    unit = formula_unit(expected["core"] + min(expected["security"], 0.015 * expected["gdp"]))
    money = lambda v: money_in_unit(v, report["currency"], unit)  # noqa: E731
    formula = panel.formula_label.text()
    assert formula.startswith(
        f"counted = core {money(expected['core'])} + min(security {money(expected['security'])}"
        f", 1.5% x GDP {money(expected['gdp'])} = {money(0.015 * expected['gdp'])}) = ")
    assert formula.splitlines()[0].endswith(f"= {expected['counted_pct_gdp']:.2f}% of GDP")
    assert f"{expected['counted_pct_gdp']:.2f}% of GDP" in panel.title_label.text()
    assert "sheet 'Assumptions'" in panel.gdp_label.text()


def test_the_lines_behind_add_up_to_the_figure_and_sort(qtbot, window, report):
    year = window.session.selected_year
    expected = next(y for y in report["years"] if y["year"] == year)
    dialog = window.figure_menus.open_explain("core", year)
    behind = dialog.panel.explanation.behind
    assert behind.counted.sum() == pytest.approx(expected["core"], rel=1e-9)
    model = dialog.panel.lines_model
    model.sort(7, Qt.SortOrder.AscendingOrder)  # "Counts", smallest first
    counts = [float(model.data(model.index(r, 7)).replace(",", "")) for r in range(model.rowCount())]
    assert counts == sorted(counts)


def test_double_clicking_a_line_selects_it_in_the_main_table(qtbot, window):
    window.filter_edit.setText("zzz no line has this text")
    window.model.set_filter(text=window.filter_edit.text())
    dialog = window.figure_menus.open_explain("security", window.session.selected_year)
    qtbot.waitExposed(dialog)
    view, model = dialog.panel.lines_view, dialog.panel.lines_model
    wanted = model.line_at(2)
    rect = view.visualRect(model.index(2, 2))
    assert view.viewport().rect().contains(rect.center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert list(window.table_view.selected_lines()) == [wanted]
    assert window.filter_edit.text() == "", "the filter hiding the line was cleared"


def test_a_lane_offers_its_own_figures_first(qtbot, window):
    from nato_planner.core.taxonomy import Bucket
    lane = window.lanes.lane(Bucket.SECURITY)
    menu = window.figure_menus.filters["lanes"].menu_for(lane.total_label, QPoint(2, 2))
    texts = [a.text() for a in menu.actions()]
    assert texts[0].startswith("Explain security-related")
    assert any("room under the 1.5% ceiling" in t for t in texts)


def test_the_trajectory_explains_the_year_under_the_pointer(qtbot, window):
    chart = window.trajectory
    plot = next(w for w in chart.findChildren(type(window.dashboard.equipment_plot))
                if w.getPlotItem().getViewBox().viewRange()[0][1] > 2030)
    view_box = plot.getPlotItem().getViewBox()
    from PySide6.QtCore import QPointF
    scene_point = view_box.mapViewToScene(QPointF(2031, 0))
    pos = plot.mapFromScene(scene_point)
    menu = window.figure_menus.filters["trajectory"].menu_for(plot.viewport(), pos)
    assert "(2031)" in menu.actions()[0].text()
    menu.actions()[0].trigger()
    assert "2031 is a planned year" in window.figure_menus.dialog.panel.note_label.text()



def test_text_fields_in_the_charts_keep_their_own_menu(qtbot, window):
    """Cut, copy and paste stay on a right-click in the growth and amount fields."""
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit
    watcher = window.figure_menus.filters["trajectory"]
    fields = (window.trajectory.findChildren(QAbstractSpinBox)
              + window.trajectory.findChildren(QLineEdit))
    assert fields and watcher.watched
    assert not any(field in watcher.watched for field in fields)


def test_the_gap_table_explains_the_gap_in_the_cell_under_the_pointer(qtbot, window):
    from PySide6.QtWidgets import QTableWidget
    table = window.gap_dock.widget().findChild(QTableWidget)
    row = next(r for r in range(table.rowCount())
               if table.item(r, 3).data(Qt.ItemDataRole.UserRole) == 2030)
    pos = table.visualItemRect(table.item(row, 3)).center()
    menu = window.figure_menus.filters["gap_table"].menu_for(table.viewport(), pos)
    assert menu.actions()[0].text().startswith("Explain gap to 5% (2030)")
    menu.actions()[0].trigger()
    shown = window.figure_menus.dialog.panel.title_label.text()
    assert shown.startswith("Gap to 5%, 2030:")
