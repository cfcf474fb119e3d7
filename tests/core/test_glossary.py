"""The glossary is one table: every term cites a source, and docs/glossary.md is written from it."""
from __future__ import annotations

from pathlib import Path

from nato_planner.core.glossary import TERMS, glossary_markdown, tooltip

ROOT = Path(__file__).resolve().parents[2]
SCREEN_TERMS = ("floor", "ceiling", "counted", "counted_share", "credible_path", "planned_year",
                "nato_categories", "challenge_risk", "security_room", "real_growth")


def test_every_term_the_issue_names_has_an_entry_citing_its_source() -> None:
    keys = {t.key for t in TERMS}
    assert set(SCREEN_TERMS) <= keys
    for entry in TERMS:
        assert entry.source and entry.definition and entry.tooltip, entry.key
    for key in ("floor", "ceiling", "credible_path"):
        assert "Hague Summit Declaration, 25 June 2025" in tooltip(key)
    assert "NATO's definition" in tooltip("counted_share")


def test_keys_are_unique() -> None:
    assert len({t.key for t in TERMS}) == len(TERMS)


def test_docs_glossary_is_written_from_the_same_table() -> None:
    on_disk = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert on_disk == glossary_markdown(), (
        "docs/glossary.md is stale: python -c \"from nato_planner.core.glossary import "
        "glossary_markdown; open('docs/glossary.md','w').write(glossary_markdown())\"")
