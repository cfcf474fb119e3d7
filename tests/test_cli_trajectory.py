"""`report --json`'s "trajectory" (BUDGET_FORMAT.md, "The path to 2035"), recomputed here
independently from the lines the test itself wrote into generated workbooks, with the
contract's formulas; and both close-the-gap modes checked against their promise."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "io"))
from importer_workbooks import write_xlsx  # noqa: E402

from nato_planner.cli import main  # noqa: E402

TRAJECTORY_KEYS = ["year", "basis", "gdp", "core", "security", "core_pct_gdp",
                   "security_pct_gdp", "counted_pct_gdp", "credible_path_pct", "core_path_pct",
                   "core_gap", "security_gap", "total_gap", "real_growth_pct"]
CORE_SUBS = ["Equipment", "Personnel", "Infrastructure", "Operations & other", ""]
SECURITY_SUBS = ["Critical infrastructure", "Networks & cyber", "Military mobility", ""]


def generated_budget(tmp_path: Path, seed: int, years: list[int]) -> tuple[Path, list[dict], dict]:
    """A random budget workbook, and the lines and GDP as the test wrote them."""
    rng = random.Random(seed)
    lines = []
    for i in range(rng.randint(12, 30)):
        bucket = rng.choice(["Core defence"] * 3 + ["Security-related", "Not counted"])
        sub = rng.choice(CORE_SUBS if bucket == "Core defence" else
                         SECURITY_SUBS if bucket == "Security-related" else [""])
        share = rng.choice([1.0, 1.0, 0.5, 0.8])
        amounts = {y: round(rng.uniform(1e7, 3e9), 2) for y in years}
        lines.append({"bucket": bucket, "sub": sub, "share": share, "amounts": amounts})
    gdp = {years[0]: rng.uniform(2e11, 6e11)}
    for y in years[1:]:
        gdp[y] = gdp[y - 1] * rng.uniform(1.01, 1.05)
    header = ["Code", "Description", "Classification", "Sub-category", "Counted share"] + \
        [str(y) for y in years]
    rows = [header] + [[f"{i:04d}", f"Programme {i}", line["bucket"], line["sub"],
                        line["share"]] + [line["amounts"][y] for y in years]
                       for i, line in enumerate(lines)]
    macro = [["Year", "GDP"]] + [[y, gdp[y]] for y in years]
    path = write_xlsx(tmp_path / f"budget{seed}.xlsx", {"Budget": rows, "Macro": macro})
    return path, lines, gdp


def report(capsys, path: Path, *options: str) -> dict:
    code = main(["report", str(path), "--json", *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def expected_trajectory(lines, gdp_known, years, g, s, d, target=2035):
    """The contract's formulas, computed line by line from what the test wrote."""
    def money(bucket, y):
        return sum(line["amounts"][y] * line["share"] for line in lines if line["bucket"] == bucket)
    last = max(years)
    out, prev_counted = [], None
    base_counted = base_core = None
    for y in range(min(years), target + 1):
        if y in years:
            core, security = money("Core defence", y), money("Security-related", y)
        else:
            core = money("Core defence", last) * (1 + s) ** (y - last)
            security = money("Security-related", last) * (1 + s) ** (y - last)
        gdp = gdp_known[y] if y in gdp_known else gdp_known[last] * (1 + g) ** (y - last)
        counted = core + min(security, 0.015 * gdp)
        if base_counted is None:
            base_counted, base_core, base_year = 100 * counted / gdp, 100 * core / gdp, y
        step = (y - base_year) / (target - base_year)
        out.append({
            "year": y, "basis": "budget" if y in years else "planned", "gdp": gdp,
            "core": core, "security": security, "core_pct_gdp": 100 * core / gdp,
            "security_pct_gdp": 100 * security / gdp, "counted_pct_gdp": 100 * counted / gdp,
            "credible_path_pct": base_counted + (5.0 - base_counted) * step,
            "core_path_pct": base_core + (3.5 - base_core) * step,
            "core_gap": max(0.0, 0.035 * gdp - core), "security_gap": max(0.0, 0.015 * gdp - security),
            "total_gap": max(0.0, 0.05 * gdp - counted),
            "real_growth_pct": None if prev_counted is None
            else 100 * ((counted / prev_counted) / (1 + d) - 1)})
        prev_counted = counted
    return out


