"""Defending claims in the engine: risk ratings move the at-risk band incrementally, undo gives
back exactly the figures seen before, and every figure agrees with a line-by-line oracle."""
from __future__ import annotations

import random

import numpy as np
import pytest

from nato_planner.core.audit import line_history
from nato_planner.core.claim_commands import (
    CLAIM_FIELDS, SetChallengeRisk, SetDeclarationCategory, SetEvidence,
)
from nato_planner.core.claim_figures import claim_figures_for, trajectory_claim_figures
from nato_planner.core.claims import Risk, UnknownRisk, canonical_declaration, parse_risk
from nato_planner.core.commands import ClassifyLines, CommandStack
from nato_planner.core.plan import Plan
from nato_planner.core.taxonomy import SUBCATEGORIES, Bucket

from core_budgets import WHEN, random_budget, simple_budget

NATO_OF = {"equipment": "equipment", "personnel": "personnel",
           "infrastructure": "infrastructure", "operations": "other", "ukraine": "other"}


def oracle_band(plan: Plan, year: int) -> dict:
    """counted %, counted % without high-risk lines, at risk, core by category: line by line."""
    b, yi = plan.budget, plan.budget.years.index(year)
    core = security = high_core = high_security = 0.0
    categories = dict.fromkeys(("equipment", "personnel", "infrastructure", "other",
                                "unassigned"), 0.0)
    for line in range(len(b)):
        if b.amount_errors[line].any():
            continue
        bucket = int(b.buckets[line])
        if bucket not in (Bucket.CORE, Bucket.SECURITY):
            continue
        money = float(b.amounts[line, yi]) * float(b.shares[line])
        high = int(b.risks[line]) == Risk.HIGH
        if bucket == Bucket.CORE:
            core += money
            high_core += money if high else 0.0
            sub = int(b.subcategories[line])
            valid = sub >= 0 and SUBCATEGORIES[sub].bucket == Bucket.CORE
            categories[NATO_OF[SUBCATEGORIES[sub].key] if valid else "unassigned"] += money
        else:
            security += money
            high_security += money if high else 0.0
    gdp = b.gdp[year]
    cap = 0.015 * gdp
    counted = core + min(security, cap)
    without = core - high_core + min(security - high_security, cap)
    return {"counted_pct": 100 * counted / gdp, "without_pct": 100 * without / gdp,
            "at_risk": counted - without, "categories": categories}


def rate_randomly(plan: Plan, seed: int) -> None:
    rng = random.Random(seed)
    for risk in (Risk.LOW, Risk.MEDIUM, Risk.HIGH):
        lines = [i for i in range(len(plan.budget)) if rng.random() < 0.3]
        SetChallengeRisk(plan, lines, risk, when=WHEN, user="tester").do(plan)


def assert_matches_oracle(plan: Plan) -> None:
    for year in plan.years:
        expected, got = oracle_band(plan, year), claim_figures_for(plan, year)
        scale = max(abs(plan.budget.amounts).sum(), 1.0)
        assert got.counted_pct_gdp == pytest.approx(expected["counted_pct"], rel=1e-12)
        assert got.counted_pct_gdp_without_high_risk == pytest.approx(expected["without_pct"],
                                                                      rel=1e-12, abs=1e-12)
        assert got.at_risk == pytest.approx(expected["at_risk"], abs=1e-9 * scale)
        for key, value in expected["categories"].items():
            assert got.core_by_category[key] == pytest.approx(value, abs=1e-9 * scale), key


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_band_and_categories_match_a_line_by_line_oracle(seed):
    plan = Plan(random_budget(seed, lines=60))
    rate_randomly(plan, seed)
    assert_matches_oracle(plan)
    # edits after rating keep the band incremental and right
    ClassifyLines(plan, [0, 1, 2], Bucket.SECURITY).do(plan)
    SetChallengeRisk(plan, [3, 4], Risk.HIGH).do(plan)
    assert_matches_oracle(plan)


def test_ceiling_applies_to_the_security_money_left_without_high_risk_lines():
    # GDP 1000: ceiling 15. Security 25, of which 8 high risk: 17 remain, still above 15,
    # so striking the high-risk lines costs nothing; core 30 with 5 high risk costs 5.
    budget = simple_budget([(17, Bucket.SECURITY, None, 1.0), (8, Bucket.SECURITY, None, 1.0),
                            (25, Bucket.CORE, None, 1.0), (5, Bucket.CORE, "personnel", 1.0)])
    plan = Plan(budget)
    SetChallengeRisk(plan, [1, 3], Risk.HIGH).do(plan)
    f = claim_figures_for(plan, 2026)
    assert f.counted_pct_gdp == pytest.approx(100 * (30 + 15) / 1000)
    assert f.counted_pct_gdp_without_high_risk == pytest.approx(100 * (25 + 15) / 1000)
    assert f.at_risk == pytest.approx(5.0)
    SetChallengeRisk(plan, [0], Risk.HIGH).do(plan)  # now all security is high risk
    f = claim_figures_for(plan, 2026)
    assert f.counted_pct_gdp_without_high_risk == pytest.approx(100 * 25 / 1000)
    assert f.at_risk == pytest.approx(20.0)


