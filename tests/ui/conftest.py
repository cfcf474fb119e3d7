"""Fixtures for the desktop tests: a realistic budget, a session, and isolation from the
user's real settings and data folder (napari's autouse-settings pattern)."""
from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths  # noqa: E402

from nato_planner.core.budget import Budget, BudgetSource, CellProblem, LineColumns  # noqa: E402
from nato_planner.core.plan import Plan  # noqa: E402
from nato_planner.core.taxonomy import NO_SUBCATEGORY, SUBCATEGORY_INDEX, Bucket  # noqa: E402

YEARS = [2024, 2025, 2026, 2027]
_PROGRAMMES = [
    ("MoD", "02.1", "Army personnel pay and allowances", Bucket.CORE, "personnel"),
    ("MoD", "02.1", "Frigate replacement programme", Bucket.CORE, "equipment"),
    ("MoD", "02.4", "Military R&D: air defence sensors", Bucket.CORE, "equipment"),
    ("MoD", "10.2", "Military pensions", Bucket.CORE, "personnel"),
    ("Interior", "02.2", "Civil protection shelters", Bucket.SECURITY, "civil_preparedness"),
    ("Transport", "04.5", "Rail freight corridor East", Bucket.UNCLASSIFIED, None),
    ("Digital", "04.6", "National cyber security centre", Bucket.SECURITY, "networks_cyber"),
    ("Interior", "03.1", "Border guard", Bucket.UNCLASSIFIED, None),
    ("Foreign", "01.2", "Development aid", Bucket.NOT_COUNTED, None),
    ("Energy", "04.3", "Grid substation hardening", Bucket.UNCLASSIFIED, None),
]


def make_budget(lines: int = 240, seed: int = 7, errors: int = 2) -> Budget:
    """A budget in EUR thousands with every bucket, sub-categories, shares and error lines."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(_PROGRAMMES), lines)
    rows = [_PROGRAMMES[i] for i in picks]
    amounts = np.round(rng.uniform(50, 90_000, (lines, len(YEARS))), 0) * 1000.0
    amounts[::37, 1] *= -0.01  # a few negative corrections
    shares = np.where(rng.random(lines) < 0.1, 0.5, 1.0)
    amount_errors = np.zeros((lines, len(YEARS)), dtype=bool)
    messages = {}
    for line in range(errors):
        amount_errors[5 + line * 11, 2] = True
        amounts[5 + line * 11, 2] = 0.0
        messages[5 + line * 11] = [CellProblem(
            CellProblem.AMOUNT, 2026, "approx. 12",
            f"Row {8 + 5 + line * 11}, column 2026: 'approx. 12' is not a number.")]
    columns = LineColumns(
        years=YEARS, amounts=amounts,
        codes=[f"{r[1]}-{i:05d}" for i, r in enumerate(rows)],
        descriptions=[f"{r[2]} ({i})" for i, r in enumerate(rows)],
        organisations=[r[0] for r in rows], cofog=[r[1] for r in rows],
        buckets=[int(r[3]) for r in rows],
        subcategories=[SUBCATEGORY_INDEX[r[4]] if r[4] else NO_SUBCATEGORY for r in rows],
        shares=shares, source_rows=list(range(8, 8 + lines)),
        amount_errors=amount_errors, problems=messages)
    gdp = {2024: 7.1e11, 2025: 7.4e11, 2026: 7.6e11}  # 2027 deliberately missing
    return Budget(columns, gdp, BudgetSource("northland.xlsx", "Budget", "EUR", 1000.0))


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Keep every test away from the user's real QSettings and data folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    QCoreApplication.setOrganizationName("NATO Planner Tests")
    QCoreApplication.setApplicationName("nato-planner-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope,
                      str(tmp_path / "system-settings"))
    assert str(tmp_path) in QSettings().fileName()
    yield tmp_path
    QSettings().clear()


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch):
    """Modal message boxes never block a headless run: they are recorded and answer Cancel.

    A test that expects one patches QMessageBox itself; an unexpected 'critical' (a bug
    reported to the user) fails the test that caused it.
    """
    from PySide6.QtWidgets import QMessageBox
    shown: list[tuple[str, str]] = []

    def recorder(kind):
        def show(*args, **kwargs):
            shown.append((kind, str(args[2]) if len(args) > 2 else ""))
            return QMessageBox.StandardButton.Cancel
        return staticmethod(show)
    for kind in ("critical", "warning", "question", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    yield shown
    unexpected = [text for kind, text in shown if kind == "critical"]
    assert not unexpected, f"an unexpected error reached the user: {unexpected}"


@pytest.fixture
def budget() -> Budget:
    return make_budget()


@pytest.fixture
def plan(budget) -> Plan:
    return Plan(budget)


@pytest.fixture
def session(qapp, plan):
    from nato_planner.ui.plan_session import PlanSession
    return PlanSession(plan, "northland.xlsx")


def app_data_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
