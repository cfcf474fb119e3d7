"""The Checks panel: the guardrails core/checks.py finds, year by year; click one to select
the lines behind it in the table. The panel computes nothing itself."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox, QHBoxLayout, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from ..core.checks import Check, CheckKind, plan_checks
from ..core.claim_commands import SetHighRiskAlert
from .plan_session import PlanSession
from .seen_refresh import RefreshWhenSeen

_CHECK_ROLE = Qt.ItemDataRole.UserRole + 7


class ChecksPanel(QWidget):
    lines_requested = Signal(object, str)  # line indices, what they are ("the unclassified lines")

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.checks: list[Check] = []
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Check / year", "What it found"])
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setToolTip("Click a check to select the lines behind it in the table")
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.itemActivated.connect(self._on_item_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(self._build_alert_row())
        self._redraw = RefreshWhenSeen(self, self.refresh)
        session.plan_did_change.connect(self._on_plan_did_change)
        self.refresh()

    def _build_alert_row(self) -> QHBoxLayout:
        self.alert_spin = QDoubleSpinBox()
        self.alert_spin.setRange(0.0, 100.0)
        self.alert_spin.setDecimals(1)
        self.alert_spin.setSuffix(" %")
        self.alert_spin.setKeyboardTracking(False)
        self.alert_spin.setToolTip("Flag a year when more than this share of its counted money "
                                   "rests on high-risk claims (an undoable setting)")
        self.alert_spin.valueChanged.connect(self._on_alert_changed)
        row = QHBoxLayout()
        label = QLabel("Flag a year when high-risk claims carry more of its counted money than")
        label.setWordWrap(True)  # the dock may be a narrow tab on a laptop
        row.addWidget(label, 1)
        row.addWidget(self.alert_spin)
        return row

    def _on_plan_did_change(self, change) -> None:
        if change.figures_changed:  # a rationale or evidence edit moves nothing here
            self._redraw.figures_changed()  # now if on screen, else when shown

    def refresh(self) -> None:
        plan = self.session.plan
        self.checks = plan_checks(plan)
        self.alert_spin.blockSignals(True)
        self.alert_spin.setValue(plan.targets.high_risk_alert_pct)
        self.alert_spin.blockSignals(False)
        expanded = {self.tree.topLevelItem(i).text(0) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        for kind in CheckKind:
            found = [i for i, c in enumerate(self.checks) if c.kind == kind]
            if found:
                self.tree.addTopLevelItem(self._group_item(kind, found, expanded))
        self.summary_label.setText(self._summary())

    def _group_item(self, kind: CheckKind, found: list[int], expanded: set[str]
                    ) -> QTreeWidgetItem:
        """One row per kind of check ('in 12 years: 2024-2035'), its years below it."""
        years = [self.checks[i].year for i in found]
        group = QTreeWidgetItem([kind.value, f"in {len(years)} year{'s' if len(years) != 1 else ''}: "
                                 f"{year_ranges(years)}"])
        group.setData(0, _CHECK_ROLE, found)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        for col in range(2):
            group.setToolTip(col, f"{kind.value}: click to select the lines behind it in every "
                                  "budget year; expand for each year")
        for i in found:
            check = self.checks[i]
            child = QTreeWidgetItem([str(check.year), check.message])
            child.setData(0, _CHECK_ROLE, [i])
            tip = f"{check.message}\nClick to select {check.lines_behind} ({check.year})."
            child.setToolTip(0, tip)
            child.setToolTip(1, tip)
            group.addChild(child)
        group.setExpanded(kind.value in expanded or len(found) <= 2)
        return group

    def _summary(self) -> str:
        if not self.checks:
            return "All checks pass: nothing for a committee to pick at."
        kinds = len({c.kind for c in self.checks})
        return (f"{kinds} kind{'s' if kinds != 1 else ''} of check to look at, "
                f"{len(self.checks)} year-findings. Click one to select its lines in the table.")

    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        picked = [self.checks[i] for i in item.data(0, _CHECK_ROLE)]
        lines = np.unique(np.concatenate([c.lines() for c in picked])).astype(np.intp)
        first = picked[0]
        years = year_ranges([c.year for c in picked])
        self.lines_requested.emit(lines, f"{first.lines_behind} ({years})")

    def _on_alert_changed(self, value: float) -> None:
        if value != self.session.plan.targets.high_risk_alert_pct:
            self.session.execute(SetHighRiskAlert(self.session.plan, value))


def year_ranges(years: list[int]) -> str:
    """'2024, 2026-2035' from sorted years."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}" if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
