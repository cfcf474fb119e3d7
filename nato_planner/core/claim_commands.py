"""Commands that edit a claim: challenge risk, declaration category, evidence (DOMAIN.md
"Defending a claim"). One command per gesture, a whole selection included; each logs who,
when and, for a re-rating, why, so the claims register can show a claim's history."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import numpy as np

from .audit import AuditRecord
from .claims import Risk, canonical_declaration, risk_text
from .commands import (
    CLASSIFICATION, TARGETS, TEXT, Change, Command, _count_label, _LineFieldCommand,
)
from .plan import Plan

CLAIM_FIELDS = ("challenge risk", "declaration category", "evidence")


def claim_text(text: object) -> str:
    return str(text) if text else "(blank)"


class _ClaimCommand(_LineFieldCommand):
    field_name = ""

    def __init__(self, plan: Plan, lines, reason: str = "", when: datetime | None = None,
                 user: str | None = None) -> None:
        super().__init__(plan, lines, when, user)
        self.reason = reason.strip()

    def _log(self, plan: Plan, forward: bool, old, new, text) -> None:
        if forward:
            self._record = AuditRecord(self.when, self.user, self.label, self.lines,
                                       self.field_name, old, new, text, self.reason)
            plan.audit.append(self._record)
        elif self._record in plan.audit:
            plan.audit.remove(self._record)


class SetChallengeRisk(_ClaimCommand):
    """Rate lines low / medium / high (or clear the rating); moves the at-risk band."""

    field_name = "challenge risk"

    def __init__(self, plan: Plan, lines, risk: Risk, reason: str = "", when=None,
                 user=None) -> None:
        super().__init__(plan, lines, reason, when, user)
        self.new = np.full(len(self.lines), int(risk), dtype=np.int8)
        what = f"as {Risk(risk).label} risk" if risk != Risk.NONE else ""
        verb = "Rate" if risk != Risk.NONE else "Clear challenge risk of"
        self.label = " ".join(p for p in (_count_label(verb, plan, self.lines), what) if p)
        if self.reason:  # the undo history and a reopened project still say why
            self.label += f" ({self.reason})"

    def _capture(self, plan: Plan) -> None:
        self.old = plan.budget.risks[self.lines].copy()

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget.set_risks(self.lines, self.new if forward else self.old)
        self._log(plan, forward, self.old, self.new, risk_text)
        # a re-rating moves figures (the at-risk band), like a reclassification
        return Change(self.lines, None, frozenset({CLASSIFICATION}))


class SetDeclarationCategory(_ClaimCommand):
    """The declaration category a claim rests on; free text stands for 'other, inter alia'."""

    field_name = "declaration category"

    def __init__(self, plan: Plan, lines, category: str, reason: str = "", when=None,
                 user=None) -> None:
        super().__init__(plan, lines, reason, when, user)
        self.text = canonical_declaration(category)
        self.label = (_count_label("Set declaration category of", plan, self.lines)
                      + (f" to {self.text}" if self.text else " to none"))

    def _capture(self, plan: Plan) -> None:
        self.old = plan.budget.declarations[self.lines].copy()

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget.set_declarations(self.lines, self.text if forward else self.old)
        self._log(plan, forward, self.old, [self.text] * len(self.lines), claim_text)
        return Change(self.lines, (), frozenset({TEXT}))


class SetEvidence(_ClaimCommand):
    """The reference backing a claim (a Capability Target, a legal designation, a doc id)."""

    field_name = "evidence"

    def __init__(self, plan: Plan, lines, text: str, reason: str = "", when=None,
                 user=None) -> None:
        super().__init__(plan, lines, reason, when, user)
        self.text = " ".join(text.split())
        self.label = _count_label("Edit evidence of", plan, self.lines)

    def _capture(self, plan: Plan) -> None:
        self.old = plan.budget.evidence[self.lines].copy()

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget.set_evidence(self.lines, self.text if forward else self.old)
        self._log(plan, forward, self.old, [self.text] * len(self.lines), claim_text)
        return Change(self.lines, (), frozenset({TEXT}))


class SetHighRiskAlert(Command):
    """The share of counted money on high-risk claims above which the Checks flag a year."""

    def __init__(self, plan: Plan, pct: float) -> None:
        if not 0.0 <= pct <= 100.0:
            raise ValueError(f"The high-risk alert is a share of counted money, 0-100%, not "
                             f"{pct:g}%.")
        self.new = float(pct)
        self.label = f"Flag high-risk claims above {pct:g}% of counted money"

    def _capture(self, plan: Plan) -> None:
        self.old = plan.targets.high_risk_alert_pct

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.targets = replace(plan.targets,
                               high_risk_alert_pct=self.new if forward else self.old)
        return Change(years=(), kinds=frozenset({TARGETS}))
