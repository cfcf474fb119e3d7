"""Re-importing a revised budget into a plan: each new line takes the classification, share,
rationale and hold of the line it continues (same code; same description where there is no
code), and the whole change is one undo step.

The review (what is new, removed or changed) is computed before anything changes, so the
delegate decides with the list in front of them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .budget import Budget
from .commands import AMOUNTS, CLASSIFICATION, GDP, HOLDS, TEXT, Change, Command
from .plan import Plan

CARRIED_COLUMNS = ("buckets", "subcategories", "shares", "rationales", "rationale_authors",
                   "rationale_times", "holds")


@dataclass(frozen=True)
class LineMatch:
    old_of_new: np.ndarray  # per new line: the old line it continues, or -1 (a new line)
    removed: np.ndarray  # old lines nothing continues

    @property
    def matched(self) -> np.ndarray:
        return np.flatnonzero(self.old_of_new >= 0)


@dataclass(frozen=True)
class ReimportReview:
    added: list[str]  # "0610 Cyber range" per new line
    removed: list[str]
    changed: list[str]  # "0101 Army pay: 2026 1,200,000 -> 1,250,000"
    carried: int  # lines whose classification came across


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def match_lines(old: Budget, new: Budget) -> LineMatch:
    """By code where the code is unique on both sides, else by description."""
    old_codes = _unique_index(old.codes)
    old_texts = _unique_index(old.descriptions)
    new_code_count = _counts(new.codes)
    old_of_new = np.full(len(new), -1, dtype=np.intp)
    used = np.zeros(len(old), dtype=bool)
    for line, (code, text) in enumerate(zip(new.codes, new.descriptions)):
        code_key = _key(code)
        found = old_codes.get(code_key) if code_key and new_code_count[code_key] == 1 else None
        if found is None and not code_key:
            found = old_texts.get(_key(text))
        if found is not None and not used[found]:
            old_of_new[line], used[found] = found, True
    return LineMatch(old_of_new, np.flatnonzero(~used))


def _counts(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[_key(value)] = counts.get(_key(value), 0) + 1
    return counts


def _unique_index(values) -> dict[str, int]:
    """key -> line, for keys that occur once (an ambiguous key matches nothing)."""
    counts = _counts(values)
    return {_key(v): i for i, v in enumerate(values) if _key(v) and counts[_key(v)] == 1}


def carry_over(old: Budget, new: Budget, match: LineMatch) -> None:
    """Give matched new lines the old lines' classification, share, rationale and hold, and
    keep GDP figures the revision does not state. `new` is not in a plan yet."""
    lines = match.matched
    if len(lines):
        for name in CARRIED_COLUMNS:
            new.set_line_values(lines, name, getattr(old, name)[match.old_of_new[lines]])
    for year, value in old.gdp.items():
        if year not in new.gdp:
            new.set_gdp(year, value)
    new.set_imported({name: getattr(new, name) for name in Budget.IMPORTED_FIELDS})


def review(old: Budget, new: Budget, match: LineMatch) -> ReimportReview:
    def name(budget: Budget, line: int) -> str:
        return " ".join(t for t in (str(budget.codes[line]), str(budget.descriptions[line])) if t)
    added = [name(new, i) for i in np.flatnonzero(match.old_of_new < 0)]
    removed = [name(old, i) for i in match.removed]
    changed = []
    common = [y for y in new.years if y in old.years]
    for line in match.matched:
        was = int(match.old_of_new[line])
        parts = [f"{y}: {old.amounts[was, old.year_index(y)]:,.0f} -> "
                 f"{new.amounts[line, new.year_index(y)]:,.0f}" for y in common
                 if old.amounts[was, old.year_index(y)] != new.amounts[line, new.year_index(y)]]
        if _key(old.descriptions[was]) != _key(new.descriptions[line]):
            parts.insert(0, f"now '{new.descriptions[line]}'")
        if parts:
            changed.append(f"{name(new, line)}: {'; '.join(parts)}")
    return ReimportReview(added, removed, changed, len(match.matched))


class ReplaceBudget(Command):
    """The revised budget in place of the old one, as one undo step."""

    replaces_budget = True  # views and the project file rebuild from scratch

    def __init__(self, plan: Plan, new: Budget, source_name: str) -> None:
        self.new, self.old = new, plan.budget
        self.label = f"Re-import revised budget {source_name}"

    def do(self, plan: Plan) -> Change:  # the totals belong to each budget: nothing to restore
        return self._apply(plan, forward=True)

    def undo(self, plan: Plan) -> Change:
        return self._apply(plan, forward=False)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget = self.new if forward else self.old
        # no line numbers: they name other lines now; the views are built again (replaces_budget)
        return Change(np.empty(0, dtype=np.intp), None,
                      frozenset({AMOUNTS, CLASSIFICATION, TEXT, HOLDS, GDP}))
