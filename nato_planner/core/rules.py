"""Classification rules: conditions on a budget line and the classification they suggest.

A rule matches a line when every condition it states holds (an absent condition always holds);
within one condition, any of the listed values may match. Its action names a bucket and may
name a sub-category, a counted share, a declaration category, a challenge risk and a rationale.

Precedence is explicit and shown to the user as the rule numbers: a rule with a higher
`priority` comes first, then the more specific rule (more kinds of condition, longer code or
COFOG prefixes), then the rulebook's own order. The first matching rule decides a line's bucket;
a later matching rule of the same bucket may still fill a sub-category the first left open
(COFOG 02.1 says core defence; "frigate" says which part of it). A `refine_only` rule only
does that: "salaries" names the sub-category of a line COFOG 02.1 made core, but never makes a
ministry of health's salaries core defence.

This module knows no file format: io/rulebook_file.py turns TOML into the mappings
`rule_from_mapping` checks, and tells the user the line of any mistake.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .errors import PlannerError
from .taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, SUBCATEGORY_INDEX, Bucket

RISKS = ("low", "medium", "high")
BUCKET_KEYS: dict[str, Bucket] = {
    "core": Bucket.CORE, "security": Bucket.SECURITY, "not_counted": Bucket.NOT_COUNTED,
}
# The declaration categories of the Hague declaration (DOMAIN.md, "Defending a claim").
DECLARATION_CATEGORIES: dict[str, str] = {
    "critical_infrastructure": "Critical infrastructure",
    "networks_cyber": "Networks and cyber",
    "civil_preparedness": "Civil preparedness and resilience",
    "innovation": "Innovation",
    "industrial_base": "Defence industrial base",
    "military_mobility": "Military mobility",
    "other": "Other (inter alia)",
}
CONDITION_KEYS = ("code_prefix", "code_range", "cofog", "organisation", "keywords",
                  "exclude_keywords", "pattern", "amount_min", "amount_max")
ACTION_KEYS = ("bucket", "sub_category", "share", "declaration", "risk", "rationale")
RULE_KEYS = ("name", "priority", "refine_only") + CONDITION_KEYS + ACTION_KEYS


class RuleError(PlannerError):
    """A rule that cannot be used; `key` names the field at fault (io adds the line)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Rule:
    name: str
    bucket: Bucket
    subcategory: int = NO_SUBCATEGORY
    share: float | None = None  # fraction 0-1; None leaves the line's share as it is
    declaration: str | None = None  # a DECLARATION_CATEGORIES key
    risk: str | None = None  # one of RISKS
    rationale: str = ""
    # conditions
    code_prefixes: tuple[str, ...] = ()
    code_ranges: tuple[tuple[str, str], ...] = ()
    cofog: tuple[str, ...] = ()  # canonical COFOG prefixes: "02", "02.1"
    organisations: tuple[str, ...] = ()  # keywords on the organisation
    keywords: tuple[str, ...] = ()  # keywords on the description, any language
    exclude_keywords: tuple[str, ...] = ()
    pattern: str | None = None  # a regular expression on the description
    amount_min: float | None = None
    amount_max: float | None = None
    priority: int = 0
    refine_only: bool = False  # only names the sub-category of a line another rule placed
    source_line: int | None = None  # where the rule starts in its file, for messages

    @property
    def specificity(self) -> int:
        """More kinds of condition and longer prefixes are more specific."""
        kinds = sum(bool(v) for v in (self.code_prefixes or self.code_ranges, self.cofog,
                                      self.organisations, self.keywords or self.pattern,
                                      self.amount_min is not None or self.amount_max is not None))
        depth = max([len(p) for p in self.code_prefixes] + [len(p) for p in self.cofog]
                    + [len(lo) for lo, _ in self.code_ranges] + [0])
        return kinds * 100 + depth

    @property
    def has_condition(self) -> bool:
        return bool(self.code_prefixes or self.code_ranges or self.cofog or self.organisations
                    or self.keywords or self.pattern or self.amount_min is not None
                    or self.amount_max is not None)

    def outcome_text(self) -> str:
        """'Security-related: Civil preparedness & resilience, 50% counted'."""
        text = self.bucket.label
        if self.subcategory != NO_SUBCATEGORY:
            text = f"{text}: {SUBCATEGORIES[self.subcategory].label}"
        if self.share is not None and self.share < 1.0:
            text += f", {self.share * 100:g}% counted"
        return text