def assert_entries_match(got: list[dict], expected: list[dict]) -> None:
    assert [e["year"] for e in got] == [e["year"] for e in expected]
    for g, e in zip(got, expected):
        assert list(g) == TRAJECTORY_KEYS
        for key in TRAJECTORY_KEYS:
            if e[key] is None or isinstance(e[key], str):
                assert g[key] == e[key], (g["year"], key)
            else:
                assert g[key] == pytest.approx(e[key], rel=1e-9, abs=1e-6), (g["year"], key)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_trajectory_follows_the_contract_with_default_assumptions(tmp_path, capsys, seed):
    years = [2025, 2026] if seed != 2 else [2024, 2025, 2026]
    path, lines, gdp = generated_budget(tmp_path, seed, years)
    data = report(capsys, path)
    assert_entries_match(data["trajectory"], expected_trajectory(lines, gdp, years, 0.03, 0.0, 0.02))


def test_planning_options_and_a_typed_planning_year_gdp(tmp_path, capsys):
    years = [2025, 2026]
    path, lines, gdp = generated_budget(tmp_path, 7, years)
    data = report(capsys, path, "--gdp-growth", "4.5", "--spending-growth", "6",
                  "--inflation", "2.5", "--gdp", "2030=9.9e11")
    expected = expected_trajectory(lines, gdp, years, 0.045, 0.06, 0.025)
    # --gdp 2030 replaces that year's projection; later years grow from it
    for e in expected:
        if e["year"] >= 2030:
            e_gdp = 9.9e11 * 1.045 ** (e["year"] - 2030)
            scale = e["gdp"] / e_gdp
            e["gdp"] = e_gdp
            for key in ("core_pct_gdp", "security_pct_gdp"):
                e[key] *= scale
    got = {e["year"]: e for e in data["trajectory"]}
    assert got[2030]["gdp"] == pytest.approx(9.9e11)
    assert got[2031]["gdp"] == pytest.approx(9.9e11 * 1.045)
    assert got[2029]["gdp"] == pytest.approx(gdp[2026] * 1.045 ** 3)
    for e in expected:
        assert got[e["year"]]["core"] == pytest.approx(e["core"])
        assert got[e["year"]]["core_pct_gdp"] == pytest.approx(e["core_pct_gdp"])
    counted = [g["counted_pct_gdp"] * g["gdp"] / 100 for g in data["trajectory"]]
    for before, now, entry in zip(counted, counted[1:], data["trajectory"][1:]):
        assert entry["real_growth_pct"] == pytest.approx(100 * ((now / before) / 1.025 - 1))


def _check_consistent(entry: dict) -> None:
    """Every entry's own figures agree with the contract's formulas."""
    gdp = entry["gdp"]
    counted = entry["core"] + min(entry["security"], 0.015 * gdp)
    assert entry["core_pct_gdp"] == pytest.approx(100 * entry["core"] / gdp)
    assert entry["counted_pct_gdp"] == pytest.approx(100 * counted / gdp)
    assert entry["core_gap"] == pytest.approx(max(0.0, 0.035 * gdp - entry["core"]), abs=1e-3)
    assert entry["total_gap"] == pytest.approx(max(0.0, 0.05 * gdp - counted), abs=1e-3)


@pytest.mark.parametrize("seed", [1, 4, 5])
def test_close_gap_path_puts_every_year_on_both_paths_and_2035_at_the_pledge(tmp_path, capsys,
                                                                          seed):
    years = [2025, 2026]
    path, lines, gdp = generated_budget(tmp_path, seed, years)
    before = report(capsys, path)
    data = report(capsys, path, "--close-gap", "path")
    first = data["trajectory"][0]
    # the path starts where the plan stood before: the first budget year is never changed
    assert first == before["trajectory"][0]
    base_counted, base_core = first["counted_pct_gdp"], first["core_pct_gdp"]
    for entry in data["trajectory"][1:]:
        _check_consistent(entry)
        step = (entry["year"] - 2025) / 10
        assert entry["credible_path_pct"] == pytest.approx(base_counted + (5 - base_counted) * step)
        assert entry["counted_pct_gdp"] >= entry["credible_path_pct"] - 1e-9
        assert entry["core_pct_gdp"] >= base_core + (3.5 - base_core) * step - 1e-9
    last = data["trajectory"][-1]
    assert last["year"] == 2035
    assert last["core_pct_gdp"] >= 3.5 - 1e-9 and last["counted_pct_gdp"] >= 5.0 - 1e-9
    # `years` reports the changed budget-year figures too
    changed = {e["year"]: e for e in data["years"]}
    assert changed[2026]["core"] == pytest.approx(data["trajectory"][1]["core"])
    assert changed[2026]["counted_pct_gdp"] == pytest.approx(data["trajectory"][1]["counted_pct_gdp"])


