"""Close the gap, two ways, shown before it is applied: "on the credible path" (each year at
or above both straight lines) or "now" (each year at the core floor and the security-related
ceiling). One row per year with the extra money, WHERE it goes (per sub-category) and the
shares of GDP it would give; Apply (or Enter) runs it as one undo step."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.close_gap import CLOSE_GAP_MODES, GapProposal, propose_close_gap
from ..core.errors import PlannerError
from ..core.money import money_text
from ..core.planning_commands import CloseTheGap
from .plan_session import PlanSession
from .target_words import TargetWords

HEADERS = ("Year", "Extra core", "Core money goes to", "Extra security-related",
           "Security-related money goes to", "Core %", "Security %", "Counted %", "Note")


class CloseTheGapDialog(QDialog):
    """Shows the proposal of the chosen mode, year by year, before anything changes."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None,
                 mode: str = "path") -> None:
        super().__init__(parent)
        self.session = session
        self.proposal: GapProposal | None = None
        self.setWindowTitle("Close the gap")
        self.mode_buttons = QButtonGroup(self)
        modes = QHBoxLayout()
        words = TargetWords.of(session.plan.targets)
        tips = {"path": "Every year at or above the credible path (counted and core), the "
                        f"target year at {words.floor} core and {words.total} counted",
                "now": f"Every year at {words.floor} core and {words.ceiling} security-related "
                       "now, not step by step"}
        for key, text in CLOSE_GAP_MODES.items():
            button = QRadioButton(text[0].upper() + text[1:])
            button.setToolTip(tips[key])
            button.setChecked(key == mode)
            self.mode_buttons.addButton(button)
            button.setProperty("mode", key)
            modes.addWidget(button)
        modes.addStretch(1)
        self.mode_buttons.buttonClicked.connect(lambda _b: self.refresh())
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        # read-only: an editable table took Enter for itself, so Enter did not apply
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Apply (one undo step)",
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setToolTip("Apply every row as one undoable step (Enter)")
        self.apply_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(modes)
        for widget in (self.intro, self.table, buttons):
            layout.addWidget(widget)
        self.resize(1100, 460)
        self.refresh()

    @property
    def mode(self) -> str:
        return str(self.mode_buttons.checkedButton().property("mode"))

    def set_mode(self, mode: str) -> None:
        for button in self.mode_buttons.buttons():
            button.setChecked(button.property("mode") == mode)
        self.refresh()

    def refresh(self) -> None:
        plan = self.session.plan
        self.proposal = propose_close_gap(plan, self.mode)
        currency = plan.budget.source.currency
        words = TargetWords.of(plan.targets)
        steps = self.proposal.steps
        self.table.setRowCount(len(steps))
        for row, step in enumerate(steps):
            a = step.after
            cells = (f"{step.year}{' (planned)' if step.planned else ''}",
                     money_text(step.extra_core, currency),
                     step.core_spread.summary() if step.core_spread else "—",
                     money_text(step.extra_security, currency),
                     step.security_spread.summary() if step.security_spread else "—",
                     _pct(a.core_pct_gdp), _pct(a.security_pct_gdp), _pct(a.counted_pct_gdp),
                     step.note)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in (2, 4):  # where the money goes: the widest text, kept readable
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.table.setColumnHidden(len(HEADERS) - 1, not any(s.note for s in steps))
        rule = ("Core is raised to the core path first, then security-related spending up to "
                f"the {words.ceiling} ceiling, then the rest goes to core."
                if self.mode == "path" else
                f"Every year gets core to {words.floor} and security-related to "
                f"{words.ceiling} of GDP.")
        self.intro.setText(
            f"{rule} New core money goes to equipment and operations, not pay or pensions; "
            "security-related money to security-related sub-categories. Held lines and held "
            f"sub-categories stay put. Total extra: "
            f"{money_text(self.proposal.extra_total, currency)}."
            if steps else f"Every year is already {self.proposal.mode_label}: nothing to add.")
        self.apply_button.setEnabled(bool(steps))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # wrapped 'goes to' cells at their shown width

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    def keyPressEvent(self, event) -> None:
        """Enter applies, wherever the focus is (the table kept Enter for itself)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        if self.proposal is None or not self.proposal.steps:
            super().reject()
            return
        try:
            self.session.execute(CloseTheGap(self.session.plan, self.proposal))
        except PlannerError as error:
            self.intro.setText(str(error))
            return
        super().accept()


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"
