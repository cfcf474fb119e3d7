"""Accepting rule suggestions (one undo step) and previewing what accepting would change."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import numpy as np

from .budget import Budget
from .commands import (
    CLASSIFICATION, TEXT, Change, _class_code_text, _class_codes, _LineFieldCommand,
)
from .money import share_text
from .plan import Plan
from .pledge import YearFigures
from .rules import DECLARATION_CATEGORIES
from .suggestions import Suggestions, rationale_text
from .taxonomy import SUBCATEGORIES, Bucket


def _by_number(rules: list, value_of: Callable) -> np.ndarray:
    """One value per rule number (index 0: no rule)."""
    values = np.empty(len(rules) + 1, dtype=object)
    values[:] = [None] + [value_of(rule) for rule in rules]
    return values


def rationales_of(s: Suggestions) -> np.ndarray:
    """The rationale text per suggested line, formatted once per rule, not per line."""
    numbers = range(1, len(s.rules) + 1)
    own = _by_number(s.rules, lambda r: "")
    own[1:] = [rationale_text(s.rules, n, 0) for n in numbers]
    extra = np.empty(len(s.rules) + 1, dtype=object)
    extra[:] = [""] + [rationale_text(s.rules, n, n)[len(own[n]):] for n in numbers]
    return own[s.rule_numbers] + extra[s.filler_numbers]


def claims_of(s: Suggestions) -> dict[str, np.ndarray]:
    """Declaration category and challenge risk per suggested line (None: not stated): the
    deciding rule's, else the refining rule's; a security claim names at least its
    sub-category's declaration category."""
    def pick(field: str) -> np.ndarray:
        values = _by_number(s.rules, lambda r: getattr(r, field))
        own, extra = values[s.rule_numbers], values[s.filler_numbers]
        return np.where(own != None, own, extra)  # noqa: E711 - elementwise on objects
    declaration = pick("declaration")
    by_sub = np.array([sub.key if sub.key in DECLARATION_CATEGORIES else "other"
                       for sub in SUBCATEGORIES] + ["other"], dtype=object)
    declaration = np.where(declaration != None, declaration, by_sub[s.subcategories])  # noqa: E711
    declaration[s.buckets != Bucket.SECURITY] = None
    return {"declaration": declaration, "risk": pick("risk")}


class ApplySuggestions(_LineFieldCommand):
    """Accept rule suggestions: bucket, sub-category, share, rationale (and, where the plan
    keeps them, declaration category and challenge risk) for many lines as one step."""

    def __init__(self, plan: Plan, suggestions: Suggestions, label: str | None = None,
                 when: datetime | None = None, user: str | None = None) -> None:
        super().__init__(plan, (), when, user)
        if len(suggestions) > 1 and not (np.diff(suggestions.lines) > 0).all():
            raise ValueError("suggestions must list each line once, in order")
        self.lines = suggestions.lines  # sorted and distinct already: no np.unique of 100k
        self.suggestions = suggestions
        n = len(self.lines)
        self.label = label or (f"Apply rules to {n:,} line{'s' if n != 1 else ''}")
        self._records: list = []

    def _capture(self, plan: Plan) -> None:
        """State is read when the command runs (not when it was built)."""
        budget, s, ix = plan.budget, self.suggestions, self.lines
        self.old = {"buckets": budget.buckets[ix].copy(), "subs": budget.subcategories[ix].copy(),
                    "shares": budget.shares[ix].copy(),
                    "rationale": (budget.rationales[ix].copy(),
                                  budget.rationale_authors[ix].copy(),
                                  budget.rationale_times[ix].copy())}
        self.new_shares = np.where(np.isnan(s.shares), self.old["shares"], s.shares)
        written = rationales_of(s)
        kept = self.old["rationale"][0]
        if any(kept):  # a rationale someone wrote stays, the rule's follows it
            written = np.array([f"{k} | {w}" if k else w for k, w in zip(kept, written)],
                               dtype=object)
        self.new_rationales = written
        self.claims = _ClaimColumns(budget, ix, claims_of(s))

    def _apply(self, plan: Plan, forward: bool) -> Change:
        budget, ix, s = plan.budget, self.lines, self.suggestions
        if forward:
            budget.set_classification(ix, s.buckets, s.subcategories)
            moved = self.new_shares != self.old["shares"]  # most rules leave shares alone
            if moved.any():
                budget.set_shares(ix[moved], self.new_shares[moved])
            budget.set_rationales(ix, self.new_rationales, self.user, self.when.isoformat(sep=" "))
            self.claims.write(budget, ix, True)
            self._log(plan)
        else:
            budget.set_classification(ix, self.old["buckets"], self.old["subs"])
            moved = self.new_shares != self.old["shares"]
            if moved.any():
                budget.set_shares(ix[moved], self.old["shares"][moved])
            budget.set_rationales(ix, *self.old["rationale"])
            self.claims.write(budget, ix, False)
            for record in self._records:
                if record in plan.audit:
                    plan.audit.remove(record)
        return Change(self.lines, None, frozenset({CLASSIFICATION, TEXT}))

    def _log(self, plan: Plan) -> None:
        s, start = self.suggestions, len(plan.audit)
        self._audit(plan, True, "classification", _class_codes(self.old["buckets"],
                    self.old["subs"]), _class_codes(s.buckets, s.subcategories), _class_code_text)
        self._audit(plan, True, "counted share", self.old["shares"], self.new_shares, share_text)
        self._records = plan.audit[start:]


