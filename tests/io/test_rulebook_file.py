"""Rulebook files: a delegation edits, shares and re-imports them; a broken one is refused with
the line and the reason, never half-loaded."""
from __future__ import annotations

import pytest

from nato_planner.core.rules import Rulebook, rule_from_mapping
from nato_planner.core.taxonomy import Bucket
from nato_planner.io.rulebook_file import (
    RulebookError, load_rulebook, parse_rulebook, read_rulebook, rulebook_text, write_rulebook,
)

GOOD = '''title = "Our rules"

[[rule]]
name = "Civil defence"
cofog = ["02.2"]
bucket = "security"
sub_category = "civil_preparedness"
risk = "low"

[[rule]]
name = "Armed forces"
keywords.en = ["armed forces"]
keywords.fr = ["forces armées"]
bucket = "core"
'''


def test_a_rulebook_file_reads_into_rules():
    book = parse_rulebook(GOOD, "ours.toml")
    assert book.name == "Our rules"
    assert [r.name for r in book.rules] == ["Civil defence", "Armed forces"]
    assert book.rules[1].keywords == ("armed forces", "forces armées")
    assert book.rules[1].bucket == Bucket.CORE and book.rules[1].source_line == 10


@pytest.mark.parametrize("broken, line, reason", [
    (GOOD.replace('bucket = "core"', 'bucket = "cor"'), 14, "'bucket' is 'cor'"),
    (GOOD.replace('risk = "low"', 'risk = "lowish"'), 8, "'risk' is 'lowish'"),
    (GOOD.replace('cofog = ["02.2"]', 'cofog = ["civil"]'), 5, "not a COFOG code"),
    (GOOD.replace('keywords.fr', 'keyword.fr'), 13, "unknown field 'keyword'"),
    (GOOD.replace('sub_category = "civil_preparedness"', 'sub_category = "equipment"'), 7,
     "belongs to Core defence"),
    (GOOD.replace('keywords.en = ["armed forces"]', 'pattern = "F-35("'), 12,
     "not a valid regular expression"),
    (GOOD.replace('name = "Armed forces"', 'name = "Civil defence"'), 10, "already used on line 3"),
    (GOOD.replace('cofog = ["02.2"]\n', ''), 3, "no condition"),
    (GOOD.replace('bucket = "core"', 'bucket = core'), 14, "invalid value"),
    (GOOD.replace('[[rule]]\nname = "Armed', '[[rule]\nname = "Armed'), 10, ""),
])
def test_a_broken_rulebook_is_refused_with_its_line_and_reason(broken, line, reason):
    with pytest.raises(RulebookError) as refused:
        parse_rulebook(broken, "ours.toml")
    message = str(refused.value)
    assert message.startswith(f"ours.toml, line {line}")
    assert reason.lower() in message.lower()


def test_missing_and_unreadable_files_are_one_sentence(tmp_path):
    with pytest.raises(RulebookError, match="does not exist"):
        read_rulebook(tmp_path / "none.toml")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(RulebookError, match="not a text file"):
        read_rulebook(tmp_path / "binary.toml")


def test_export_then_import_gives_the_same_rules(tmp_path):
    book = load_rulebook("default")
    path = tmp_path / "shared.toml"
    write_rulebook(book, path)
    again = read_rulebook(path)
    assert again.name == book.name
    assert [(r.name, r.bucket, r.subcategory, r.share, r.keywords, r.cofog, r.exclude_keywords,
             r.risk, r.declaration, r.rationale, r.refine_only) for r in again.rules] == \
        [(r.name, r.bucket, r.subcategory, r.share, r.keywords, r.cofog, r.exclude_keywords,
          r.risk, r.declaration, r.rationale, r.refine_only) for r in book.rules]


def test_written_text_escapes_quotes_and_keeps_every_field():
    made = rule_from_mapping({"name": 'The "MoD" rule', "bucket": "core", "code_range": "1400-1499",
                              "organisation": ["Ministère des Armées"], "amount_min": 1000,
                              "pattern": r"\bF-35\b", "share": 40, "priority": 2}, 1)
    again = parse_rulebook(rulebook_text(Rulebook([made], "Mine")), "mine.toml").rules[0]
    assert (again.name, again.code_ranges, again.organisations, again.amount_min, again.pattern,
            again.share, again.priority) == ('The "MoD" rule', (("1400", "1499"),),
                                             ("Ministère des Armées",), 1000.0, r"\bF-35\b", 0.4, 2)


def test_a_failed_export_leaves_the_previous_file(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0o444)
    try:
        with pytest.raises(RulebookError, match="read-only"):
            write_rulebook(load_rulebook("default"), path)
    finally:
        path.chmod(0o644)
    assert path.read_text(encoding="utf-8") == GOOD


def test_default_rulebook_speaks_every_allys_language():
    text = (load_rulebook("default").rules, )
    languages = set()
    raw = open(__import__("nato_planner.io.rulebook_file", fromlist=["x"]).DEFAULT_RULEBOOK,
               encoding="utf-8").read()
    for code in ("en", "fr", "de", "nl", "da", "no", "sv", "fi", "is", "pl", "it", "es", "pt",
                 "et", "lv", "lt", "cs", "sk", "ro", "hu", "el", "tr", "bg", "hr", "sl", "sq"):
        if f"keywords.{code} =" in raw:
            languages.add(code)
    assert len(languages) == 26 and text
