"""Suggestions: what a rulebook proposes for a budget's lines, and why.

Matching is vectorised: each column is indexed once (core/text_match.py), every rule yields the
sorted lines it matches, and precedence is resolved over all (rule, line) matches at once with
numpy. By default only unclassified lines get suggestions: a rule never overrides a
classification a person made unless asked (`override_classified=True`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .budget import Budget
from .rules import DECLARATION_CATEGORIES, Rule, Rulebook
from .taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket
from .text_match import Keyword, PrefixIndex, TextIndex, factorize, fold_text, normal_code
from .rules import canonical_cofog


class BudgetIndex:
    """The look-up structures of one budget's text columns; build once, match many rulebooks."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.n = len(budget)

    # each index is built the first time a rule needs it (codes and organisations often not)
    @cached_property
    def descriptions(self) -> TextIndex:
        return TextIndex(self.budget.descriptions)

    @cached_property
    def organisations(self) -> TextIndex:
        return TextIndex(self.budget.organisations)

    @cached_property
    def codes(self) -> PrefixIndex:
        return PrefixIndex(self.budget.codes)

    @cached_property
    def cofog(self) -> PrefixIndex:
        return PrefixIndex(_canonical_cofog_column(self.budget.cofog))

    @cached_property
    def largest_amount(self) -> np.ndarray:
        amounts = np.where(np.isnan(self.budget.amounts), 0.0, self.budget.amounts)
        return amounts.max(axis=1) if amounts.shape[1] else np.zeros(self.n)


def _canonical_cofog_column(values: np.ndarray) -> np.ndarray:
    """Canonical COFOG per line ('~' when there is none), computed once per distinct code."""
    inverse, distinct = factorize(values)
    canonical = np.array([canonical_cofog(v) or "~" for v in distinct] or ["~"], dtype=object)
    return canonical[inverse]


def _union(parts: list[np.ndarray]) -> np.ndarray:
    return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)


def _keywords(texts: tuple[str, ...]) -> tuple[Keyword, ...]:
    return tuple(Keyword.parse(t) for t in texts)


def rule_lines(rule: Rule, index: BudgetIndex) -> np.ndarray:
    """Sorted lines on which every condition of the rule holds."""
    found: np.ndarray | None = None

    def narrow(lines: np.ndarray) -> None:
        nonlocal found
        found = lines if found is None else np.intersect1d(found, lines, assume_unique=True)

    if rule.cofog:
        narrow(_union([index.cofog.lines_with_prefix(p) for p in rule.cofog]))
    if rule.code_prefixes or rule.code_ranges:
        narrow(_union([index.codes.lines_with_prefix(normal_code(p)) for p in rule.code_prefixes]
                      + [index.codes.lines_in_range(normal_code(lo), normal_code(hi))
                         for lo, hi in rule.code_ranges]))
    if rule.organisations:
        narrow(index.organisations.lines_matching(_keywords(rule.organisations)))
    if rule.keywords:
        narrow(index.descriptions.lines_matching(_keywords(rule.keywords)))
    if rule.pattern:
        text_ids = index.descriptions.texts_matching_regex(rule.pattern)
        narrow(index.descriptions.lines_of(text_ids))
    if found is None:
        found = np.arange(index.n, dtype=np.intp)
    if rule.exclude_keywords and len(found):
        found = np.setdiff1d(found, index.descriptions.lines_matching(
            _keywords(rule.exclude_keywords)), assume_unique=True)
    if (rule.amount_min is not None or rule.amount_max is not None) and len(found):
        amount = index.largest_amount[found]
        keep = np.ones(len(found), dtype=bool)
        if rule.amount_min is not None:
            keep &= amount >= rule.amount_min
        if rule.amount_max is not None:
            keep &= amount <= rule.amount_max
        found = found[keep]
    return found


