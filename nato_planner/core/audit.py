"""The audit log: who changed what, when and why; it becomes the export's Changes sheet.

A bulk edit stores one record with arrays, expanded to one row per line only when read.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Iterator

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
    old: list[str]
    new: list[str]

    def rows(self, budget: "Budget") -> Iterator[AuditRow]:
        for line, old, new in zip(self.lines, self.old, self.new):
            if old == new:
                continue
            name = " ".join(t for t in (str(budget.codes[line]),
                                        str(budget.descriptions[line])) if t)
            yield AuditRow(self.time, self.user, name, f"{self.field}: {old} -> {new}",
                           str(budget.rationales[line]))


def audit_rows(records: list[AuditRecord], budget: "Budget") -> Iterator[AuditRow]:
    for record in records:
        yield from record.rows(budget)
