"""Render the main window offscreen at the sizes delegates use, light and dark, into docs/.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--budget FILE] [--out DIR]

Writes planner_<width>x<height>_<theme>.png. The window is grabbed with QWidget.grab(), so
what the PNG shows is what the widgets draw at that size (look at every one before committing).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nato_planner.io.budget_import import read_budget  # noqa: E402
from nato_planner.ui.main_window import MainWindow  # noqa: E402
from nato_planner.ui.palette import apply_theme  # noqa: E402

SIZES = ((1366, 768), (1920, 1080))


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.sendPostedEvents()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def render(app: QApplication, budget_path: str, size: tuple[int, int], theme: str,
           out: Path, year: int | None) -> Path:
    apply_theme(app, theme)
    settings = QSettings(str(out / ".screenshot-settings.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(settings)
    window.resize(*size)
    window.show()
    settle(app)
    session = window.install_plan(budget_path, read_budget(budget_path))
    if year is not None:
        session.select_year(year)
    settle(app)
    window.resize(*size)
    settle(app)
    path = out / f"planner_{size[0]}x{size[1]}_{theme}.png"
    window.grab().save(str(path))
    window.close()
    settings.clear()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default=str(ROOT / "sample_budgets" / "westmark_budget_fy2025.xlsx"))
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--year", type=int, default=None, help="year the dashboard shows")
    parser.add_argument("--only", default=None, help="e.g. 1366x768_light")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("NATO Planner Screenshots")
    out = Path(args.out)
    for size in SIZES:
        for theme in ("light", "dark"):
            if args.only and args.only != f"{size[0]}x{size[1]}_{theme}":
                continue
            print(render(app, args.budget, size, theme, out, args.year))
    (out / ".screenshot-settings.ini").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
