"""The audit log: who changed what, when and why; it becomes the export's Changes sheet.

A bulk edit stores one record with arrays of values, expanded to one row of text per line only
when read, so a 40,000-line spread costs no string formatting.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence

import numpy as np

if TYPE_CHECKING:
    from .budget import Budget


@dataclass(frozen=True)
class AuditRow:
    time: datetime
    user: str
    line: str  # code + description
    what: str  # "classification: Not counted -> Security-related"
    rationale: str


@dataclass(eq=False)
class AuditRecord:
    time: datetime
    user: str
    label: str
    lines: np.ndarray
    field: str
    old: Sequence[Any]  # one value per line, as the command saw it
    new: Sequence[Any]
    text: Callable[[Any], str] = str  # how a value reads; applied only when the log is read
    note: str = ""  # why, when the user said so with the edit (a claim's re-rating)

    def rows(self, budget: "Budget") -> Iterator[AuditRow]:
        for line, old, new in zip(self.lines, self.old, self.new):
            if old == new:
                continue
            name = " ".join(t for t in (str(budget.codes[line]),
                                        str(budget.descriptions[line])) if t)
            yield AuditRow(self.time, self.user, name,
                           f"{self.field}: {self.text(old)} -> {self.text(new)}",
                           self.note or str(budget.rationales[line]))


def audit_rows(records: list[AuditRecord], budget: "Budget") -> Iterator[AuditRow]:
    for record in records:
        yield from record.rows(budget)


@dataclass(frozen=True)
class LineHistoryEntry:
    time: datetime
    user: str
    what: str  # "challenge risk: low -> high"
    why: str


def line_history(records: list[AuditRecord], line: int, fields: tuple[str, ...] | None = None
                 ) -> list[LineHistoryEntry]:
    """One line's changes, oldest first (a claim's history: who rated it, when, why)."""
    entries = []
    for record in records:
        if fields is not None and record.field not in fields:
            continue
        at = np.searchsorted(record.lines, line)
        if at >= len(record.lines) or record.lines[at] != line:
            continue
        old, new = record.old[at], record.new[at]
        if old == new:
            continue
        entries.append(LineHistoryEntry(record.time, record.user,
                                        f"{record.field}: {record.text(old)} -> "
                                        f"{record.text(new)}", record.note))
    return entries
