"""A history step read back from a project file: what one command changed, as values.

A project keeps each undo step as the values it changed (per-line columns, plan documents,
audit records), not as the command object, so any command, today's or tomorrow's, can be
undone and redone after the project is reopened.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .audit import AuditRecord
from .commands import AMOUNTS, ASSUMPTIONS, CLASSIFICATION, GDP, HOLDS, TEXT, Change, Command
from .plan import Plan
from .plan_state import set_plan_document


@dataclass
class ColumnChange:
    lines: np.ndarray  # line indices, sorted
    old: np.ndarray  # one value (or one row of years) per line
    new: np.ndarray


@dataclass(eq=False)
class RecordedStep(Command):
    label: str
    columns: dict[str, ColumnChange] = field(default_factory=dict)
    documents: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (old, new)
    audit: list[AuditRecord] = field(default_factory=list)  # records the step added

    def _apply(self, plan: Plan, forward: bool) -> Change:
        for name, column in self.columns.items():
            plan.budget.set_line_values(column.lines, name, column.new if forward else column.old)
        for name, (old, new) in self.documents.items():
            set_plan_document(plan, name, new if forward else old)
        if forward:
            plan.audit.extend(self.audit)
        else:
            plan.audit[:] = [r for r in plan.audit if all(r is not a for a in self.audit)]
        return Change(self._lines(), None, self._kinds())

    _COLUMN_KINDS = {"amounts": AMOUNTS, "amount_errors": AMOUNTS, "buckets": CLASSIFICATION,
                     "subcategories": CLASSIFICATION, "shares": CLASSIFICATION,
                     "holds": HOLDS}
    _DOCUMENT_KINDS = {"gdp": GDP, "planning": ASSUMPTIONS, "targets": "targets"}

    def _kinds(self) -> frozenset[str]:
        kinds = {self._COLUMN_KINDS.get(name, TEXT) for name in self.columns}
        kinds |= {self._DOCUMENT_KINDS.get(name, TEXT) for name in self.documents}
        return frozenset(kinds)

    def _lines(self) -> np.ndarray:
        if not self.columns:
            return np.empty(0, dtype=np.intp)
        return np.unique(np.concatenate([c.lines for c in self.columns.values()])).astype(np.intp)