@dataclass
class Rulebook:
    """Rules in the user's order; `ordered()` is the precedence shown as rule numbers."""

    rules: list[Rule] = field(default_factory=list)
    name: str = "Rulebook"

    def ordered(self) -> list[Rule]:
        ranked = sorted(enumerate(self.rules),
                        key=lambda ir: (-ir[1].priority, -ir[1].specificity, ir[0]))
        return [rule for _, rule in ranked]

    def with_rule(self, rule: Rule) -> "Rulebook":
        return Rulebook(self.rules + [rule], self.name)


# --- COFOG codes -------------------------------------------------------------------------
def canonical_cofog(text: str) -> str:
    """'02.1', '021', '0210', 'GF0201', '2.1.0' -> '02.1'; a division alone -> '02'; else ''."""
    text = str(text).strip().upper()
    if text.startswith("GF"):
        digits = re.sub(r"\D", "", text)
        return _cofog_of(digits[:2], digits[2:4])
    if "." in text:
        parts = [p for p in re.split(r"[.\s]+", text) if p]
        if not all(p.isdigit() for p in parts):
            return ""
        return _cofog_of(parts[0], parts[1] if len(parts) > 1 else "")
    digits = text if text.isdigit() else ""
    if len(digits) in (2, 3, 4):
        return _cofog_of(digits[:2], digits[2:3])
    if len(digits) == 1:
        return _cofog_of(digits, "")
    return ""


def _cofog_of(division: str, group: str) -> str:
    if not division.isdigit() or not 1 <= int(division) <= 10:
        return ""
    head = f"{int(division):02d}"
    return f"{head}.{int(group)}" if group.isdigit() and int(group) > 0 else head


