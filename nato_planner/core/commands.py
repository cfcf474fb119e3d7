"""Every user edit is a command with do/undo and a human label (glue's command pattern).

Change records are a contract (Anki's OpChanges): every command returns a `Change` saying
which lines and years it touched and what KIND of thing changed, so a view redraws only what
it shows of that:

    stack.subscribe(listener)            # listener(change: Change), once per gesture
    change.kinds                         # frozenset of AMOUNTS, CLASSIFICATION, TEXT, HOLDS,
                                         #   GDP, ASSUMPTIONS, TARGETS
    change.lines                         # line indices touched (sorted)
    change.years                         # years touched; None = every year
    change.figures_changed               # False for a rationale edit or a hold: redraw nothing
                                         #   that shows figures
    change.text_only                     # only text (rationale): only those table rows

A batch announces once: `with stack.batch(): ...` merges every change made inside into one
announcement; `stack.undo_many(40)` / `stack.redo_many(n)` / `stack.jump_to(depth)` (the
history panel) use it, so jumping 40 steps back redraws the views once.

Commands capture their before-state in `do()` (when run), never when built: a command built
for a preview and run after other edits still undoes exactly to what was there. The history
is capped (`max_steps`) and memory-bounded (`max_bytes`, from each command's
`memory_bytes()`): the oldest steps are dropped first.

The stack is Qt-free; the desktop app (ui/plan_session.py) turns announcements into signals.
"""
from __future__ import annotations

import getpass
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterator, Sequence

import numpy as np

from .audit import AuditRecord
from .edit_checks import MAX_PLAUSIBLE_AMOUNT, ImplausibleEdit, check_amount
from .money import amount_text, share_text
from .plan import Plan
from .taxonomy import (
    NO_SUBCATEGORY, SUBCATEGORIES, Bucket, subcategory_label,
)

AMOUNTS, CLASSIFICATION, TEXT, HOLDS = "amounts", "classification", "text", "holds"
GDP, ASSUMPTIONS, TARGETS = "gdp", "assumptions", "targets"
FIGURE_KINDS = frozenset({AMOUNTS, CLASSIFICATION, GDP, ASSUMPTIONS, TARGETS})
MAX_AMOUNT = MAX_PLAUSIBLE_AMOUNT
EditRefused = ImplausibleEdit  # an edit that would store nonsense: one sentence, nothing stored


def _empty_lines() -> np.ndarray:
    return np.empty(0, dtype=np.intp)


@dataclass(frozen=True)
class Change:
    """What a command touched: the views redraw only this."""

    lines: np.ndarray = field(default_factory=_empty_lines)
    years: tuple[int, ...] | None = None  # None: every year
    kinds: frozenset[str] = frozenset()

    @property
    def figures_changed(self) -> bool:
        """Whether any figure (totals, %, gaps, the path) may have moved."""
        return bool(self.kinds & FIGURE_KINDS)

    @property
    def text_only(self) -> bool:
        return self.kinds <= {TEXT}

    @property
    def gdp(self) -> bool:
        return GDP in self.kinds

    @property
    def planning(self) -> bool:
        """Planned years, assumptions, GDP or targets changed (the trajectory redraws)."""
        return bool(self.kinds & {GDP, ASSUMPTIONS, TARGETS})

    def merged(self, other: "Change") -> "Change":
        years = None if self.years is None or other.years is None else \
            tuple(sorted(set(self.years) | set(other.years)))
        return Change(np.union1d(self.lines, other.lines).astype(np.intp), years,
                      self.kinds | other.kinds)


NO_CHANGE = Change(years=())


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some sandboxes: still record something honest
        return "unknown user"


