"""Settings > Pledge targets: floor, ceiling, total, target year, review year and equipment
guideline, stored with the plan (one undoable SetTargets). Every label in the app reads them
from plan.targets, so a delegate who plans against another figure sees it everywhere."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout,
    QWidget,
)

from ..core.errors import PlannerError
from ..core.planning_commands import SetTargets
from ..core.pledge import DEFAULT_TARGETS, PledgeTargets
from .plan_session import PlanSession

_PERCENT_FIELDS = (
    ("core_floor_pct", "Core defence floor", "At least this % of GDP on core defence"),
    ("security_ceiling_pct", "Security-related ceiling",
     "Up to this % of GDP of security-related spending counts"),
    ("total_pct", "Pledge total", "Counted spending (core + security up to the ceiling)"),
    ("equipment_guideline_pct", "Equipment guideline",
     "Share of core defence on major equipment incl. related R&D"),
)
_YEAR_FIELDS = (
    ("target_year", "Target year", "The year the pledge must be met"),
    ("review_year", "Review year", "The year the trajectory is reviewed"),
)


class TargetsDialog(QDialog):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Pledge targets")
        targets = session.plan.targets
        intro = QLabel("The targets this plan is held against. The defaults are the Hague "
                       "Summit Declaration's; change them to plan against another figure. "
                       "Stored with the plan; one undo step.")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.spins: dict[str, QDoubleSpinBox | QSpinBox] = {}
        for name, label, tip in _PERCENT_FIELDS:
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 100.0)
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.setSuffix(" % of GDP" if name != "equipment_guideline_pct" else " % of core")
            spin.setValue(getattr(targets, name))
            spin.setToolTip(f"{tip} (default {getattr(DEFAULT_TARGETS, name):g}%)")
            form.addRow(label + ":", spin)
            self.spins[name] = spin
        for name, label, tip in _YEAR_FIELDS:
            spin = QSpinBox()
            spin.setRange(2000, 2100)
            spin.setValue(getattr(targets, name))
            spin.setToolTip(f"{tip} (default {getattr(DEFAULT_TARGETS, name)})")
            form.addRow(label + ":", spin)
            self.spins[name] = spin
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        defaults = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setToolTip("Put the Hague pledge's figures back in the boxes")
        defaults.clicked.connect(self._on_restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def entered_targets(self) -> PledgeTargets:
        values = {name: spin.value() for name, spin in self.spins.items()}
        return replace(self.session.plan.targets, **values)

    def _on_restore_defaults(self) -> None:
        for name, spin in self.spins.items():
            spin.setValue(getattr(DEFAULT_TARGETS, name))

    def accept(self) -> None:
        targets = self.entered_targets()
        if targets != self.session.plan.targets:
            try:
                self.session.execute(SetTargets(self.session.plan, targets))
            except PlannerError as error:  # e.g. a total below the floor
                self.error_label.setText(str(error))
                return
        super().accept()
