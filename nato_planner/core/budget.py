"""A budget: line items held column-wise, one amount per fiscal year, GDP per year.

Budget holds lines, not pledge arithmetic: the figures come from core/plan.py (Plan.figures).
Totals per (slot, year) are kept incrementally: a change to k lines costs O(k x years), not
O(budget), so the dashboard can redraw on every edit of a 100,000-line budget; the
lines-left-out cache (`excluded`) is kept the same way.

The column arrays are read-only (numpy `flags.writeable = False`): only the mutating methods
below write, inside `editing()`, and only commands (core/commands.py) call them. A test or a
view that assigns into `budget.amounts[...]` gets "assignment destination is read-only".
"""
from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import numpy as np

from .claims import Risk, risk_text
from .money import amount_text, share_text
from .taxonomy import (
    CORE_SLOTS, NO_SUBCATEGORY, NOT_COUNTED_SLOT, SECURITY_SLOTS, SLOTS, SUBCATEGORIES,
    Bucket, slot_of, subcategory_label,
)


@dataclass
class BudgetSource:
    """Where a budget came from, as the import preview and the export show it."""

    path: str = ""
    sheet: str = ""
    currency: str | None = None
    scale: float = 1.0
    gdp_source: str = ""  # where the workbook's GDP came from, e.g. "sheet 'Macro'"


@dataclass(frozen=True)
class CellProblem:
    """A cell the importer could not use, kept with its original text so nothing is lost:
    the table shows the message and the export writes the text back where it came from."""

    AMOUNT = "amount"
    SHARE = "share"
    CLASSIFICATION = "classification"
    SUBCATEGORY = "sub-category"
    RISK = "challenge risk"

    field: str  # one of the four above
    year: int | None  # the amount's fiscal year, for AMOUNT
    text: str  # the cell as the workbook had it, e.g. "approx. 12"
    message: str  # "Row 22, column '2025': 'approx. 12' is not a number; ..."


@dataclass
class LineColumns:
    """The raw columns a reader hands to Budget; every sequence has one entry per line."""

    years: list[int]
    amounts: np.ndarray  # float64, shape (lines, years), in plain currency units
    codes: list[str]
    descriptions: list[str]
    organisations: list[str] | None = None
    cofog: list[str] | None = None
    buckets: list[int] | np.ndarray | None = None
    subcategories: list[int] | np.ndarray | None = None
    shares: list[float] | np.ndarray | None = None  # fractions 0-1
    rationales: list[str] | None = None
    declarations: list[str] | None = None  # declaration category a claim rests on
    risks: list[int] | np.ndarray | None = None  # claims.Risk codes
    evidence: list[str] | None = None  # a reference backing the claim
    source_rows: list[int] | None = None
    amount_errors: np.ndarray | None = None  # bool, shape (lines, years): unreadable cell
    problems: dict[int, list[CellProblem]] = field(default_factory=dict)  # line -> cells
    actual_years: list[int] = field(default_factory=list)  # columns that are history (actuals)


def _slot_table() -> np.ndarray:
    """slot index by [bucket, sub-category + 1]: a vectorised taxonomy.slot_of."""
    table = np.zeros((len(Bucket), len(SUBCATEGORIES) + 1), dtype=np.intp)
    for bucket in Bucket:
        for sub in range(NO_SUBCATEGORY, len(SUBCATEGORIES)):
            table[bucket, sub + 1] = slot_of(bucket, sub)
    return table


_SLOT_TABLE = _slot_table()
_SHARED_SLOTS = np.array(CORE_SLOTS + SECURITY_SLOTS)


def _bucket_text(bucket: int) -> str:
    return Bucket(int(bucket)).label


def _text_column(values: list[str] | None, n: int) -> np.ndarray:
    column = np.empty(n, dtype=object)
    if values is None:
        column.fill("")
    else:
        column[:] = values
    return column


