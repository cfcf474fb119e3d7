"""Before rules apply: how many lines change, where the money moves and what it does to the
pledge figures each year. Every figure comes from core (rule_commands.preview_suggestions)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..core.money import signed_money_text
from ..core.plan import Plan
from ..core.rule_commands import RulePreview, preview_suggestions
from ..core.suggestions import Suggestions
from ..core.taxonomy import Bucket
from .money_text import percent_text
from .wording import count_text

_MONEY_ROWS = (("core", "Core defence"), ("security", "Security-related"),
               ("not_counted", "Not counted"), ("unclassified", "Unclassified"))
_PCT_ROWS = (("core_pct_gdp", "Core defence, % of GDP"),
             ("security_pct_gdp", "Security-related, % of GDP"),
             ("counted_pct_gdp", "Counted toward the pledge, % of GDP"))


def _signed(amount: float, currency: str | None) -> str:
    if abs(amount) < 0.005:
        return "no change"
    return signed_money_text(amount, currency)


class RulePreviewDialog(QDialog):
    """What applying the suggestions would change; Apply runs it as one undoable step.

    By default only unclassified lines change. When the rulebook also disagrees with lines
    someone classified, a check box lets the user ask for those too (the preview follows)."""

    def __init__(self, plan: Plan, suggestions: Suggestions, rulebook_name: str,
                 parent: QWidget | None = None, overriding: Suggestions | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Apply rule suggestions")
        self._plan, self._name = plan, rulebook_name
        self._choices = {False: suggestions, True: overriding}
        self._previews: dict[bool, RulePreview] = {}
        self.currency = plan.budget.source.currency
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        extra = 0 if overriding is None else len(overriding) - len(suggestions)
        self.override_box = QCheckBox(f"Also change {count_text(extra, 'line')} someone already "
                                      "classified, where the rules disagree")
        self.override_box.setToolTip("Off: rules never touch a classification a person made")
        self.override_box.setVisible(extra > 0)
        self.table = self._figures_table(plan)
        layout.addWidget(self.table)
        self.override_box.toggled.connect(self._show)
        layout.addWidget(self.override_box)
        note = QLabel("Money moved is the counted amount per year (after counted shares). "
                      "Applying is one step: Edit > Undo (Ctrl+Z) restores every line.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show()
        self.resize(max(640, self.table.width() + 40), self.sizeHint().height())

    @property
    def chosen(self) -> Suggestions:
        """The suggestions Apply would accept (with or without classified lines)."""
        return self._choices[self.override_box.isChecked()]

    @property
    def preview(self) -> RulePreview:
        overriding = self.override_box.isChecked()
        if overriding not in self._previews:
            self._previews[overriding] = preview_suggestions(self._plan, self.chosen)
        return self._previews[overriding]

    def _show(self) -> None:
        self.summary.setText(self._summary(self._name))
        self._fill_table(self.table)
        self.apply_button.setText(f"Apply to {count_text(self.preview.lines, 'line')}")
        self.apply_button.setEnabled(self.preview.lines > 0)

    def _summary(self, rulebook_name: str) -> str:
        parts = [f"{count_text(n, 'line')} to {bucket.label}"
                 for bucket, n in self.preview.lines_by_bucket.items()]
        if not parts:
            return f"The rulebook '{rulebook_name}' has no suggestion for an unclassified line."
        return (f"Rulebook '{rulebook_name}' classifies {count_text(self.preview.lines, 'line')}"
                f": {', '.join(parts)}.")

    def _figures_table(self, plan: Plan) -> QTableWidget:
        years = plan.years
        rows = [label + " (money moved)" for _, label in _MONEY_ROWS] + \
            [label for _, label in _PCT_ROWS]
        table = QTableWidget(len(rows), len(years), self)
        table.setHorizontalHeaderLabels([str(y) for y in years])
        table.setVerticalHeaderLabels(rows)
        self._fill_table(table)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        widest = max([table.columnWidth(c) for c in range(table.columnCount())] + [0])
        for column in range(table.columnCount()):  # equal years side by side
            table.setColumnWidth(column, widest + 12)
        frame = 2 * table.frameWidth()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height()
                             + table.verticalHeader().length() + frame)
        table.setFixedWidth(table.verticalHeader().sizeHint().width()
                            + table.horizontalHeader().length() + frame)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setToolTip("Per budget year: the counted money each classification gains (+) or "
                         "loses (−), and the pledge figures before → after")
        return table

    def _fill_table(self, table: QTableWidget) -> None:
        preview = self.preview
        for column in range(len(preview.before)):
            moved = preview.moved(column)
            for row, (key, _) in enumerate(_MONEY_ROWS):
                self._set(table, row, column, _signed(moved[key], self.currency))
            before, after = preview.before[column], preview.after[column]
            for offset, (key, _) in enumerate(_PCT_ROWS):
                old, new = getattr(before, key), getattr(after, key)
                text = percent_text(new) if old == new else \
                    f"{percent_text(old)} → {percent_text(new)}"
                self._set(table, len(_MONEY_ROWS) + offset, column, text)

    @staticmethod
    def _set(table: QTableWidget, row: int, column: int, text: str) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(row, column, item)

    def lines_to(self, bucket: Bucket) -> int:
        return self.preview.lines_by_bucket.get(bucket, 0)
