"""Defending a claim (DOMAIN.md): each line's declaration category, challenge risk and evidence.

Risk is a small integer per line (blank, low, medium, high); the budget keeps the counted money
of high-risk lines per (slot, year) beside its other totals, so the "at risk" band costs a few
small-array operations however many lines there are. The arithmetic of the band lives in
pledge.py like every other pledge figure.
"""
from __future__ import annotations

import enum
import re


class Risk(enum.IntEnum):
    """How well a claim would stand up to challenge by allies (blank: not judged yet)."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return RISK_LABELS[self]


RISK_LABELS: dict[Risk, str] = {Risk.NONE: "", Risk.LOW: "low", Risk.MEDIUM: "medium",
                                Risk.HIGH: "high"}
RISK_CHOICES = [RISK_LABELS[r] for r in (Risk.LOW, Risk.MEDIUM, Risk.HIGH)]
RISK_MEANING: dict[Risk, str] = {
    Risk.LOW: "plainly within the NATO definition or the declaration's words",
    Risk.MEDIUM: "defensible with evidence",
    Risk.HIGH: "likely contested (dual-use civil infrastructure, re-labelled civil "
               "programmes, pensions moved into defence)",
}


class UnknownRisk(ValueError):
    """A challenge-risk cell that is not low, medium, high or blank."""


def parse_risk(text: object) -> Risk:
    """low / medium / high in any case (blank: not judged); anything else raises UnknownRisk."""
    if text is None or not str(text).strip():
        return Risk.NONE
    key = str(text).strip().lower()
    for risk, label in RISK_LABELS.items():
        if label and key == label:
            return risk
    raise UnknownRisk(f"'{text}' is not a challenge risk (use low, medium or high, or leave "
                      "it blank)")


def risk_text(value: int) -> str:
    """The label of a risk code, for the audit log and the table."""
    return RISK_LABELS[Risk(int(value))] or "(blank)"


# --- declaration categories (Hague Summit Declaration, paragraph 3, "inter alia") ------------
DECLARATION_CATEGORIES: tuple[str, ...] = (
    "Critical infrastructure",
    "Networks and cyber",
    "Civil preparedness and resilience",
    "Innovation",
    "Defence industrial base",
    "Military mobility",
)
OTHER_PREFIX = "Other (inter alia): "  # followed by the reason the line still qualifies


def _norm(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015\u2212-]", " ", text.strip().lower().replace("&", " and "))
    return re.sub(r"\s+", " ", text)


_CATEGORY_WORDS: dict[str, str] = {_norm(c): c for c in DECLARATION_CATEGORIES}
_CATEGORY_WORDS.update({
    "cyber": "Networks and cyber", "networks": "Networks and cyber",
    "civil preparedness": "Civil preparedness and resilience",
    "resilience": "Civil preparedness and resilience",
    "industrial base": "Defence industrial base",
    "defense industrial base": "Defence industrial base",
    "mobility": "Military mobility", "protect critical infrastructure": "Critical infrastructure",
})


def canonical_declaration(text: object) -> str:
    """A declaration-category cell as the plan keeps it: one of the six categories when it
    names one ('cyber' -> 'Networks and cyber'), else the text as written, which stands for
    an 'other, inter alia' claim with its reason (never an error: the list is open)."""
    if text is None:
        return ""
    written = " ".join(str(text).split())
    return _CATEGORY_WORDS.get(_norm(written), written)


def is_other_declaration(text: str) -> bool:
    return bool(text) and text not in DECLARATION_CATEGORIES