@dataclass
class Suggestions:
    """One suggestion per line in `lines` (sorted); rule numbers are 1-based precedence."""

    rules: list[Rule]  # the rulebook in precedence order: rules[number - 1]
    lines: np.ndarray
    buckets: np.ndarray  # int8
    subcategories: np.ndarray  # int16, NO_SUBCATEGORY when no rule names one
    shares: np.ndarray  # float64, NaN: keep the line's share
    rule_numbers: np.ndarray  # the rule that decided the bucket
    filler_numbers: np.ndarray  # the rule that named the sub-category, 0 if the same/none

    def __len__(self) -> int:
        return len(self.lines)

    def position_of(self, line: int) -> int | None:
        i = int(np.searchsorted(self.lines, line))
        return i if i < len(self.lines) and self.lines[i] == line else None

    def subset(self, lines: np.ndarray) -> "Suggestions":
        keep = np.isin(self.lines, lines)
        return Suggestions(self.rules, self.lines[keep], self.buckets[keep],
                           self.subcategories[keep], self.shares[keep],
                           self.rule_numbers[keep], self.filler_numbers[keep])

    def rule_of(self, i: int) -> Rule:
        return self.rules[int(self.rule_numbers[i]) - 1]

    def _filler(self, i: int) -> Rule | None:
        number = int(self.filler_numbers[i])
        return self.rules[number - 1] if number else None

    def declaration(self, i: int) -> str | None:
        """The declaration category a security-related suggestion claims."""
        if self.buckets[i] != Bucket.SECURITY:
            return None
        filler = self._filler(i)
        named = self.rule_of(i).declaration or (filler.declaration if filler else None)
        if named:
            return named
        sub = int(self.subcategories[i])
        key = SUBCATEGORIES[sub].key if sub != NO_SUBCATEGORY else "other"
        return key if key in DECLARATION_CATEGORIES else "other"

    def risk(self, i: int) -> str | None:
        filler = self._filler(i)
        return self.rule_of(i).risk or (filler.risk if filler else None)

    def outcome_text(self, i: int) -> str:
        text = Bucket(int(self.buckets[i])).label
        sub = int(self.subcategories[i])
        if sub != NO_SUBCATEGORY:
            text = SUBCATEGORIES[sub].label
        share = self.shares[i]
        if not np.isnan(share) and share < 1.0:
            text += f" ({share * 100:g}% counted)"
        return text

    def reason(self, i: int, budget: Budget) -> str:
        """'COFOG 02.2 -> Civil preparedness & resilience, rule 14' for one suggestion."""
        line, rule = int(self.lines[i]), self.rule_of(i)
        text = f"{what_matched(rule, budget, line)} -> {self.outcome_text(i)}, " \
               f"rule {int(self.rule_numbers[i])}"
        filler = self._filler(i)
        if filler is not None:
            text += f" + {what_matched(filler, budget, line)} (rule {int(self.filler_numbers[i])})"
        return text

    def rationale(self, i: int) -> str:
        """The rationale written on the line when the suggestion is accepted."""
        return rationale_text(self.rules, int(self.rule_numbers[i]), int(self.filler_numbers[i]))


def rationale_text(rules: list[Rule], number: int, filler: int) -> str:
    rule = rules[number - 1]
    text = f"Rule {number} '{rule.name}': {rule.outcome_text()}."
    if rule.rationale:
        text += f" {rule.rationale}"
    if filler:
        extra = rules[filler - 1]
        text += f" Sub-category from rule {filler} '{extra.name}'."
        if extra.rationale:
            text += f" {extra.rationale}"
    return text


def what_matched(rule: Rule, budget: Budget, line: int) -> str:
    """The condition that made a rule match a line, in a few words ('keyword "frigate"')."""
    if rule.cofog:
        return f"COFOG {canonical_cofog(str(budget.cofog[line])) or budget.cofog[line]}"
    if rule.code_prefixes or rule.code_ranges:
        code = normal_code(str(budget.codes[line]))
        prefix = next((p for p in rule.code_prefixes if code.startswith(normal_code(p))), None)
        return f"code {prefix}…" if prefix else f"code {budget.codes[line]}"
    if rule.organisations:
        return f"organisation '{_first_keyword(rule.organisations, budget.organisations[line])}'"
    if rule.keywords:
        return f"'{_first_keyword(rule.keywords, budget.descriptions[line])}'"
    if rule.pattern:
        return f"pattern /{rule.pattern}/"
    return "amount"


