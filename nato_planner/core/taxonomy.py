"""The classification of a budget line: bucket, sub-category and the category slots they map to.

A *slot* is one (bucket, sub-category) pair. Totals are kept per slot so the dashboard's
breakdown, the equipment share and the pledge figures all come from one small array.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Bucket(enum.IntEnum):
    UNCLASSIFIED = 0
    CORE = 1
    SECURITY = 2
    NOT_COUNTED = 3

    @property
    def label(self) -> str:
        return BUCKET_LABELS[self]


BUCKET_LABELS: dict[Bucket, str] = {
    Bucket.UNCLASSIFIED: "Unclassified",
    Bucket.CORE: "Core defence",
    Bucket.SECURITY: "Security-related",
    Bucket.NOT_COUNTED: "Not counted",
}


@dataclass(frozen=True)
class SubCategory:
    key: str
    label: str
    bucket: Bucket


SUBCATEGORIES: tuple[SubCategory, ...] = (
    SubCategory("equipment", "Equipment", Bucket.CORE),
    SubCategory("personnel", "Personnel", Bucket.CORE),
    SubCategory("infrastructure", "Infrastructure", Bucket.CORE),
    SubCategory("operations", "Operations & other", Bucket.CORE),
    SubCategory("ukraine", "Ukraine support", Bucket.CORE),
    SubCategory("critical_infrastructure", "Critical infrastructure", Bucket.SECURITY),
    SubCategory("networks_cyber", "Networks & cyber", Bucket.SECURITY),
    SubCategory("civil_preparedness", "Civil preparedness & resilience", Bucket.SECURITY),
    SubCategory("innovation", "Innovation", Bucket.SECURITY),
    SubCategory("industrial_base", "Defence industrial base", Bucket.SECURITY),
    SubCategory("military_mobility", "Military mobility", Bucket.SECURITY),
)
NO_SUBCATEGORY = -1
SUBCATEGORY_INDEX: dict[str, int] = {s.key: i for i, s in enumerate(SUBCATEGORIES)}


def subcategories_of(bucket: Bucket) -> list[int]:
    """Indices into SUBCATEGORIES that belong to `bucket`."""
    return [i for i, s in enumerate(SUBCATEGORIES) if s.bucket == bucket]


def subcategory_label(index: int) -> str:
    return "" if index == NO_SUBCATEGORY else SUBCATEGORIES[index].label


# --- slots: where a line's money lands in the totals -------------------------------------
@dataclass(frozen=True)
class Slot:
    bucket: Bucket
    subcategory: int  # index into SUBCATEGORIES, or NO_SUBCATEGORY

    @property
    def label(self) -> str:
        if self.subcategory == NO_SUBCATEGORY:
            if self.bucket in (Bucket.CORE, Bucket.SECURITY):
                return f"{self.bucket.label}: no sub-category"
            return self.bucket.label
        return SUBCATEGORIES[self.subcategory].label


def _build_slots() -> tuple[Slot, ...]:
    slots: list[Slot] = []
    for bucket in (Bucket.CORE, Bucket.SECURITY):
        slots += [Slot(bucket, i) for i in subcategories_of(bucket)]
        slots.append(Slot(bucket, NO_SUBCATEGORY))
    slots += [Slot(Bucket.NOT_COUNTED, NO_SUBCATEGORY), Slot(Bucket.UNCLASSIFIED, NO_SUBCATEGORY)]
    return tuple(slots)


SLOTS: tuple[Slot, ...] = _build_slots()
SLOT_INDEX: dict[Slot, int] = {s: i for i, s in enumerate(SLOTS)}
NOT_COUNTED_SLOT = SLOT_INDEX[Slot(Bucket.NOT_COUNTED, NO_SUBCATEGORY)]
UNCLASSIFIED_SLOT = SLOT_INDEX[Slot(Bucket.UNCLASSIFIED, NO_SUBCATEGORY)]
CORE_SLOTS = [i for i, s in enumerate(SLOTS) if s.bucket == Bucket.CORE]
SECURITY_SLOTS = [i for i, s in enumerate(SLOTS) if s.bucket == Bucket.SECURITY]
EQUIPMENT_SLOT = SLOT_INDEX[Slot(Bucket.CORE, SUBCATEGORY_INDEX["equipment"])]


def slot_of(bucket: Bucket, subcategory: int) -> int:
    """The slot a line's counted part lands in (a sub-category of another bucket is ignored)."""
    if bucket in (Bucket.CORE, Bucket.SECURITY):
        if subcategory != NO_SUBCATEGORY and SUBCATEGORIES[subcategory].bucket != bucket:
            subcategory = NO_SUBCATEGORY
        return SLOT_INDEX[Slot(bucket, subcategory)]
    return NOT_COUNTED_SLOT if bucket == Bucket.NOT_COUNTED else UNCLASSIFIED_SLOT


