"""The importer's vocabulary: every ally's language, matched without case, accents or
partial words."""
import pytest

from nato_planner.io.column_roles import ColumnRole, role_of
from nato_planner.io.vocabulary import resources_dir, vocabulary

# The official languages of the 32 allies' budgets (Belgium, Canada and Luxembourg share
# French/Dutch/German/English; Montenegrin is "me").
ALLY_LANGUAGES = {"en", "fr", "de", "nl", "it", "es", "pt", "da", "no", "is", "sv", "fi", "et",
                  "lv", "lt", "pl", "cs", "sk", "hu", "ro", "bg", "el", "tr", "sq", "mk", "hr",
                  "me", "sl"}


def test_the_vocabulary_is_data_in_resources_beside_the_package():
    assert (resources_dir() / "vocabulary.json").is_file()
    assert resources_dir().name == "resources"


@pytest.mark.parametrize("role", ["description", "code", "organisation", "cofog", "amount",
                                  "year", "actual", "commitment", "percentage", "subcategory",
                                  "share", "rationale", "category"])
def test_every_header_role_has_words_in_every_ally_language(role):
    table = vocabulary()._data["headers"][role]
    missing = ALLY_LANGUAGES - set(table)
    # Norwegian, Danish and Icelandic budgets word commitments and shares like their
    # neighbours; no role may lack more than a handful of languages.
    assert len(missing) <= 3, f"{role} lacks {sorted(missing)}"


@pytest.mark.parametrize("kind", ["revenue", "spending", "total", "subtotal"])
def test_every_value_kind_covers_the_ally_languages(kind):
    assert ALLY_LANGUAGES <= set(vocabulary()._data["values"][kind]) | {"me"} or \
        len(ALLY_LANGUAGES - set(vocabulary()._data["values"][kind])) <= 1


@pytest.mark.parametrize("header, role", [
    ("Libellé", ColumnRole.DESCRIPTION), ("LIBELLE", ColumnRole.DESCRIPTION),
    ("Zweckbestimmung", ColumnRole.DESCRIPTION), ("tekst", ColumnRole.DESCRIPTION),
    ("Megnevezés", ColumnRole.DESCRIPTION), ("Περιγραφή", ColumnRole.DESCRIPTION),
    ("Наименование", ColumnRole.DESCRIPTION), ("Açıklama", ColumnRole.DESCRIPTION),
    ("Emërtimi", ColumnRole.DESCRIPTION), ("Назив", ColumnRole.DESCRIPTION),
    ("Wyszczególnienie", ColumnRole.DESCRIPTION), ("Heiti", ColumnRole.DESCRIPTION),
    ("Begrotingsjaar", ColumnRole.YEAR), ("fy_ef", ColumnRole.YEAR), ("År", ColumnRole.YEAR),
    ("Ministerstvo", ColumnRole.ORGANISATION), ("Kapitel", ColumnRole.ORGANISATION),
    ("Titel", ColumnRole.CODE), ("Šifra", ColumnRole.CODE),
    ("Funktionskennziffer", ColumnRole.COFOG), ("inntekt-utgift", ColumnRole.FLOW),
    ("Catégorie OTAN", ColumnRole.CLASSIFICATION), ("Sous-catégorie", ColumnRole.SUBCATEGORY),
    ("Begründung", ColumnRole.RATIONALE), ("Ansatz 2017 in EUR", ColumnRole.AMOUNT),
])
def test_headers_in_national_languages_name_their_role(header, role):
    assert role_of(header) == role


@pytest.mark.parametrize("header", ["Reserve", "Prävention", "Pår", "Bütçe ve Gerçekleşme",
                                    "Revenue", "Average"])
def test_short_words_do_not_fire_inside_other_words(header):
    """'VE', 'AE', 'år', 'V' are whole words (and VE/AE/V only in capitals)."""
    words = vocabulary()
    assert not words.header("commitment").search(header)
    assert not words.header("year").search(header)