@pytest.mark.parametrize("seed", [1, 4, 6])
def test_close_gap_now_brings_every_later_year_to_the_floor_and_the_ceiling(tmp_path, capsys,
                                                                         seed):
    years = [2025, 2026, 2027]
    path, lines, gdp = generated_budget(tmp_path, seed, years)
    data = report(capsys, path, "--close-gap", "now")
    for entry in data["trajectory"][1:]:
        _check_consistent(entry)
        # issue 10: close-the-gap left 2027 EUR 27.7 bn under the floor; no cent under now
        assert entry["core"] >= 0.035 * entry["gdp"] - 0.01, entry["year"]
        assert entry["security"] >= 0.015 * entry["gdp"] - 0.01, entry["year"]
        assert entry["core_gap"] == 0 and entry["security_gap"] == 0 and entry["total_gap"] == 0
    changed = {e["year"]: e for e in data["years"]}
    for entry in data["trajectory"][1:3]:
        assert changed[entry["year"]]["core"] == pytest.approx(entry["core"])
        assert changed[entry["year"]]["security"] == pytest.approx(entry["security"])


def test_bad_planning_option_is_one_error_line(tmp_path, capsys):
    path, _, _ = generated_budget(tmp_path, 1, [2025])
    with pytest.raises(SystemExit) as raised:
        main(["report", str(path), "--gdp-growth", "fast"])
    _, err = capsys.readouterr()
    assert raised.value.code == 2 and err.startswith("error:") and "--gdp-growth" in err
    assert "Traceback" not in err


def test_an_actual_column_is_history_the_importer_flags_and_close_gap_leaves(tmp_path, capsys):
    from nato_planner.core.commands import EditRefused, SetAmounts
    from nato_planner.core.plan import Plan
    from nato_planner.io.budget_import import read_budget
    rows = [["Code", "Description", "Classification", "Sub-category", "2024 Actual",
             "2025 Budget", "2026 Plan"],
            ["A1", "Frigates", "Core defence", "Equipment", 1e9, 1.1e9, 1.2e9],
            ["A2", "Cyber agency", "Security-related", "Networks & cyber", 1e8, 1.1e8, 1.2e8]]
    macro = [["Year", "GDP"], [2024, 1e11], [2025, 1.03e11], [2026, 1.06e11]]
    path = write_xlsx(tmp_path / "actuals.xlsx", {"Budget": rows, "Macro": macro})
    budget = read_budget(str(path)).budget
    assert budget.actual_years == {2024}
    plan = Plan(budget)
    with pytest.raises(EditRefused, match="2024 holds actuals"):
        SetAmounts(plan, [0], 2024, 2e9)
    data = report(capsys, path, "--close-gap", "now")
    assert data["trajectory"][0]["core"] == pytest.approx(1e9)  # history untouched
    assert data["trajectory"][1]["core_pct_gdp"] >= 3.5 - 1e-9


def test_close_gap_on_the_command_line_moves_currency_units_not_the_tables_millions(tmp_path,
                                                                                    capsys):
    rows = [["Code", "Description", "Classification", "Sub-category", "2025", "2026"],
            ["A1", "Frigates", "Core defence", "Equipment", 4000.5, 4100.25],
            ["A2", "Pay", "Core defence", "Personnel", 3000, 3100],
            ["B1", "Cyber agency", "Security-related", "Networks & cyber", 900, 950]]
    path = write_xlsx(tmp_path / "millions.xlsx", {"Budget": rows})
    data = report(capsys, path, "--scale", "1000000", "--gdp", "2025=331234567891",
                  "--gdp", "2026=342345678912", "--close-gap", "now")
    closed = data["trajectory"][1]
    # the floor reached to the currency units the JSON speaks, not overshot by a table million
    assert 0.035 * closed["gdp"] <= closed["core"] <= 0.035 * closed["gdp"] + 2.0
    assert 0.015 * closed["gdp"] <= closed["security"] <= 0.015 * closed["gdp"] + 2.0