class Budget:
    """Line items, GDP and incrementally maintained totals per category slot and year."""

    def __init__(self, columns: LineColumns, gdp: dict[int, float] | None = None,
                 source: BudgetSource | None = None) -> None:
        n = len(columns.descriptions)
        self.years: list[int] = list(columns.years)
        self._year_index = {y: i for i, y in enumerate(self.years)}
        self._year_set = frozenset(self.years)
        self.amounts = np.array(columns.amounts, dtype=np.float64).reshape(n, len(self.years))
        self.codes = _text_column(columns.codes, n)
        self.descriptions = _text_column(columns.descriptions, n)
        self.organisations = _text_column(columns.organisations, n)
        self.cofog = _text_column(columns.cofog, n)
        self.buckets = self._int_column(columns.buckets, n, int(Bucket.UNCLASSIFIED), np.int8)
        self.subcategories = self._int_column(columns.subcategories, n, NO_SUBCATEGORY, np.int16)
        self.shares = (np.ones(n) if columns.shares is None
                       else np.array(columns.shares, dtype=np.float64))
        self.rationales = _text_column(columns.rationales, n)
        self.rationale_authors = _text_column(None, n)
        self.rationale_times = _text_column(None, n)
        self.declarations = _text_column(columns.declarations, n)
        self.risks = self._int_column(columns.risks, n, int(Risk.NONE), np.int8)
        self.evidence = _text_column(columns.evidence, n)
        self.holds = np.zeros(n, dtype=bool)
        self.source_rows = (np.arange(n) + 1 if columns.source_rows is None
                            else np.array(columns.source_rows, dtype=np.int64))
        self.amount_errors = (np.zeros((n, len(self.years)), dtype=bool)
                              if columns.amount_errors is None
                              else np.array(columns.amount_errors, dtype=bool))
        self.problems = {line: list(found) for line, found in columns.problems.items()}
        # line -> what the importer said about it (problems never change after import)
        self.error_messages = {line: " ".join(p.message for p in found)
                               for line, found in self.problems.items()}
        self.gdp: dict[int, float] = dict(gdp or {})
        self.source = source or BudgetSource()
        self.actual_years: frozenset[int] = frozenset(columns.actual_years)
        self._excluded = self.amount_errors.any(axis=1)
        self._original = self._snapshot()
        self.recompute_totals()
        self._lock()

    # --- read-only outside commands -------------------------------------------------------
    _ARRAYS = ("amounts", "codes", "descriptions", "organisations", "cofog", "buckets",
               "subcategories", "shares", "rationales", "rationale_authors",
               "rationale_times", "holds", "source_rows", "amount_errors", "_excluded",
               "declarations", "risks", "evidence")

    def __setstate__(self, state: dict) -> None:
        """An unpickled budget (the importer's reading child sends it back pickled) gets
        arrays of its own: a locked array comes back over read-only bytes that no edit could
        unlock."""
        self.__dict__.update(state)
        for name in self._ARRAYS:
            array = getattr(self, name, None)
            if isinstance(array, np.ndarray) and not array.flags.owndata:
                setattr(self, name, array.copy())
        self._lock()

    def _set_writeable(self, writeable: bool) -> None:
        for name in self._ARRAYS:
            getattr(self, name).flags.writeable = writeable

    def _lock(self) -> None:
        self._set_writeable(False)

    @contextmanager
    def editing(self) -> Iterator["Budget"]:
        """Unlock the arrays for the length of one edit (the mutating methods use it)."""
        self._set_writeable(True)
        try:
            yield self
        finally:
            self._lock()

    def frozen_copy(self, frozen: bool = True) -> "Budget":
        """A copy whose arrays no later edit of this budget can change (export, background);
        `frozen=False` gives a scratch copy commands may edit (a proposal's dry run)."""
        twin = copy.copy(self)
        for name in self._ARRAYS:
            array = getattr(self, name).copy()
            array.flags.writeable = False
            setattr(twin, name, array)
        twin.gdp = dict(self.gdp)
        twin._totals, twin._slot_lines = self._totals.copy(), self._slot_lines.copy()
        twin._high_totals = self._high_totals.copy()
        twin._high_slot_lines = self._high_slot_lines.copy()
        twin._frozen = frozen
        return twin

    @property
    def year_set(self) -> frozenset[int]:
        return self._year_set

    @staticmethod
    def _int_column(values, n: int, default: int, dtype) -> np.ndarray:
        return np.full(n, default, dtype=dtype) if values is None else np.array(values, dtype=dtype)

    def _snapshot(self) -> dict[str, np.ndarray]:
        return {"buckets": self.buckets.copy(), "subcategories": self.subcategories.copy(),
                "shares": self.shares.copy(), "rationales": self.rationales.copy(),
                "amounts": self.amounts.copy(), "declarations": self.declarations.copy(),
                "risks": self.risks.copy(), "evidence": self.evidence.copy()}

    # what 'changed since the import' compares: every field _snapshot() keeps
    IMPORTED_FIELDS = ("buckets", "subcategories", "shares", "rationales", "amounts",
                       "declarations", "risks", "evidence")

    def set_imported(self, values: dict[str, np.ndarray]) -> None:
        """What 'changed since the import' compares with, when a saved plan is restored (the
        budget as it was read, not as it was saved)."""
        self._original = {name: np.array(values[name]) for name in self.IMPORTED_FIELDS}

    # --- shape --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.descriptions)

    def year_index(self, year: int) -> int:
        return self._year_index[year]

    @property
    def excluded(self) -> np.ndarray:
        """Lines with an unreadable amount: shown, but left out of every total. A cached,
        read-only mask, updated for the changed lines only (O(changed lines) per edit)."""
        return self._excluded

    def is_actual_year(self, year: int) -> bool:
        """True for a column of actuals (history): edits of it need an explicit confirmation."""
        return year in self.actual_years

    # --- totals -------------------------------------------------------------------------
    def _contributions(self, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(slot per line, counted money per line and year, uncounted rest per line and year)."""
        # np.where, not a product: an unreadable cell may hold NaN, and NaN x 0 is NaN
        amounts = np.where(self.excluded[lines, None], 0.0, self.amounts[lines])
        buckets = self.buckets[lines]
        slots = _SLOT_TABLE[buckets, self.subcategories[lines] + 1]
        shared = (buckets == Bucket.CORE) | (buckets == Bucket.SECURITY)
        share = np.where(shared, self.shares[lines], 1.0)[:, None]
        counted = amounts * share
        return slots, counted, amounts - counted

    def line_contributions(self, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per line: its slot, its counted money per year and the uncounted rest (a bridge
        between two plans explains a difference line by line)."""
        return self._contributions(np.asarray(lines, dtype=np.intp))

    def counted_money(self, lines) -> np.ndarray:
        """Counted money per line and year (amount x share for core and security-related
        lines, 0 for the rest and for lines with an unreadable cell), before the ceiling."""
        lines = np.asarray(lines, dtype=np.intp)
        buckets = self.buckets[lines]
        counts = (buckets == Bucket.CORE) | (buckets == Bucket.SECURITY)
        return np.where(counts[:, None], self._contributions(lines)[1], 0.0)

    def claim_lines(self) -> np.ndarray:
        """The claims under review: every security-related line and every high-risk line."""
        return np.flatnonzero((self.buckets == Bucket.SECURITY) | (self.risks == Risk.HIGH))

    def _accumulate(self, lines: np.ndarray, sign: int) -> None:
        slots, counted, rest = self._contributions(lines)
        np.add.at(self._totals, slots, sign * counted)
        self._totals[NOT_COUNTED_SLOT] += sign * rest.sum(axis=0)
        # Count the lines feeding each slot (shared lines also feed "not counted" with their
        # rest) so a slot no line feeds any more is exactly zero, not a rounding residue.
        np.add.at(self._slot_lines, slots, sign)
        shared = np.isin(slots, _SHARED_SLOTS).sum()
        self._slot_lines[NOT_COUNTED_SLOT] += sign * shared
        self._totals[self._slot_lines == 0] = 0.0
        self._accumulate_high_risk(lines, slots, counted, sign)

    def _accumulate_high_risk(self, lines: np.ndarray, slots: np.ndarray, counted: np.ndarray,
                              sign: int) -> None:
        """The counted money of high-risk lines per slot: the "at risk" band, kept as
        incrementally as the totals themselves."""
        high = self.risks[lines] == Risk.HIGH
        if not high.any():
            return
        np.add.at(self._high_totals, slots[high], sign * counted[high])
        np.add.at(self._high_slot_lines, slots[high], sign)
        self._high_totals[self._high_slot_lines == 0] = 0.0

    def recompute_totals(self) -> None:
        """Totals from scratch (vectorised); used on load, incremental updates after that."""
        self._totals = np.zeros((len(SLOTS), len(self.years)))
        self._slot_lines = np.zeros(len(SLOTS), dtype=np.int64)
        self._high_totals = np.zeros((len(SLOTS), len(self.years)))
        self._high_slot_lines = np.zeros(len(SLOTS), dtype=np.int64)
        self._accumulate(np.arange(len(self)), +1)

    def totals_state(self) -> tuple[np.ndarray, ...]:
        """A copy of the running totals, so undo can give back exactly the figures seen before
        (adding then subtracting the same money in floating point leaves a residue)."""
        return (self._totals.copy(), self._slot_lines.copy(), self._high_totals.copy(),
                self._high_slot_lines.copy())

    def restore_totals(self, state: tuple[np.ndarray, ...]) -> None:
        self._totals, self._slot_lines = state[0].copy(), state[1].copy()
        self._high_totals, self._high_slot_lines = state[2].copy(), state[3].copy()

    def slot_totals(self, year: int) -> np.ndarray:
        """Money per slot (taxonomy.SLOTS) in `year`; a copy the caller may keep."""
        return self._totals[:, self.year_index(year)].copy()

    def high_risk_slot_totals(self, year: int) -> np.ndarray:
        """Counted money of high-risk lines per slot in `year` (part of slot_totals)."""
        return self._high_totals[:, self.year_index(year)].copy()

    # --- edits (called by commands only) --------------------------------------------------
    def _edit(self, lines: np.ndarray, apply) -> None:
        lines = np.asarray(lines, dtype=np.intp)
        if getattr(self, "_frozen", False):
            raise RuntimeError("a snapshot of a budget cannot be edited")
        self._accumulate(lines, -1)
        with self.editing():
            apply(lines)
            self._excluded[lines] = self.amount_errors[lines].any(axis=1)
        self._accumulate(lines, +1)

    def set_classification(self, lines, buckets, subcategories) -> None:
        def apply(ix):
            self.buckets[ix] = buckets
            self.subcategories[ix] = subcategories
        self._edit(lines, apply)

    def set_shares(self, lines, shares) -> None:
        def apply(ix):
            self.shares[ix] = shares
        self._edit(lines, apply)

    def set_amounts(self, lines, year: int, amounts, errors=False) -> None:
        yi = self.year_index(year)

        def apply(ix):
            self.amounts[ix, yi] = amounts
            self.amount_errors[ix, yi] = errors
        self._edit(lines, apply)

    def set_rationales(self, lines, texts, authors, times) -> None:
        lines = np.asarray(lines, dtype=np.intp)
        with self.editing():
            self.rationales[lines] = texts
            self.rationale_authors[lines] = authors
            self.rationale_times[lines] = times

    def set_risks(self, lines, risks) -> None:
        def apply(ix):
            self.risks[ix] = risks
        self._edit(lines, apply)

    def set_declarations(self, lines, texts) -> None:
        with self.editing():
            self.declarations[np.asarray(lines, dtype=np.intp)] = texts

    def set_evidence(self, lines, texts) -> None:
        with self.editing():
            self.evidence[np.asarray(lines, dtype=np.intp)] = texts

    def set_holds(self, lines, holds) -> None:
        with self.editing():
            self.holds[np.asarray(lines, dtype=np.intp)] = holds

    def set_line_values(self, lines, name: str, values) -> None:
        """Set one named per-line column (core.plan_state.LINE_COLUMNS) on some lines; used
        to replay a recorded history step and to restore a saved plan."""
        def apply(ix):
            getattr(self, name)[ix] = values
        self._edit(lines, apply)

    def set_gdp(self, year: int, value: float | None) -> None:
        if value is None:
            self.gdp.pop(year, None)
        else:
            self.gdp[year] = float(value)

    # --- what the plan changed ------------------------------------------------------------
    def changed_mask(self) -> np.ndarray:
        """Lines whose classification, share, rationale or amounts differ from the import."""
        o = self._original
        return ((self.buckets != o["buckets"]) | (self.subcategories != o["subcategories"])
                | (self.shares != o["shares"]) | (self.rationales != o["rationales"])
                | (self.amounts != o["amounts"]).any(axis=1)
                | (self.risks != o["risks"]) | (self.declarations != o["declarations"])
                | (self.evidence != o["evidence"]))

    def change_description(self, line: int, amount_format=amount_text) -> str:
        """What the plan changed on one line, e.g. 'classification: Not counted -> Core defence'.

        `amount_format` writes an amount (the table passes its own unit, so a change reads
        '1,200 -> 1,250' beside columns in EUR thousand, not full euros)."""
        o, parts = self._original, []
        if self.buckets[line] != o["buckets"][line]:
            parts.append(f"classification: {_bucket_text(o['buckets'][line])} -> "
                         f"{_bucket_text(self.buckets[line])}")
        if self.subcategories[line] != o["subcategories"][line]:
            parts.append(f"sub-category: {subcategory_label(o['subcategories'][line]) or '(none)'}"
                         f" -> {subcategory_label(self.subcategories[line]) or '(none)'}")
        if self.shares[line] != o["shares"][line]:
            parts.append(f"share: {share_text(o['shares'][line])} -> "
                         f"{share_text(self.shares[line])}")
        for yi in np.flatnonzero(self.amounts[line] != o["amounts"][line]):
            parts.append(f"{self.years[yi]}: {amount_format(o['amounts'][line, yi])} -> "
                         f"{amount_format(self.amounts[line, yi])}")
        if self.rationales[line] != o["rationales"][line]:
            parts.append("rationale edited")
        if self.declarations[line] != o["declarations"][line]:
            parts.append(f"declaration category: {o['declarations'][line] or '(none)'} -> "
                         f"{self.declarations[line] or '(none)'}")
        if self.risks[line] != o["risks"][line]:
            parts.append(f"challenge risk: {risk_text(o['risks'][line])} -> "
                         f"{risk_text(self.risks[line])}")
        if self.evidence[line] != o["evidence"][line]:
            parts.append("evidence edited")
        return "; ".join(parts)
