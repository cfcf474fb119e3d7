"""`report --rules` and `export --rules`: a rulebook classifies the unclassified lines, and
`--json` lists what each got, by the row a spreadsheet shows."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "io"))
from importer_workbooks import write_xlsx  # noqa: E402

from nato_planner.cli import main  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def budget_file(tmp_path):
    rows = [["Ministry of Defence - Budget 2026 (EUR)"], [],
            ["Code", "COFOG", "Description", "Classification", "2026"],
            ["0101", "02.1", "Besoldung der Soldaten", "", 1000],          # row 4
            ["0102", "", "Acquisition de frégates", "", 500],               # row 5
            ["0103", "03.1", "Police nationale", "", 300],                  # row 6: judgement
            ["0104", "02.2", "Civil protection", "Not counted", 50],       # row 7: a person's
            ["0105", "", "Obrona cywilna", "", 80]]                         # row 8
    return write_xlsx(tmp_path / "budget.xlsx", {"Budget": rows,
                                                  "Macro": [["Year", "GDP"], [2026, 100000]]})


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_json_lists_the_rules_applied_by_sheet_row(capsys, budget_file):
    code, out, err = run(capsys, "report", str(budget_file), "--rules", "default", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    applied = {a["row"]: a for a in data["rules_applied"]}
    assert sorted(applied) == [4, 5, 8]  # row 6 is left to a person, row 7 was classified
    assert (applied[4]["classification"], applied[4]["sub_category"]) == ("core", "Personnel")
    assert (applied[5]["classification"], applied[5]["sub_category"]) == ("core", "Equipment")
    assert applied[8]["classification"] == "security"
    assert all(isinstance(a["rule"], str) and a["rule"] for a in applied.values())
    year = data["years"][0]
    assert year["core"] == 1500 and year["security"] == 80
    assert year["not_counted"] == 50 and year["unclassified"] == 300


def test_report_without_rules_keeps_the_contract_unchanged(capsys, budget_file):
    code, out, _ = run(capsys, "report", str(budget_file), "--json")
    data = json.loads(out)
    assert "rules_applied" not in data and data["years"][0]["unclassified"] == 1880


def test_readable_report_says_which_rule_classified_what(capsys, budget_file):
    code, out, _ = run(capsys, "report", str(budget_file), "--rules", "default")
    assert code == 0 and "Rules applied to 3 unclassified line(s)" in out
    assert "row 8: security / Civil preparedness & resilience" in out


def test_a_broken_rulebook_is_one_error_line(capsys, budget_file, tmp_path):
    rules = tmp_path / "ours.toml"
    rules.write_text('[[rule]]\nname = "x"\nkeywords = ["a"]\nbucket = "cor"\n', encoding="utf-8")
    code, out, err = run(capsys, "report", str(budget_file), "--rules", str(rules), "--json")
    assert code == 2 and out == ""
    assert err.startswith("error: ours.toml, line 4") and "'bucket' is 'cor'" in err
    assert len(err.splitlines()) == 1


def test_export_applies_the_rulebook_to_the_plan(capsys, budget_file, tmp_path):
    out_path = tmp_path / "plan.xlsx"
    code, out, err = run(capsys, "export", str(budget_file), "--rules", "default",
                         "--out", str(out_path))
    assert code == 0 and "rules classified 3 line(s)" in out
    sheet = openpyxl.load_workbook(out_path)["Line items"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_description = {r[header.index("Description")]: r for r in rows[1:] if r[0] is not None}
    line = by_description["Acquisition de frégates"]
    assert "Core" in str(line[header.index("Classification")])
    rationale = [str(c) for c in line if isinstance(c, str) and c.startswith("Rule ")]
    assert rationale and "Major equipment" in rationale[0]


def test_report_with_rules_imports_no_qt(budget_file):
    code = ("import sys, nato_planner.cli as c; c.main(['report', sys.argv[1], '--rules', "
            "'default', '--json']); assert not [m for m in sys.modules if m.startswith('PySide6')]")
    done = subprocess.run([sys.executable, "-c", code, str(budget_file)], capture_output=True,
                          text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
