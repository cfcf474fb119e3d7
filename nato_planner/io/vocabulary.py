"""The words budget workbooks use, in every ally's language, loaded from resources/vocabulary.json.

Matching is case- and accent-insensitive and on whole words (see the file's header): the
vocabulary is data, this module only turns it into compiled patterns.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_FILE_NAME = "vocabulary.json"  # JSON: parsed in C, so it costs the importer ~1 ms
# Letters NFKD does not take apart; folded so "Łącznie" matches "lacznie", "Ørsted" "orsted".
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ı": "i", "ð": "d", "þ": "th",
                          "œ": "oe", "ŀ": "l", "Ł": "L", "Ø": "O", "Æ": "AE", "Đ": "D",
                          "Ð": "D", "Þ": "TH", "Œ": "OE", "_": " ", "\u00a0": " "})


def resources_dir() -> Path:
    """resources/ beside the package (a checkout or `pip install -e .`), else where an
    installation put it (NATO_PLANNER_RESOURCES, or <prefix>/share/nato-planner/resources)."""
    candidates = [Path(os.environ["NATO_PLANNER_RESOURCES"])] if os.environ.get(
        "NATO_PLANNER_RESOURCES") else []
    candidates += [Path(__file__).resolve().parents[2] / "resources",
                   Path(sys.prefix) / "share" / "nato-planner" / "resources"]
    for folder in candidates:
        if (folder / _FILE_NAME).is_file():
            return folder
    raise FileNotFoundError(f"{_FILE_NAME} not found in any of: "
                            + ", ".join(str(c) for c in candidates))


def fold(text: str, keep_case: bool = False) -> str:
    """Text as the vocabulary compares it: no accents, no case (unless `keep_case`),
    underscores as spaces. 'Libellé' -> 'libelle', 'fy_ef' -> 'fy ef', 'Σύνολο' -> 'συνολο'."""
    text = text.translate(_LETTERS)
    if not keep_case:
        text = text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pattern(words: set[str]) -> re.Pattern[str] | None:
    """Vocabulary words as one regex on folded text: whole words, unless a '*' lets a word
    run on into a compound, or the word starts or ends with a sign ('%', 'n°')."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        core = word.strip("*")
        parts = [re.escape(p) for p in re.split(r"[\s\-_]+", core) if p]
        bounded = (not word.startswith("*") and core[:1].isalnum(),
                   not word.endswith("*") and core[-1:].isalnum())
        groups.setdefault(bounded, []).append(r"[\s\-]+".join(parts))
    alternatives = [(r"(?<!\w)" if left else "") + "(?:" + "|".join(bodies) + ")"
                    + (r"(?!\w)" if right else "")
                    for (left, right), bodies in groups.items()]
    return re.compile("|".join(alternatives)) if alternatives else None


class Words:
    """A set of vocabulary words, compiled on first use: search anywhere, or match at the start."""

    def __init__(self, words: list[str]) -> None:
        self.words = words

    @functools.cached_property
    def whole(self) -> frozenset[str]:
        return frozenset(" ".join(fold(w).strip("=*").split()) for w in self.words
                         if w.strip("=*"))

    @functools.cached_property
    def first_letters(self) -> frozenset[str]:
        """Every letter a word may start with, as written or folded (a cheap pre-filter)."""
        return frozenset(c for w in self.words if w.strip("=*")
                         for c in _first_letters(w.strip("=*")))

    @functools.cached_property
    def _plain(self) -> re.Pattern[str] | None:
        return _pattern({fold(w) for w in self.words if not w.startswith("=") and w.strip("*")})

    @functools.cached_property
    def _exact(self) -> re.Pattern[str] | None:
        return _pattern({fold(w[1:], keep_case=True) for w in self.words if w.startswith("=")})

    def search(self, text: str) -> re.Match[str] | None:
        """The first vocabulary word in `text` (any case, accents optional)."""
        found = self._plain.search(fold(text)) if self._plain else None
        if found is None and self._exact is not None:
            found = self._exact.search(fold(text, keep_case=True))
        return found

    def __contains__(self, text: str) -> bool:
        return self.search(text) is not None

    def starts(self, text: str) -> re.Match[str] | None:
        """A vocabulary word at the start of `text` (after punctuation and spaces)."""
        folded = fold(text).lstrip(" -*\u2022\u00b7(\u2013\u2014=#.:[>\t")
        return self._plain.match(folded) if self._plain else None

    def is_whole(self, text: str) -> bool:
        """`text` is exactly one of the words (a header that *is* 'tekst', not 'tjeneste-tekst')."""
        return " ".join(fold(text).split()) in self.whole


def _first_letters(word: str) -> set[str]:
    letters = {word[0], word[0].lower(), word[0].upper()}
    folded = fold(word)[:1]
    return letters | {folded, folded.upper()}


@dataclass(frozen=True)
class NumberingRule:
    """A budget's own numbering that says a row is revenue (German Titel, Norwegian chapter)."""

    headers: Words
    digits: int
    revenue_first_digit: frozenset[int]
    revenue_ranges: tuple[tuple[int, int], ...]
    also_headers: Words | None  # another header the table must have (the language's mark)


class Vocabulary:
    """The vocabulary file, turned into Words per role or kind when first asked for."""

    def __init__(self, data: dict) -> None:
        self._data = data

    @staticmethod
    def _words(table: dict) -> list[str]:
        return [w for key, words in table.items() if not key.startswith("_") for w in words]

    @functools.cached_property
    def languages(self) -> frozenset[str]:
        return frozenset(key for section in ("headers", "values") for table in
                         self._data[section].values() for key in table
                         if not key.startswith("_") and key != "all")

    @functools.lru_cache(maxsize=None)
    def header(self, role: str) -> Words:
        """Header words naming a column role ('description', 'year', 'commitment'...)."""
        return Words(self._words(self._data["headers"][role]))

    @functools.lru_cache(maxsize=None)
    def value(self, kind: str) -> Words:
        """Cell values of a kind ('revenue', 'total', 'nil'...)."""
        return Words(self._words(self._data["values"][kind]))

    @functools.cached_property
    def classification(self) -> dict[str, str]:
        """Folded national word -> the English bucket word core/taxonomy.py parses."""
        return {" ".join(fold(w).split()): _BUCKET_ENGLISH[bucket]
                for bucket, table in self._data["classification"].items()
                for w in self._words(table)}

    @functools.cached_property
    def subcategory(self) -> dict[str, str]:
        """Folded national word -> sub-category key."""
        return {" ".join(fold(w).split()): key
                for key, table in self._data["subcategory"].items() for w in self._words(table)}

    @functools.cached_property
    def numbering(self) -> tuple[NumberingRule, ...]:
        return tuple(
            NumberingRule(Words(rule["headers"]), int(rule.get("digits", 0)),
                          frozenset(rule.get("revenue_first_digit", [])),
                          tuple(tuple(r) for r in rule.get("revenue_ranges", [])),
                          Words(rule["also_headers"]) if rule.get("also_headers") else None)
            for rule in self._data.get("numbering", []))


_BUCKET_ENGLISH = {"core": "core", "security": "security", "not_counted": "not counted",
                   "unclassified": "unclassified"}


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary, read once per process."""
    with open(resources_dir() / _FILE_NAME, "rb") as file:
        return Vocabulary(json.load(file))