def test_rating_in_bulk_is_one_undo_step_that_restores_figures_exactly():
    plan = Plan(random_budget(7, lines=80))
    stack = CommandStack(plan)
    before = [claim_figures_for(plan, y) for y in plan.years]
    stack.push(SetChallengeRisk(plan, range(0, 80, 3), Risk.HIGH, reason="dual use"))
    assert stack.undo_label == "Rate 27 lines as high risk (dual use)"
    during = [claim_figures_for(plan, y) for y in plan.years]
    assert any(d.at_risk != b.at_risk for d, b in zip(during, before))
    stack.undo()
    assert [claim_figures_for(plan, y) for y in plan.years] == before
    assert not plan.budget.risks.any()


def test_planned_years_carry_each_slots_high_risk_fraction():
    budget = simple_budget([(100, Bucket.CORE, "equipment", 1.0), (50, Bucket.CORE, "equipment",
                                                                    1.0)],
                           years=(2026,), gdp={2026: 10000.0})
    plan = Plan(budget)
    SetChallengeRisk(plan, [1], Risk.HIGH).do(plan)
    rows = {f.year: f for f in trajectory_claim_figures(plan)}
    assert rows[2035].at_risk == pytest.approx(50.0)  # spending growth 0: same money
    assert rows[2035].core_by_category["equipment"] == pytest.approx(150.0)


def test_risk_words_any_case_and_unknown_words_refused():
    assert parse_risk(" HIGH ") == Risk.HIGH and parse_risk("Medium") == Risk.MEDIUM
    assert parse_risk("") == Risk.NONE and parse_risk(None) == Risk.NONE
    with pytest.raises(UnknownRisk, match="'very high' is not a challenge risk"):
        parse_risk("very high")


def test_declaration_categories_read_in_their_own_words_other_text_kept():
    assert canonical_declaration("cyber") == "Networks and cyber"
    assert canonical_declaration("Civil preparedness & resilience") == \
        "Civil preparedness and resilience"
    assert canonical_declaration("  Space  situational awareness ") == \
        "Space situational awareness"


def test_claim_history_says_who_rated_it_when_and_why():
    plan = Plan(random_budget(3, lines=10))
    SetChallengeRisk(plan, [2, 5], Risk.MEDIUM, reason="CT reference pending", when=WHEN,
                     user="anna").do(plan)
    SetChallengeRisk(plan, [5], Risk.HIGH, reason="US warning", user="ben").do(plan)
    SetDeclarationCategory(plan, [5], "mobility", user="ben").do(plan)
    SetEvidence(plan, [5], "TEN-T corridor designation 2024/1679", user="ben").do(plan)
    history = line_history(plan.audit, 5, CLAIM_FIELDS)
    assert [(h.user, h.what, h.why) for h in history] == [
        ("anna", "challenge risk: (blank) -> medium", "CT reference pending"),
        ("ben", "challenge risk: medium -> high", "US warning"),
        ("ben", "declaration category: (blank) -> Military mobility", ""),
        ("ben", "evidence: (blank) -> TEN-T corridor designation 2024/1679", "")]
    assert history[0].time == WHEN
    assert [h.what for h in line_history(plan.audit, 2, CLAIM_FIELDS)] == [
        "challenge risk: (blank) -> medium"]


def test_claim_edits_show_in_the_changed_description():
    plan = Plan(random_budget(3, lines=10))
    SetChallengeRisk(plan, [4], Risk.HIGH).do(plan)
    SetDeclarationCategory(plan, [4], "Innovation").do(plan)
    text = plan.budget.change_description(4)
    assert "challenge risk: (blank) -> high" in text
    assert "declaration category: (none) -> Innovation" in text
    assert plan.budget.changed_mask()[4] and not plan.budget.changed_mask()[3]


def test_claim_lines_are_security_related_and_high_risk_lines():
    budget = simple_budget([(1, Bucket.SECURITY, None, 1.0), (1, Bucket.CORE, None, 1.0),
                            (1, Bucket.NOT_COUNTED, None, 1.0), (1, Bucket.CORE, None, 1.0)])
    plan = Plan(budget)
    SetChallengeRisk(plan, [2, 3], Risk.HIGH).do(plan)
    assert plan.budget.claim_lines().tolist() == [0, 2, 3]
    assert np.array_equal(plan.budget.counted_money([2])[0], [0.0])
