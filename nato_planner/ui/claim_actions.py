"""Rate, categorise and document claims for a whole selection: one command, one undo step.

The same QActions sit in the Claims menu and the table's context menu. Also here: the claims
register (filter the table to the claims under review), a claim's history from the audit
log, and the one-click export of the Claims sheet alone.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHeaderView, QInputDialog,
    QLabel, QLineEdit, QMenu, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ..core.audit import line_history
from ..core.claim_commands import (
    CLAIM_FIELDS, SetChallengeRisk, SetDeclarationCategory, SetEvidence,
)
from ..core.claims import DECLARATION_CATEGORIES, RISK_MEANING, Risk
from ..core.errors import PlannerError
from .plan_session import PlanSession

SelectedLines = Callable[[], np.ndarray]
RISK_SHORTCUTS = {Risk.LOW: "Alt+Shift+1", Risk.MEDIUM: "Alt+Shift+2", Risk.HIGH: "Alt+Shift+3",
                  Risk.NONE: "Alt+Shift+0"}


class ClaimActions(QObject):
    """Claim edits for whatever lines `selected_lines()` returns."""

    def __init__(self, selected_lines: SelectedLines, parent: QWidget,
                 show_claims: Callable[[bool], None]) -> None:
        super().__init__(parent)
        self.session: PlanSession | None = None
        self._selected_lines, self._parent = selected_lines, parent
        self.risk_actions = {risk: self._risk_action(risk) for risk in RISK_SHORTCUTS}
        self.rate_with_reason_action = self._action(
            "Rate with a reason…", "Alt+Shift+R", "Rate the selected claims and say why "
            "(kept in the claim's history)", self._on_rate_with_reason)
        self.declaration_action = self._action(
            "Set declaration category…", None, "The declaration category the selected "
            "security-related lines claim", self._on_set_declaration)
        self.evidence_action = self._action(
            "Set evidence…", None, "A reference backing the selected claims (Capability "
            "Target, legal designation, document id)", self._on_set_evidence)
        self.history_action = self._action(
            "Claim history…", None, "Who rated the selected claim, when and why",
            self._on_show_history)
        self.register_action = self._action(
            "Show claims under review", "Alt+Shift+C", "Filter the table to security-related "
            "and high-risk lines", lambda checked: show_claims(checked), checkable=True)
        self.export_action = self._action(
            "Export Claims sheet…", None, "Write the claims under review and the at-risk band "
            "as a small workbook for a committee", self._on_export_claims)

    def _action(self, text: str, shortcut: str | None, tip: str, handler,
                checkable: bool = False) -> QAction:
        action = QAction(text, self._parent)
        action.setCheckable(checkable)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)
        action.triggered.connect(handler)
        self._parent.addAction(action)
        return action

    def _risk_action(self, risk: Risk) -> QAction:
        text = "Clear challenge risk" if risk == Risk.NONE else f"Rate {risk.label} risk"
        tip = "Not judged yet" if risk == Risk.NONE else RISK_MEANING[risk].capitalize()
        return self._action(text, RISK_SHORTCUTS[risk], tip, lambda: self.rate(risk))

    def line_actions(self) -> list[QAction]:
        """Actions that need a selection."""
        return [*self.risk_actions.values(), self.rate_with_reason_action,
                self.declaration_action, self.evidence_action, self.history_action]

    def fill_menu(self, menu: QMenu, with_plan_actions: bool = True) -> QMenu:
        for risk in (Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.NONE):
            menu.addAction(self.risk_actions[risk])
        menu.addAction(self.rate_with_reason_action)
        menu.addSeparator()
        menu.addActions([self.declaration_action, self.evidence_action])
        menu.addSeparator()
        menu.addAction(self.history_action)
        if with_plan_actions:
            menu.addSeparator()
            menu.addActions([self.register_action, self.export_action])
        menu.setToolTipsVisible(True)
        return menu

    def set_enabled(self, has_selection: bool) -> None:
        for action in self.line_actions():
            action.setEnabled(has_selection and self.session is not None)
        for action in (self.register_action, self.export_action):
            action.setEnabled(self.session is not None)

    # --- edits ------------------------------------------------------------------------------
    def _lines(self) -> np.ndarray:
        return self._selected_lines() if self.session is not None else np.empty(0, np.intp)

    def _run(self, command) -> None:
        try:
            self.session.execute(command)
        except (PlannerError, ValueError) as error:
            QMessageBox.warning(self._parent, "Claims", str(error))

    def rate(self, risk: Risk, reason: str = "") -> None:
        lines = self._lines()
        if len(lines):
            self._run(SetChallengeRisk(self.session.plan, lines, risk, reason))

    def _on_rate_with_reason(self) -> None:
        lines = self._lines()
        if not len(lines):
            return
        dialog = RateDialog(len(lines), self._parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rate(dialog.risk(), dialog.reason())

    def _on_set_declaration(self) -> None:
        lines = self._lines()
        if not len(lines):
            return
        choices = ["", *DECLARATION_CATEGORIES]
        text, ok = QInputDialog.getItem(
            self._parent, "Declaration category", "Category the claim rests on (or type "
            "another, 'inter alia', with its reason):", choices, 0, True)
        if ok:
            self._run(SetDeclarationCategory(self.session.plan, lines, text))

    def _on_set_evidence(self) -> None:
        lines = self._lines()
        if not len(lines):
            return
        budget = self.session.plan.budget
        current = {str(t) for t in budget.evidence[lines[:1000]]}
        text, ok = QInputDialog.getText(
            self._parent, "Evidence", "Reference backing the claim (Capability Target, legal "
            "designation, corridor, document id):", QLineEdit.EchoMode.Normal,
            current.pop() if len(current) == 1 else "")
        if ok:
            self._run(SetEvidence(self.session.plan, lines, text))

    def _on_show_history(self) -> None:
        lines = self._lines()
        if len(lines):
            ClaimHistoryDialog(self.session, int(lines[0]), self._parent).exec()

    def _on_export_claims(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getSaveFileName(self._parent, "Export Claims sheet",
                                              "claims.xlsx", "Excel workbook (*.xlsx)")
        if path:
            self.export_claims_to(path)

    def export_claims_to(self, path: str) -> int | None:
        from ..io.claims_sheet import export_claims
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            count = export_claims(self.session.plan, path)
        except PlannerError as error:
            QMessageBox.warning(self._parent, "Export Claims sheet", str(error))
            return None
        self.session.step_did_happen.emit(f"Wrote {path}: {count:,} claim"
                                          f"{'s' if count != 1 else ''} under review.")
        return count


class RateDialog(QDialog):
    """Risk and the reason for it, for a rating a committee may ask about."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rate challenge risk")
        self.risk_combo = QComboBox()
        for risk in (Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.NONE):
            text = "(not rated)" if risk == Risk.NONE else f"{risk.label}: {RISK_MEANING[risk]}"
            self.risk_combo.addItem(text, int(risk))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("e.g. dual-use bridge; US warning of March 2026")
        form = QFormLayout()
        form.addRow(QLabel(f"{count:,} line{'s' if count != 1 else ''} selected"))
        form.addRow("Challenge risk:", self.risk_combo)
        form.addRow("Why:", self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def risk(self) -> Risk:
        return Risk(int(self.risk_combo.currentData()))

    def reason(self) -> str:
        return self.reason_edit.text()


class ClaimHistoryDialog(QDialog):
    """One claim's history from the audit log: when, who, what changed, why."""

    def __init__(self, session: PlanSession, line: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        budget = session.plan.budget
        name = " ".join(t for t in (str(budget.codes[line]), str(budget.descriptions[line])) if t)
        self.setWindowTitle(f"Claim history — {name}")
        entries = line_history(session.plan.audit, line, CLAIM_FIELDS)
        self.table = QTableWidget(len(entries), 4)
        self.table.setHorizontalHeaderLabels(["When", "Who", "What changed", "Why"])
        for row, entry in enumerate(entries):
            for col, text in enumerate((entry.time.strftime("%Y-%m-%d %H:%M"), entry.user,
                                        entry.what, entry.why)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        summary = QLabel(f"{name}: risk {budget.risks[line] and Risk(int(budget.risks[line])).label or 'not rated'}"
                         f", category {budget.declarations[line] or '(none)'}, evidence "
                         f"{budget.evidence[line] or '(none)'}."
                         + ("" if entries else " No rating or claim edit yet in this plan."))
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 320)
