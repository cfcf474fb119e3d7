"""Budgets for the core tests, and an oracle that totals them line by line (DOMAIN.md rules)
without the Budget's vectorised, incremental arithmetic."""
from __future__ import annotations

import random
from datetime import datetime

import numpy as np

from nato_planner.core.budget import Budget, LineColumns
from nato_planner.core.taxonomy import NO_SUBCATEGORY, SUBCATEGORIES, SUBCATEGORY_INDEX, Bucket

YEARS = [2025, 2026, 2027]
WHEN = datetime(2026, 3, 2, 9, 30)
EQUIPMENT = SUBCATEGORY_INDEX["equipment"]


def random_budget(seed: int = 1, lines: int = 40, years=YEARS, gdp: bool = True) -> Budget:
    """Budget-office magnitudes (money to the cent, some corrections, some unreadable cells)."""
    rng = random.Random(seed)
    amounts = np.array([[round(rng.uniform(-2e6, 9e8), 2) if rng.random() > 0.05 else 0.0
                         for _ in years] for _ in range(lines)])
    buckets = [rng.choice(list(Bucket)) for _ in range(lines)]
    subs = [rng.choice([NO_SUBCATEGORY] + [i for i, s in enumerate(SUBCATEGORIES)
                                           if s.bucket == b]) for b in buckets]
    errors = np.zeros((lines, len(years)), dtype=bool)
    errors[rng.randrange(lines), rng.randrange(len(years))] = True
    columns = LineColumns(
        years=list(years), amounts=amounts, codes=[f"{i:04d}" for i in range(lines)],
        descriptions=[f"Programme {i}" for i in range(lines)], buckets=buckets,
        subcategories=subs, shares=[rng.choice([1.0, 1.0, 0.4, 0.25, 0.0]) for _ in buckets],
        amount_errors=errors)
    gdp_values = {y: 4.2e10 * 1.03 ** i for i, y in enumerate(years)} if gdp else {}
    return Budget(columns, gdp_values)


def simple_budget(rows: list[tuple], years=(2026,), gdp: dict | None = None,
                  unreadable: list[tuple[int, int]] = ()) -> Budget:
    """rows: (amount or [amounts per year], bucket, sub-category key or None, share);
    unreadable: (line, year index) cells the importer could not read."""
    amounts = np.array([[r[0]] * len(years) if np.isscalar(r[0]) else r[0] for r in rows],
                       dtype=float)
    errors = np.zeros(amounts.shape, dtype=bool)
    for line, year_index in unreadable:
        errors[line, year_index] = True
    return Budget(LineColumns(
        years=list(years), amounts=amounts, codes=[f"C{i}" for i in range(len(rows))],
        descriptions=[f"Line {i}" for i in range(len(rows))],
        buckets=[int(r[1]) for r in rows],
        subcategories=[NO_SUBCATEGORY if r[2] is None else SUBCATEGORY_INDEX[r[2]]
                       for r in rows],
        shares=[r[3] for r in rows], amount_errors=errors),
        gdp if gdp is not None else {y: 1000.0 for y in years})


def oracle_totals(budget: Budget, year: int) -> dict[str, float]:
    """core, security, not counted, unclassified and equipment money, one line at a time."""
    totals = dict.fromkeys(("core", "security", "not_counted", "unclassified", "equipment"), 0.0)
    yi = budget.years.index(year)
    for line in range(len(budget)):
        if budget.amount_errors[line].any():
            continue
        amount, bucket = float(budget.amounts[line, yi]), Bucket(int(budget.buckets[line]))
        if bucket in (Bucket.CORE, Bucket.SECURITY):
            counted = amount * float(budget.shares[line])
            totals["core" if bucket == Bucket.CORE else "security"] += counted
            totals["not_counted"] += amount - counted
            sub = int(budget.subcategories[line])
            if bucket == Bucket.CORE and sub == EQUIPMENT:
                totals["equipment"] += counted
        elif bucket == Bucket.NOT_COUNTED:
            totals["not_counted"] += amount
        else:
            totals["unclassified"] += amount
    return totals


def figures_tuple(budget: Budget) -> tuple:
    """Every number a user sees for every year, to compare states exactly."""
    from nato_planner.core.plan import Plan
    plan = Plan(budget)
    return tuple(tuple(budget.slot_totals(y)) + tuple(vars(plan.figures(y)).values())
                 for y in budget.years)