# --- checking a rule given as plain values --------------------------------------------------
def _texts(value: Any, key: str) -> tuple[str, ...]:
    """A string, a list of strings, or a table of lists per language -> one tuple."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, Mapping):
        value = [word for words in value.values() for word in
                 (words if isinstance(words, list) else [words])]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"'{key}' must be text or a list of texts", key)
    words = tuple(v.strip() for v in value if v.strip())
    if not words:
        raise RuleError(f"'{key}' is empty", key)
    return words


def _number(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleError(f"'{key}' must be a number, not {value!r}", key)
    return float(value)


def _choice(value: Any, key: str, allowed: Mapping[str, Any] | tuple[str, ...]) -> str:
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    if text not in allowed:
        raise RuleError(f"'{key}' is '{value}'; use one of {', '.join(allowed)}", key)
    return text


def _subcategory(value: Any, bucket: Bucket) -> int:
    key = _choice(value, "sub_category", SUBCATEGORY_INDEX)
    index = SUBCATEGORY_INDEX[key]
    if SUBCATEGORIES[index].bucket != bucket:
        raise RuleError(f"sub_category '{value}' belongs to "
                        f"{SUBCATEGORIES[index].bucket.label}, not {bucket.label}", "sub_category")
    return index


def _share(value: Any) -> float:
    share = _number(value, "share")
    if share > 1.0:  # written as a percentage
        share /= 100.0
    if not 0.0 <= share <= 1.0:
        raise RuleError(f"'share' must be between 0 and 100 (%), not {value}", "share")
    return share


def _code_ranges(value: Any) -> tuple[tuple[str, str], ...]:
    items = value if isinstance(value, list) else [value]
    ranges = []
    for item in items:
        low, sep, high = str(item).partition("-") if isinstance(item, str) else ("", "", "")
        low, high = low.strip(), high.strip()
        if not sep or not low or len(low) != len(high) or low > high:
            raise RuleError(f"'code_range' '{item}' must read FROM-TO with codes of equal "
                            "length, e.g. \"1401-1499\"", "code_range")
        ranges.append((low, high))
    return tuple(ranges)


def _cofog_prefixes(value: Any) -> tuple[str, ...]:
    prefixes = []
    for text in _texts(value, "cofog"):
        code = canonical_cofog(text)
        if not code:
            raise RuleError(f"'cofog' '{text}' is not a COFOG code (e.g. \"02.1\" or \"02\")",
                            "cofog")
        prefixes.append(code)
    return tuple(prefixes)


def _pattern(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleError("'pattern' must be a regular expression", "pattern")
    try:
        re.compile(value)
    except re.error as error:
        raise RuleError(f"'pattern' is not a valid regular expression ({error})", "pattern")
    return value


def rule_from_mapping(values: Mapping[str, Any], number: int,
                      source_line: int | None = None) -> Rule:
    """A Rule from plain values (as a rulebook file holds them); RuleError names the field."""
    unknown = [k for k in values if k not in RULE_KEYS]
    if unknown:
        raise RuleError(f"unknown field '{unknown[0]}' (a rule may have: "
                        f"{', '.join(RULE_KEYS)})", unknown[0])
    if "bucket" not in values:
        raise RuleError("the rule has no 'bucket' (core, security or not_counted)")
    bucket = BUCKET_KEYS[_choice(values["bucket"], "bucket", BUCKET_KEYS)]
    name = str(values.get("name") or f"Rule {number}").strip()
    rule = Rule(name=name, bucket=bucket, source_line=source_line,
                **_actions(values, bucket), **_conditions(values))
    if rule.refine_only and rule.subcategory == NO_SUBCATEGORY:
        raise RuleError(f"rule '{name}' is refine_only but names no sub_category to refine "
                        "with", "refine_only")
    if not rule.has_condition:
        raise RuleError(f"rule '{name}' has no condition, so it would match every line; "
                        f"give it one of {', '.join(CONDITION_KEYS[:7])}")
    return rule


def _actions(values: Mapping[str, Any], bucket: Bucket) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "sub_category" in values:
        out["subcategory"] = _subcategory(values["sub_category"], bucket)
    if "share" in values:
        out["share"] = _share(values["share"])
    if "declaration" in values:
        out["declaration"] = _choice(values["declaration"], "declaration",
                                     DECLARATION_CATEGORIES)
    if "risk" in values:
        out["risk"] = _choice(values["risk"], "risk", RISKS)
    if "rationale" in values:
        out["rationale"] = str(values["rationale"]).strip()
    if "priority" in values:
        out["priority"] = int(_number(values["priority"], "priority"))
    if "refine_only" in values:
        if not isinstance(values["refine_only"], bool):
            raise RuleError("'refine_only' must be true or false", "refine_only")
        out["refine_only"] = values["refine_only"]
    return out


def _conditions(values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "code_prefix" in values:
        out["code_prefixes"] = _texts(values["code_prefix"], "code_prefix")
    if "code_range" in values:
        out["code_ranges"] = _code_ranges(values["code_range"])
    if "cofog" in values:
        out["cofog"] = _cofog_prefixes(values["cofog"])
    for key, field_name in (("organisation", "organisations"), ("keywords", "keywords"),
                            ("exclude_keywords", "exclude_keywords")):
        if key in values:
            out[field_name] = _texts(values[key], key)
    if "pattern" in values:
        out["pattern"] = _pattern(values["pattern"])
    for key in ("amount_min", "amount_max"):
        if key in values:
            out[key] = _number(values[key], key)
    return out


def rule_to_mapping(rule: Rule) -> dict[str, Any]:
    """The plain values of a rule, in RULE_KEYS order, leaving out what it does not state."""
    bucket_key = next(k for k, b in BUCKET_KEYS.items() if b == rule.bucket)
    values: dict[str, Any] = {
        "name": rule.name, "priority": rule.priority or None,
        "refine_only": rule.refine_only or None,
        "code_prefix": list(rule.code_prefixes),
        "code_range": [f"{lo}-{hi}" for lo, hi in rule.code_ranges],
        "cofog": list(rule.cofog), "organisation": list(rule.organisations),
        "keywords": list(rule.keywords), "exclude_keywords": list(rule.exclude_keywords),
        "pattern": rule.pattern, "amount_min": rule.amount_min, "amount_max": rule.amount_max,
        "bucket": bucket_key,
        "sub_category": (SUBCATEGORIES[rule.subcategory].key
                         if rule.subcategory != NO_SUBCATEGORY else None),
        "share": None if rule.share is None else round(rule.share * 100, 6),
        "declaration": rule.declaration, "risk": rule.risk, "rationale": rule.rationale or None,
    }
    return {k: v for k, v in values.items() if v not in (None, [], "")}


def renamed(rule: Rule, name: str) -> Rule:
    return replace(rule, name=name)
