"""Text analysis shared by indexing and querying: the same pipeline on both sides.

normalize (case, ё→е) → tokenize (words, numbers, «7-ФЗ», «ОН0001») → pymorphy3 lemma (cached)
→ stop words dropped → phrases of the equivalence lines (abbreviations, word families, the
editors' synonyms) mapped onto one concept token «~head», emitted next to the words.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from konstruktor.core.search.lexicon import ABBREVIATIONS, FAMILIES, STOP_LEMMAS, STOP_POS

CONCEPT_PREFIX = "~"
MAX_TERM_LENGTH = 64
# «7-ФЗ», «№ 82 ФЗ» → «7фз»; dotted numbers («31.1», dates) stay whole; any other run of letters
# and digits is a word («ОН0001» stays one token).
_TOKEN = re.compile(
    r"(?P<law>\d+)\s?-?\s?(?P<kind>фкз|фз)(?![^\W_])"
    r"|(?P<dotted>\d+(?:[.,]\d+)+)"
    r"|(?P<word>[^\W_]+)",
    re.UNICODE,
)
_MIXED = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_LINE_SPLIT = re.compile(r"[,;=|\n]+")


def normalize(text: str) -> str:
    """Lower case and ё→е, keeping every character where it was (spans stay valid)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.replace("ё", "е")


@lru_cache(maxsize=1)
def morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _protected() -> frozenset[str]:
    """Abbreviations kept as they are: pymorphy would read «ИНН» as a form of «Инна»."""
    words: set[str] = set()
    for line in ABBREVIATIONS:
        for phrase in line:
            parts = normalize(phrase).split()
            if len(parts) == 1:
                words.add(parts[0])
    return frozenset(words)


PROTECTED = _protected()


@lru_cache(maxsize=200_000)
def word_info(word: str) -> tuple[str, bool]:
    """(lemma, is_stop_word) of one normalised word.

    Among pymorphy's parses the lemma with the highest total score wins; a noun wins a tie
    («устав» is both «устав» and a form of «устать»), because questions are about things.
    """
    if word.isdigit() or word in PROTECTED:
        return word, False
    if len(word) == 1:
        return word, True
    if word in STOP_LEMMAS:
        return word, True
    totals: dict[str, float] = {}
    nouns: set[str] = set()
    stop_votes = 0.0
    for parse in morph().parse(word):
        lemma = parse.normal_form.replace("ё", "е")
        totals[lemma] = totals.get(lemma, 0.0) + parse.score
        if parse.tag.POS == "NOUN":
            nouns.add(lemma)
        if parse.tag.POS in STOP_POS or "Apro" in parse.tag:
            stop_votes += parse.score
    if not totals:
        return word, False
    best = max(totals.items(), key=lambda item: (round(item[1], 2), item[0] in nouns))[0]
    is_stop = best in STOP_LEMMAS or stop_votes >= 0.5
    return best[:MAX_TERM_LENGTH], is_stop


class Word(NamedTuple):
    """One token of the text: its key for phrase matching, whether it is indexed, its span."""

    key: str
    indexed: bool
    start: int
    end: int


class Token(NamedTuple):
    term: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def _word_key(raw: str) -> tuple[str, bool]:
    """(key, indexed) of a plain word: its lemma, or its surface form when it is a stop word,
    so that «со НКО» ≠ «с НКО»."""
    if raw.isdigit():
        return raw, len(raw) > 1
    lemma, is_stop = word_info(raw[:MAX_TERM_LENGTH])
    return (raw, False) if is_stop else (lemma, True)


def words(text: str) -> list[Word]:
    result: list[Word] = []
    append = result.append
    for match in _TOKEN.finditer(normalize(text)):
        start, end = match.span()
        group = match.lastgroup
        if group == "word":
            key, indexed = _word_key(match.group())
            append(Word(key, indexed, start, end))
        elif group == "dotted":
            append(Word(match.group().replace(",", "."), True, start, end))
        else:
            append(Word(match.group("law") + match.group("kind"), True, start, end))
    return result


@lru_cache(maxsize=50_000)
def _mixed_parts(key: str) -> tuple[str, ...]:
    """The number inside «он0001»: people also type it alone or with a space."""
    if key.isalpha() or key.isdigit() or not _LETTER.search(key):
        return ()
    return tuple(part for part in _MIXED.findall(key) if len(part) > 1)


