"""Render the claims views offscreen into docs/: the at-risk band (dashboard and trajectory),
NATO's categories chart and the Checks panel, on a sample budget with a few claims rated.

    QT_QPA_PLATFORM=offscreen python docs/make_claims_screenshots.py [--out DIR]

Writes claims_band.png, nato_categories.png and checks_panel.png (look at each one).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget  # noqa: E402

from nato_planner.core.claim_commands import (  # noqa: E402
    SetChallengeRisk, SetDeclarationCategory, SetEvidence,
)
from nato_planner.core.claims import Risk  # noqa: E402
from nato_planner.core.taxonomy import Bucket  # noqa: E402
from nato_planner.io.budget_import import read_budget  # noqa: E402
from nato_planner.ui.main_window import MainWindow  # noqa: E402
from nato_planner.ui.palette import apply_theme  # noqa: E402

BUDGET = ROOT / "sample_budgets" / "westmark_budget_fy2025.xlsx"


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.sendPostedEvents()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def rate_some_claims(session) -> None:
    """A delegation's first pass: the security-related lines get categories, a few claims
    are judged likely to be contested."""
    plan = session.plan
    budget = plan.budget
    security = np.flatnonzero(budget.buckets == Bucket.SECURITY)
    core = np.flatnonzero(budget.buckets == Bucket.CORE)
    session.execute(SetDeclarationCategory(plan, security, "Critical infrastructure"))
    session.execute(SetEvidence(plan, security[:3], "CI designation act 2024, annex II"))
    session.execute(SetChallengeRisk(plan, security[: max(1, len(security) // 2)], Risk.HIGH,
                                     reason="dual-use civil infrastructure"))
    session.execute(SetChallengeRisk(plan, core[-3:], Risk.HIGH, reason="pensions moved in"))
    session.execute(SetChallengeRisk(plan, core[:5], Risk.LOW))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    out = Path(parser.parse_args().out)
    app = QApplication.instance() or QApplication([])
    apply_theme(app, "light")
    settings = QSettings(str(out / ".screenshot-settings.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(settings)
    window.resize(1600, 1000)
    window.show()
    settle(app)
    session = window.install_plan(str(BUDGET), read_budget(str(BUDGET)))
    rate_some_claims(session)
    settle(app)
    band = QWidget()
    band.resize(1500, 620)
    row = QHBoxLayout(band)
    dashboard, trajectory = window.dashboard, window.trajectory
    row.addWidget(dashboard.summary_box, 2)
    row.addWidget(trajectory.chart_box, 3)
    band.show()
    settle(app)
    band.grab().save(str(out / "claims_band.png"))
    chart = window.claims.categories_chart
    chart.setParent(None)
    chart.resize(900, 480)
    chart.show()
    settle(app)
    chart.grab().save(str(out / "nato_categories.png"))
    panel = window.claims.checks_panel
    for i in range(panel.tree.topLevelItemCount()):  # open the group a committee asks first
        group = panel.tree.topLevelItem(i)
        group.setExpanded(group.text(0).startswith("High-risk"))
    panel.setParent(None)
    panel.resize(900, 420)
    panel.show()
    settle(app)
    panel.grab().save(str(out / "checks_panel.png"))
    settings.clear()
    for name in ("claims_band.png", "nato_categories.png", "checks_panel.png"):
        print(out / name, (out / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
