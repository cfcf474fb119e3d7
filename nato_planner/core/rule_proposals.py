"""'Make a rule from this edit': what a manual reclassification could teach the rulebook.

From one line a person classified, propose a condition (its code prefix, its organisation or a
telling word of its description) and the action (the line's bucket, sub-category, share); the
user edits the proposal before it joins the plan's rulebook.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .budget import Budget
from .rules import BUCKET_KEYS, Rule, rule_from_mapping
from .taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, Bucket
from .text_match import words_of

CONDITION_KINDS = ("keywords", "code_prefix", "organisation")
# Words that say nothing about what a line buys, in the languages budgets are written in.
_FILLER_WORDS = {
    "the", "and", "for", "of", "to", "in", "on", "with", "programme", "program", "other",
    "des", "les", "pour", "dans", "avec", "autres", "der", "die", "das", "und", "für", "fur",
    "von", "zur", "den", "dem", "sonstige", "van", "het", "een", "voor", "och", "til", "og",
    "af", "av", "med", "oraz", "dla", "del", "della", "degli", "per", "los", "las", "para",
    "dos", "das", "e", "y", "et", "i", "w", "z", "na", "ja", "ning", "un", "ir",
}


@dataclass(frozen=True)
class RuleProposal:
    """A condition to match lines like this one, and what to do with them."""

    kind: str  # one of CONDITION_KINDS
    value: str
    bucket: Bucket
    subcategory: int
    share: float | None  # None: leave shares as they are (the line counts 100%)
    name: str

    def to_rule(self, rationale: str = "", risk: str | None = None) -> Rule:
        values: dict = {"name": self.name, self.kind: [self.value],
                        "bucket": next(k for k, b in BUCKET_KEYS.items() if b == self.bucket)}
        if self.subcategory != NO_SUBCATEGORY:
            values["sub_category"] = SUBCATEGORIES[self.subcategory].key
        if self.share is not None:
            values["share"] = self.share
        if rationale:
            values["rationale"] = rationale
        if risk:
            values["risk"] = risk
        return rule_from_mapping(values, 1)


def telling_word(description: str) -> str:
    """The longest word that is not a number or a filler word ('Procurement of frigates' ->
    'procurement'); '' when there is none."""
    words = [w for w in words_of(description) if not w.isdigit() and w not in _FILLER_WORDS
             and len(w) > 2]
    return max(words, key=len) if words else ""


def code_prefix(code: str) -> str:
    """The code without its last part: '14 01 551 01' -> '14 01 551', '1401551' -> '1401'."""
    code = str(code).strip()
    parts = re.split(r"[\s./-]+", code)
    if len(parts) > 1:
        return code[:code.rfind(parts[-1])].rstrip(" ./-")
    return code[:4] if len(code) > 4 else code


def propose_rules(budget: Budget, line: int) -> list[RuleProposal]:
    """Proposals for one classified line, the most telling first (keyword, code, organisation)."""
    bucket = Bucket(int(budget.buckets[line]))
    if bucket == Bucket.UNCLASSIFIED:
        return []
    sub = int(budget.subcategories[line])
    share = float(budget.shares[line]) if bucket in (Bucket.CORE, Bucket.SECURITY) \
        and budget.shares[line] < 1.0 else None
    what = SUBCATEGORIES[sub].label if sub != NO_SUBCATEGORY else bucket.label
    found = {"keywords": telling_word(str(budget.descriptions[line])),
             "code_prefix": code_prefix(str(budget.codes[line])),
             "organisation": str(budget.organisations[line]).strip()}
    names = {"keywords": "'{}'", "code_prefix": "code {}…", "organisation": "organisation {}"}
    return [RuleProposal(kind, value, bucket, sub, share,
                         f"{names[kind].format(value)} -> {what}")
            for kind, value in found.items() if value]