def parse_line(line: str) -> list[str]:
    """An editor's synonym line («соцуслуги, социальные услуги») → its phrases."""
    return [p.strip() for p in _LINE_SPLIT.split(line) if p.strip()]


@dataclass(frozen=True, slots=True)
class QueryUnit:
    """One thing the user asked for: a word or a concept, and the terms that count as it."""

    label: str
    terms: tuple[tuple[str, float], ...]
    is_concept: bool
    lookup_word: str = ""


class Analyzer:
    """Phrase-aware analysis for one set of equivalence lines."""

    def __init__(self, lines: Iterable[Sequence[str]] = ()) -> None:
        self.phrases: dict[tuple[str, ...], set[str]] = {}
        self.concept_words: dict[str, set[str]] = {}
        all_lines = [*ABBREVIATIONS, *FAMILIES, *lines]
        for line in all_lines:
            keyed = [tuple(w.key for w in words(phrase)) for phrase in line]
            keyed = [k for k in keyed if k]
            if len(keyed) < 2:
                continue
            concept = (CONCEPT_PREFIX + "_".join(keyed[0]))[:MAX_TERM_LENGTH]
            for key in keyed:
                self.phrases.setdefault(key, set()).add(concept)
                self.concept_words.setdefault(concept, set()).update(key)
        # The longest phrase starting with each key: most positions start no phrase at all.
        self.longest_from: dict[str, int] = {}
        for key in self.phrases:
            self.longest_from[key[0]] = max(self.longest_from.get(key[0], 0), len(key))

    def _matches(self, seq: list[Word], *, drop_contained: bool) -> list[tuple[int, int, set[str]]]:
        """(first word, last word + 1, concepts) of every phrase found in the sequence."""
        found: list[tuple[int, int, set[str]]] = []
        keys = [w.key for w in seq]
        for i, key in enumerate(keys):
            longest = self.longest_from.get(key)
            if not longest:
                continue
            for n in range(min(longest, len(keys) - i), 0, -1):
                concepts = self.phrases.get(tuple(keys[i : i + n]))
                if concepts:
                    found.append((i, i + n, concepts))
        if not drop_contained:
            return found
        return [m for m in found if not any(o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0] for o in found)]

    def prefixes(self, terms: Iterable[str]) -> tuple[str, ...]:
        """Short beginnings of every word form that can produce one of the terms: a cheap
        substring test that tells which sentences of a text are worth analysing."""
        words: set[str] = set()
        for term in terms:
            words.update(self.concept_words.get(term, ()) if term.startswith(CONCEPT_PREFIX) else (term,))
        return tuple(sorted({w[: min(4, max(2, len(w) - 1))] for w in words}))

    def tokens(self, text: str) -> list[Token]:
        """What is indexed for a text: content lemmas and concept tokens, with their spans."""
        seq = words(text)
        result = [Token(w.key, w.start, w.end) for w in seq if w.indexed]
        result.extend(
            Token(p, w.start, w.end) for w in seq if w.indexed and not w.key.isalpha() for p in _mixed_parts(w.key)
        )
        for first, last, concepts in self._matches(seq, drop_contained=False):
            start, end = seq[first].start, seq[last - 1].end
            result.extend(Token(concept, start, end) for concept in sorted(concepts))
        return result

    def query(self, text: str) -> list[QueryUnit]:
        """The units of a query: each phrase found becomes its concept, other words stay words."""
        seq = words(text)
        units: list[QueryUnit] = []
        covered: set[int] = set()
        for first, last, concepts in self._matches(seq, drop_contained=True):
            covered.update(range(first, last))
            label = text[seq[first].start : seq[last - 1].end]
            units.append(QueryUnit(label, tuple((c, 1.0) for c in sorted(concepts)), True))
        normalized = normalize(text)
        for i, word in enumerate(seq):
            if not word.indexed or i in covered:
                continue
            terms = [(word.key, 1.0)] + [(p, 0.5) for p in _mixed_parts(word.key)]
            units.append(
                QueryUnit(normalized[word.start : word.end], tuple(terms), False, normalized[word.start : word.end])
            )
        seen: set[tuple[tuple[str, float], ...]] = set()
        unique: list[QueryUnit] = []
        for unit in units:
            if unit.terms not in seen:
                seen.add(unit.terms)
                unique.append(unit)
        return unique


def line_terms(line: Sequence[str]) -> set[str]:
    """The indexed lemmas of a line's phrases: documents holding them need re-analysis."""
    return {w.key for phrase in line for w in words(phrase) if w.indexed}
