"""Every user edit is a command with do/undo and a human label (glue's command pattern).

A command returns a `Change` saying what it touched, so views refresh only that. The stack is
Qt-free; the desktop app shows its labels and history.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Sequence

import numpy as np

from .audit import AuditRecord
from .edit_checks import MAX_PLAUSIBLE_AMOUNT, check_amount
from .money import amount_text, share_text
from .plan import Plan
from .taxonomy import (
    NO_SUBCATEGORY, SUBCATEGORIES, Bucket, subcategory_label,
)


@dataclass(frozen=True)
class Change:
    """What a command touched: the views redraw only this."""

    lines: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    years: tuple[int, ...] | None = None  # None: every year
    gdp: bool = False
    planning: bool = False  # planned years / growth assumptions

    def merged(self, other: "Change") -> "Change":
        years = None if self.years is None or other.years is None else \
            tuple(sorted(set(self.years) | set(other.years)))
        return Change(np.union1d(self.lines, other.lines).astype(np.intp), years,
                      self.gdp or other.gdp, self.planning or other.planning)


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes: still record something honest
        return "unknown user"


class Command:
    """Base class: subclasses implement `_apply(plan, forward)` and set `label`."""

    label: str = ""

    def do(self, plan: Plan) -> Change:
        self._totals_before = plan.budget.totals_state()
        return self._apply(plan, forward=True)

    def undo(self, plan: Plan) -> Change:
        change = self._apply(plan, forward=False)
        before = getattr(self, "_totals_before", None)
        if before is not None:  # exactly the figures seen before, without float residue
            plan.budget.restore_totals(before)
        return change

    def _apply(self, plan: Plan, forward: bool) -> Change:
        raise NotImplementedError


def _lines(lines: Sequence[int] | np.ndarray) -> np.ndarray:
    return np.unique(np.asarray(lines, dtype=np.intp))


def _count_label(verb: str, plan: Plan, lines: np.ndarray) -> str:
    if len(lines) == 1:
        text = str(plan.budget.descriptions[lines[0]]) or str(plan.budget.codes[lines[0]])
        return f"{verb} '{text if len(text) <= 40 else text[:39] + '…'}'"
    return f"{verb} {len(lines):,} lines"


class _LineFieldCommand(Command):
    """A command that sets per-line values and remembers the old ones (and logs an audit)."""

    def __init__(self, plan: Plan, lines, when: datetime | None, user: str | None) -> None:
        self.lines = _lines(lines)
        self.when = when or datetime.now().replace(microsecond=0)
        self.user = user or current_user()
        self._record: AuditRecord | None = None

    def _audit(self, plan: Plan, forward: bool, what: str, old: Sequence, new: Sequence,
               text: Callable[[object], str] = str) -> None:
        if forward:
            self._record = AuditRecord(self.when, self.user, self.label, self.lines, what,
                                       old, new, text)
            plan.audit.append(self._record)
        elif self._record in plan.audit:
            plan.audit.remove(self._record)


class ClassifyLines(_LineFieldCommand):
    """Put lines in a bucket (and sub-category). A sub-category from another bucket is dropped."""

    def __init__(self, plan: Plan, lines, bucket: Bucket, subcategory: int | None = None,
                 when: datetime | None = None, user: str | None = None) -> None:
        super().__init__(plan, lines, when, user)
        b = plan.budget
        self.old_buckets = b.buckets[self.lines].copy()
        self.old_subs = b.subcategories[self.lines].copy()
        self.new_buckets = np.full(len(self.lines), int(bucket), dtype=np.int8)
        if subcategory is None:
            keep = np.array([s != NO_SUBCATEGORY and SUBCATEGORIES[s].bucket == bucket
                             for s in self.old_subs], dtype=bool)
            self.new_subs = np.where(keep, self.old_subs, NO_SUBCATEGORY).astype(np.int16)
        else:
            self.new_subs = np.full(len(self.lines), subcategory, dtype=np.int16)
        what = bucket.label if subcategory in (None, NO_SUBCATEGORY) else \
            f"{bucket.label}: {subcategory_label(subcategory)}"
        self.label = _count_label("Reclassify", plan, self.lines) + f" as {what}"

    def _apply(self, plan: Plan, forward: bool) -> Change:
        buckets, subs = (self.new_buckets, self.new_subs) if forward else \
            (self.old_buckets, self.old_subs)
        plan.budget.set_classification(self.lines, buckets, subs)
        self._audit(plan, forward, "classification", _class_codes(self.old_buckets, self.old_subs),
                    _class_codes(self.new_buckets, self.new_subs), _class_code_text)
        return Change(self.lines)


def _class_codes(buckets: np.ndarray, subs: np.ndarray) -> np.ndarray:
    """bucket and sub-category as one comparable number per line, for the audit log."""
    return buckets.astype(np.int64) * 1000 + subs + 1


def _class_code_text(code: int) -> str:
    bucket, sub = divmod(int(code), 1000)
    text = Bucket(bucket).label
    return f"{text} / {subcategory_label(sub - 1)}" if sub - 1 != NO_SUBCATEGORY else text


class SetShares(_LineFieldCommand):
    def __init__(self, plan: Plan, lines, share: float, when=None, user=None) -> None:
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"A counted share must be between 0% and 100%, not {share_text(share)}.")
        super().__init__(plan, lines, when, user)
        self.old = plan.budget.shares[self.lines].copy()
        self.new = np.full(len(self.lines), float(share))
        self.label = _count_label("Set counted share of", plan, self.lines) + f" to {share_text(share)}"

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget.set_shares(self.lines, self.new if forward else self.old)
        self._audit(plan, forward, "counted share", self.old, self.new, share_text)
        return Change(self.lines)


class SetRationale(_LineFieldCommand):
    """One rationale for one line or a whole selection; records who wrote it and when."""

    def __init__(self, plan: Plan, lines, text: str, when=None, user=None) -> None:
        super().__init__(plan, lines, when, user)
        b = plan.budget
        self.text = text
        self.old = (b.rationales[self.lines].copy(), b.rationale_authors[self.lines].copy(),
                    b.rationale_times[self.lines].copy())
        self.label = _count_label("Edit rationale of", plan, self.lines)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        if forward:
            stamp = self.when.isoformat(sep=" ")
            plan.budget.set_rationales(self.lines, self.text, self.user, stamp)
        else:
            plan.budget.set_rationales(self.lines, *self.old)
        self._audit(plan, forward, "rationale", self.old[0], [self.text] * len(self.lines))
        return Change(self.lines)


class SetAmounts(_LineFieldCommand):
    """New amounts for lines in one year; a typed amount also clears an unreadable cell."""

    def __init__(self, plan: Plan, lines, year: int, amounts, label: str | None = None,
                 when=None, user=None) -> None:
        given = np.asarray(lines, dtype=np.intp)
        values = np.broadcast_to(np.asarray(amounts, dtype=np.float64), given.shape)
        for value in np.unique(values[~np.isfinite(values) | (np.abs(values) >= MAX_PLAUSIBLE_AMOUNT)]):
            check_amount(value, plan.budget.source.currency)  # a clear sentence, not 1e20 stored
        super().__init__(plan, lines, when, user)
        b, yi = plan.budget, plan.budget.year_index(year)
        self.year = year
        # one amount per line, in self.lines' sorted order; a line given twice keeps its last
        _, last = np.unique(given[::-1], return_index=True)
        self.new = values[::-1][last].copy()
        self.old = b.amounts[self.lines, yi].copy()
        self.old_errors = b.amount_errors[self.lines, yi].copy()
        self.label = label or _count_label(f"Set {year} amount of", plan, self.lines)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        if forward:
            plan.budget.set_amounts(self.lines, self.year, self.new, False)
        else:
            plan.budget.set_amounts(self.lines, self.year, self.old, self.old_errors)
        self._audit(plan, forward, f"{self.year} amount", self.old, self.new, amount_text)
        return Change(self.lines, (self.year,))


class SetHolds(Command):
    """Mark lines as held: spreading a dragged total leaves them where they are."""

    def __init__(self, plan: Plan, lines, hold: bool) -> None:
        self.lines = _lines(lines)
        self.old = plan.budget.holds[self.lines].copy()
        self.hold = hold
        self.label = _count_label("Hold" if hold else "Release", plan, self.lines)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget.set_holds(self.lines, self.hold if forward else self.old)
        return Change(self.lines, ())


class SetGdp(Command):
    def __init__(self, plan: Plan, year: int, value: float | None) -> None:
        if value is not None and not value > 0:
            raise ValueError("GDP must be a positive amount.")
        self.year, self.new, self.old = year, value, plan.gdp_of(year)
        self.label = f"Set {year} GDP"

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.set_gdp(self.year, self.new if forward else self.old)
        return Change(years=(self.year,), gdp=True, planning=True)


class CompositeCommand(Command):
    """Several commands as one undo step (a bulk action, a drop, close-the-gap)."""

    def __init__(self, label: str, commands: Sequence[Command]) -> None:
        self.label, self.commands = label, list(commands)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        change = Change(years=())
        for command in (self.commands if forward else reversed(self.commands)):
            change = change.merged(command.do(plan) if forward else command.undo(plan))
        return change


Listener = Callable[[Change], None]


class CommandStack:
    """Undo/redo history with labels and a clean mark (the state last exported or saved)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean_depth: int | None = 0
        self._listeners: list[Listener] = []
        self.last_action = ""  # "push", "undo" or "redo": what the last announcement was

    def restore(self, done: Sequence[Command], undone: Sequence[Command]) -> None:
        """Put back a history read from a project file (oldest first; `undone` next redo
        first); the restored state counts as clean."""
        self._done, self._undone = list(done), list(reversed(undone))
        self.mark_clean()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _announce(self, change: Change) -> Change:
        for listener in list(self._listeners):
            listener(change)
        return change

    def push(self, command: Command) -> Change:
        change = command.do(self.plan)
        if self._clean_depth is not None and self._clean_depth > len(self._done):
            self._clean_depth = None  # the clean state was in the redo branch we drop
        self._done.append(command)
        self._undone.clear()
        self.last_action = "push"
        return self._announce(change)

    def undo(self) -> Change | None:
        if not self._done:
            return None
        command = self._done.pop()
        change = command.undo(self.plan)
        self._undone.append(command)
        self.last_action = "undo"
        return self._announce(change)

    def redo(self) -> Change | None:
        if not self._undone:
            return None
        command = self._undone.pop()
        change = command.do(self.plan)
        self._done.append(command)
        self.last_action = "redo"
        return self._announce(change)

    @property
    def undo_label(self) -> str | None:
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        return self._undone[-1].label if self._undone else None

    @property
    def history(self) -> list[str]:
        """Labels of the steps done, oldest first."""
        return [c.label for c in self._done]

    @property
    def future(self) -> list[str]:
        """Labels of the undone steps, the next redo first."""
        return [c.label for c in reversed(self._undone)]

    def mark_clean(self) -> None:
        self._clean_depth = len(self._done)

    @property
    def is_clean(self) -> bool:
        return self._clean_depth == len(self._done)