def _first_keyword(keywords: tuple[str, ...], text: str) -> str:
    folded = fold_text(str(text))
    for word in keywords:
        if Keyword.parse(word).regex().search(folded):
            return word
    return keywords[0]


def suggest(budget: Budget, rulebook: Rulebook, index: BudgetIndex | None = None,
            override_classified: bool = False) -> Suggestions:
    """What the rulebook proposes for each line it matches (unclassified lines only, unless
    `override_classified`)."""
    index = index or BudgetIndex(budget)
    rules = rulebook.ordered()
    by_code = [rank for rank, rule in enumerate(rules) if _only_code_prefixes(rule)]
    others = [rank for rank, rule in enumerate(rules) if not _only_code_prefixes(rule)]
    matches = [rule_lines(rules[rank], index) for rank in others]
    sizes = np.array([len(m) for m in matches], dtype=np.intp)
    lines = np.concatenate(matches) if matches else np.empty(0, dtype=np.intp)
    ranks = np.repeat(np.array(others, dtype=np.intp), sizes)
    if by_code:  # plain code rules, matched all at once
        prefixes = [(rank, normal_code(p)) for rank in by_code for p in rules[rank].code_prefixes]
        found, owner = index.codes.lines_with_prefixes([p for _, p in prefixes])
        lines = np.concatenate([lines, found])
        ranks = np.concatenate([ranks, np.array([r for r, _ in prefixes], dtype=np.intp)[owner]])
    if not override_classified:
        open_lines = budget.buckets[lines] == Bucket.UNCLASSIFIED
        lines, ranks = lines[open_lines], ranks[open_lines]
    return _resolve(rules, lines.astype(np.intp), ranks)


def _only_code_prefixes(rule: Rule) -> bool:
    return bool(rule.code_prefixes) and not (
        rule.code_ranges or rule.cofog or rule.organisations or rule.keywords or rule.pattern
        or rule.exclude_keywords or rule.amount_min is not None or rule.amount_max is not None)


def _first_per_line(lines: np.ndarray, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each distinct line, the lowest rank among its matches."""
    order = np.lexsort((ranks, lines))
    lines, ranks = lines[order], ranks[order]
    first = np.ones(len(lines), dtype=bool)
    first[1:] = lines[1:] != lines[:-1]
    return lines[first], ranks[first]


def _resolve(rules: list[Rule], lines: np.ndarray, ranks: np.ndarray) -> Suggestions:
    rule_bucket = np.array([int(r.bucket) for r in rules], dtype=np.int8)
    rule_sub = np.array([r.subcategory for r in rules], dtype=np.int16)
    rule_share = np.array([np.nan if r.share is None else r.share for r in rules])
    deciding = ~np.array([r.refine_only for r in rules], dtype=bool)[ranks] if len(rules) \
        else np.zeros(0, dtype=bool)
    won_lines, won_ranks = _first_per_line(lines[deciding], ranks[deciding])
    where = np.searchsorted(won_lines, lines)
    placed = where < len(won_lines)
    placed[placed] = won_lines[where[placed]] == lines[placed]
    lines, ranks, where = lines[placed], ranks[placed], where[placed]
    buckets, subs = rule_bucket[won_ranks], rule_sub[won_ranks].copy()
    shares = rule_share[won_ranks].copy()
    fillers = np.zeros(len(won_lines), dtype=np.intp)
    # a later rule of the same bucket may name the sub-category the winner left open
    if len(rules):
        can_fill = ((rule_bucket[ranks] == buckets[where]) & (rule_sub[ranks] != NO_SUBCATEGORY)
                    & (subs[where] == NO_SUBCATEGORY))
        fill_lines, fill_ranks = _first_per_line(lines[can_fill], ranks[can_fill])
        at = np.searchsorted(won_lines, fill_lines)
        subs[at] = rule_sub[fill_ranks]
        fillers[at] = fill_ranks + 1
        no_share = np.isnan(shares[at])
        shares[at[no_share]] = rule_share[fill_ranks[no_share]]
    return Suggestions(rules, won_lines, buckets, subs, shares, won_ranks + 1, fillers)
