"""Real public budgets (shared/corpus/budgets, README there): `report` reads each shape with
the right line count, years and totals per year, computed here independently of the package
(csv module, openpyxl) the way a careful analyst reads the file."""
from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from nato_planner.cli import main

REPO = Path(__file__).resolve().parents[2]
# The shared folder sits beside the repository (NATO_PLANNER_SHARED points elsewhere).
SHARED = Path(os.environ.get("NATO_PLANNER_SHARED", REPO / ".." / "shared"))
BUDGETS = SHARED / "corpus" / "budgets"
pytestmark = pytest.mark.skipif(not BUDGETS.is_dir(),
                                reason=f"the shared corpus is not beside the repo ({BUDGETS})")


def report(capsys, name: str, *options: str) -> dict:
    code = main(["report", str(BUDGETS / name), "--json", *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def spending(data: dict) -> dict[int, float]:
    """Every year's money: nothing is classified in these files, so all of it is unclassified."""
    return {y["year"]: y["core"] + y["security"] + y["not_counted"] + y["unclassified"]
            for y in data["years"]}


def plain_number(text: str) -> float:
    """' -1 362 250 ' -> -1362250; '-   ' (the file's nil) -> 0."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    return 0.0 if cleaned in ("", "-") else float(cleaned)


def dutch_number(text: str) -> float:
    """'2.011.120' -> 2011120; '81032,9' -> 81032.9."""
    return float(text.replace(".", "").replace(",", ".")) if text.strip() else 0.0


# --- Bergen: Norwegian headers, wide years, income rows flagged ---------------------------------
def test_bergen_reads_tekst_four_year_columns_and_skips_income(capsys):
    name = "no_bergen_driftsbudsjett_2013.csv"
    with open(BUDGETS / name, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    spent = [r for r in rows if r["inntekt-utgift"] == "Utgift"]
    income = [r for r in rows if r["inntekt-utgift"] == "Inntekt"]
    expected = {y: sum(plain_number(r[str(y)]) for r in spent) for y in (2013, 2014, 2015, 2016)}

    data = report(capsys, name)

    assert data["line_items"] == len(spent)
    assert spending(data) == pytest.approx(expected)
    revenue_rows = [s for s in data["skipped_rows"] if s["reason"] == "revenue"]
    assert len(revenue_rows) == len(income)
    assert any("inntekt-utgift" in w and str(len(income)) in w for w in data["warnings"])


def test_bergen_income_can_be_kept_for_the_preview(tmp_path):
    from nato_planner.io.budget_import import ImportOptions, read_budget
    result = read_budget(str(BUDGETS / "no_bergen_driftsbudsjett_2013.csv"),
                         ImportOptions(include_revenue=True))
    assert result.line_items == 1761
    assert result.detection.headers[result.detection.flow_column] == "inntekt-utgift"
    assert result.detection.column_roles[9].value == "description"  # 'tekst'


# --- Brandenburg: German Titel numbering says which rows are revenue ---------------------------
def test_brandenburg_2017_spending_excludes_the_einnahmen_titel(capsys):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(BUDGETS / "de_bb_haushalt_2017_2018.xlsx", read_only=True)
    rows = list(book["GP"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    titel, amounts = header.index("Titel"), [header.index(f"Ansatz {y} in EUR")
                                              for y in (2016, 2017, 2018)]
    outgoing = [r for r in body if str(r[titel])[:1] in "456789"
                and any(r[a] not in (None, "") for a in amounts)]
    incoming = [r for r in body if str(r[titel])[:1] in "0123"
                and any(r[a] not in (None, "") for a in amounts)]
    expected = {y: sum(float(r[a] or 0) for r in outgoing)
                for y, a in zip((2016, 2017, 2018), amounts)}

    data = report(capsys, "de_bb_haushalt_2017_2018.xlsx")

    assert data["sheet"] == "GP"
    assert data["line_items"] == len(outgoing)
    assert spending(data) == pytest.approx(expected)
    assert sum(s["reason"] == "revenue" for s in data["skipped_rows"]) == len(incoming)
    assert data["currency"] == "EUR"


# --- Canada: a long table with one fiscal-year column -------------------------------------------
def _canada_rows() -> list[dict]:
    with open(BUDGETS / "ca_easo_eac_en.csv", encoding="utf-8-sig", newline="") as file:
        return [r for r in csv.DictReader(file) if r.get("fy_ef")]


def test_canada_year_2019_is_the_fy_ef_2019_rows_only(capsys):
    rows = [r for r in _canada_rows() if r["fy_ef"] == "2019"]
    lines = {(r["org_id"], r["org_name"], r["sobj_en"]) for r in rows}

    data = report(capsys, "ca_easo_eac_en.csv", "--year", "2019")

    assert [y["year"] for y in data["years"]] == [2019]
    assert data["line_items"] == len(lines)
    assert spending(data)[2019] == pytest.approx(sum(float(r["expenditures"]) for r in rows))


def test_canada_without_year_gives_one_amount_per_fiscal_year(capsys):
    rows = _canada_rows()
    by_year: dict[int, float] = defaultdict(float)
    for r in rows:
        by_year[int(r["fy_ef"])] += float(r["expenditures"])
    lines = {(r["org_id"], r["org_name"], r["sobj_en"]) for r in rows}

    data = report(capsys, "ca_easo_eac_en.csv")

    assert [y["year"] for y in data["years"]] == sorted(by_year)
    assert spending(data) == pytest.approx(dict(by_year))  # never ten years added into one
    assert data["line_items"] == len(lines)


# --- Dutch: a long table, unit column, U/V/O flags, several amount columns ----------------------
def test_dutch_states_read_in_thousands_one_line_per_article_adopted_budget(capsys):
    with open(BUDGETS / "nl_begrotingsstaten.csv", encoding="cp1252", newline="") as file:
        rows = [r for r in csv.DictReader(file, delimiter=";") if r["Begrotingsjaar"]]
    flag = "Uitgaven (U) Verplichtingen (V) Ontvangsten (O)"
    # spending (U) articles; 'Rijk' rows (in millions) and 'TOTAAL' rows are overviews
    spent = [r for r in rows if r[flag] == "U" and r["Begrotingsstaat"] != "Rijk"
             and r["Omschrijving"] != "TOTAAL"
             and (r["vastgestelde begroting"] or r["ontwerpbegroting"])]
    expected: dict[int, float] = defaultdict(float)
    for r in spent:
        adopted = r["vastgestelde begroting"] or r["ontwerpbegroting"]  # 2016-17: draft only
        expected[int(r["Begrotingsjaar"])] += dutch_number(adopted) * 1000
    articles = {(r["Begrotingsstaat"], r["Onderdeel"], r["Omschrijving"]) for r in spent}

    data = report(capsys, "nl_begrotingsstaten.csv")

    assert data["scale"] == 1000 and data["currency"] == "EUR"
    assert data["line_items"] == len(articles)
    assert spending(data) == pytest.approx(dict(expected))
    skipped = defaultdict(int)
    for s in data["skipped_rows"]:
        skipped[s["reason"]] += 1
    assert skipped["revenue"] == sum(
        r[flag] == "O" for r in rows if r["Omschrijving"] != "TOTAAL"
        and r["Begrotingsstaat"] != "Rijk" and (r["vastgestelde begroting"] or r["ontwerpbegroting"]))
    assert any("'vastgestelde begroting'" in w and "Realisatie" in w for w in data["warnings"])


def test_dutch_year_keeps_one_year_and_refuses_a_year_it_lacks(capsys):
    data = report(capsys, "nl_begrotingsstaten.csv", "--year", "2014")
    assert [y["year"] for y in data["years"]] == [2014]
    code = main(["report", str(BUDGETS / "nl_begrotingsstaten.csv"), "--year", "2030"])
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith("error:") and "2013" in err