class Command:
    """Base class: subclasses implement `_capture(plan)` (read the before-state; called by
    do(), so at run time) and `_apply(plan, forward)`, and set `label`."""

    label: str = ""

    def do(self, plan: Plan) -> Change:
        self._totals_before = plan.budget.totals_state()
        self._capture(plan)
        return self._apply(plan, forward=True)

    def undo(self, plan: Plan) -> Change:
        change = self._apply(plan, forward=False)
        before = getattr(self, "_totals_before", None)
        if before is not None:  # exactly the figures seen before, without float residue
            plan.budget.restore_totals(before)
        return change

    def _capture(self, plan: Plan) -> None:
        """Remember what `do` will overwrite (subclasses)."""

    def _apply(self, plan: Plan, forward: bool) -> Change:
        raise NotImplementedError

    def memory_bytes(self) -> int:
        """Roughly what this step keeps alive in the history (arrays it holds)."""
        return 256 + sum(v.nbytes for v in vars(self).values() if isinstance(v, np.ndarray)) \
            + sum(x.nbytes for v in vars(self).values() if isinstance(v, tuple)
                  for x in v if isinstance(x, np.ndarray))


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
        self.bucket, self.subcategory = Bucket(bucket), subcategory
        what = self.bucket.label if subcategory in (None, NO_SUBCATEGORY) else \
            f"{self.bucket.label}: {subcategory_label(subcategory)}"
        self.label = _count_label("Reclassify", plan, self.lines) + f" as {what}"

    def _capture(self, plan: Plan) -> None:
        b = plan.budget
        self.old_buckets = b.buckets[self.lines].copy()
        self.old_subs = b.subcategories[self.lines].copy()
        self.new_buckets = np.full(len(self.lines), int(self.bucket), dtype=np.int8)
        if self.subcategory is None:
            keep = np.array([s != NO_SUBCATEGORY and SUBCATEGORIES[s].bucket == self.bucket
                             for s in self.old_subs], dtype=bool)
            self.new_subs = np.where(keep, self.old_subs, NO_SUBCATEGORY).astype(np.int16)
        else:
            self.new_subs = np.full(len(self.lines), self.subcategory, dtype=np.int16)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        buckets, subs = (self.new_buckets, self.new_subs) if forward else \
            (self.old_buckets, self.old_subs)
        plan.budget.set_classification(self.lines, buckets, subs)
        self._audit(plan, forward, "classification", _class_codes(self.old_buckets, self.old_subs),
                    _class_codes(self.new_buckets, self.new_subs), _class_code_text)
        return Change(self.lines, None, frozenset({CLASSIFICATION}))


def _class_codes(buckets: np.ndarray, subs: np.ndarray) -> np.ndarray:
    """bucket and sub-category as one comparable number per line, for the audit log."""
    return buckets.astype(np.int64) * 1000 + subs + 1


def _class_code_text(code: int) -> str:
    bucket, sub = divmod(int(code), 1000)
    text = Bucket(bucket).label
    return f"{text} / {subcategory_label(sub - 1)}" if sub - 1 != NO_SUBCATEGORY else text


def check_share(share: float) -> float:
    """A counted share as a fraction 0-1; anything else is refused (a typed 150 is not 15%)."""
    share = float(share)
    if not math.isfinite(share) or not 0.0 <= share <= 1.0:
        shown = f"{share * 100:g}%" if math.isfinite(share) else str(share)
        raise EditRefused(f"A counted share must be between 0% and 100%, not {shown}.")
    return share


class SetShares(_LineFieldCommand):
    def __init__(self, plan: Plan, lines, share: float, when=None, user=None) -> None:
        share = check_share(share)
        super().__init__(plan, lines, when, user)
        self.new = np.full(len(self.lines), float(share))
        self.label = _count_label("Set counted share of", plan, self.lines) + f" to {share_text(share)}"

    def _capture(self, plan: Plan) -> None:
        self.old = plan.budget.shares[self.lines].copy()

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget.set_shares(self.lines, self.new if forward else self.old)
        self._audit(plan, forward, "counted share", self.old, self.new, share_text)
        return Change(self.lines, None, frozenset({CLASSIFICATION}))


