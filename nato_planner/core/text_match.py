"""Fast keyword and prefix look-ups over a budget's text and code columns.

Keywords are written in any ally's language and compared without case or accents, on word
boundaries: "defence" matches "Defence procurement" but not "defenceless"; a trailing '*'
matches any ending ("milit*" finds militaire, militär, military, militares), which inflected
languages and compound words need ("bundeswehr*" finds Bundeswehrverwaltung); a leading '*'
matches the inside of a word ("*verteidigung*"). A keyword of several words matches them in
that order, next to each other.

Each column is indexed once: its distinct texts are tokenised, the vocabulary sorted, so a
keyword or a prefix is a binary search plus a slice of postings, whatever the number of lines.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

# Letters NFKD does not split into a base letter and an accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l",
                       "þ": "th", "ð": "d", "ı": "i", "ŀ": "l", "ħ": "h"})
_MARKS = re.compile(r"[\u0300-\u036f]")
_WORD = re.compile(r"\w+")
_TOP = "\U0010ffff"


def fold_text(text: str) -> str:
    """Lower case without accents: 'Forças Armadas' -> 'forcas armadas', 'Ø' -> 'o'."""
    text = str(text)
    if text.isascii():  # nothing to fold but case (most budget lines)
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return _MARKS.sub("", text).translate(_FOLD)


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold_text(text))


_KEYWORD_WORD = re.compile(r"(\*?)(\w+)(\*?)")


@dataclass(frozen=True)
class Keyword:
    """A keyword compiled for look-up: folded words, each with open or closed ends."""

    words: tuple[str, ...]
    open_starts: tuple[bool, ...]  # '*word': the word may start inside a longer word
    open_ends: tuple[bool, ...]  # 'word*': the word may go on

    @classmethod
    @lru_cache(maxsize=65536)
    def parse(cls, text: str) -> "Keyword":
        parts = _KEYWORD_WORD.findall(fold_text(text.strip()))
        return cls(tuple(p[1] for p in parts), tuple(bool(p[0]) for p in parts),
                   tuple(bool(p[2]) for p in parts))

    def regex(self) -> re.Pattern[str]:
        """Checks the words' order and adjacency in folded text (compiled once per keyword:
        the Suggestion column asks for it on every repaint)."""
        return _keyword_regex(self)

    def _compile(self) -> re.Pattern[str]:
        parts = [(r"\w*" if start else r"(?<!\w)") + re.escape(word) + (r"\w*" if end else r"(?!\w)")
                 for word, start, end in zip(self.words, self.open_starts, self.open_ends)]
        return re.compile(r"\W+".join(parts))


@lru_cache(maxsize=65536)
def _keyword_regex(keyword: Keyword) -> re.Pattern[str]:
    return keyword._compile()


def expand_groups(groups: np.ndarray, order: np.ndarray, starts: np.ndarray,
                  sizes: np.ndarray) -> np.ndarray:
    """All members (from `order`) of the given groups, one vectorised gather."""
    if len(groups) == 0:
        return np.empty(0, dtype=np.intp)
    counts = sizes[groups]
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.intp)
    offsets = np.repeat(starts[groups] - np.cumsum(counts) + counts, counts)
    return order[offsets + np.arange(total)]


class _Groups:
    """Lines grouped by a distinct value: members of a set of values in one gather."""

    def __init__(self, inverse: np.ndarray, n_values: int) -> None:
        self.order = np.argsort(inverse, kind="stable").astype(np.intp)
        self.sizes = np.bincount(inverse, minlength=n_values).astype(np.intp)
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1])).astype(np.intp)

    def lines_of(self, values: np.ndarray) -> np.ndarray:
        return np.sort(expand_groups(values, self.order, self.starts, self.sizes))


def factorize(values) -> tuple[np.ndarray, list[str]]:
    """(code per value, distinct values as text): a hash pass, no sorting of Python strings."""
    array = np.asarray(values, dtype=object)
    if len(array) and not all(isinstance(v, str) for v in array[:1000]):
        array = np.array(["" if v is None else str(v) for v in array], dtype=object)
    codes, distinct = pd.factorize(array, sort=False)
    return codes.astype(np.intp), list(distinct)


_SEPARATOR = "\x1e"  # not a word character, so no word spans two texts
_WORD_OR_SEPARATOR = re.compile(r"\w+|\x1e")


def _word_codes(texts: list[str]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """(word code of every word, distinct words, text id of every word) of all texts, in one
    regex pass over one joined string and one hash pass over its words."""
    joined = _SEPARATOR.join(texts).casefold()
    if joined.count(_SEPARATOR) != max(len(texts) - 1, 0):  # a text holds the separator
        joined = _SEPARATOR.join(t.replace(_SEPARATOR, " ") for t in texts).casefold()
    codes, distinct = pd.factorize(np.array(_WORD_OR_SEPARATOR.findall(joined), dtype=object))
    distinct = list(distinct)
    if _SEPARATOR not in distinct:
        return codes.astype(np.intp), distinct, np.zeros(len(codes), dtype=np.intp)
    separators = codes == distinct.index(_SEPARATOR)
    return (codes[~separators].astype(np.intp), distinct,
            np.cumsum(separators)[~separators].astype(np.intp))


def _sorted_ranks(words: list[str]) -> np.ndarray:
    """The rank of each word in sorted order: numpy sorts fixed-width text in C, ten times
    faster than Python objects (a pathological 10,000-letter word falls back to Python)."""
    if words and max(map(len, words)) <= 64:
        order = np.argsort(np.array(words, dtype=str), kind="stable")
    else:
        order = np.array(sorted(range(len(words)), key=words.__getitem__), dtype=np.intp)
    rank = np.empty(len(words), dtype=np.intp)
    rank[order] = np.arange(len(words), dtype=np.intp)
    return rank


class TextIndex:
    """Word index over one text column (descriptions or organisations)."""

    def __init__(self, texts) -> None:
        inverse, self._raw = factorize(texts)
        self._groups = _Groups(inverse, len(self._raw))
        self._folded: dict[int, str] = {}
        self._build_postings()
        self._regex_cache: dict[str, np.ndarray] = {}

    def _build_postings(self) -> None:
        """Tokenise every distinct text in one pass; fold accents per distinct word."""
        raw_ids, raw_words, text_ids = _word_codes(self._raw)
        folded_ids, folded = factorize([w if w.isascii() else fold_text(w) for w in raw_words])
        rank = _sorted_ranks(folded)  # vocabulary ids in sorted order, for prefix searches
        self.vocabulary = [""] * len(folded)
        for word, at in zip(folded, rank.tolist()):
            self.vocabulary[at] = word
        width = max(len(self._raw), 1)
        word_ids = rank[folded_ids][raw_ids].astype(np.int64) if len(raw_ids) \
            else np.empty(0, dtype=np.int64)
        keys = np.sort(word_ids * width + text_ids)
        if len(keys):
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        self._posting_texts = (keys % width).astype(np.intp)
        self._posting_starts = np.searchsorted(keys // width,
                                               np.arange(len(self.vocabulary) + 1))

    def folded_text(self, text_id: int) -> str:
        if text_id not in self._folded:
            self._folded[text_id] = fold_text(self._raw[text_id])
        return self._folded[text_id]

    def _texts_of_word_range(self, first: int, last: int) -> np.ndarray:
        return self._posting_texts[self._posting_starts[first]:self._posting_starts[last]]

    def _texts_with_word(self, word: str, open_start: bool, open_end: bool) -> np.ndarray:
        if open_start:  # inside words: scan the vocabulary (rare in rulebooks)
            hits = [i for i, w in enumerate(self.vocabulary)
                    if (word in w if open_end else w.endswith(word))]
            parts = [self._texts_of_word_range(i, i + 1) for i in hits]
            return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)
        first = bisect_left(self.vocabulary, word)
        last = bisect_left(self.vocabulary, word + _TOP) if open_end else \
            first + int(first < len(self.vocabulary) and self.vocabulary[first] == word)
        found = self._texts_of_word_range(first, last)
        return self._distinct(found) if open_end else found

    def _distinct(self, texts: np.ndarray) -> np.ndarray:
        """Sorted distinct text ids; a mask beats sorting when there are many."""
        if len(texts) < 2048:
            return np.unique(texts)
        mask = np.zeros(len(self._raw), dtype=bool)
        mask[texts] = True
        return np.flatnonzero(mask)

    def texts_matching(self, keyword: Keyword) -> np.ndarray:
        """Ids of distinct texts holding the keyword (sorted)."""
        words = keyword.words
        if not words:
            return np.empty(0, dtype=np.intp)
        found = None
        for word, start, end in zip(words, keyword.open_starts, keyword.open_ends):
            texts = self._texts_with_word(word, start, end)
            found = texts if found is None else np.intersect1d(found, texts, assume_unique=True)
            if len(found) == 0:
                return found
        if len(words) > 1:  # the words are all there; check they stand together, in order
            regex = keyword.regex()
            found = np.array([t for t in found if regex.search(self.folded_text(t))],
                             dtype=np.intp)
        return found

    def texts_matching_regex(self, pattern: str) -> np.ndarray:
        if pattern not in self._regex_cache:
            regex = re.compile(pattern, re.IGNORECASE)
            self._regex_cache[pattern] = np.array(
                [i for i, t in enumerate(self._raw) if regex.search(t)], dtype=np.intp)
        return self._regex_cache[pattern]

    def lines_of(self, text_ids: np.ndarray) -> np.ndarray:
        return self._groups.lines_of(np.asarray(text_ids, dtype=np.intp))

    def lines_matching(self, keywords: tuple[Keyword, ...]) -> np.ndarray:
        """Lines holding any of the keywords, sorted."""
        parts = [self.texts_matching(k) for k in keywords]
        texts = self._distinct(np.concatenate(parts)) if parts else np.empty(0, dtype=np.intp)
        return self.lines_of(texts)


def normal_code(text: str) -> str:
    """Codes compare without spaces and case: '14 01 551' -> '1401551'."""
    return "".join(str(text).split()).upper()


class PrefixIndex:
    """Sorted distinct codes: a prefix or a range is two binary searches."""

    def __init__(self, codes) -> None:
        raw_inverse, raw = factorize(codes)
        normal_inverse, distinct = factorize([c.upper() if c.isalnum() else normal_code(c)
                                              for c in raw])
        inverse = np.asarray(normal_inverse, dtype=np.intp)[raw_inverse] if len(raw_inverse) \
            else raw_inverse
        rank = _sorted_ranks(distinct)
        self.distinct = [""] * len(distinct)
        for code, at in zip(distinct, rank.tolist()):
            self.distinct[at] = code
        self._groups = _Groups(rank[inverse] if len(inverse) else inverse, len(distinct))

    def lines_with_prefix(self, prefix: str) -> np.ndarray:
        first = bisect_left(self.distinct, prefix)
        last = bisect_left(self.distinct, prefix + _TOP, first)
        return self._groups.lines_of(np.arange(first, last, dtype=np.intp))

    def lines_with_prefixes(self, prefixes: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(lines, index of the prefix each matched) for many prefixes at once: a rulebook of
        20,000 code rules is 40,000 binary searches and one vectorised gather."""
        firsts = np.array([bisect_left(self.distinct, p) for p in prefixes], dtype=np.intp)
        lasts = np.array([bisect_left(self.distinct, p + _TOP, f)
                          for p, f in zip(prefixes, firsts.tolist())], dtype=np.intp)
        counts = lasts - firsts
        codes = np.repeat(firsts - np.cumsum(counts) + counts, counts) + \
            np.arange(int(counts.sum()), dtype=np.intp)
        owners = np.repeat(np.arange(len(prefixes), dtype=np.intp), counts)
        groups = self._groups
        lines = expand_groups(codes, groups.order, groups.starts, groups.sizes)
        return lines, np.repeat(owners, groups.sizes[codes])

    def lines_in_range(self, low: str, high: str) -> np.ndarray:
        """Codes whose first len(low) characters lie between low and high."""
        first = bisect_left(self.distinct, low)
        last = bisect_left(self.distinct, high + _TOP, first)
        return self._groups.lines_of(np.arange(first, last, dtype=np.intp))
