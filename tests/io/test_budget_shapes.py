"""Budget shapes in every ally's language (BUDGET_FORMAT.md): generated workbooks whose
expected figures are written out here by hand, read through `report --json`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from importer_workbooks import write_csv, write_xlsx  # noqa: E402

from nato_planner.cli import main  # noqa: E402


def report(capsys, path: Path, *options: str) -> dict:
    code = main(["report", str(path), "--json", *options])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def refused(capsys, path: Path, *options: str) -> str:
    code = main(["report", str(path), "--json", *options])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("error:") and err.count("\n") == 1
    return err


def money(data: dict) -> dict[int, float]:
    return {y["year"]: y["core"] + y["security"] + y["not_counted"] + y["unclassified"]
            for y in data["years"]}


# --- every ally's language ------------------------------------------------------------------------
# language: code, description, NATO category header, core, security, not counted, total word
LANGUAGES = {
    "en": ("Code", "Description", "NATO category", "Core defence", "Security-related",
           "Not counted", "Total"),
    "fr": ("Code", "Libellé", "Catégorie OTAN", "Défense de base", "Sécurité", "Exclu",
           "Total général"),
    "de": ("Titel", "Zweckbestimmung", "NATO-Kategorie", "Kernverteidigung",
           "Sicherheitsrelevant", "Nicht angerechnet", "Summe"),
    "nl": ("Artikel", "Omschrijving", "NAVO-categorie", "Kerndefensie", "Veiligheid",
           "Niet meegeteld", "Totaal"),
    "it": ("Codice", "Descrizione", "Categoria NATO", "Difesa di base", "Sicurezza", "Escluso",
           "Totale"),
    "es": ("Código", "Descripción", "Categoría OTAN", "Defensa básica", "Seguridad",
           "Excluido", "Total"),
    "pt": ("Código", "Descrição", "Categoria OTAN", "Defesa essencial", "Segurança",
           "Excluído", "Total"),
    "da": ("Konto", "Tekst", "NATO-kategori", "Kerneforsvar", "Sikkerhedsrelateret",
           "Ikke medregnet", "I alt"),
    "no": ("Post", "Tekst", "NATO-kategori", "Kjerneforsvar", "Sikkerhetsrelatert",
           "Ikke medregnet", "Sum"),
    "is": ("Númer", "Heiti", "NATO flokkur", "Kjarnavarnir", "Öryggistengt", "Ekki talið",
           "Samtals"),
    "sv": ("Kod", "Benämning", "NATO-kategori", "Kärnförsvar", "Säkerhetsrelaterad",
           "Ej medräknad", "Summa"),
    "fi": ("Koodi", "Selite", "NATO-luokka", "Ydinpuolustus", "Turvallisuus", "Ei lasketa",
           "Yhteensä"),
    "et": ("Kood", "Nimetus", "NATO kategooria", "Põhikaitse", "Julgeolek", "Ei arvestata",
           "Kokku"),
    "lv": ("Kods", "Nosaukums", "NATO kategorija", "Pamataizsardzība", "Drošība", "Izslēgts",
           "Kopā"),
    "lt": ("Kodas", "Pavadinimas", "NATO kategorija", "Pagrindinė gynyba", "Saugumas",
           "Neįskaičiuota", "Iš viso"),
    "pl": ("Kod", "Wyszczególnienie", "Kategoria NATO", "Podstawowa obronność",
           "Bezpieczeństwo", "Wyłączone", "Ogółem"),
    "cs": ("Kód", "Název", "Kategorie NATO", "Základní obrana", "Bezpečnost", "Vyloučeno",
           "Celkem"),
    "sk": ("Kód", "Názov", "Kategória NATO", "Základná obrana", "Bezpečnosť", "Vylúčené",
           "Spolu"),
    "hu": ("Kód", "Megnevezés", "NATO kategória", "Alapvető védelem", "Biztonság", "Kizárva",
           "Összesen"),
    "ro": ("Cod", "Denumire", "Categorie NATO", "Apărare de bază", "Securitate", "Exclus",
           "Total general"),
    "bg": ("Код", "Наименование", "Категория НАТО", "Основна отбрана", "Сигурност",
           "Изключено", "Общо"),
    "el": ("Κωδικός", "Περιγραφή", "Κατηγορία ΝΑΤΟ", "Βασική άμυνα", "Ασφάλεια", "Εξαιρείται",
           "Σύνολο"),
    "tr": ("Kod", "Açıklama", "NATO kategorisi", "Temel savunma", "Güvenlik", "Hariç",
           "Toplam"),
    "sq": ("Kodi", "Emërtimi", "Kategoria NATO", "Mbrojtja bazë", "Siguria", "Përjashtuar",
           "Gjithsej"),
    "mk": ("Шифра", "Назив", "НАТО категорија", "Основна одбрана", "Безбедност", "Исклучено",
           "Вкупно"),
    "hr": ("Šifra", "Naziv", "NATO kategorija", "Temeljna obrana", "Sigurnost", "Isključeno",
           "Ukupno"),
    "me": ("Šifra", "Naziv", "NATO kategorija", "Osnovna odbrana", "Bezbjednost", "Isključeno",
           "Ukupno"),
    "sl": ("Šifra", "Naziv", "NATO kategorija", "Osnovna obramba", "Varnost", "Izključeno",
           "Skupaj"),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_budget_in_each_ally_language_is_read_and_classified(tmp_path, capsys, language):
    code, description, category, core, security, excluded, total = LANGUAGES[language]
    rows = [[code, description, category, "2025", "2026"],
            ["55101", "Armoured vehicles / line one", core, 100, 110],
            ["53201", "Cyber defence of the grid / line two", security, 30, 33],
            ["68601", "Foreign economic aid / line three", excluded, 7, 8],
            ["", total, "", 137, 151]]
    path = write_xlsx(tmp_path / f"budget_{language}.xlsx", {"Budget": rows})

    data = report(capsys, path)

    assert data["line_items"] == 3
    assert data["skipped_rows"] == [{"row": 5, "reason": "total"}]
    assert data["errors"] == []
    y2025, y2026 = data["years"]
    assert (y2025["core"], y2025["security"], y2025["not_counted"]) == (100, 30, 7)
    assert (y2026["core"], y2026["security"], y2026["not_counted"]) == (110, 33, 8)


# --- long tables ------------------------------------------------------------------------------------
YEAR_WORDS = {"en": ("Year", "Amount"), "fr": ("Exercice", "Montant"), "de": ("Haushaltsjahr", "Betrag"),
              "nl": ("Begrotingsjaar", "Bedrag"), "it": ("Anno", "Importo"),
              "es": ("Ejercicio", "Importe"), "pt": ("Ano", "Montante"), "da": ("År", "Beløb"),
              "no": ("År", "Beløp"), "sv": ("År", "Belopp"), "fi": ("Vuosi", "Määräraha"),
              "pl": ("Rok", "Kwota"), "cs": ("Rok", "Částka"), "hu": ("Év", "Összeg"),
              "ro": ("An", "Suma"), "bg": ("Година", "Сума"), "el": ("Έτος", "Ποσό"),
              "tr": ("Yıl", "Tutar"), "hr": ("Godina", "Iznos"), "sl": ("Leto", "Znesek"),
              "et": ("Aasta", "Summa"), "lv": ("Gads", "Summa"), "lt": ("Metai", "Suma"),
              "is": ("Ár", "Fjárhæð"), "sq": ("Viti", "Shuma"), "mk": ("Година", "Износ"),
              "sk": ("Rok", "Suma")}


@pytest.mark.parametrize("language", sorted(YEAR_WORDS))
def test_a_long_table_becomes_one_line_per_item_with_one_amount_per_year(tmp_path, capsys,
                                                                         language):
    year, amount = YEAR_WORDS[language]
    code, description = LANGUAGES[language][:2]
    rows = [[year, code, description, amount],
            [2024, "01", "Frigates", 10], [2025, "01", "Frigates", 12],
            [2026, "01", "Frigates", 15], [2024, "02", "Barracks", 4],
            [2025, "02", "Barracks", 5], [2025, "02", "Barracks", 1],  # one line, one year: added
            [2026, "02", "Barracks", 6]]
    path = write_csv(tmp_path / f"long_{language}.csv", rows, ";")

    data = report(capsys, path)

    assert data["line_items"] == 2
    assert money(data) == {2024: 14, 2025: 18, 2026: 21}  # never years added into one
    only = report(capsys, path, "--year", "2025")
    assert money(only) == {2025: 18} and only["line_items"] == 2


def test_a_long_table_with_fiscal_year_labels_follows_fy_start(tmp_path, capsys):
    rows = [["Fiscal year", "Programme code", "Description", "Appropriation"],
            ["2024/25", "A1", "Army", 50], ["2025/26", "A1", "Army", 60]]
    path = write_csv(tmp_path / "fy.csv", rows)
    assert money(report(capsys, path)) == {2024: 50, 2025: 60}  # April start: the start year
    assert money(report(capsys, path, "--fy-start", "10")) == {2025: 50, 2026: 60}


# --- revenue rows ------------------------------------------------------------------------------------
FLOWS = [("flow", "einnahmen", "ausgaben"), ("Titelart", "Einnahmetitel", "Ausgabetitel"),
         ("Aggregat", "EINN.", "AUSG."), ("inntekt-utgift", "Inntekt", "Utgift"),
         ("Type", "Revenue", "Expenditure"), ("Sens", "Recettes", "Dépenses"),
         ("Uitgaven (U) Ontvangsten (O)", "O", "U"), ("Rodzaj", "Dochody", "Wydatki"),
         ("Typ", "Příjmy", "Výdaje"), ("Type", "Gelir", "Gider"), ("Type", "Έσοδα", "Δαπάνες")]


@pytest.mark.parametrize("header, revenue, spending", FLOWS)
def test_rows_flagged_as_revenue_are_not_spending(tmp_path, capsys, header, revenue, spending):
    rows = [["Code", "Description", header, "2025"],
            ["1", "Fees", revenue, 40], ["2", "Soldiers' pay", spending, 300],
            ["3", "Sales of surplus", revenue, 5], ["4", "Ammunition", spending, 70]]
    data = report(capsys, write_csv(tmp_path / "flow.csv", rows))
    assert money(data) == {2025: 370}
    assert [s for s in data["skipped_rows"] if s["reason"] == "revenue"] == [
        {"row": 2, "reason": "revenue"}, {"row": 4, "reason": "revenue"}]
    assert sum(f"'{header}'" in w and w.startswith("2 revenue rows") for w in data["warnings"]) == 1


def test_german_titel_main_groups_0_to_3_are_revenue(tmp_path, capsys):
    rows = [["Kapitel", "Titel", "Zweckbestimmung", "Soll 2025"],
            ["1401", "11901", "Vermischte Einnahmen", 9], ["1401", "42201", "Bezüge", 500],
            ["1401", "55401", "Kampffahrzeuge", 800], ["1401", "28201", "Zuweisungen", 3]]
    data = report(capsys, write_xlsx(tmp_path / "epl14.xlsx", {"Epl 14": rows}))
    assert money(data) == {2025: 1300} and data["line_items"] == 2


def test_norwegian_chapters_3000_to_5999_are_income(tmp_path, capsys):
    rows = [["Kap", "Post", "Tekst", "Beløp 2026"],
            [1720, 1, "Felles ledelse og kommandoapparat", 5000],
            [4720, 1, "Driftsinntekter", 300], [1760, 45, "Nyanskaffelser av materiell", 9000]]
    data = report(capsys, write_csv(tmp_path / "gul_bok.csv", rows, ";"))
    assert money(data) == {2026: 14000}


# --- columns that are never the year's money -------------------------------------------------------
@pytest.mark.parametrize("payment, commitment", [
    ("Soll 2025", "VE 2025"), ("CP 2025", "AE 2025"), ("Bedrag 2025", "Verplichtingen 2025"),
    ("2025 Outlays", "2025 Budget authority"), ("2025 Appropriation", "2025 Obligations"),
    ("Stanziamento 2025", "Impegni 2025"), ("Bevilgning 2025", "Tilsagnsfullmakt 2025")])
def test_a_commitment_column_never_wins_a_year(tmp_path, capsys, payment, commitment):
    rows = [["Code", "Description", commitment, payment], ["1", "Tanks", 900, 100]]
    data = report(capsys, write_csv(tmp_path / "c.csv", rows))
    assert money(data) == {2025: 100}


def test_percentage_columns_are_never_money_and_alone_are_refused(tmp_path, capsys):
    rows = [["Code", "Description", "2025", "2025 % of GDP", "Share 2026"],
            ["1", "Tanks", 100, 0.4, 12]]
    assert money(report(capsys, write_csv(tmp_path / "p.csv", rows))) == {2025: 100}
    only = [["Code", "Description", "2025 % of GDP", "2026 % of GDP"], ["1", "Tanks", 0.4, 0.5]]
    assert "percentage" in refused(capsys, write_csv(tmp_path / "only.csv", only))


def test_years_back_to_1950_and_every_year_like_column_left_out_is_named(tmp_path, capsys):
    rows = [["Code", "Description", "1949", "1950", "1976 TQ", "2025-2030", "2025"],
            ["1", "Tanks", 1, 2, 3, 4, 5]]
    data = report(capsys, write_csv(tmp_path / "old.csv", rows))
    assert money(data) == {1950: 2, 2025: 5}
    for header in ("1949", "1976 TQ", "2025-2030"):
        assert any(f"'{header}'" in w and "left out" in w for w in data["warnings"]), header


# --- relative years, units, nil markers, descriptions ---------------------------------------------
def test_relative_years_count_from_the_year_in_the_title(tmp_path, capsys):
    rows = [["Rijksbegroting 2026, bedragen x 1.000"], [],
            ["Artikel", "Omschrijving", "Bedrag t-1", "Bedrag t", "Bedrag t+1"],
            ["1", "Materieel", 10, 20, 30]]
    path = write_xlsx(tmp_path / "rel.xlsx", {"Staat": rows})
    data = report(capsys, path)
    assert money(data) == {2025: 10_000, 2026: 20_000, 2027: 30_000}
    untitled = write_csv(tmp_path / "rel.csv", rows[2:])
    assert "--year" in refused(capsys, untitled)
    assert money(report(capsys, untitled, "--year", "2030")) == {2029: 10, 2030: 20, 2031: 30}


def test_a_unit_column_sets_the_scale_and_scale_currency_options_override(tmp_path, capsys):
    rows = [["Jaar", "Eenheid", "Valuta", "Artikel", "Omschrijving", "Bedrag"],
            [2025, "x1000", "Euro", "1", "Materieel", 7]]
    path = write_csv(tmp_path / "unit.csv", rows, ";")
    data = report(capsys, path)
    assert (data["scale"], data["currency"], money(data)) == (1000, "EUR", {2025: 7000})
    data = report(capsys, path, "--scale", "millions", "--currency", "USD")
    assert (data["scale"], data["currency"], money(data)) == (1e6, "USD", {2025: 7e6})


def test_nil_markers_the_file_defines_in_its_notes_mean_zero(tmp_path, capsys):
    rows = [["Code", "Description", "2025", "2026"],
            ["1", "Tanks", "xxx", 5], ["2", "Ships", "§", 6], ["3", "Aircraft", "pm", "…"],
            [], ["Notes: xxx = did not exist; § = nil"]]
    data = report(capsys, write_csv(tmp_path / "nil.csv", rows))
    assert data["errors"] == []
    assert money(data) == {2025: 0, 2026: 11}


def test_without_a_description_header_the_longest_text_column_is_the_description(tmp_path,
                                                                                capsys):
    rows = [["Code", "Zzz", "2025"], ["1", "Main battle tanks and their ammunition", 5],
            ["2", "Frigate maintenance for the navy", 6]]
    data = report(capsys, write_csv(tmp_path / "unnamed.csv", rows))
    assert data["line_items"] == 2
    assert any("'Zzz'" in w and "description" in w for w in data["warnings"])


def test_a_sipri_like_table_with_an_unknown_description_header_and_old_years(tmp_path, capsys):
    rows = [["Military expenditure by country, in constant (2022) US$ m."], [],
            ["Land", "Notes", "1949", "1950", "2022"],
            ["Albania", "", "xxx", ". .", "250.5"], ["Canada", "", "1200", "1300", "26000"],
            [], ['"..." = data unavailable. "xxx" = country did not exist or was not independent.']]
    data = report(capsys, write_csv(tmp_path / "sipri.csv", rows))
    assert (data["line_items"], data["scale"], data["currency"]) == (2, 1e6, "USD")
    assert money(data) == {1950: 1300e6, 2022: 26250.5e6}
    assert any("'1949'" in w and "before 1950" in w for w in data["warnings"])


def test_a_german_federal_flow_table_is_long_and_keeps_ausgaben(tmp_path, capsys):
    rows = [["jahr", "flow", "einzelplan", "kapitel", "titel", "titeltext", "betrag"],
            [2024, "ausgaben", "14", "1403", "55401", "Beschaffung von Kampffahrzeugen", 900],
            [2024, "einnahmen", "14", "1401", "11901", "Vermischte Einnahmen", 9],
            [2025, "ausgaben", "14", "1403", "55401", "Beschaffung von Kampffahrzeugen", 1100],
            [2025, "einnahmen", "14", "1401", "11901", "Vermischte Einnahmen", 11]]
    data = report(capsys, write_csv(tmp_path / "bund.csv", rows, ";"))
    assert data["line_items"] == 1 and money(data) == {2024: 900, 2025: 1100}


def test_a_swedish_long_table_reads_belopp_not_the_anslag_code(tmp_path, capsys):
    rows = [["År", "Utgiftsområde", "Anslag", "Anslagsnamn", "Belopp"],
            [2025, "6", "1:1", "Förbandsverksamhet och beredskap", 500],
            [2026, "6", "1:1", "Förbandsverksamhet och beredskap", 650]]
    data = report(capsys, write_csv(tmp_path / "se.csv", rows, ";"))
    assert money(data) == {2025: 500, 2026: 650} and data["line_items"] == 1
