"""Kill -9 the desktop app mid-session: the project holds every edit older than a second,
and `report P.natoplan` shows them. The app runs for real in a child process (offscreen)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from nato_planner.cli import main
from nato_planner.core.taxonomy import Bucket
from nato_planner.io.project_file import ProjectFile

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_budgets" / "westmark_budget_fy2025.xlsx"

APP_SESSION = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(["nato-planner"])
    app.setApplicationName("nato-planner-killed-test")
    from nato_planner.core.taxonomy import Bucket
    from nato_planner.ui.main_window import MainWindow
    window = MainWindow()
    window.show()
    assert window.open_path(sys.argv[1])
    b = window.session.plan.budget
    todo = [int(i) for i in ((b.buckets == Bucket.UNCLASSIFIED) & ~b.excluded).nonzero()[0]]

    def edit():  # what a delegate does: select a line, press Ctrl+1 (core defence)
        line = todo.pop(0)
        window.table_view.select_lines([line])
        window.classify_actions.bucket_actions[Bucket.CORE].trigger()
        print(line, flush=True)
    timer = QTimer()
    timer.timeout.connect(edit)
    timer.start(30)
    app.exec()
""")


def test_killing_the_app_loses_no_edit_older_than_a_second(tmp_path, capsys):
    project = tmp_path / "westmark.natoplan"
    assert main(["project", "new", str(SAMPLE), "--out", str(project)]) == 0
    assert main(["report", str(project), "--json"]) == 0
    before = json.loads(capsys.readouterr().out.splitlines()[-1])["years"][0]

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path / "home"))
    child = subprocess.Popen([sys.executable, "-c", APP_SESSION, str(project)], cwd=REPO,
                             env=env, stdout=subprocess.PIPE, text=True)
    try:
        edited = [int(child.stdout.readline()) for _ in range(12)]
        time.sleep(1.0)  # every edit read so far is now more than a second old
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    opened = ProjectFile.open(project)
    loaded = opened.load()
    budget = loaded.plan.budget
    assert (budget.buckets[edited] == Bucket.CORE).all()
    assert len(loaded.done) >= len(edited)
    expected = loaded.plan.figures(loaded.plan.years[0])
    opened.close()

    assert main(["report", str(project), "--json"]) == 0
    after = json.loads(capsys.readouterr().out.splitlines()[-1])["years"][0]
    assert after["core"] == expected.core and after["core"] > before["core"]
    assert after["unclassified"] < before["unclassified"]
