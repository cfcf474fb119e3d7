"""The line-items table over the live Budget (never a copy), fast at 100,000 lines.

Sorting and filtering happen inside the model on numpy arrays: a permutation of line indices
(`_order`: view row -> line) replaces a QSortFilterProxyModel, which took 23 s to sort 100k
rows on these machines. Display strings are built lazily and cached per cell; data() never
touches pandas. Edits become core commands run through the session, and the model redraws
only the rows a Change names.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QObject, Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

from ..core.claim_commands import SetChallengeRisk, SetDeclarationCategory, SetEvidence
from ..core.claims import RISK_MEANING, Risk, canonical_declaration, parse_risk
from ..core.commands import ClassifyLines, Command, SetAmounts, SetRationale, SetShares
from ..core.edit_checks import check_amount, check_share_percent
from ..core.errors import PlannerError
from ..core.money import share_text
from ..core.taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket, subcategory_label
from .money_text import amount_text, table_scale, unit_caption
from .plan_session import PlanSession

LINES_MIME_TYPE = "application/x-nato-planner-lines"
LINE_ROLE = Qt.ItemDataRole.UserRole + 1  # the budget line index behind a row

# Bucket hues; tinted into the palette's base colour so they stay subtle in light and dark.
BUCKET_HUES: dict[Bucket, QColor] = {
    Bucket.UNCLASSIFIED: QColor(150, 150, 150),
    Bucket.CORE: QColor(31, 119, 180),
    Bucket.SECURITY: QColor(44, 160, 44),
    Bucket.NOT_COUNTED: QColor(214, 160, 40),
}
TINT_STRENGTH = 0.16


class ColumnKind(enum.Enum):
    CODE = "Code"
    DESCRIPTION = "Description"
    ORGANISATION = "Organisation"
    COFOG = "COFOG"
    BUCKET = "Classification"
    SUBCATEGORY = "Sub-category"
    SHARE = "Counted share"
    RATIONALE = "Rationale"
    DECLARATION = "Declaration category"
    RISK = "Challenge risk"
    EVIDENCE = "Evidence"
    SUGGESTION = "Suggestion"
    AMOUNT = "Amount"
    CHANGED = "Changed"


@dataclass(frozen=True)
class TableColumn:
    kind: ColumnKind
    year: int | None = None


class LineFilter(enum.Enum):
    ALL = "All lines"
    CORE = "Core defence"
    SECURITY = "Security-related"
    NOT_COUNTED = "Not counted"
    UNCLASSIFIED = "Unclassified"
    ERRORS = "Lines with errors"
    CHANGED = "Changed lines"
    HELD = "Held lines"
    CLAIMS = "Claims under review"
    HIGH_RISK = "High-risk claims"


_TEXT_KINDS = (ColumnKind.CODE, ColumnKind.DESCRIPTION, ColumnKind.ORGANISATION, ColumnKind.COFOG)
_SHARED_BUCKETS = (Bucket.CORE, Bucket.SECURITY)
_HEADER_TITLES = {ColumnKind.SHARE: "Counted\nshare", ColumnKind.SUBCATEGORY: "Sub-\ncategory",
                  ColumnKind.DECLARATION: "Declaration\ncategory",
                  ColumnKind.RISK: "Challenge\nrisk"}
_HEADER_TIPS = {
    ColumnKind.BUCKET: "Where the line counts: Core defence (the floor), Security-related "
                       "(up to the ceiling), Not counted, or Unclassified (still to do)",
    ColumnKind.SUBCATEGORY: "NATO sub-category within the line's classification",
    ColumnKind.SHARE: "Part of the line that counts toward its classification (0-100 %)",
    ColumnKind.RATIONALE: "Why the line is classified this way (travels into the export)",
    ColumnKind.CHANGED: "What the plan changed relative to the imported budget",
    ColumnKind.DECLARATION: "The Hague declaration's category a security-related claim rests "
                            "on (or another, 'inter alia', with its reason)",
    ColumnKind.RISK: "How the claim would fare if allies challenged it: low, medium or high",
    ColumnKind.EVIDENCE: "The reference backing the claim: a Capability Target, a legal "
                         "designation, a corridor, a document id",
    ColumnKind.SUGGESTION: "What the rulebook suggests for an unclassified line, and why "
                           "(Rules menu: accept one, a selection or all)",
}


def tinted_brushes(palette: QPalette) -> dict[int, QBrush]:
    """One subtle background per bucket, mixed into the palette's base colour."""
    base = palette.color(QPalette.ColorRole.Base)
    brushes = {}
    for bucket, hue in BUCKET_HUES.items():
        mix = [round(b + (h - b) * TINT_STRENGTH) for b, h in
               zip((base.red(), base.green(), base.blue()), (hue.red(), hue.green(), hue.blue()))]
        brushes[int(bucket)] = QBrush(QColor(*mix))
    return brushes


