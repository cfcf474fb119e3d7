"""The .natoplan project file: save, close, open gives back the same plan, history included;
what is not ours (or is damaged, or newer) is refused and left untouched."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from core_budgets import figures_tuple, random_budget  # noqa: E402

from nato_planner.core.commands import ClassifyLines, SetGdp, SetHolds, SetRationale, SetShares  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.planning_commands import (  # noqa: E402
    SetPlannedHold, SetPlanningAssumption, set_planned_amount,
)
from nato_planner.core.taxonomy import EQUIPMENT_SLOT, Bucket  # noqa: E402
from nato_planner.core.trajectory import trajectory  # noqa: E402
from nato_planner.io.project_file import ProjectFile  # noqa: E402
from nato_planner.io.project_recorder import attach  # noqa: E402
from nato_planner.io.project_schema import (  # noqa: E402
    SCHEMA_VERSION, ProjectFileError, backup_path,
)


def figures(plan_or_budget) -> np.ndarray:
    """Every figure a user sees, as numbers (None -> NaN), to compare two states."""
    budget = getattr(plan_or_budget, "budget", plan_or_budget)
    return np.array([[np.nan if v is None else float(v) for v in row]
                     for row in figures_tuple(budget)])


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to far below a cent: a total kept up edit by edit and one summed afresh may
    differ in the last bits of a double."""
    return bool(np.allclose(a, b, rtol=1e-12, atol=1e-6, equal_nan=True))


def path_numbers(plan: Plan) -> np.ndarray:
    return np.array([[row.year, row.planned, row.on_path is True]
                     + [np.nan if v is None else float(v) for v in vars(row.figures).values()]
                     for row in trajectory(plan)], dtype=float)


def edit_a_plan(stack, plan: Plan) -> None:
    """A session a delegate might have: reclassify, share, rationale, hold, GDP, planning."""
    stack.push(ClassifyLines(plan, [1, 2, 3], Bucket.CORE))
    stack.push(SetShares(plan, [4, 5], 0.4))
    stack.push(SetRationale(plan, [4], "Coast guard: 40% is military"))
    stack.push(SetHolds(plan, [6], True))
    stack.push(SetGdp(plan, 2026, 4.6e10))
    stack.push(SetPlanningAssumption(plan, "gdp_growth_pct", 2.5))
    stack.push(set_planned_amount(plan, 2031, EQUIPMENT_SLOT, 3.2e9))
    stack.push(SetPlannedHold(plan, 2031, EQUIPMENT_SLOT, True))
    stack.push(ClassifyLines(plan, [7], Bucket.SECURITY))
    stack.undo()  # one step left to redo


@pytest.fixture
def project(tmp_path):
    project = ProjectFile.create(tmp_path / "plan.natoplan", Plan(random_budget(lines=60)))
    yield project
    project.close()


def test_save_close_open_gives_back_figures_planning_years_history_and_audit(tmp_path, project):
    loaded, stack, _ = attach(project)
    plan = loaded.plan
    edit_a_plan(stack, plan)
    shown = (figures(plan), path_numbers(plan))
    before = (stack.history, stack.future,
              [(r.label, r.field) for r in plan.audit], plan.budget.rationales[4],
              bool(plan.budget.holds[6]), set(plan.planning.held_slots))
    project.close()

    reopened = ProjectFile.open(tmp_path / "plan.natoplan")
    again, stack2, _ = attach(reopened)
    plan2 = again.plan
    assert same(figures(plan2), shown[0]) and same(path_numbers(plan2), shown[1])
    after = (stack2.history, stack2.future, [(r.label, r.field) for r in plan2.audit], plan2.budget.rationales[4],
             bool(plan2.budget.holds[6]), set(plan2.planning.held_slots))
    assert after == before
    assert plan2.planning.planned_amounts[(2031, EQUIPMENT_SLOT)] == 3.2e9
    reopened.close()


