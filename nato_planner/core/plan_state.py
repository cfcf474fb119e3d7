"""What a plan's state is made of, by name, so a project file can keep it generically.

Two kinds of state: per-line columns of the Budget (one array each, addressed by attribute
name) and small plan documents (planning assumptions, targets, GDP, where the budget came
from). A project file stores exactly what is listed here; a new field is one line here.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from .budget import BudgetSource
from .money import amount_text, share_text
from .pledge import PledgeTargets
from .assumptions import PlanningAssumptions

if TYPE_CHECKING:
    from .plan import Plan


@dataclass(frozen=True)
class LineColumn:
    """One per-line array of Budget: `kind` is a numpy dtype name or 'text'; `per_year`
    columns have one value per budget year (shape lines x years)."""

    name: str
    kind: str
    default: Any
    per_year: bool = False


LINE_COLUMNS: tuple[LineColumn, ...] = (
    LineColumn("codes", "text", ""),
    LineColumn("descriptions", "text", ""),
    LineColumn("organisations", "text", ""),
    LineColumn("cofog", "text", ""),
    LineColumn("buckets", "int8", 0),
    LineColumn("subcategories", "int16", -1),
    LineColumn("shares", "float64", 1.0),
    LineColumn("rationales", "text", ""),
    LineColumn("rationale_authors", "text", ""),
    LineColumn("rationale_times", "text", ""),
    LineColumn("declarations", "text", ""),
    LineColumn("risks", "int8", 0),
    LineColumn("evidence", "text", ""),
    LineColumn("holds", "bool", False),
    LineColumn("source_rows", "int64", 0),
    LineColumn("amounts", "float64", 0.0, per_year=True),
    LineColumn("amount_errors", "bool", False, per_year=True),
)
LINE_COLUMN = {c.name: c for c in LINE_COLUMNS}


def _set_gdp(plan: "Plan", value: dict[int, float]) -> None:
    plan.budget.gdp.clear()
    plan.budget.gdp.update({int(y): float(v) for y, v in value.items()})


def _set_attribute(owner: Callable[["Plan"], Any], name: str):
    def setter(plan: "Plan", value: Any) -> None:
        setattr(owner(plan), name, copy.deepcopy(value))
    return setter


# name -> (type, read from a plan, write into a plan). Values are copied on the way in, so a
# history step and the live plan never share a mutable document.
PLAN_DOCUMENTS: dict[str, tuple[type, Callable[["Plan"], Any], Callable[["Plan", Any], None]]] = {
    "planning": (PlanningAssumptions, lambda p: p.planning,
                 _set_attribute(lambda p: p, "planning")),
    "targets": (PledgeTargets, lambda p: p.targets, _set_attribute(lambda p: p, "targets")),
    "gdp": (dict, lambda p: p.budget.gdp, _set_gdp),
    "source": (BudgetSource, lambda p: p.budget.source,
               _set_attribute(lambda p: p.budget, "source")),
    "display_unit": (float, lambda p: p.display_unit, _set_attribute(lambda p: p, "display_unit")),
}


def plan_documents(plan: "Plan") -> dict[str, Any]:
    return {name: read(plan) for name, (_, read, _) in PLAN_DOCUMENTS.items()}


def set_plan_document(plan: "Plan", name: str, value: Any) -> None:
    PLAN_DOCUMENTS[name][2](plan, value)


def audit_formatters() -> dict[str, Callable[[Any], str]]:
    """How an audit record's values read, by name: the record keeps the function, a file
    keeps its name."""
    from .claim_commands import claim_text
    from .claims import risk_text
    from .commands import _class_code_text
    return {"str": str, "share_text": share_text, "amount_text": amount_text,
            "_class_code_text": _class_code_text, "risk_text": risk_text,
            "claim_text": claim_text}