def encode_lines(lines: np.ndarray) -> QMimeData:
    """Drag payload: the line indices as little-endian int64."""
    mime = QMimeData()
    mime.setData(LINES_MIME_TYPE, QByteArray(np.asarray(lines, dtype="<i8").tobytes()))
    return mime


def decode_lines(mime: QMimeData, line_count: int) -> np.ndarray | None:
    """The line indices a drag carries, or None when it carries none of ours."""
    if not mime.hasFormat(LINES_MIME_TYPE):
        return None
    lines = np.frombuffer(bytes(mime.data(LINES_MIME_TYPE).data()), dtype="<i8")
    lines = lines[(lines >= 0) & (lines < line_count)]
    return lines.astype(np.intp) if len(lines) else None


_READ_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
_EDIT_FLAGS = _READ_FLAGS | Qt.ItemFlag.ItemIsEditable


class LineItemsTableModel(QAbstractTableModel):
    rows_did_filter = Signal(int, int)  # lines shown, lines in the budget
    rows_will_sort = Signal()  # views park their selection as lines (Qt re-merges it slowly)
    rows_did_sort = Signal()
    edit_was_refused = Signal(str)  # why a typed value was not taken (a share of 150, 1e20)
    suggestions_did_change = Signal()

    def __init__(self, session: PlanSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._budget = session.plan.budget
        self.columns = self._build_columns()
        self._scale = table_scale(self._budget)
        n = len(self._budget)
        self._display = [np.full(n, None, dtype=object) for _ in self.columns]
        self._sorted = np.arange(n, dtype=np.intp)
        self._mask = np.ones(n, dtype=bool)
        self._order = self._sorted
        self._row_of_line = np.arange(n, dtype=np.intp)
        self._search_keys: np.ndarray | None = None
        self._error_lines = self._find_error_lines()
        self.filter_text, self.line_filter = "", LineFilter.ALL
        self.actual_year_confirmed = False  # set by the editor after the delegate said yes
        self._suggestions = None  # ui.rule_suggestions.SuggestionTexts, once rules have run
        self.refresh_colours()
        session.plan_did_change.connect(self._on_plan_did_change)

    def _build_columns(self) -> list[TableColumn]:
        head = [TableColumn(k) for k in (ColumnKind.CODE, ColumnKind.DESCRIPTION,
                                         ColumnKind.ORGANISATION, ColumnKind.COFOG,
                                         ColumnKind.BUCKET, ColumnKind.SUBCATEGORY,
                                         ColumnKind.SHARE, ColumnKind.RATIONALE,
                                         ColumnKind.DECLARATION, ColumnKind.RISK,
                                         ColumnKind.EVIDENCE, ColumnKind.SUGGESTION)]
        years = [TableColumn(ColumnKind.AMOUNT, y) for y in self._budget.years]
        return head + years + [TableColumn(ColumnKind.CHANGED)]

    def _find_error_lines(self) -> np.ndarray:
        errors = self._budget.excluded.copy()
        messages = np.fromiter(self._budget.error_messages.keys(), dtype=np.intp)
        errors[messages[(messages >= 0) & (messages < len(errors))]] = True
        return errors

    # --- shape ---------------------------------------------------------------------------
    @property
    def session(self) -> PlanSession:
        return self._session

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def line_at(self, row: int) -> int:
        return int(self._order[row])

    def lines_at(self, rows: np.ndarray) -> np.ndarray:
        return self._order[np.asarray(rows, dtype=np.intp)]

    def row_of(self, line: int) -> int:
        """The view row showing `line`, or -1 when the filter hides it."""
        return int(self._row_of_line[line])

    def rows_of(self, lines) -> np.ndarray:
        """View rows of many lines at once (-1 where filtered out)."""
        return self._row_of_line[np.asarray(lines, dtype=np.intp)]

    def column_is_empty(self, column: int) -> bool:
        """A text column the workbook did not have (e.g. no organisation column): hide it."""
        kind = self.columns[column].kind
        if kind == ColumnKind.SUGGESTION:
            return self._suggestions is None
        return kind in _TEXT_KINDS and len(self._budget) > 0 and not any(
            self._text_column(kind).astype(bool))

    def column_of(self, kind: ColumnKind, year: int | None = None) -> int:
        return self.columns.index(TableColumn(kind, year))

    # --- reading ---------------------------------------------------------------------------
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line, column = int(self._order[index.row()]), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display_text(line, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[int(self._budget.buckets[line])]
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(line, self.columns[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, self.columns[column])
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._error_brush if self._is_error_cell(line, self.columns[column]) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(self.columns[column])
        if role == LINE_ROLE:
            return line
        return None

    def _display_text(self, line: int, column: int) -> str:
        cache = self._display[column]
        text = cache[line]
        if text is None:
            text = cache[line] = self._format(line, self.columns[column])
        return text

    def _format(self, line: int, column: TableColumn) -> str:
        b, kind = self._budget, column.kind
        if kind in _TEXT_KINDS:
            return str(self._text_column(kind)[line])
        if kind == ColumnKind.BUCKET:
            return Bucket(int(b.buckets[line])).label
        if kind == ColumnKind.SUBCATEGORY:
            return subcategory_label(int(b.subcategories[line]))
        if kind == ColumnKind.SHARE:
            return share_text(float(b.shares[line])) if self._share_applies(line) else ""
        if kind == ColumnKind.RATIONALE:
            return str(b.rationales[line]).replace("\n", " ")
        if kind == ColumnKind.AMOUNT:
            return self._amount_text(line, column.year)
        if kind in _CLAIM_KINDS:
            return self._claim_text(line, kind)
        if kind == ColumnKind.SUGGESTION:
            return self._suggestions.text(line) if self._suggestions is not None else ""
        return self._changed_text(line)

    def _claim_text(self, line: int, kind: ColumnKind) -> str:
        b = self._budget
        if kind == ColumnKind.RISK:
            return Risk(int(b.risks[line])).label
        return str((b.declarations if kind == ColumnKind.DECLARATION else b.evidence)[line])

    def _amount_text(self, line: int, year: int) -> str:
        yi = self._budget.year_index(year)
        if self._budget.amount_errors[line, yi]:
            return "unreadable"
        return amount_text(float(self._budget.amounts[line, yi]), self._scale)

    def _changed_text(self, line: int) -> str:
        held = "held" if self._budget.holds[line] else ""
        changed = self._budget.change_description(line, self._changed_amount_text)
        return "; ".join(t for t in (held, changed) if t)

    def _changed_amount_text(self, amount: float) -> str:
        return f"{amount_text(float(amount), self._scale)}"

    def _text_column(self, kind: ColumnKind) -> np.ndarray:
        b = self._budget
        return {ColumnKind.CODE: b.codes, ColumnKind.DESCRIPTION: b.descriptions,
                ColumnKind.ORGANISATION: b.organisations, ColumnKind.COFOG: b.cofog}[kind]

    def _share_applies(self, line: int) -> bool:
        return int(self._budget.buckets[line]) in _SHARED_BUCKETS

    def _edit_value(self, line: int, column: TableColumn):
        b, kind = self._budget, column.kind
        if kind == ColumnKind.BUCKET:
            return int(b.buckets[line])
        if kind == ColumnKind.SUBCATEGORY:
            return int(b.subcategories[line])
        if kind == ColumnKind.SHARE:
            return float(b.shares[line] * 100.0)
        if kind == ColumnKind.RATIONALE:
            return str(b.rationales[line])
        if kind == ColumnKind.RISK:
            return int(b.risks[line])
        if kind in _CLAIM_KINDS:
            return self._claim_text(line, kind)
        if kind == ColumnKind.AMOUNT:
            return float(b.amounts[line, b.year_index(column.year)] / self._scale)
        return self._display_text(line, self.columns.index(column))

    def _is_error_cell(self, line: int, column: TableColumn) -> bool:
        if column.kind == ColumnKind.AMOUNT:
            return bool(self._budget.amount_errors[line, self._budget.year_index(column.year)])
        if column.kind == ColumnKind.RISK:  # a high-risk claim stands out like an error
            return int(self._budget.risks[line]) == Risk.HIGH
        return column.kind == ColumnKind.CODE and bool(self._error_lines[line])

    def _tooltip(self, line: int, column: TableColumn) -> str | None:
        b = self._budget
        if self._error_lines[line]:
            message = b.error_messages.get(line, "An amount on this line could not be read; "
                                                 "the line is left out of every total.")
            return f"Row {b.source_rows[line]}: {message}"
        if column.kind == ColumnKind.RATIONALE and b.rationales[line]:
            who = ", ".join(str(t) for t in (b.rationale_authors[line], b.rationale_times[line]) if t)
            return f"{b.rationales[line]}\n— {who}" if who else str(b.rationales[line])
        if column.kind == ColumnKind.RISK and b.risks[line]:
            return f"{Risk(int(b.risks[line])).label}: {RISK_MEANING[Risk(int(b.risks[line]))]}"
        if column.kind == ColumnKind.SUGGESTION and self._suggestions is not None:
            return self._suggestions.reason(line) or None
        if column.kind in (ColumnKind.DESCRIPTION, ColumnKind.SUBCATEGORY, ColumnKind.CHANGED,
                           ColumnKind.DECLARATION, ColumnKind.EVIDENCE):
            return self._display_text(line, self.columns.index(column)) or None
        return None

    @staticmethod
    def _alignment(column: TableColumn):
        if column.kind in (ColumnKind.AMOUNT, ColumnKind.SHARE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._order):
                return str(self._budget.source_rows[self._order[section]])
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Row number in the imported sheet"
            return None
        if not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if column.kind == ColumnKind.AMOUNT:
                return f"{column.year}\n{unit_caption(self._budget)}"
            return _HEADER_TITLES.get(column.kind, column.kind.value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.kind == ColumnKind.AMOUNT:
                return f"Amount for {column.year} in {unit_caption(self._budget)}"
            return _HEADER_TIPS.get(column.kind, column.kind.value)
        return None

    def set_suggestions(self, suggestions) -> None:
        """Show a rulebook's suggestions (an object with text(line) and reason(line)), or none."""
        self._suggestions = suggestions
        column = self.column_of(ColumnKind.SUGGESTION)
        self._display[column][:] = None
        if self.rowCount():
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))
        self.suggestions_did_change.emit()

    def has_suggestions(self) -> bool:
        return self._suggestions is not None

    # --- editing ---------------------------------------------------------------------------
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        editable = self._is_editable(int(self._order[index.row()]), self.columns[index.column()])
        return _EDIT_FLAGS if editable else _READ_FLAGS

    def _is_editable(self, line: int, column: TableColumn) -> bool:
        if column.kind in (ColumnKind.SUBCATEGORY, ColumnKind.SHARE):
            return self._share_applies(line)
        return column.kind in (ColumnKind.BUCKET, ColumnKind.RATIONALE, ColumnKind.AMOUNT,
                               *_CLAIM_KINDS)

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (index.flags() & Qt.ItemFlag.ItemIsEditable):
            return False
        line = int(self._order[index.row()])
        try:
            command = self._command_for(line, self.columns[index.column()], value)
        except PlannerError as error:
            self.edit_was_refused.emit(str(error))
            return False
        except (ValueError, TypeError, KeyError):
            self.edit_was_refused.emit(f"'{value}' cannot go in the "
                                       f"{self.columns[index.column()].kind.value} column.")
            return False
        if command is not None:
            self._session.execute(command)
        return True

    def _command_for(self, line: int, column: TableColumn, value) -> Command | None:
        """The core command an edited cell stands for; None when nothing changes."""
        plan, b, kind = self._session.plan, self._budget, column.kind
        if kind == ColumnKind.BUCKET:
            bucket = _as_bucket(value)
            return None if bucket == b.buckets[line] else ClassifyLines(plan, [line], bucket)
        if kind == ColumnKind.SUBCATEGORY:
            sub = int(value)
            bucket = Bucket(int(b.buckets[line]))
            if sub != NO_SUBCATEGORY and SUBCATEGORIES[sub].bucket != bucket:
                raise ValueError("sub-category of another classification")
            return None if sub == b.subcategories[line] else ClassifyLines(plan, [line], bucket, sub)
        if kind == ColumnKind.SHARE:
            share = check_share_percent(float(value))
            return None if share == b.shares[line] else SetShares(plan, [line], share)
        if kind == ColumnKind.RATIONALE:
            text = str(value)
            return None if text == b.rationales[line] else SetRationale(plan, [line], text)
        if kind in _CLAIM_KINDS:
            return claim_command(plan, [line], kind, value)
        amount = check_amount(float(value) * self._scale, b.source.currency)
        yi = b.year_index(column.year)
        if amount == b.amounts[line, yi] and not b.amount_errors[line, yi]:
            return None
        return SetAmounts(plan, [line], column.year, amount,
                          confirm_actual=self.actual_year_confirmed)

    # --- change announcements --------------------------------------------------------------
    def _on_plan_did_change(self, change) -> None:
        lines = np.asarray(change.lines, dtype=np.intp)
        if not len(lines):
            return
        for cache in self._display:
            cache[lines] = None
        rows = np.sort(self._row_of_line[lines])
        rows = rows[rows >= 0]
        for first, last in _row_runs(rows):
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, len(self.columns) - 1))

    def refresh_colours(self, palette: QPalette | None = None) -> None:
        """Re-tint the bucket backgrounds (call on a light/dark palette change)."""
        palette = palette or QGuiApplication.palette()
        self._brushes = tinted_brushes(palette)
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        self._error_brush = QBrush(QColor(255, 120, 110) if dark else QColor(190, 20, 20))
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole])

    # --- sorting ----------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        ascending = np.argsort(self._sort_key(self.columns[column]), kind="stable")
        sorted_lines = ascending if order == Qt.SortOrder.AscendingOrder else ascending[::-1]
        self.rows_will_sort.emit()
        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        self._sorted = np.ascontiguousarray(sorted_lines, dtype=np.intp)
        self._apply_order()
        self._move_persistent_indexes(old_order)
        self.layoutChanged.emit()
        self.rows_did_sort.emit()

    def _sort_key(self, column: TableColumn) -> np.ndarray:
        b, kind = self._budget, column.kind
        if kind in _TEXT_KINDS:
            return np.char.lower(self._text_column(kind).astype(str))
        if kind == ColumnKind.BUCKET:
            return b.buckets
        if kind == ColumnKind.SUBCATEGORY:
            labels = np.array([""] + [s.label for s in SUBCATEGORIES])
            return labels[b.subcategories.astype(np.intp) + 1]
        if kind == ColumnKind.SHARE:
            return b.shares
        if kind == ColumnKind.RATIONALE:
            return np.char.lower(b.rationales.astype(str))
        if kind == ColumnKind.RISK:
            return b.risks
        if kind == ColumnKind.DECLARATION:
            return np.char.lower(b.declarations.astype(str))
        if kind == ColumnKind.EVIDENCE:
            return np.char.lower(b.evidence.astype(str))
        if kind == ColumnKind.SUGGESTION:
            return self._suggestions.sort_key() if self._suggestions is not None \
                else np.zeros(len(b), dtype=np.int64)
        if kind == ColumnKind.AMOUNT:
            yi = b.year_index(column.year)
            return np.where(b.amount_errors[:, yi], -np.inf, b.amounts[:, yi])
        return b.changed_mask()

    def _move_persistent_indexes(self, old_order: np.ndarray) -> None:
        old = self.persistentIndexList()
        new = []
        for index in old:
            row = self._row_of_line[old_order[index.row()]] if index.isValid() else -1
            new.append(self.index(int(row), index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(old, new)

    # --- filtering -------------------------------------------------------------------------
    def set_filter(self, text: str | None = None, line_filter: LineFilter | None = None) -> None:
        """Show only lines whose code/description/organisation/COFOG hold `text`, of one kind."""
        self.filter_text = self.filter_text if text is None else text.strip()
        self.line_filter = self.line_filter if line_filter is None else line_filter
        self.beginResetModel()
        self._mask = self._kind_mask(self.line_filter) & self._text_mask(self.filter_text)
        self._apply_order()
        self.endResetModel()
        self.rows_did_filter.emit(len(self._order), len(self._budget))

    def _kind_mask(self, line_filter: LineFilter) -> np.ndarray:
        b = self._budget
        by_bucket = {LineFilter.CORE: Bucket.CORE, LineFilter.SECURITY: Bucket.SECURITY,
                     LineFilter.NOT_COUNTED: Bucket.NOT_COUNTED,
                     LineFilter.UNCLASSIFIED: Bucket.UNCLASSIFIED}
        if line_filter in by_bucket:
            return b.buckets == by_bucket[line_filter]
        if line_filter == LineFilter.ERRORS:
            return self._error_lines.copy()
        if line_filter == LineFilter.CHANGED:
            return b.changed_mask()
        if line_filter == LineFilter.HELD:
            return b.holds.copy()
        if line_filter == LineFilter.CLAIMS:
            mask = np.zeros(len(b), dtype=bool)
            mask[b.claim_lines()] = True
            return mask
        if line_filter == LineFilter.HIGH_RISK:
            return b.risks == Risk.HIGH
        return np.ones(len(b), dtype=bool)

    def _text_mask(self, text: str) -> np.ndarray:
        if not text:
            return np.ones(len(self._budget), dtype=bool)
        return np.char.find(self._searchable_text(), text.lower()) >= 0

    def _searchable_text(self) -> np.ndarray:
        if self._search_keys is None:
            b = self._budget
            joined = [f"{c}\x1f{d}\x1f{o}\x1f{f}" for c, d, o, f in
                      zip(b.codes, b.descriptions, b.organisations, b.cofog)]
            self._search_keys = np.char.lower(np.array(joined, dtype=str))
        return self._search_keys

    def _apply_order(self) -> None:
        self._order = self._sorted[self._mask[self._sorted]]
        self._row_of_line = np.full(len(self._budget), -1, dtype=np.intp)
        self._row_of_line[self._order] = np.arange(len(self._order), dtype=np.intp)

    # --- drag -------------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [LINES_MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        rows = np.array([i.row() for i in indexes if i.isValid()], dtype=np.intp)
        return encode_lines(np.unique(self._order[rows]))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


_CLAIM_KINDS = (ColumnKind.DECLARATION, ColumnKind.RISK, ColumnKind.EVIDENCE)


def claim_command(plan, lines, kind: ColumnKind, value) -> Command | None:
    """The claim command an edit stands for (None when it changes nothing on any line)."""
    b = plan.budget
    if kind == ColumnKind.RISK:
        risk = parse_risk(value) if isinstance(value, str) else Risk(int(value))
        return None if (b.risks[lines] == risk).all() else SetChallengeRisk(plan, lines, risk)
    text = " ".join(str(value or "").split())
    if kind == ColumnKind.DECLARATION:
        text = canonical_declaration(text)
        same = (b.declarations[lines] == text).all()
        return None if same else SetDeclarationCategory(plan, lines, text)
    return None if (b.evidence[lines] == text).all() else SetEvidence(plan, lines, text)


def _as_bucket(value) -> Bucket:
    if isinstance(value, str) and not value.strip().lstrip("-").isdigit():
        labels = {b.label.lower(): b for b in Bucket}
        return labels[value.strip().lower()]
    return Bucket(int(value))


def _row_runs(rows: np.ndarray, max_runs: int = 64) -> list[tuple[int, int]]:
    """Contiguous (first, last) row runs; one covering span when there are very many."""
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) > 1)
    if len(breaks) >= max_runs:
        return [(int(rows[0]), int(rows[-1]))]
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]]))
    return [(int(s), int(e)) for s, e in zip(starts, ends)]
