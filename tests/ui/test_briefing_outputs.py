"""Briefing outputs in the app: subtotals with drill-down and export, the allies comparison,
and File > Export brief."""
from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from PySide6.QtCore import QSettings

from nato_planner.core.commands import ClassifyLines
from nato_planner.core.taxonomy import SUBCATEGORY_INDEX, Bucket
from nato_planner.ui.allies_dialog import SETTINGS_KEY, AlliesDialog
from nato_planner.ui.pivot_dialog import PivotDialog


def _row_texts(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_subtotals_show_every_organisation_and_drill_down_to_its_lines(qtbot, session):
    dialog = PivotDialog(session)
    qtbot.addWidget(dialog)
    groups = dialog.groups_table
    names = [groups.item(r, 0).text() for r in range(groups.rowCount())]
    assert set(names[:-1]) == set(session.plan.budget.organisations.tolist())
    assert names[-1] == "All lines"
    groups.selectRow(names.index("Interior"))
    budget = session.plan.budget
    interior = {i for i in range(len(budget)) if budget.organisations[i] == "Interior"
                and not budget.excluded[i]}
    assert dialog.lines_table.rowCount() == len(interior)
    shown = {dialog.lines_table.item(r, 0).text() for r in range(dialog.lines_table.rowCount())}
    assert shown == {budget.codes[i] for i in interior}
    with qtbot.waitSignal(dialog.lines_chosen) as chosen:
        dialog.show_button.click()
    assert set(chosen.args[0]) == interior


def test_subtotals_follow_a_reclassification_made_elsewhere(qtbot, session):
    dialog = PivotDialog(session)
    qtbot.addWidget(dialog)
    dialog.dimension_combo.setCurrentIndex(dialog.dimension_combo.findData("sub_category"))
    before = [dialog.groups_table.item(r, 0).text() for r in range(dialog.groups_table.rowCount())]
    assert "Military mobility" not in before
    session.execute(ClassifyLines(session.plan, [0, 1], Bucket.SECURITY,
                                  SUBCATEGORY_INDEX["military_mobility"]))
    after = [dialog.groups_table.item(r, 0).text() for r in range(dialog.groups_table.rowCount())]
    assert "Military mobility" in after


def test_subtotals_export_to_a_workbook_that_adds_up(qtbot, session, tmp_path):
    dialog = PivotDialog(session)
    qtbot.addWidget(dialog)
    path = tmp_path / "subtotals.xlsx"
    assert dialog.export_to(str(path))
    sheet = openpyxl.load_workbook(path)["Subtotals"]
    rows = list(sheet.iter_rows(values_only=True))
    years = session.plan.years
    assert list(rows[0]) == ["Organisation", "Lines"] + [str(y) for y in years]
    body = [r for r in rows[1:] if r[0] and r[0] != "All lines" and isinstance(r[1], int)]
    total = next(r for r in rows if r[0] == "All lines")
    for col in range(2, 2 + len(years)):
        assert sum(r[col] for r in body) == pytest.approx(total[col])
    budget = session.plan.budget
    expected = budget.amounts[~budget.excluded, 0].sum()
    assert total[2] == pytest.approx(expected)


def test_allies_dialog_ranks_the_plan_and_names_the_edition(qtbot, session):
    dialog = AlliesDialog(session, QSettings())
    qtbot.addWidget(dialog)
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2026))
    mine = session.plan.figures(2026).core_pct_gdp
    assert f"{mine:.2f}% of GDP" in dialog.standing_label.text()
    assert "rank" in dialog.standing_label.text()
    assert "July 2026" in dialog.credit_label.text() and "credited" in dialog.credit_label.text()
    assert dialog.table.rowCount() == 33  # 31 allies and NATO's two aggregates


def test_allies_dialog_loads_a_newer_edition_and_remembers_it(qtbot, session, tmp_path):
    path = tmp_path / "nato_2027.csv"
    path.write_text("# edition: June 2027\nally,year,core_pct_gdp,equipment_pct_of_core,estimate\n"
                    "Spain,2027,2.4,30,yes\nItaly,2027,2.3,25,yes\n", encoding="utf-8")
    settings = QSettings()
    dialog = AlliesDialog(session, settings)
    qtbot.addWidget(dialog)
    assert dialog.load_edition(str(path))
    assert "June 2027" in dialog.credit_label.text()
    assert settings.value(SETTINGS_KEY) == str(path)
    again = AlliesDialog(session, settings)
    qtbot.addWidget(again)
    assert again.reference.edition == "June 2027"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext needed")
def test_file_export_brief_writes_the_plans_gap_figures(qtbot, tmp_path):
    from nato_planner.io.budget_import import read_budget
    from nato_planner.ui.main_window import MainWindow
    from pathlib import Path
    sample = Path(__file__).parents[2] / "sample_budgets" / "northland_mod_2026.xlsx"
    window = MainWindow()
    qtbot.addWidget(window)
    window.install_plan(str(sample), read_budget(str(sample)))
    assert window.briefing.brief_action.isEnabled()
    out = tmp_path / "brief.pdf"
    assert window.briefing.export_brief(str(out))
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    figures = window.session.plan.figures(window.session.plan.years[-1])
    assert f"{figures.total_gap:,.0f}" in text and "Annual plan brief" in text
    assert "Changes since the submitted version" not in text  # nothing was submitted yet

    window.projects.mark_submitted("sent to NATO")  # then a line changes in the working plan
    line = int((window.session.plan.budget.buckets == Bucket.NOT_COUNTED).nonzero()[0][0])
    window.table_view.select_lines([line])
    window.classify_actions.bucket_actions[Bucket.CORE].trigger()
    assert window.briefing.export_brief(str(out))
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Changes since the submitted version" in text and "sent to NATO" in text
    assert "Scenario Working plan" in text