def test_undo_and_redo_work_after_reopening(tmp_path, project):
    loaded, stack, _ = attach(project)
    original, original_path = figures(loaded.plan), path_numbers(loaded.plan)
    edit_a_plan(stack, loaded.plan)
    edited = figures(loaded.plan)
    project.close()

    reopened = ProjectFile.open(tmp_path / "plan.natoplan")
    again, stack2, _ = attach(reopened)
    stack2.redo()  # the step undone before closing
    assert again.plan.budget.buckets[7] == Bucket.SECURITY
    stack2.undo()
    assert same(figures(again.plan), edited)
    while stack2.undo_label:
        stack2.undo()
    assert same(figures(again.plan), original) and same(path_numbers(again.plan), original_path)
    assert again.plan.audit == [] and again.plan.budget.rationales[4] == ""
    reopened.close()


def test_undo_after_reopening_is_itself_saved(tmp_path, project):
    loaded, stack, _ = attach(project)
    stack.push(ClassifyLines(loaded.plan, [1], Bucket.NOT_COUNTED))
    stack.push(SetShares(loaded.plan, [2], 0.25))
    project.close()
    first = ProjectFile.open(tmp_path / "plan.natoplan")
    plan, stack2, _ = attach(first)
    stack2.undo()
    stack2.push(SetRationale(plan.plan, [9], "new branch"))  # drops the undone step
    expected = figures(plan.plan)
    first.close()
    second = ProjectFile.open(tmp_path / "plan.natoplan")
    plan3, stack3, _ = attach(second)
    assert stack3.history == ["Reclassify 'Programme 1' as Not counted",
                              "Edit rationale of 'Programme 9'"]
    assert stack3.future == [] and same(figures(plan3.plan), expected)
    second.close()


# --- refusing what is not ours ---------------------------------------------------------------
def _refused(path: Path, words: str) -> None:
    before = path.read_bytes()
    with pytest.raises(ProjectFileError) as refused:
        ProjectFile.open(path)
    assert words in str(refused.value) and path.name in str(refused.value)
    assert "left untouched" in str(refused.value)
    assert path.read_bytes() == before


def test_a_workbook_renamed_natoplan_is_refused(tmp_path):
    path = tmp_path / "budget.natoplan"
    path.write_bytes(b"PK\x03\x04 not a database at all" * 10)
    _refused(path, "not a project file")


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.natoplan"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.natoplan"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    _refused(path, "another program")


def test_a_newer_project_is_refused(tmp_path, project):
    project.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    project.close()
    _refused(tmp_path / "plan.natoplan", "newer version")


def test_a_truncated_project_is_refused(tmp_path, project):
    project.close()
    path = tmp_path / "plan.natoplan"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _refused(path, "truncated")


def test_a_damaged_project_is_refused(tmp_path, project):
    project.close()
    path = tmp_path / "plan.natoplan"
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2: page * 4] = b"\xff" * (page * 2)  # two pages of the tables overwritten
    path.write_bytes(bytes(data))
    _refused(path, "damaged")


VERSION_1_SCHEMA = """
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE scenario (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  created TEXT NOT NULL, parent INTEGER, submitted_at TEXT, note TEXT NOT NULL DEFAULT '',
  history_depth INTEGER NOT NULL DEFAULT 0);
CREATE TABLE line_item (scenario INTEGER NOT NULL, line INTEGER NOT NULL, codes TEXT,
  descriptions TEXT, buckets INTEGER, subcategories INTEGER, shares REAL, rationales TEXT,
  amounts BLOB, amount_errors BLOB, problems TEXT, PRIMARY KEY (scenario, line)) WITHOUT ROWID;
CREATE TABLE document (scenario INTEGER NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL,
  json TEXT NOT NULL, PRIMARY KEY (scenario, name)) WITHOUT ROWID;
CREATE TABLE history_step (scenario INTEGER NOT NULL, position INTEGER NOT NULL,
  label TEXT NOT NULL, time TEXT NOT NULL, PRIMARY KEY (scenario, position)) WITHOUT ROWID;
CREATE TABLE history_column (scenario INTEGER NOT NULL, position INTEGER NOT NULL,
  name TEXT NOT NULL, lines BLOB NOT NULL, old BLOB NOT NULL, new BLOB NOT NULL,
  PRIMARY KEY (scenario, position, name)) WITHOUT ROWID;
CREATE TABLE history_document (scenario INTEGER NOT NULL, position INTEGER NOT NULL,
  name TEXT NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL,
  PRIMARY KEY (scenario, position, name)) WITHOUT ROWID;
CREATE TABLE audit (scenario INTEGER NOT NULL, seq INTEGER NOT NULL, step INTEGER NOT NULL,
  time TEXT NOT NULL, user TEXT NOT NULL, label TEXT NOT NULL, field TEXT NOT NULL,
  lines BLOB NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (scenario, seq)) WITHOUT ROWID;
PRAGMA application_id = 1312904271;
PRAGMA user_version = 1;
"""


