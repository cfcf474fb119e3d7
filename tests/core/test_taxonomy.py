"""Classification words a budget office writes, read as BUDGET_FORMAT.md says."""
from __future__ import annotations

import pytest

from nato_planner.core.taxonomy import (
    NO_SUBCATEGORY, SLOTS, SUBCATEGORIES, SUBCATEGORY_INDEX, Bucket, UnknownClassification,
    implied_subcategory, parse_bucket, parse_subcategory, slot_of,
)


@pytest.mark.parametrize("text, bucket", [
    ("core", Bucket.CORE), ("Core defence", Bucket.CORE), ("CORE DEFENSE", Bucket.CORE),
    ("  core   defence ", Bucket.CORE),
    ("security", Bucket.SECURITY), ("Security-related", Bucket.SECURITY),
    ("security related", Bucket.SECURITY), ("Defence- and security-related", Bucket.SECURITY),
    ("Security\u2013related", Bucket.SECURITY), ("defence\u2010and\u2010security\u2010related", Bucket.SECURITY),
    ("not counted", Bucket.NOT_COUNTED), ("Excluded", Bucket.NOT_COUNTED),
    ("none", Bucket.NOT_COUNTED), ("No", Bucket.NOT_COUNTED),
    ("", Bucket.UNCLASSIFIED), ("   ", Bucket.UNCLASSIFIED), (None, Bucket.UNCLASSIFIED),
])
def test_bucket_words(text, bucket):
    assert parse_bucket(text) == bucket


@pytest.mark.parametrize("text, key", [
    ("Equipment", "equipment"), ("Military mobility", "military_mobility"),
    ("Networks & cyber", "networks_cyber"), ("networks and cyber", "networks_cyber"),
    ("Civil preparedness & resilience", "civil_preparedness"), ("Ukraine support", "ukraine"),
])
def test_subcategory_name_in_place_of_a_bucket_implies_both(text, key):
    sub = SUBCATEGORY_INDEX[key]
    assert parse_bucket(text) == SUBCATEGORIES[sub].bucket
    assert implied_subcategory(text) == sub
    assert parse_subcategory(text) == sub


@pytest.mark.parametrize("text", ["Capability", "core-ish", "maybe", "50%"])
def test_unknown_words_raise(text):
    with pytest.raises(UnknownClassification):
        parse_bucket(text)


def test_bucket_words_imply_no_subcategory():
    assert implied_subcategory("Core defence") == NO_SUBCATEGORY
    assert parse_subcategory("") == NO_SUBCATEGORY


def test_subcategory_of_another_bucket_is_ignored_in_the_slot():
    cyber = SUBCATEGORY_INDEX["networks_cyber"]
    assert SLOTS[slot_of(Bucket.CORE, cyber)].subcategory == NO_SUBCATEGORY
    assert SLOTS[slot_of(Bucket.SECURITY, cyber)].subcategory == cyber
    assert SLOTS[slot_of(Bucket.NOT_COUNTED, cyber)].bucket == Bucket.NOT_COUNTED


def test_every_bucket_and_subcategory_has_one_slot():
    pairs = {(s.bucket, s.subcategory) for s in SLOTS}
    assert len(pairs) == len(SLOTS) == len(SUBCATEGORIES) + 4
