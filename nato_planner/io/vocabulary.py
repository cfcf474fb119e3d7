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
    if text.isascii():  # the usual case, kept cheap: nothing to take apart
        text = text.replace("_", " ")
        return text if keep_case else text.lower()
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
    def _lookup(self) -> tuple[dict, dict]:
        """The words as lookups, no regex (compiling alternations cost each process ~0.1 s):
        per case mode, single words (a set), phrases (token tuples), compounds ('*begroting':
        token endings and beginnings) and signs ('%', 'n°': substrings)."""
        modes: dict[bool, dict] = {False: {}, True: {}}
        for word in self.words:
            cased = word.startswith("=")
            core = word[1:] if cased else word
            folded = fold(core.strip("*"), keep_case=cased)
            tokens = tuple(_TOKEN.findall(folded))
            if not tokens and not folded.strip():
                continue
            kind = modes[cased]
            if core.startswith("*") or core.endswith("*"):
                key = "endings" if core.startswith("*") else "beginnings"
                kind.setdefault(key, set()).add(folded)
            elif " ".join(tokens) != " ".join(re.split(r"[\s\-]+", folded.strip())):
                kind.setdefault("signs", set()).add(folded)  # '%', 'n°', 'v.h.', 'line no.'
            elif len(tokens) == 1:
                kind.setdefault("singles", set()).add(tokens[0])
            else:
                kind.setdefault("phrases", set()).add(tokens)
        return modes[False], modes[True]

    @functools.cached_property
    def _by_first_letter(self) -> dict[str, re.Pattern[str]]:
        """Folded words grouped by their first letter, one small regex each: a row label is
        matched only against the words that could start it."""
        groups: dict[str, set[str]] = {}
        for word in self.words:
            folded = fold(word.strip("=*"))
            if folded:
                groups.setdefault(folded[0], set()).add(folded)
        return {letter: _pattern(words) for letter, words in groups.items()}
    def prepare(self) -> None:
        """Compile now what is otherwise compiled on first use."""
        for name in ("whole", "first_letters", "_lookup", "_by_first_letter"):
            getattr(self, name)

    def search(self, text: str) -> str | None:
        """A vocabulary word in `text` (any case, accents optional), or None."""
        plain, cased = self._lookup
        found = _find(plain, fold(text))
        if found is None and cased:
            found = _find(cased, fold(text, keep_case=True))
        return found

    def __contains__(self, text: str) -> bool:
        return self.search(text) is not None

    def starts(self, text: str) -> re.Match[str] | None:
        """A vocabulary word at the start of `text` (after punctuation and spaces)."""
        head = fold(text[:80]).lstrip(_LEADING)
        pattern = self._by_first_letter.get(head[:1])
        return pattern.match(head) if pattern is not None else None

    def is_whole(self, text: str) -> bool:
        """`text` is exactly one of the words (a header that *is* 'tekst', not 'tjeneste-tekst')."""
        return len(text) <= 300 and " ".join(fold(text).split()) in self.whole


_TOKEN = re.compile(r"[^\W_]+")  # a word: letters and digits


def _find(kind: dict, folded: str) -> str | None:
    """The first word of one case mode found in folded text."""
    tokens = _TOKEN.findall(folded)
    singles = kind.get("singles", ())
    for token in tokens:
        if token in singles:
            return token
    for phrase in kind.get("phrases", ()):
        size = len(phrase)
        if any(tuple(tokens[i:i + size]) == phrase for i in range(len(tokens) - size + 1)):
            return " ".join(phrase)
    for sign in kind.get("signs", ()):
        if sign in folded:
            return sign
    for ending in kind.get("endings", ()):
        if any(t.endswith(ending) for t in tokens):
            return ending
    for beginning in kind.get("beginnings", ()):
        if any(t.startswith(beginning) for t in tokens):
            return beginning
    return None
_LEADING = " -*\u2022\u00b7(\u2013\u2014=#.:[>\t"  # bullets and dashes before a row label


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

    def prepare(self) -> None:
        """Compile every word list now, for a caller with time to spare (the command line,
        while the budget's first sheet parses on another thread), not on first use."""
        for role in self._data["headers"]:
            self.header(role).prepare()
        for kind in self._data["values"]:
            self.value(kind).prepare()
        for name in ("classification", "subcategory", "numbering"):
            getattr(self, name)

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
