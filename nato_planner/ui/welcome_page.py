"""The first thing a new user sees (no budget open): the sample budgets, "Open my budget…",
the files opened recently, and where to learn the words. Opening is the window's job: this
page only says what was asked for."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QScrollArea, QSizePolicy, QVBoxLayout, QWidget,
)

from ..core.glossary import tooltip
from ..core.pledge import DEFAULT_TARGETS
from .target_words import TargetWords

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "sample_budgets"
SAMPLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_HEADING = re.compile(r"^###\s+(\S+)\s+-\s+(.+)$")


@dataclass(frozen=True)
class SampleBudget:
    path: Path
    summary: str  # "large ally, all ministries (EUR millions)"


def sample_budgets(folder: Path = SAMPLES_DIR) -> list[SampleBudget]:
    """The bundled samples, described by the headings of sample_budgets/README.md."""
    if not folder.is_dir():
        return []
    described: dict[str, str] = {}
    readme = folder / "README.md"
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            match = _HEADING.match(line)
            if match:
                described[match.group(1)] = match.group(2).strip()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES)
    return [SampleBudget(p, described.get(p.name, p.suffix.lstrip(".").upper() + " workbook"))
            for p in files]


def _heading(text: str, scale: float = 1.15) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class WelcomePage(QWidget):
    sample_chosen = Signal(str)  # path
    recent_chosen = Signal(str)  # path
    open_requested = Signal()  # the file dialog
    guide_requested = Signal()
    glossary_requested = Signal()

    def __init__(self, parent: QWidget | None = None, samples_dir: Path = SAMPLES_DIR) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomePage")
        self.setToolTip("Drop a budget workbook anywhere on this window to open it")
        card = QFrame()
        card.setObjectName("WelcomeCard")
        card.setMaximumWidth(1100)
        grid = QGridLayout(card)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(8)
        grid.addWidget(self._intro(), 0, 0, 1, 2)
        grid.addLayout(self._samples_column(samples_dir), 1, 0)
        grid.addLayout(self._own_budget_column(), 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addStretch(1)
        outer.addWidget(card, 20)
        outer.addStretch(1)

    # --- building ----------------------------------------------------------------------------
    def _intro(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 8)
        t = TargetWords.of(DEFAULT_TARGETS)  # the declaration's figures, from one place
        layout.addWidget(_heading(f"Plan the path to NATO's {t.total} pledge", 1.6))
        text = QLabel(
            f"The Hague pledge (25 June 2025): <b>{t.total} of GDP a year by {t.year}</b>, "
            f"made of <b>at least {t.floor} core defence</b> (a floor) and <b>up to "
            f"{t.ceiling} security-related spending</b> (a ceiling). Open your national "
            "budget workbook as it is published, "
            f"classify its lines, see the gap for every year to {t.year}, and export a revised "
            "plan. "
            "Right-click any figure and choose <i>Explain</i> to see where it comes from.")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setToolTip(tooltip("pledge"))
        layout.addWidget(text)
        return box

    def _samples_column(self, samples_dir: Path) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(_heading("Try a sample budget"))
        note = QLabel("Six fictional allies, in the shapes budget offices publish. The sample "
                      "file is never changed.")
        note.setWordWrap(True)
        column.addWidget(note)
        self.sample_list = QListWidget()
        self.sample_list.setObjectName("SampleBudgets")
        self.sample_list.setToolTip("Double-click (or press Enter) to open a sample budget")
        for sample in sample_budgets(samples_dir):
            item = QListWidgetItem(f"{sample.path.name}\n    {sample.summary}")
            item.setData(Qt.ItemDataRole.UserRole, str(sample.path))
            item.setToolTip(str(sample.path))
            self.sample_list.addItem(item)
        self.sample_list.itemActivated.connect(
            lambda item: self.sample_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.sample_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        column.addWidget(self.sample_list, 1)
        self.open_sample_button = QPushButton("Open the selected sample")
        self.open_sample_button.clicked.connect(self._on_open_sample_clicked)
        self.open_sample_button.setEnabled(self.sample_list.count() > 0)
        column.addWidget(self.open_sample_button, 0, Qt.AlignmentFlag.AlignLeft)
        if self.sample_list.count():
            self.sample_list.setCurrentRow(0)
        return column

    def _own_budget_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(_heading("Your budget"))
        self.open_button = QPushButton("Open my budget…")
        self.open_button.setObjectName("OpenMyBudget")
        self.open_button.setToolTip("Choose a budget workbook: Excel (.xlsx, .xls), "
                                    "OpenDocument (.ods) or CSV (Ctrl+O)")
        self.open_button.setDefault(True)
        self.open_button.setMinimumHeight(36)
        self.open_button.clicked.connect(self.open_requested)
        column.addWidget(self.open_button)
        hint = QLabel("Or drop the file on this window. Excel, OpenDocument or CSV, as "
                      "published: the import preview shows what was found before anything "
                      "is counted.")
        hint.setWordWrap(True)
        column.addWidget(hint)
        column.addSpacing(8)
        column.addWidget(_heading("Recent"))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("RecentFiles")
        self.recent_list.setToolTip("Double-click to open a file you opened before")
        self.recent_list.itemActivated.connect(
            lambda item: self.recent_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        column.addWidget(self.recent_list, 1)
        self.no_recent_label = QLabel("Nothing opened yet.")
        column.addWidget(self.no_recent_label)
        column.addSpacing(8)
        learn = QHBoxLayout()
        guide = QPushButton("User guide (F1)")
        guide.setToolTip("Ten minutes from the budget to a plan you can defend")
        guide.clicked.connect(self.guide_requested)
        glossary = QPushButton("Glossary")
        glossary.setToolTip("Floor, ceiling, counted share, credible path and the other terms")
        glossary.clicked.connect(self.glossary_requested)
        learn.addWidget(guide)
        learn.addWidget(glossary)
        learn.addStretch(1)
        column.addLayout(learn)
        return column

    # --- updating ----------------------------------------------------------------------------
    def set_recent_files(self, paths: list[str]) -> None:
        self.recent_list.clear()
        for path in paths:
            item = QListWidgetItem(f"{os.path.basename(path)}\n    {os.path.dirname(path)}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            if not os.path.exists(path):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(f"{path} (no longer there)")
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(paths))
        self.no_recent_label.setVisible(not paths)

    def _on_open_sample_clicked(self) -> None:
        item = self.sample_list.currentItem()
        if item is not None:
            self.sample_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def sizeHint(self) -> QSize:
        return QSize(900, 560)


def show_docks_with_plan(docks, has_plan: bool, hidden_by_us: list) -> list:
    """Empty panels beside the welcome page are noise: hide them until a plan is open, then
    show again only those this hid (a panel the user closed stays closed)."""
    if has_plan:
        for dock in hidden_by_us:
            dock.show()
        return []
    newly = [dock for dock in docks if not dock.isHidden()]
    for dock in newly:
        dock.hide()
    return hidden_by_us + newly


def scrolling(page: QWidget) -> QScrollArea:
    """The page in a frameless scroll area: the window may be smaller than the page."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
