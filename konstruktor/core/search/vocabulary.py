"""What each process keeps in memory: the analyzer for the current synonyms and the vocabulary.

Both are rebuilt when a cheap fingerprint of the tables changes (row count and last update of
the documents and of the synonyms), so every process sees an editor's change on its next
search without a message bus, and both databases behave the same.
"""

import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count

from konstruktor.core.search.analysis import CONCEPT_PREFIX, Analyzer, morph, parse_line, word_info

ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
MIN_TYPO_LENGTH = 4
LONG_WORD = 8


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (a swap of neighbours counts as one), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletes(word: str) -> Iterator[str]:
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


@lru_cache(maxsize=20_000)
def known_neighbours(word: str) -> tuple[str, ...]:
    """Dictionary words one edit away from a word pymorphy does not know («регистрацыи»)."""
    analyzer = morph()
    if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or analyzer.word_is_known(word):
        return ()
    candidates: set[str] = set(_deletes(word))
    for i in range(len(word) + 1):
        for letter in ALPHABET:
            candidates.add(word[:i] + letter + word[i:])
            if i < len(word):
                candidates.add(word[:i] + letter + word[i + 1 :])
        if i < len(word) - 1:
            candidates.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    candidates.discard(word)
    return tuple(sorted(c for c in candidates if analyzer.word_is_known(c)))


@dataclass
class Vocabulary:
    """Document frequencies of every indexed term, and typo lookup over them."""

    df: dict[str, int]
    documents: int
    _deletes: dict[str, list[str]] | None = field(default=None, repr=False)
    # Compiled search filters and how many documents each leaves (engine._filter): stable while
    # the index is, so they live and die with this vocabulary.
    allowed: dict[str, Any] = field(default_factory=dict, repr=False)

    def idf(self, term: str) -> float:
        n = self.df.get(term, 0)
        return math.log(1 + (self.documents - n + 0.5) / (n + 0.5))

    def _delete_index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            index: dict[str, list[str]] = {}
            for term in self.df:
                if len(term) >= MIN_TYPO_LENGTH and term.isalpha():
                    for variant in _deletes(term):
                        index.setdefault(variant, []).append(term)
            self._deletes = index
        return self._deletes

    def near(self, word: str) -> dict[str, int]:
        """Vocabulary terms within one edit of the word (two for long words)."""
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
            return {}
        limit = 2 if len(word) >= LONG_WORD else 1
        index = self._delete_index()
        candidates: set[str] = set(index.get(word, ()))
        variants = set(_deletes(word))
        if limit == 2:
            variants |= {dd for d in list(variants) for dd in _deletes(d)}
        for variant in variants:
            if variant in self.df:
                candidates.add(variant)
            candidates.update(index.get(variant, ()))
        found: dict[str, int] = {}
        for term in candidates:
            if term.startswith(CONCEPT_PREFIX) or term == word:
                continue
            distance = edit_distance(word, term, limit)
            if distance <= limit:
                found[term] = distance
        return found

    def corrections(self, surface: str, lemma: str, *, limit: int = 2) -> list[str]:
        """The terms a misspelt query word most likely meant: closest first, then most frequent."""
        found: dict[str, int] = {}
        for neighbour in known_neighbours(surface):
            term = word_info(neighbour)[0]
            if term in self.df:
                found[term] = 1
        for word in {surface, lemma}:
            for term, distance in self.near(word).items():
                found[term] = min(distance, found.get(term, distance))
        ranked = sorted(found, key=lambda t: (found[t], -self.df.get(t, 0), t))
        return ranked[:limit]


@dataclass
class _Cached:
    fingerprint: tuple[Any, ...]
    value: Any


_lock = threading.Lock()
_analyzers: dict[str, _Cached] = {}
_vocabularies: dict[str, _Cached] = {}


def _fingerprints() -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(synonyms, documents): row count and last update of each table, in one round trip."""
    from konstruktor.core.models import SearchDocument, SearchSynonym

    parts = []
    for model in (SearchSynonym, SearchDocument):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(updated_at) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        syn_count, syn_last, doc_count, doc_last = cursor.fetchone()
    name = connection.settings_dict["NAME"]
    return (name, syn_count, str(syn_last)), (name, doc_count, str(doc_last))


def _analyzer_for(fingerprint: tuple[Any, ...]) -> Analyzer:
    from konstruktor.core.models import SearchSynonym

    cached = _analyzers.get(connection.alias)
    if cached is not None and cached.fingerprint == fingerprint:
        return cached.value
    lines = [parse_line(line) for line in SearchSynonym.objects.values_list("line", flat=True)]
    analyzer = Analyzer(lines)
    with _lock:
        _analyzers[connection.alias] = _Cached(fingerprint, analyzer)
    return analyzer


def _vocabulary_for(fingerprint: tuple[Any, ...]) -> Vocabulary:
    from konstruktor.core.models import SearchDocument, SearchTerm

    cached = _vocabularies.get(connection.alias)
    if cached is not None and cached.fingerprint == fingerprint:
        return cached.value
    df = dict(SearchTerm.objects.values("term").annotate(n=Count("id")).values_list("term", "n").order_by())
    vocabulary = Vocabulary(df=df, documents=SearchDocument.objects.count())
    with _lock:
        _vocabularies[connection.alias] = _Cached(fingerprint, vocabulary)
    return vocabulary


def index_version() -> tuple[Any, ...]:
    """Changes whenever an indexed document does (its row count and last update, one query):
    modules keep what they derive from the index in memory under it, as the vocabulary does."""
    return _fingerprints()[1]


def current_analyzer() -> Analyzer:
    """The analyzer with the built-in lines and the editors' synonyms as they are now."""
    return _analyzer_for(_fingerprints()[0])


def current_vocabulary() -> Vocabulary:
    return _vocabulary_for(_fingerprints()[1])


def current_state() -> tuple[Analyzer, Vocabulary]:
    """Both, checked against the database with one query (what a search needs)."""
    synonyms, documents = _fingerprints()
    return _analyzer_for(synonyms), _vocabulary_for(documents)
