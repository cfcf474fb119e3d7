"""Import preview: what the importer detected, over the sheet itself, and the user's corrections.

Corrections (sheet, header row, each column's role and year, scale, currency) re-run
read_budget with ImportOptions; an accepted correction is remembered for the same layout.
"""
from __future__ import annotations

import os
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractButton, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QPushButton, QSpinBox, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ..core.errors import PlannerError
from ..io.budget_import import (
    ColumnRole, ImportCancelled, ImportOptions, ImportResult, column_letter, preview_cells,
    read_budget_isolated, sheet_names, year_in,
)
from .background import run_in_background
from .import_memory import layout_fingerprint, remember_mapping
from .wording import count_text, gui_wording, line_count_text

PREVIEW_ROWS = 200
ROLE_ROW, YEAR_ROW, FIRST_CELL_ROW = 0, 1, 2
NO_YEAR = 1999  # the year spin box's "no year" value
SCALES = [("as stated (x 1)", 1.0), ("thousands (x 1,000)", 1e3),
          ("millions (x 1,000,000)", 1e6), ("billions (x 1,000,000,000)", 1e9)]
ROLE_LABELS = {ColumnRole.DESCRIPTION: "Description", ColumnRole.CODE: "Code",
               ColumnRole.ORGANISATION: "Organisation", ColumnRole.COFOG: "COFOG / function",
               ColumnRole.CLASSIFICATION: "Classification", ColumnRole.SUBCATEGORY: "Sub-category",
               ColumnRole.SHARE: "Counted share", ColumnRole.RATIONALE: "Rationale",
               ColumnRole.DECLARATION: "Declaration category",
               ColumnRole.RISK: "Challenge risk", ColumnRole.EVIDENCE: "Evidence",
               ColumnRole.AMOUNT: "Amount (fiscal year)",
               ColumnRole.YEAR: "Year of each row (long table)",
               ColumnRole.FLOW: "Revenue/spending flag", ColumnRole.IGNORED: "Ignored"}
Reader = Callable[..., ImportResult]
Previewer = Callable[..., list[list[str]]]


