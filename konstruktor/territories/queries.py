"""Reads of the territorial reference data, including matching of free-text region names."""

import re
from functools import lru_cache

from django.db.models import QuerySet

from konstruktor.core.text import normalize
from konstruktor.territories.models import Region

# Words that name the kind of subject, not the subject itself.
_TYPE_WORDS = frozenset(
    [
        "республика",
        "респ",
        "область",
        "обл",
        "край",
        "автономный",
        "автономная",
        "округ",
        "ао",
        "аобл",
        "г",
        "город",
        "федерального",
        "значения",
        "народная",
    ]
)
# Former or colloquial names that share no distinctive word with the official one.
_ALIASES = {
    "кузбасс": "42",
    "югра": "86",
    "якутия": "14",
    "чувашия": "21",
    "кемеровская": "42",
    "северная осетия": "15",
    "осетия": "15",
    "ямал": "89",
    "хмао": "86",
    "янао": "89",
    "нао": "83",
    "спб": "78",
    "санкт петербург": "78",
    "питер": "78",
    "днр": "93",
    "лнр": "94",
}


def region_list() -> QuerySet[Region]:
    return Region.objects.all()


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in normalize(name).split() if w not in _TYPE_WORDS)


@lru_cache(maxsize=1)
def _index() -> tuple[tuple[int, str, frozenset[str]], ...]:
    return tuple((r.pk, r.fns_code, _words(r.name)) for r in Region.objects.only("pk", "name", "fns_code"))


def region_index_reset() -> None:
    _index.cache_clear()
    region_id_by_name.cache_clear()


@lru_cache(maxsize=4096)
def region_id_by_name(name: str) -> int | None:
    """Match a free-text subject name in any common spelling («Карелия (Республика)»,
    «Респ Адыгея», «Ханты-Мансийский АО - Югра»). None when unknown or ambiguous."""
    words = _words(name)
    if not words:
        return None
    index = _index()
    exact = [pk for pk, _, w in index if w == words]
    if len(exact) == 1:
        return exact[0]
    alias = _ALIASES.get(" ".join(sorted(words))) or _ALIASES.get(normalize(name))
    if alias is None:
        for word in words:
            if word in _ALIASES and len(words) <= 2:
                alias = _ALIASES[word]
                break
    if alias:
        return next((pk for pk, fns, _ in index if fns == alias), None)
    partial = [pk for pk, _, w in index if w and (words <= w or w <= words)]
    return partial[0] if len(partial) == 1 else None


def region_by_oktmo(code: str) -> Region | None:
    """The subject an ОКТМО (or ОКАТО-free) code belongs to: the longest matching prefix."""
    digits = re.sub(r"\D", "", code or "")
    if len(digits) < 2:
        return None
    candidates = [r for r in Region.objects.filter(code=digits[:2]) if digits.startswith(r.oktmo_prefix)]
    return max(candidates, key=lambda r: len(r.oktmo_prefix), default=None)