def write_version_1_project(path: Path) -> None:
    """A project as the first format kept it: one row per line (it lacked, e.g., holds)."""
    db = sqlite3.connect(path)
    db.executescript(VERSION_1_SCHEMA)
    db.executemany("INSERT INTO project VALUES (?, ?)", [
        ("years", "[2026]"), ("current_scenario", "2"), ("import_report", "{}")])
    db.executemany("INSERT INTO scenario (id, name, kind, created) VALUES (?, ?, ?, ?)", [
        (1, "Imported budget", "baseline", "2026-03-02"), (2, "Working plan", "scenario", "2026-03-02")])
    rows = [("0101", "Army pay", Bucket.CORE, 1.0, 600.0), ("0202", "Coast guard", Bucket.SECURITY, 0.5, 200.0),
            ("0303", "Pensions", Bucket.NOT_COUNTED, 1.0, 100.0)]
    for scenario in (1, 2):
        for line, (code, text, bucket, share, amount) in enumerate(rows):
            share = 0.25 if scenario == 2 and line == 1 else share  # the working plan's edit
            db.execute("INSERT INTO line_item VALUES (?, ?, ?, ?, ?, -1, ?, '', ?, ?, NULL)",
                       (scenario, line, code, text, int(bucket), share,
                        np.array([amount], "<f8").tobytes(), b"\x00"))
        db.execute("INSERT INTO document VALUES (?, 'gdp', 1, ?)",
                   (scenario, '{"__dict__": [[2026, 10000.0]]}'))
    db.commit()
    db.close()


def test_an_older_project_is_upgraded_after_a_backup_copy(tmp_path):
    path = tmp_path / "old.natoplan"
    write_version_1_project(path)
    old_bytes = path.read_bytes()

    upgraded = ProjectFile.open(path)
    assert upgraded.upgraded_from == backup_path(path, 1)
    assert backup_path(path, 1).read_bytes() == old_bytes
    assert upgraded.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    loaded, stack, _ = attach(upgraded)
    f = loaded.plan.figures(2026)
    assert (f.core, f.security, f.not_counted) == (600.0, 50.0, 250.0)  # 200 x 25% counted
    assert f.counted_pct_gdp == pytest.approx(6.5)
    assert list(loaded.plan.budget.holds) == [False] * 3  # a column version 1 lacked
    stack.push(SetShares(loaded.plan, [1], 1.0))  # the upgraded file takes edits
    upgraded.close()
    again = ProjectFile.open(path)
    assert again.load().plan.figures(2026).security == 200.0
    baseline = again.load("Imported budget").plan.figures(2026)
    assert baseline.security == 100.0
    again.close()


def test_a_copy_made_while_open_holds_every_committed_edit(tmp_path, project):
    """Save As copies the live file, uncheckpointed WAL pages included."""
    loaded, stack, _ = attach(project)
    stack.push(ClassifyLines(loaded.plan, [0, 1], Bucket.SECURITY))
    copy = project.save_as(tmp_path / "copy.natoplan")
    again, stack2, _ = attach(copy)
    assert same(figures(again.plan), figures(loaded.plan))
    assert stack2.history == stack.history
    copy.close()