# --- parsing what a workbook says -------------------------------------------------------
class UnknownClassification(ValueError):
    """A classification text that names no bucket or sub-category."""


def _norm(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015\u2212-]", " ", text.strip().lower().replace("&", " and "))
    return re.sub(r"\s+", " ", text)


_BUCKET_WORDS: dict[str, Bucket] = {
    "core": Bucket.CORE,
    "core defence": Bucket.CORE,
    "core defense": Bucket.CORE,
    "security": Bucket.SECURITY,
    "security related": Bucket.SECURITY,
    "defence and security related": Bucket.SECURITY,
    "defense and security related": Bucket.SECURITY,
    "not counted": Bucket.NOT_COUNTED,
    "excluded": Bucket.NOT_COUNTED,
    "none": Bucket.NOT_COUNTED,
    "no": Bucket.NOT_COUNTED,
    "unclassified": Bucket.UNCLASSIFIED,
}


def _subcategory_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for i, sub in enumerate(SUBCATEGORIES):
        words[_norm(sub.label)] = i
        words[_norm(sub.key.replace("_", " "))] = i
    extra = {
        "operations": "operations", "operations and maintenance": "operations",
        "o and m": "operations", "ukraine": "ukraine", "cyber": "networks_cyber",
        "networks and cyber": "networks_cyber", "civil preparedness": "civil_preparedness",
        "resilience": "civil_preparedness", "industrial base": "industrial_base",
        "defense industrial base": "industrial_base", "mobility": "military_mobility",
    }
    words.update({_norm(k): SUBCATEGORY_INDEX[v] for k, v in extra.items()})
    return words


_SUBCATEGORY_WORDS = _subcategory_words()


def parse_bucket(text: str | None) -> Bucket:
    """Bucket named by a classification cell; a sub-category name implies its bucket.

    Blank means unclassified; an unknown word raises UnknownClassification.
    """
    if text is None or not str(text).strip():
        return Bucket.UNCLASSIFIED
    key = _norm(str(text))
    if key in _BUCKET_WORDS:
        return _BUCKET_WORDS[key]
    if key in _SUBCATEGORY_WORDS:
        return SUBCATEGORIES[_SUBCATEGORY_WORDS[key]].bucket
    raise UnknownClassification(f"'{text}' is not a classification (use Core defence, "
                                "Security-related, Not counted, or a NATO sub-category)")


def parse_subcategory(text: str | None) -> int:
    """Index of the sub-category a cell names, NO_SUBCATEGORY for blank; unknown raises."""
    if text is None or not str(text).strip():
        return NO_SUBCATEGORY
    key = _norm(str(text))
    if key in _SUBCATEGORY_WORDS:
        return _SUBCATEGORY_WORDS[key]
    raise UnknownClassification(f"'{text}' is not a NATO sub-category")


def implied_subcategory(text: str | None) -> int:
    """The sub-category a classification cell names in place of a bucket, if any."""
    if text is None:
        return NO_SUBCATEGORY
    return _SUBCATEGORY_WORDS.get(_norm(str(text)), NO_SUBCATEGORY)



# --- NATO's own categories of core spending (Tables 8a/8b) ---------------------------------
NATO_CATEGORIES: tuple[str, ...] = ("equipment", "personnel", "infrastructure", "other",
                                    "unassigned")
NATO_CATEGORY_LABELS: dict[str, str] = {
    "equipment": "Equipment", "personnel": "Personnel", "infrastructure": "Infrastructure",
    "other": "Other (O&M, other R&D, Ukraine)", "unassigned": "No sub-category",
}
_NATO_CATEGORY_OF_SUB = {"equipment": "equipment", "personnel": "personnel",
                         "infrastructure": "infrastructure", "operations": "other",
                         "ukraine": "other"}


def _nato_category_slots() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {key: [] for key in NATO_CATEGORIES}
    for i, slot in enumerate(SLOTS):
        if slot.bucket != Bucket.CORE:
            continue
        key = ("unassigned" if slot.subcategory == NO_SUBCATEGORY
               else _NATO_CATEGORY_OF_SUB[SUBCATEGORIES[slot.subcategory].key])
        found[key].append(i)
    return found


NATO_CATEGORY_SLOTS: dict[str, list[int]] = _nato_category_slots()