class SetRationale(_LineFieldCommand):
    """One rationale for one line or a whole selection; records who wrote it and when."""

    def __init__(self, plan: Plan, lines, text: str, when=None, user=None) -> None:
        super().__init__(plan, lines, when, user)
        self.text = text
        self.label = _count_label("Edit rationale of", plan, self.lines)

    def _capture(self, plan: Plan) -> None:
        b = plan.budget
        self.old = (b.rationales[self.lines].copy(), b.rationale_authors[self.lines].copy(),
                    b.rationale_times[self.lines].copy())

    def _apply(self, plan: Plan, forward: bool) -> Change:
        if forward:
            stamp = self.when.isoformat(sep=" ")
            plan.budget.set_rationales(self.lines, self.text, self.user, stamp)
        else:
            plan.budget.set_rationales(self.lines, *self.old)
        self._audit(plan, forward, "rationale", self.old[0], [self.text] * len(self.lines))
        return Change(self.lines, (), frozenset({TEXT}))


def refuse_actual_year(plan: Plan, year: int, confirm_actual: bool) -> None:
    """An actual (outturn) column is history: editing it needs an explicit confirmation."""
    if plan.budget.is_actual_year(year) and not confirm_actual:
        raise EditRefused(f"{year} holds actuals (money already spent): it is history and "
                          "is not edited. Plan the change in a budget or planned year, or "
                          "confirm that you are correcting the record.")


class SetAmounts(_LineFieldCommand):
    """New amounts for lines in one year; a typed amount also clears an unreadable cell."""

    def __init__(self, plan: Plan, lines, year: int, amounts, label: str | None = None,
                 when=None, user=None, confirm_actual: bool = False) -> None:
        refuse_actual_year(plan, year, confirm_actual)
        given = np.asarray(lines, dtype=np.intp)
        values = np.broadcast_to(np.asarray(amounts, dtype=np.float64), given.shape)
        for value in np.unique(values[~np.isfinite(values) | (np.abs(values) >= MAX_AMOUNT)]):
            check_amount(value, plan.budget.source.currency)  # a clear sentence, not 1e20 stored
        super().__init__(plan, lines, when, user)
        plan.budget.year_index(year)  # an unknown year fails here, not at do()
        self.year = year
        # one amount per line, in self.lines' sorted order; a line given twice keeps its last
        _, last = np.unique(given[::-1], return_index=True)
        self.new = values[::-1][last].copy()
        self.label = label or _count_label(f"Set {year} amount of", plan, self.lines)

    def _capture(self, plan: Plan) -> None:
        b, yi = plan.budget, plan.budget.year_index(self.year)
        self.old = b.amounts[self.lines, yi].copy()
        self.old_errors = b.amount_errors[self.lines, yi].copy()

    def _apply(self, plan: Plan, forward: bool) -> Change:
        if forward:
            plan.budget.set_amounts(self.lines, self.year, self.new, False)
        else:
            plan.budget.set_amounts(self.lines, self.year, self.old, self.old_errors)
        self._audit(plan, forward, f"{self.year} amount", self.old, self.new, amount_text)
        return Change(self.lines, (self.year,), frozenset({AMOUNTS}))


class SetHolds(Command):
    """Mark lines as held: spreading a dragged total leaves them where they are."""

    def __init__(self, plan: Plan, lines, hold: bool) -> None:
        self.lines = _lines(lines)
        self.hold = hold
        self.label = _count_label("Hold" if hold else "Release", plan, self.lines)

    def _capture(self, plan: Plan) -> None:
        self.old = plan.budget.holds[self.lines].copy()

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.budget.set_holds(self.lines, self.hold if forward else self.old)
        return Change(self.lines, (), frozenset({HOLDS}))


class SetGdp(Command):
    """A GDP figure for a budget or planned year (None: back to the projection)."""

    def __init__(self, plan: Plan, year: int, value: float | None) -> None:
        if value is not None:
            value = float(value)
            if not math.isfinite(value) or value <= 0 or value > 1e16:
                raise EditRefused(f"GDP {year} must be a positive amount in plain currency "
                                  f"units (e.g. 7.6e11), not {value:g}.")
        self.year, self.new = year, value
        self.label = f"Set {year} GDP" if value is not None else f"Clear {year} GDP"

    def _capture(self, plan: Plan) -> None:
        self.old = plan.gdp_of(self.year)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        plan.set_gdp(self.year, self.new if forward else self.old)
        return Change(years=None, kinds=frozenset({GDP}))