def test_history_past_the_stacks_cap_keeps_the_newest_steps_in_order(tmp_path, project):
    loaded, _, _ = attach(project)
    from nato_planner.core.commands import CommandStack
    from nato_planner.io.project_recorder import ProjectRecorder
    stack = CommandStack(loaded.plan, max_steps=3)
    ProjectRecorder(project, project.scenario(), loaded.plan, stack)
    for line in range(6):
        stack.push(SetShares(loaded.plan, [line], 0.5))
    stack.undo()
    kept = stack.history
    project.close()
    reopened = ProjectFile.open(tmp_path / "plan.natoplan")
    again, stack2, _ = attach(reopened)
    assert stack2.history == kept and len(kept) == 2
    assert stack2.future == ["Set counted share of 'Programme 5' to 50%"]
    stack2.undo()
    stack2.undo()
    assert list(again.plan.budget.shares[:6] == 0.5) == [True, True, True, False, False, False]
    reopened.close()


def test_the_why_of_a_re_rating_is_still_in_the_claims_history_after_reopening(tmp_path, project):
    from nato_planner.core.audit import line_history
    from nato_planner.core.claim_commands import SetChallengeRisk
    from nato_planner.core.claims import Risk
    loaded, stack, _ = attach(project)
    stack.push(SetChallengeRisk(loaded.plan, [3], Risk.HIGH, "The ministry of finance disputes it"))
    project.close()

    reopened = ProjectFile.open(tmp_path / "plan.natoplan")
    again, stack2, _ = attach(reopened)
    history = line_history(again.plan.audit, 3, ("challenge risk",))
    assert [h.why for h in history] == ["The ministry of finance disputes it"]
    stack2.undo()  # the step's record keeps the why too: redo brings it back
    stack2.redo()
    assert [h.why for h in line_history(again.plan.audit, 3)] == \
        ["The ministry of finance disputes it"]
    reopened.close()


def test_a_format_2_project_opens_and_keeps_what_it_had(tmp_path, project):
    loaded, stack, _ = attach(project)
    edit_a_plan(stack, loaded.plan)
    labels = [r.label for r in loaded.plan.audit]
    project.close()
    path = tmp_path / "plan.natoplan"
    db = sqlite3.connect(path)  # as format 2 wrote it: the audit table had no note
    db.execute("ALTER TABLE audit DROP COLUMN note")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()

    upgraded = ProjectFile.open(path)
    assert upgraded.upgraded_from == backup_path(path, 2)
    again, _, _ = attach(upgraded)
    assert [r.label for r in again.plan.audit] == labels
    assert all(r.note == "" for r in again.plan.audit)
    upgraded.close()


def test_one_editor_at_a_time_while_readers_still_read(tmp_path, project):
    project.lock_for_editing()
    path = tmp_path / "plan.natoplan"
    second = ProjectFile.open(path)
    with pytest.raises(ProjectFileError, match="open in another NATO planner window"):
        second.lock_for_editing()
    assert second.load().plan.years  # report P.natoplan reads without the lock
    project.close()
    second.lock_for_editing()  # the first editor closed: the lock is free
    second.close()


def test_a_killed_editor_leaves_no_lock_behind(tmp_path, project):
    import subprocess
    import textwrap
    project.close()
    path = tmp_path / "plan.natoplan"
    code = textwrap.dedent(f"""
        import sys, time
        from nato_planner.io.project_file import ProjectFile
        project = ProjectFile.open({str(path)!r})
        project.lock_for_editing()
        print("locked", flush=True)
        time.sleep(60)
    """)
    editor = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert editor.stdout.readline().strip() == "locked"
        again = ProjectFile.open(path)
        with pytest.raises(ProjectFileError):
            again.lock_for_editing()
        editor.kill()
        editor.wait()
        again.lock_for_editing()  # the kernel dropped the killed program's lock
        again.close()
    finally:
        editor.kill()
        editor.wait()
