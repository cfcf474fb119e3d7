"""Close-the-gap, shown before it is applied: one row per year below the credible path with
the extra core and security-related money and the shares of GDP it would give."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.money import money_text
from ..core.close_gap import GapProposal


class CloseTheGapDialog(QDialog):
    """Shows the proposal, year by year, before anything changes."""

    HEADERS = ("Year", "Extra core", "Extra security-related", "Core % of GDP after",
               "Security-related % after", "Counted % after", "Note")

    def __init__(self, proposal: GapProposal, currency: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Close the gap to the credible path")
        self.table = QTableWidget(len(proposal.steps), len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().hide()
        # read-only: an editable table took Enter for itself, so Enter did not apply
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, step in enumerate(proposal.steps):
            a = step.after
            cells = (f"{step.year}{' (planned)' if step.planned else ''}",
                     money_text(step.extra_core, currency), money_text(step.extra_security, currency),
                     f"{a.core_pct_gdp:.2f}%", f"{a.security_pct_gdp:.2f}%",
                     f"{a.counted_pct_gdp:.2f}%", step.note)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        # notes are rare: an empty, clipped 'Note' column made the table scroll sideways
        self.table.setColumnHidden(len(self.HEADERS) - 1, not any(s.note for s in proposal.steps))
        self.table.horizontalHeader().setStretchLastSection(True)
        intro = QLabel("Core is raised to the core path first, then security-related spending up "
                       "to the 1.5% ceiling, then the rest goes to core. Budget years spread the "
                       "extra over their lines in proportion; planned years over sub-categories. "
                       f"Total extra: {money_text(proposal.extra_total, currency)}.")
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        apply = buttons.addButton("Apply (one undo step)", QDialogButtonBox.ButtonRole.AcceptRole)
        apply.setToolTip("Apply every row as one undoable step (Enter)")
        apply.setDefault(True)
        self.apply_button = apply
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.table, buttons):
            layout.addWidget(widget)
        self.resize(820, 380)
