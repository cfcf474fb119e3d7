"""Projects in the desktop app: save as, reopen with undo, scenarios, submitted versions,
refusing a damaged file. Plans come from the sample workbooks through the real import path."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from nato_planner.core.taxonomy import Bucket
from nato_planner.ui.main_window import MainWindow
from nato_planner.ui.project_controller import untitled_folder, untitled_projects

from test_main_window import _sample, _unclassified_lines, open_through_preview


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    yield window
    window.close()


def reclassify(window, count: int, bucket: Bucket) -> np.ndarray:
    lines = _unclassified_lines(window.session, count)
    window.table_view.select_lines(lines)
    window.classify_actions.bucket_actions[bucket].trigger()
    return lines


def figures(window) -> list:
    return [window.session.plan.figures(y) for y in window.session.plan.years]


def test_save_as_then_reopen_gives_the_same_plan_and_undo_works(qtbot, window, tmp_path):
    open_through_preview(qtbot, window, _sample("westmark"))
    assert len(list(untitled_folder().glob("*.natoplan"))) == 1
    lines = reclassify(window, 3, Bucket.SECURITY)
    target = tmp_path / "westmark.natoplan"
    assert window.projects.save_as(str(target))
    assert list(untitled_folder().glob("*.natoplan")) == [] and target.exists()
    reclassify(window, 2, Bucket.CORE)  # after Save As: goes to the named project
    shown, history = figures(window), window.session.stack.history
    window.close()

    again = MainWindow()
    qtbot.addWidget(again)
    assert again.open_path(str(target))
    assert figures(again) == shown and again.session.stack.history == history
    assert "westmark.natoplan" in again.windowTitle()
    assert again.history_panel.list.count() == len(history) + 1
    again.session.undo()
    again.session.undo()
    assert (again.session.plan.budget.buckets[lines] == Bucket.UNCLASSIFIED).all()
    again.close()


def test_scenarios_are_separate_and_the_baseline_is_locked(qtbot, window, message_boxes):
    open_through_preview(qtbot, window, _sample("northland"))
    working = figures(window)
    window.projects.new_scenario("Higher core")
    assert window.projects.scenario.name == "Higher core" and "Higher core" in window.windowTitle()
    reclassify(window, 4, Bucket.CORE)
    higher = figures(window)
    assert higher != working
    window.projects.switch_to("Working plan")
    assert figures(window) == working
    window.projects.switch_to("Higher core")
    assert figures(window) == higher
    window.projects.switch_to("Imported budget")
    reclassify(window, 1, Bucket.CORE)
    assert figures(window) == working and window.session.stack.history == []
    assert "locked baseline" in message_boxes[-1][1]


def test_mark_as_submitted_freezes_a_dated_read_only_version(qtbot, window, message_boxes):
    open_through_preview(qtbot, window, _sample("northland"))
    reclassify(window, 2, Bucket.CORE)
    submitted = window.projects.mark_submitted("Sent to NATO with the annual report")
    assert submitted.kind == "submitted" and submitted.submitted_at
    assert submitted.note == "Sent to NATO with the annual report"
    shown = figures(window)
    reclassify(window, 2, Bucket.SECURITY)  # the working plan moves on
    window.projects.switch_to(submitted.name)
    assert figures(window) == shown
    reclassify(window, 1, Bucket.CORE)
    assert figures(window) == shown and "submitted version" in message_boxes[-1][1]


def test_rename_and_delete_a_scenario(qtbot, window):
    open_through_preview(qtbot, window, _sample("northland"))
    window.projects.new_scenario("Draft")
    window.projects.rename_scenario("Draft 2")
    names = [s.name for s in window.projects.project.scenarios()]
    assert "Draft 2" in names and "Draft" not in names
    window.projects.delete_scenario()
    assert "Draft 2" not in [s.name for s in window.projects.project.scenarios()]
    assert window.projects.scenario.name == "Working plan"


def test_a_damaged_project_is_refused_with_a_sentence_and_left_alone(qtbot, window, tmp_path,
                                                                      monkeypatch):
    path = tmp_path / "broken.natoplan"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert not window.open_path(str(path))
    assert shown and "broken.natoplan" in shown[0] and "left untouched" in shown[0]
    assert path.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 200
    assert window.session is None


def test_an_untitled_project_without_edits_is_not_offered_back(qtbot, window):
    open_through_preview(qtbot, window, _sample("northland"))
    assert len(list(untitled_folder().glob("*.natoplan"))) == 1
    window.close()
    assert untitled_projects() == []


def test_another_windows_live_work_is_neither_offered_back_nor_opened_twice(qtbot, window,
                                                                           tmp_path, monkeypatch):
    open_through_preview(qtbot, window, _sample("northland"))
    live = window.projects.project.path
    assert untitled_projects() == []  # a second start must not offer (or discard) it
    reclassify(window, 3, Bucket.CORE)
    saved = tmp_path / "plan.natoplan"
    assert window.projects.save_as(str(saved))
    assert not live.exists()
    second = MainWindow()
    qtbot.addWidget(second)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert not second.open_path(str(saved))
    assert shown and "open in another NATO planner window" in shown[0]
    assert second.session is None
    window.close()  # closing the first window lets the second open it
    assert second.open_path(str(saved)) and second.session is not None
    second.close()