class CompositeCommand(Command):
    """Several commands as one undo step (a bulk action, a drop, close-the-gap)."""

    def __init__(self, label: str, commands: Sequence[Command]) -> None:
        self.label, self.commands = label, list(commands)

    def _apply(self, plan: Plan, forward: bool) -> Change:
        change = NO_CHANGE
        if not forward:
            for command in reversed(self.commands):
                change = change.merged(command.undo(plan))
            return change
        done: list[Command] = []
        try:
            for command in self.commands:
                change = change.merged(command.do(plan))
                done.append(command)
        except Exception:
            for command in reversed(done):  # all or nothing: one step, or no step
                command.undo(plan)
            raise
        return change

    def memory_bytes(self) -> int:
        return 256 + sum(c.memory_bytes() for c in self.commands)


Listener = Callable[[Change], None]


class CommandStack:
    """Undo/redo history with labels and a clean mark (the state last exported or saved).

    Capped at `max_steps` steps and `max_bytes` of remembered state; the oldest go first.
    """

    def __init__(self, plan: Plan, max_steps: int = 500, max_bytes: int = 256 * 2**20) -> None:
        self.plan = plan
        self.max_steps, self.max_bytes = max_steps, max_bytes
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean_depth: int | None = 0
        self._listeners: list[Listener] = []
        self._batch: list[Change] | None = None
        self._bytes = 0
        self.last_action = ""  # "push", "undo" or "redo": what the last announcement was

    def restore(self, done: Sequence[Command], undone: Sequence[Command]) -> None:
        """Put back a history read from a project file (oldest first; `undone` next redo
        first); the restored state counts as clean."""
        self._done, self._undone = list(done), list(reversed(undone))
        self._bytes = sum(c.memory_bytes() for c in self._done + self._undone)
        self.mark_clean()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _announce(self, change: Change) -> Change:
        if self._batch is not None:
            self._batch.append(change)
            return change
        for listener in list(self._listeners):
            listener(change)
        return change

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Announce every change made inside as ONE merged change, at the end."""
        if self._batch is not None:  # nested: the outer batch announces
            yield
            return
        self._batch = []
        try:
            yield
        finally:
            changes, self._batch = self._batch, None
            if changes:
                merged = changes[0]
                for change in changes[1:]:
                    merged = merged.merged(change)
                self._announce(merged)

    def push(self, command: Command) -> Change:
        change = command.do(self.plan)
        if self._clean_depth is not None and self._clean_depth > len(self._done):
            self._clean_depth = None  # the clean state was in the redo branch we drop
        self._done.append(command)
        self._bytes += command.memory_bytes()
        for dropped in self._undone:
            self._bytes -= dropped.memory_bytes()
        self._undone.clear()
        self._trim()
        self.last_action = "push"
        return self._announce(change)

    def _trim(self) -> None:
        """Drop the oldest steps beyond the caps (they can no longer be undone)."""
        while len(self._done) > 1 and (len(self._done) > self.max_steps
                                       or self._bytes > self.max_bytes):
            oldest = self._done.pop(0)
            self._bytes -= oldest.memory_bytes()
            if self._clean_depth is not None:
                self._clean_depth = self._clean_depth - 1 if self._clean_depth > 0 else None

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

    def undo_many(self, steps: int) -> None:
        """Undo `steps` steps, announced once (a history jump)."""
        with self.batch():
            for _ in range(steps):
                if self.undo() is None:
                    break

    def redo_many(self, steps: int) -> None:
        with self.batch():
            for _ in range(steps):
                if self.redo() is None:
                    break

    def jump_to(self, depth: int) -> None:
        """Go to the state after `depth` steps of the history (0: as imported)."""
        if depth < len(self._done):
            self.undo_many(len(self._done) - depth)
        elif depth > len(self._done):
            self.redo_many(depth - len(self._done))

    @property
    def depth(self) -> int:
        return len(self._done)

    @property
    def memory_bytes(self) -> int:
        return self._bytes

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
