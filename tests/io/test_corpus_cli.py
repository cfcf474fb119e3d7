"""Every file of shared/corpus/real (spreadsheets from other software) and shared/corpus/budgets
(real public budgets) through `report --json` as a user runs it, with RUST_BACKTRACE unset and
set: exit 0 with one JSON object, or exit 2 with exactly one 'error:' line; never a traceback,
panic text or abort; the child that read the file stayed under 500 MB."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_hostile_corpus import assert_one_clean_outcome, sweep

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
FILES = sorted(p for folder in ("real", "budgets") if (CORPUS / folder).is_dir()
               for p in (CORPUS / folder).iterdir() if p.name != "README.md")
pytestmark = pytest.mark.skipif(not FILES, reason="the shared corpus is not beside the repo")


@pytest.mark.parametrize("rust_backtrace", [None, "1"], ids=["no-backtrace", "RUST_BACKTRACE=1"])
def test_every_corpus_file_imports_or_is_refused_in_one_line(rust_backtrace):
    results = sweep(FILES, rust_backtrace)
    assert len(results) == len({p.name for p in FILES})
    for name, result in results.items():
        assert_one_clean_outcome(name, result)
    real_budgets = [p.name for p in FILES if p.parent.name == "budgets"]
    assert any(results[name]["code"] == 0 for name in real_budgets)
