"""Add or remove money for one year and bucket, and choose where it goes, with the preview on
screen before anything changes (Anaplan's breakback, TM1's spreading).

Ways: where planners put it (new core money onto equipment and operations, not pay or
pensions), in proportion, onto chosen sub-categories (or the lines selected in the table),
equally, or by growth %. Held lines stay put (hold them in the table, Ctrl+H); in planning
years a sub-category can be held here, with the Hold box of its row. Apply (or Enter) runs
ONE command (core.planning_commands.ApplySpread): one undo step. Every figure in the preview
comes from core.spread.preview_spread.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
    QFormLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.errors import PlannerError
from ..core.money import money_text
from ..core.plan import bucket_slots
from ..core.planning_commands import ApplySpread, SetPlannedHold
from ..core.spread import SPREAD_MODES, SpreadPreview, SpreadRequest, preview_spread
from ..core.taxonomy import SLOTS, Bucket
from .actual_years import confirm_actual_year_edit, is_actual
from .plan_session import PlanSession

HEADERS = ("Use", "Sub-category", "Now", "Change", "After", "Lines moved", "Hold")
_USE, _NAME, _NOW, _CHANGE, _AFTER, _LINES, _HOLD = range(len(HEADERS))
_MODE_ORDER = ("default", "proportional", "chosen", "equal", "growth")


class SpreadDialog(QDialog):
    def __init__(self, session: PlanSession, year: int, bucket: Bucket, delta: float,
                 selected_lines: np.ndarray | None = None, parent: QWidget | None = None,
                 mode: str = "default") -> None:
        super().__init__(parent)
        self.session, self.year, self.bucket = session, year, Bucket(bucket)
        self.selected_lines = None if selected_lines is None or not len(selected_lines) \
            else np.asarray(selected_lines, dtype=np.intp)
        self.preview: SpreadPreview | None = None
        self.slots = bucket_slots(self.bucket)
        planned = session.plan.is_planned_year(year)
        self.setWindowTitle(f"Spread money over {year} {self.bucket.label}")
        currency = session.plan.budget.source.currency or ""
        self.amount_spin = QDoubleSpinBox()
        self.amount_spin.setRange(-1e6, 1e6)
        self.amount_spin.setDecimals(3)
        self.amount_spin.setSuffix(f" {currency} bn".rstrip() if currency else " bn")
        self.amount_spin.setValue(delta / 1e9)
        self.amount_spin.setToolTip("Money to add (negative: to remove), counted money")
        self.mode_combo = QComboBox()
        for key in _MODE_ORDER:
            self.mode_combo.addItem(SPREAD_MODES[key], key)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))
        self.mode_combo.setToolTip("Where the money goes; the table below shows it before "
                                   "anything changes")
        self.growth_spin = QDoubleSpinBox()
        self.growth_spin.setRange(-100.0, 1000.0)
        self.growth_spin.setDecimals(2)
        self.growth_spin.setSuffix(" %")
        self.growth_spin.setToolTip("By growth %: every chosen sub-category grows by this much "
                                    "(the amount above is then worked out from it)")
        self.lines_box = QCheckBox("Only the lines selected in the table"
                                   + (f" ({len(self.selected_lines):,})"
                                      if self.selected_lines is not None else ""))
        self.lines_box.setEnabled(self.selected_lines is not None and not planned)
        self.lines_box.setToolTip("Spread onto the selected lines only (budget years)")
        form = QFormLayout()
        form.addRow("Money to add:", self.amount_spin)
        form.addRow("Where it goes:", self.mode_combo)
        form.addRow("Growth:", self.growth_spin)
        form.addRow("", self.lines_box)
        self.table = self._build_table(planned)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Apply (one undo step)",
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setToolTip("Spread the money as previewed (Enter)")
        self.apply_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addWidget(buttons)
        for signal in (self.amount_spin.valueChanged, self.growth_spin.valueChanged):
            signal.connect(lambda _v: self.refresh())
        self.mode_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.lines_box.toggled.connect(lambda _c: self.refresh())
        self.resize(760, 480)
        self.refresh()

    def _build_table(self, planned: bool) -> QTableWidget:
        table = QTableWidget(len(self.slots), len(HEADERS))
        table.setHorizontalHeaderLabels(HEADERS)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for row, slot in enumerate(self.slots):
            use = QTableWidgetItem()
            use.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            use.setCheckState(Qt.CheckState.Unchecked)
            use.setToolTip("With 'onto chosen sub-categories': tick where the money goes")
            table.setItem(row, _USE, use)
            table.setItem(row, _NAME, QTableWidgetItem(SLOTS[slot].label))
            hold = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsUserCheckable | (Qt.ItemFlag.ItemIsEnabled if planned
                                                       else Qt.ItemFlag.NoItemFlags)
            hold.setFlags(flags)
            hold.setToolTip("Hold this sub-category in this planning year: spreads leave it "
                            "alone (its own undo step)" if planned else
                            "In budget years lines are held, in the table (Ctrl+H)")
            table.setItem(row, _HOLD, hold)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_NAME, QHeaderView.ResizeMode.Stretch)
        table.itemChanged.connect(self._on_item_changed)
        return table

    # --- the request and its preview -------------------------------------------------------
    @property
    def mode(self) -> str:
        return str(self.mode_combo.currentData())

    def chosen_slots(self) -> tuple[int, ...]:
        return tuple(s for row, s in enumerate(self.slots)
                     if self.table.item(row, _USE).checkState() == Qt.CheckState.Checked)

    def choose_slots(self, slots) -> None:
        self.table.blockSignals(True)
        for row, slot in enumerate(self.slots):
            state = Qt.CheckState.Checked if slot in slots else Qt.CheckState.Unchecked
            self.table.item(row, _USE).setCheckState(state)
        self.table.blockSignals(False)
        self.refresh()

    def request(self) -> SpreadRequest:
        lines = tuple(int(i) for i in self.selected_lines) \
            if self.lines_box.isChecked() and self.selected_lines is not None else None
        slots = self.chosen_slots() if self.mode == "chosen" and lines is None else None
        if self.mode == "chosen" and lines is None and not slots:
            raise PlannerError("Tick the sub-categories the money goes to (the Use column), "
                               "or choose another way to spread it.")
        growth = self.growth_spin.value() if self.mode == "growth" else None
        return SpreadRequest(self.year, self.bucket, self.amount_spin.value() * 1e9,
                             "chosen" if lines is not None else self.mode, slots, lines, growth)

    def refresh(self) -> None:
        self.growth_spin.setEnabled(self.mode == "growth")
        self.amount_spin.setEnabled(self.mode != "growth")
        try:
            self.preview = preview_spread(self.session.plan, self.request())
        except PlannerError as error:
            self.preview = None
            self.summary_label.setText(str(error))
            self.apply_button.setEnabled(False)
            self._fill(None)
            return
        self._fill(self.preview)
        currency = self.session.plan.budget.source.currency
        self.summary_label.setText(
            f"{'Adds' if self.preview.delta >= 0 else 'Removes'} "
            f"{money_text(abs(self.preview.delta), currency)}: {self.preview.summary()}. "
            "Held lines and held sub-categories stay put.")
        self.apply_button.setEnabled(bool(self.preview.delta))

    def _fill(self, preview: SpreadPreview | None) -> None:
        plan = self.session.plan
        currency = plan.budget.source.currency
        moves = {m.slot: m for m in preview.moves} if preview else {}
        totals = plan.slot_totals(self.year)
        self.table.blockSignals(True)
        for row, slot in enumerate(self.slots):
            move = moves.get(slot)
            now = float(totals[slot])
            change = move.delta if move else 0.0
            cells = {_NOW: money_text(now, currency),
                     _CHANGE: (("+" if change > 0 else "") + money_text(change, currency))
                     if change else "—",
                     _AFTER: money_text(now + change, currency),
                     _LINES: "" if plan.is_planned_year(self.year) else
                     (f"{move.lines_moved:,}" if move else "0")}
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            held = (self.year, slot) in plan.planning.held_slots
            self.table.item(row, _HOLD).setCheckState(Qt.CheckState.Checked if held
                                                     else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == _HOLD:
            slot = self.slots[item.row()]
            held = item.checkState() == Qt.CheckState.Checked
            if held != ((self.year, slot) in self.session.plan.planning.held_slots):
                self.session.execute(SetPlannedHold(self.session.plan, self.year, slot, held))
        self.refresh()

    def set_hold(self, slot: int, held: bool) -> None:
        """Tick a sub-category's Hold box, as a delegate would."""
        row = self.slots.index(slot)
        self.table.item(row, _HOLD).setCheckState(Qt.CheckState.Checked if held
                                                 else Qt.CheckState.Unchecked)

    # --- applying -----------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()  # Enter applies, wherever the focus is
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        if self.preview is None or not self.preview.delta:
            return
        plan = self.session.plan
        actual = not plan.is_planned_year(self.year) and is_actual(plan.budget, self.year, False)
        if actual and not confirm_actual_year_edit(self, plan.budget, self.year, False):
            return
        try:
            self.session.execute(ApplySpread(plan, self.request(), confirm_actual=actual))
        except PlannerError as error:
            self.summary_label.setText(str(error))
            return
        super().accept()
