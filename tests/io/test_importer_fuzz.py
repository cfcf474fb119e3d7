"""Whatever a sheet holds, the importer returns a consistent budget or refuses with a sentence."""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer_workbooks import write_csv, write_xlsx
from nato_planner.core.plan import Plan
from nato_planner.core.errors import BudgetImportError
from nato_planner.io.budget_import import read_budget

WORDS = ["Description", "Code", "2025", "FY2026 Budget", "2025 Actual", "Amount", "Total",
         "Subtotal", "Classification", "Share", "Core", "security", "n/a", "-", "..",
         "1,234.5", "1 234,5", "(250)", "approx. 12", "EUR thousands", "GDP", "Year", "",
         "Ministry", "0601", "150%", "Equipment", "Sub-category", "Notes", "2025/26"]
cells = st.one_of(st.none(), st.sampled_from(WORDS), st.text(max_size=12),
                  st.integers(-10**9, 10**9), st.floats(-1e12, 1e12, allow_nan=False),
                  st.integers(2000, 2100), st.booleans())
grids = st.lists(st.lists(cells, min_size=1, max_size=7), min_size=1, max_size=25)


def check(path: Path) -> None:
    try:
        result = read_budget(str(path))
    except BudgetImportError as error:
        assert str(error).startswith(f"'{path.name}'") and "\n" not in str(error)
        return
    budget = result.budget
    assert budget.years == sorted(set(budget.years))
    assert np.isfinite(budget.amounts).all()
    assert ((budget.shares >= 0) & (budget.shares <= 1)).all()
    rows = budget.source_rows.tolist()
    assert rows == sorted(set(rows))
    assert not set(rows) & {s.row for s in result.skipped_rows}
    assert result.line_items == len(budget) - int(budget.excluded.sum())
    assert {e.row for e in result.errors} <= set(rows)
    for year in budget.years:
        figures = Plan(budget).figures(year)
        total = figures.core + figures.security + figures.not_counted + figures.unclassified
        counted = budget.amounts[~budget.excluded, budget.year_index(year)].sum()
        assert np.isclose(total, counted, rtol=1e-9, atol=1e-3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids)
def test_random_csv_sheets(grid):
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "random.csv", grid)
        check(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids)
def test_random_xlsx_sheets(grid):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    grid = [[ILLEGAL_CHARACTERS_RE.sub("", c).lstrip("=") if isinstance(c, str) else c
             for c in row] for row in grid]
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "random.xlsx", {"Budget": grid})
        check(path)