_RISK_CODES = {"low": 1, "medium": 2, "high": 3}  # claims.Risk: 0 is "not judged yet"


class _ClaimColumns:
    """The claim a rule states (declaration category, challenge risk), written where the
    budget keeps claims; a line keeps its own value where the rule states none."""

    def __init__(self, budget: Budget, lines: np.ndarray, claims: dict[str, np.ndarray]) -> None:
        self.kept = hasattr(budget, "risks") and hasattr(budget, "declarations")
        if not self.kept:
            return
        self.old_risks = budget.risks[lines].copy()
        self.old_declarations = budget.declarations[lines].copy()
        stated = np.array([_RISK_CODES.get(r, -1) for r in claims["risk"]], dtype=np.int16)
        self.new_risks = np.where(stated >= 0, stated, self.old_risks).astype(
            self.old_risks.dtype)
        named = np.array([DECLARATION_CATEGORIES.get(d) if d not in (None, "other") else None
                          for d in claims["declaration"]], dtype=object)
        self.new_declarations = np.where(named != None, named, self.old_declarations)  # noqa: E711

    def write(self, budget: Budget, lines: np.ndarray, forward: bool) -> None:
        if not self.kept:
            return
        budget.set_risks(lines, self.new_risks if forward else self.old_risks)
        budget.set_declarations(lines, self.new_declarations if forward
                                else self.old_declarations)


# --- the preview ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RulePreview:
    """What accepting the suggestions would change, from the one pledge engine."""

    lines: int
    lines_by_bucket: dict[Bucket, int]  # suggested bucket -> number of lines
    before: list[YearFigures]
    after: list[YearFigures]

    def moved(self, year_index: int) -> dict[str, float]:
        """Money per bucket after minus before, in one year (positive: the bucket gains)."""
        b, a = self.before[year_index], self.after[year_index]
        return {name: getattr(a, name) - getattr(b, name)
                for name in ("core", "security", "not_counted", "unclassified")}


def preview_suggestions(plan: Plan, suggestions: Suggestions) -> RulePreview:
    """Apply the suggestions to a scratch copy of the plan with the very command the user would
    run, and read both plans' figures: the preview cannot differ from what applying gives."""
    trial = plan.working_copy()
    if len(suggestions):
        ApplySuggestions(trial, suggestions, user="preview").do(trial)
    counts = np.bincount(suggestions.buckets.astype(np.intp), minlength=len(Bucket))
    return RulePreview(len(suggestions), {b: int(counts[b]) for b in Bucket if counts[b]},
                       plan.all_figures(), trial.all_figures())