class ImportDialog(QDialog):
    """Shows `result` for `path`; `accepted` leaves the final ImportResult in `self.result`."""

    result_did_change = Signal(object)  # ImportResult after a re-read
    read_did_fail = Signal(str)

    def __init__(self, path: str, result: ImportResult | None, parent: QWidget | None = None,
                 fingerprint: str | None = None, reader: Reader = read_budget_isolated,
                 previewer: Previewer = preview_cells, note: str = "",
                 failure: str = "") -> None:
        """`result` None: detection failed (`failure` says why) and the user maps the columns
        by hand: header row, each column's role and year, then Re-read."""
        super().__init__(parent)
        self.path, self.result, self.fingerprint = path, result, fingerprint
        self._manual = result is None
        self._reader, self._previewer = reader, previewer
        self._accept_after_read = False
        self.corrected = False
        self.setWindowTitle(f"Import {os.path.basename(path)}")
        self._build(note)
        if result is not None:
            self._show_result(result)
        else:
            self._show_manual(failure)

    # --- layout --------------------------------------------------------------------------
    def _build(self, note: str) -> None:
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = QLabel(note)
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(note))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.error_label.hide()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_grid())
        splitter.addWidget(self._build_issue_list())
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.note_label)
        layout.addLayout(self._build_form())
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(self._build_buttons())

    def _build_form(self) -> QHBoxLayout:
        self.sheet_combo = QComboBox()
        self.sheet_combo.setToolTip("The sheet that holds the line items")
        self.sheet_combo.currentTextChanged.connect(self._on_sheet_did_change)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1000)
        self.header_spin.setToolTip("Row number (as the spreadsheet shows it) of the column headers")
        self.header_spin.valueChanged.connect(self._on_header_row_did_change)
        self.scale_combo = QComboBox()
        for text, scale in SCALES:
            self.scale_combo.addItem(text, scale)
        self.scale_combo.setToolTip("The unit the amounts are stated in; they are multiplied by it")
        self.scale_combo.currentIndexChanged.connect(self._on_option_did_change)
        self.currency_edit = QLineEdit()
        self.currency_edit.setMaxLength(8)
        self.currency_edit.setPlaceholderText("e.g. EUR")
        self.currency_edit.setToolTip("ISO currency code of the amounts (leave blank if unknown)")
        self.currency_edit.textEdited.connect(self._on_option_did_change)
        self.revenue_check = QCheckBox("Include revenue rows")
        self.revenue_check.setToolTip("Rows a flag column (or the budget's numbering) marks as "
                                      "revenue are left out of spending; tick to keep them")
        self.revenue_check.toggled.connect(self._on_option_did_change)
        row = QHBoxLayout()
        for label, widget in (("Sheet:", self.sheet_combo), ("Header row:", self.header_spin),
                              ("Amounts in:", self.scale_combo), ("Currency:", self.currency_edit)):
            form = QFormLayout()
            form.addRow(label, widget)
            row.addLayout(form)
        return row

    def _build_grid(self) -> QTableWidget:
        self.grid = QTableWidget()
        self.grid.setToolTip("The sheet as read. Top rows: the role and fiscal year of each "
                             "column; correct them with the drop-downs.")
        self.grid.setWordWrap(False)
        self.grid.setCornerButtonEnabled(False)
        for corner in self.grid.findChildren(QAbstractButton):
            corner.setToolTip("The sheet's rows and columns as the spreadsheet numbers them")
        return self.grid

    def _build_issue_list(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Skipped rows, rows with errors and assumptions:"))
        self.issue_list = QListWidget()
        self.issue_list.setToolTip("Rows left out of the line items, and why")
        layout.addWidget(self.issue_list)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        self.reread_button = QPushButton("Re-read with these settings")
        self.reread_button.setToolTip("Read the workbook again with the corrections above")
        self.reread_button.clicked.connect(self.reread)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Import")
        ok.setToolTip("Open the budget with these settings")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("Do not import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.reread_button)
        row.addWidget(self.revenue_check)  # beside Re-read: the form row must fit 800 px
        row.addStretch(1)
        row.addWidget(self.buttons)
        return row

    # --- showing a result ------------------------------------------------------------------
    def _show_result(self, result: ImportResult) -> None:
        d = result.detection
        self._dirty = False
        self._set_quietly(self.sheet_combo, lambda: self._fill_sheets(d.sheet_names, d.sheet))
        self._set_quietly(self.header_spin, lambda: self.header_spin.setValue(d.header_row))
        scale_row = max(0, self.scale_combo.findData(float(d.scale)))
        self._set_quietly(self.scale_combo, lambda: self.scale_combo.setCurrentIndex(scale_row))
        self.currency_edit.setText(d.currency or "")
        self._set_quietly(self.revenue_check,
                          lambda: self.revenue_check.setChecked(d.include_revenue))
        self.revenue_check.setEnabled(d.flow_column is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.summary_label.setText(self._summary(result))
        self._fill_grid(self._previewer(self.path, d.sheet, PREVIEW_ROWS), result)
        self._fill_issues(result)

    def _show_manual(self, failure: str) -> None:
        """Detection failed: the sheet as it is, every column 'Ignored', Import off until a
        re-read with the user's mapping succeeds."""
        self._dirty = False
        names = sheet_names(self.path)
        self._set_quietly(self.sheet_combo, lambda: self._fill_sheets(names, names[0]))
        self._set_quietly(self.header_spin, lambda: self.header_spin.setValue(1))
        self.revenue_check.setEnabled(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.summary_label.setText(
            f"<b>{os.path.basename(self.path)}</b>: the table could not be found by itself. "
            "Choose the header row and what each column holds (at least a description or "
            "code and one amount with its year, or a year column and an amount), then "
            "<i>Re-read with these settings</i>.")
        self.error_label.setText(gui_wording(failure))
        self.error_label.setVisible(bool(failure))
        self._fill_manual_grid()
        self.issue_list.clear()
        self.issue_list.addItem("Nothing read yet.")

    def _fill_manual_grid(self) -> None:
        sheet = self.sheet_combo.currentText() or None
        cache = self.__dict__.setdefault("_manual_cells", {})
        if sheet not in cache:  # each preview is read in a child process: once per sheet
            cache[sheet] = self._previewer(self.path, sheet, PREVIEW_ROWS)
        cells = cache[sheet]
        header = self.header_spin.value()
        headers = cells[header - 1] if 0 < header <= len(cells) else []
        width = max([len(r) for r in cells] + [1])
        self.grid.clear()
        self.grid.setRowCount(FIRST_CELL_ROW + len(cells))
        self.grid.setColumnCount(width)
        self.grid.setHorizontalHeaderLabels([column_letter(c) for c in range(width)])
        self.grid.setVerticalHeaderLabels(["Role", "Year"] + [str(r + 1) for r in range(len(cells))])
        self.role_combos, self.year_spins = {}, {}
        for column in range(width):
            text = headers[column] if column < len(headers) else ""
            self._add_column_editors(column, ColumnRole.IGNORED, year_in(text) if text else None)
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if r + 1 == header:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QBrush(QColor(31, 119, 180, 60)))
                self.grid.setItem(FIRST_CELL_ROW + r, c, item)
        self.grid.resizeColumnsToContents()
        self._cap_column_widths(header)

    @staticmethod
    def _set_quietly(widget: QWidget, change: Callable[[], None]) -> None:
        widget.blockSignals(True)
        change()
        widget.blockSignals(False)

    def _fill_sheets(self, names: list[str], current: str) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(names)
        self.sheet_combo.setCurrentText(current)

    def _summary(self, result: ImportResult) -> str:
        d = result.detection
        years = list(result.budget.years)  # a long table's years come from its year column
        currency = d.currency or "currency not stated"
        gdp = f"GDP from {d.gdp_source}" if d.gdp_source else "no GDP found (enter it later)"
        return (f"<b>{os.path.basename(self.path)}</b>: {line_count_text(result.budget)} on sheet "
                f"'{d.sheet}' (header in row {d.header_row}); years "
                f"{', '.join(map(str, years)) or 'none'}; amounts x {d.scale:,.0f} "
                f"({d.scale_source or 'no unit stated'}), {currency}; {gdp}. "
                f"{count_text(len(result.skipped_rows), 'row')} skipped, "
                f"{count_text(len(result.errors), 'cell')} with errors.")

    def _fill_grid(self, cells: list[list[str]], result: ImportResult) -> None:
        d = result.detection
        width = max([len(d.headers)] + [len(r) for r in cells] + [1])
        self.grid.clear()
        self.grid.setRowCount(FIRST_CELL_ROW + len(cells))
        self.grid.setColumnCount(width)
        self.grid.setHorizontalHeaderLabels([column_letter(c) for c in range(width)])
        self.grid.setVerticalHeaderLabels(["Role", "Year"] + [str(r + 1) for r in range(len(cells))])
        self.role_combos: dict[int, QComboBox] = {}
        self.year_spins: dict[int, QSpinBox] = {}
        for column in range(width):
            self._add_column_editors(column, d.column_roles.get(column, ColumnRole.IGNORED),
                                     d.amount_years.get(column))
        marks = self._row_marks(result)
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                self.grid.setItem(FIRST_CELL_ROW + r, c, self._cell(text, marks.get(r + 1), d, r + 1))
        self.grid.resizeColumnsToContents()
        self._cap_column_widths(d.header_row)

    def _cap_column_widths(self, header_row: int = 1) -> None:
        """A title or note in column A made it as wide as the sentence and pushed the year
        columns out of sight; long cells are elided (their tooltip has the text). Where the
        whole table still fits, cells from the header down keep up to 50 characters."""
        metrics = self.grid.fontMetrics()
        narrow, wide = metrics.horizontalAdvance("x" * 30), metrics.horizontalAdvance("x" * 50)
        first = FIRST_CELL_ROW + max(header_row - 1, 0)
        wanted = []
        for column in range(self.grid.columnCount()):
            texts = [self.grid.item(r, column).text() for r in range(
                first, min(self.grid.rowCount(), first + 60)) if self.grid.item(r, column)]
            table = max((metrics.horizontalAdvance(t) + 16 for t in texts), default=0)
            wanted.append(min(self.grid.columnWidth(column), max(narrow, min(table, wide))))
        if sum(wanted) > self.grid.viewport().width():
            wanted = [min(w, narrow) for w in wanted]
        for column, width in enumerate(wanted):
            self.grid.setColumnWidth(column, width)

    def _add_column_editors(self, column: int, role: ColumnRole, year: int | None) -> None:
        combo = QComboBox()
        for value, label in ROLE_LABELS.items():
            combo.addItem(label, value.value)
        combo.setCurrentIndex(combo.findData(ColumnRole(role).value))
        combo.setToolTip(f"What column {column_letter(column)} holds")
        combo.currentIndexChanged.connect(self._on_roles_did_change)
        spin = QSpinBox()
        spin.setRange(NO_YEAR, 2100)
        spin.setSpecialValueText("–")
        spin.setValue(year or NO_YEAR)
        spin.setEnabled(role == ColumnRole.AMOUNT)
        spin.setToolTip(f"Fiscal year of the amounts in column {column_letter(column)}")
        spin.valueChanged.connect(self._on_roles_did_change)
        self.grid.setCellWidget(ROLE_ROW, column, combo)
        self.grid.setCellWidget(YEAR_ROW, column, spin)
        self.role_combos[column], self.year_spins[column] = combo, spin

    @staticmethod
    def _row_marks(result: ImportResult) -> dict[int, tuple[str, str]]:
        marks = {s.row: ("skipped", f"Skipped: {s.reason}") for s in result.skipped_rows}
        for e in result.errors:
            marks[e.row] = ("error", f"Column {e.column}: {e.message}")
        return marks

    def _cell(self, text: str, mark: tuple[str, str] | None, d, row: int) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(text if len(text) > 30 else "")
        if row == d.header_row:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            item.setBackground(QBrush(QColor(31, 119, 180, 60)))
            item.setToolTip("Header row")
        elif mark is not None:
            colour = QColor(150, 150, 150, 70) if mark[0] == "skipped" else QColor(220, 40, 40, 70)
            item.setBackground(QBrush(colour))
            item.setToolTip(mark[1])
        return item

    def _fill_issues(self, result: ImportResult) -> None:
        self.issue_list.clear()
        for warning in result.warnings:
            self.issue_list.addItem(f"Note: {gui_wording(warning)}")
        for e in result.errors:
            self.issue_list.addItem(f"Row {e.row}, column {e.column}: {gui_wording(e.message)}")
        for s in result.skipped_rows:
            self.issue_list.addItem(f"Row {s.row} skipped: {s.reason}")
        if not self.issue_list.count():
            self.issue_list.addItem("Nothing skipped, no errors.")

    # --- corrections -------------------------------------------------------------------------
    def options(self) -> ImportOptions:
        """What the dialog's widgets say, as importer options."""
        d = self.result.detection if self.result is not None else None
        same_table = d is None or (self.sheet_combo.currentText() == d.sheet
                                   and self.header_spin.value() == d.header_row
                                   ) or self._roles_touched
        roles = {c: ColumnRole(combo.currentData()) for c, combo in self.role_combos.items()}
        years = {c: spin.value() for c, spin in self.year_spins.items()
                 if roles[c] == ColumnRole.AMOUNT and spin.value() != NO_YEAR}
        return ImportOptions(
            sheet=self.sheet_combo.currentText() or None, header_row=self.header_spin.value(),
            column_roles=roles if same_table else None,
            amount_years=years if same_table else None,
            scale=float(self.scale_combo.currentData()),
            currency=self.currency_edit.text().strip().upper() or None,
            include_revenue=self.revenue_check.isChecked())

    @staticmethod
    def detected_options(result: ImportResult) -> ImportOptions:
        d = result.detection
        return ImportOptions(sheet=d.sheet, header_row=d.header_row,
                             column_roles={c: ColumnRole(r) for c, r in d.column_roles.items()},
                             amount_years={c: y for c, y in d.amount_years.items() if y},
                             scale=float(d.scale), currency=d.currency,
                             include_revenue=d.include_revenue)

    _roles_touched = False

    def _mark_dirty(self) -> None:
        self._dirty = self.corrected = True
        self.reread_button.setDefault(True)

    def _on_roles_did_change(self, *_args) -> None:
        self._roles_touched = True
        for column, combo in self.role_combos.items():
            self.year_spins[column].setEnabled(combo.currentData() == ColumnRole.AMOUNT.value)
        self._mark_dirty()

    def _on_sheet_did_change(self, sheet: str) -> None:
        self._roles_touched = False
        self._mark_dirty()
        if self.result is None:
            self._fill_manual_grid()

    def _on_header_row_did_change(self, row: int) -> None:
        self._mark_dirty()
        if self.result is None:  # mapping by hand: show which row is the header
            self._fill_manual_grid()

    def _on_option_did_change(self, *_args) -> None:
        self._mark_dirty()

    def reread(self) -> None:
        """Run the importer again with the corrections, off the GUI thread."""
        options = self.options()
        self.error_label.hide()
        self.reread_button.setEnabled(False)
        self._task = run_in_background(
            lambda progress, cancelled: self._reader(self.path, options, progress, cancelled),
            f"Reading {os.path.basename(self.path)}…", self,
            self._on_reread_did_finish, self._on_reread_did_fail, self._on_reread_did_cancel)

    def _on_reread_did_finish(self, result: ImportResult) -> None:
        self.reread_button.setEnabled(True)
        self.result = result
        self._roles_touched = False
        self._show_result(result)
        self.result_did_change.emit(result)
        if self._accept_after_read:
            self._accept_after_read = False
            self.accept()

    def _on_reread_did_fail(self, error: BaseException) -> None:
        self.reread_button.setEnabled(True)
        self._accept_after_read = False
        if not isinstance(error, (PlannerError, ImportCancelled)):
            from .error_reporting import report_unexpected
            report_unexpected(error, self)
            return
        self.error_label.setText(gui_wording(str(error)))
        self.error_label.show()
        self.read_did_fail.emit(gui_wording(str(error)))

    def _on_reread_did_cancel(self) -> None:
        self.reread_button.setEnabled(True)
        self._accept_after_read = False

    def accept(self) -> None:
        if self._dirty:  # corrections not read yet: read, then accept
            self._accept_after_read = True
            self.reread()
            return
        if self.result is None:  # nothing read yet (mapping by hand)
            return
        fingerprint = self.fingerprint or (
            layout_fingerprint(self.result.detection) if self._manual else None)
        if self.corrected and fingerprint:
            remember_mapping(fingerprint, self.detected_options(self.result))
        super().accept()

