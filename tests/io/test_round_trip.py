"""Import what you write: a budget written as a workbook reads back with the same lines,
classification and amounts, in a ministry's layout and in the exported plan's layout."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer_workbooks import write_xlsx
from nato_planner.core.budget import Budget, LineColumns
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import SUBCATEGORIES, Bucket
from nato_planner.io.budget_import import read_budget

CLASS_WORDS = {Bucket.UNCLASSIFIED: "", Bucket.CORE: "Core defence",
               Bucket.SECURITY: "Security-related", Bucket.NOT_COUNTED: "Not counted"}
SCALES = {1.0: "Amounts in EUR", 1e3: "Amounts in EUR thousands", 1e6: "EUR million"}

descriptions = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs"),
                                              max_codepoint=0x17F),
                       min_size=1, max_size=30).map(str.strip).filter(
    lambda t: t and not t.lower().startswith(("total", "sub", "sum", "grand", "description")))
lines = st.lists(st.tuples(
    st.from_regex(r"[0-9]{2,4}(-[0-9]{2})?", fullmatch=True), descriptions,
    st.sampled_from(list(Bucket)),
    st.lists(st.integers(-10**6, 10**8), min_size=2, max_size=2),
    st.sampled_from([1.0, 0.5, 0.25])), min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines, st.sampled_from(sorted(SCALES)), st.integers(2024, 2030))
def test_a_written_budget_reads_back(generated, scale, first_year):
    rows = [["Ministry of Defence - Budget"], [SCALES[scale]], [],
            ["Code", "Description", "Classification", "Counted share",
             f"{first_year} Budget", f"{first_year + 1} Plan"]]
    rows += [[code, text, CLASS_WORDS[bucket], share, *amounts]
             for code, text, bucket, amounts, share in generated]
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "budget.xlsx", {"Budget": rows})
        result = read_budget(str(path))
    budget = result.budget
    assert result.errors == [] and result.line_items == len(generated)
    assert budget.years == [first_year, first_year + 1]
    assert budget.codes.tolist() == [g[0] for g in generated]
    assert budget.descriptions.tolist() == [g[1] for g in generated]
    assert budget.buckets.tolist() == [int(g[2]) for g in generated]
    assert budget.shares.tolist() == [g[4] for g in generated]
    assert np.array_equal(budget.amounts, np.array([g[3] for g in generated]) * scale)


def _plan_budget() -> Budget:
    sub = {s.key: i for i, s in enumerate(SUBCATEGORIES)}
    columns = LineColumns(
        years=[2025, 2026], amounts=np.array([[1e9, 1.1e9], [2e8, 2.5e8], [5e7, 5e7],
                                              [3e7, 3.3e7]]),
        codes=["0601", "0602", "0701", "0801"],
        descriptions=["Fighter jets", "Border guard", "-1 correction", "Stadium"],
        organisations=["MoD", "Interior", "MoD", "Sport"], cofog=["02.1", "03.1", "02.1", ""],
        buckets=[1, 2, 1, 0], subcategories=[sub["equipment"], sub["critical_infrastructure"],
                                             -1, -1],
        shares=[1.0, 0.4, 1.0, 1.0],
        rationales=["Major equipment", "=Pro rata: 40% deployable", "", ""])
    return Budget(columns, gdp={2025: 3e10, 2026: 3.2e10})


def test_an_exported_plan_reads_back_losslessly(tmp_path):
    plan_export = pytest.importorskip("nato_planner.io.plan_export")
    from nato_planner.core.plan import Plan
    budget = _plan_budget()
    path = tmp_path / "plan.xlsx"
    plan_export.export_plan(Plan(budget), str(path))
    result = read_budget(str(path))
    again = result.budget
    assert result.detection.sheet == "Line items" and result.errors == []
    for column in ("codes", "descriptions", "organisations", "cofog", "buckets",
                   "subcategories", "shares", "rationales", "amounts"):
        assert np.array_equal(getattr(again, column), getattr(budget, column)), column
    assert again.gdp == budget.gdp
    for year in budget.years:
        assert Plan(again).figures(year) == Plan(budget).figures(year)


def test_the_export_layout_written_by_hand_reads_back(tmp_path):
    """Summary first (no description column: passed over), 'Changed' ignored, GDP from
    Assumptions, a share column of fractions."""
    sheets = {
        "Summary": [["Year", "GDP", "Core defence", "Security-related"], [2025, 3e10, 1e9, 8e7]],
        "Line items": [
            ["Code", "Description", "Organisation", "COFOG", "Classification", "Sub-category",
             "Counted share", "Rationale", 2025, 2026, "Changed"],
            ["0601", "Fighter jets", "MoD", "02.1", "Core defence", "Equipment", 1, "", 1e9,
             1.1e9, ""],
            ["0602", "Border guard", "Interior", "03.1", "Security-related",
             "Critical infrastructure", 0.4, "pro rata", 2e8, 2.5e8,
             "share: 100% -> 40%"]],
        "Trajectory": [["Year", "GDP", "Planned core"], [2025, 3e10, 1e9]],
        "Changes": [["Time", "User", "Line", "What changed", "Rationale"]],
        "Assumptions": [["Year", "GDP"], [2025, 3e10], [2026, 3.2e10], [],
                        ["Nominal GDP growth", 0.03]],
    }
    result = read_budget(str(write_xlsx(tmp_path / "plan.xlsx", sheets)))
    budget = result.budget
    assert result.detection.sheet == "Line items"
    assert budget.gdp == {2025: 3e10, 2026: 3.2e10}
    assert budget.shares.tolist() == [1.0, 0.4]
    assert Plan(budget).figures(2026).security == pytest.approx(0.4 * 2.5e8)
