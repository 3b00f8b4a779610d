"""Reads of the territorial reference data, including matching of free-text region names.

Matching of settlements lives in `matching`, the white-spot figures in `whitespots`; both are
part of this public surface.
"""

import re
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet

from konstruktor.core.text import normalize
from konstruktor.territories.matching import SettlementMatch, SettlementMatcher, settlement_match
from konstruktor.territories.models import Municipality, Region, Settlement
from konstruktor.territories.whitespots import (
    FLAG_LABELS,
    LEVELS,
    TerritoryFigures,
    Thresholds,
    organizations_unlinked,
    thresholds_current,
    white_spot_settings_get,
    white_spots,
    white_spots_subjects,
)

__all__ = [
    "FLAG_LABELS",
    "LEVELS",
    "SettlementMatch",
    "SettlementMatcher",
    "TerritoryFigures",
    "Thresholds",
    "municipalities_for_regions",
    "organizations_unlinked",
    "region_by_api_code",
    "region_by_oktmo",
    "region_group",
    "region_id_by_name",
    "region_index_reset",
    "region_list",
    "settlement_match",
    "settlements_for_regions",
    "thresholds_current",
    "white_spot_settings_get",
    "white_spots",
    "white_spots_subjects",
]

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
    # Colloquial names met in registers and grant lists.
    "башкирия": "02",
    "кабардино балкария": "07",
    "кбр": "07",
    "карачаево черкесия": "09",
    "карачаево черкессия": "09",
    "кчр": "09",
    "тува": "17",
    "удмуртия": "18",
    "чечня": "20",
    "приморье": "25",
    "ставрополье": "26",
    "камчатка": "41",
    "еао": "79",
    "чукотка": "87",
    "с петербург": "78",
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


def region_by_api_code(*, code: str = "", fns: str = "") -> Region | None:
    """The subject of the API's `region` parameter: the two-digit ОКАТО/ОКТМО code gives the subject
    itself (71 — Тюменская область, not ХМАО or ЯНАО, which share it); a longer ОКТМО prefix (718,
    719, 118) picks an autonomous okrug; `fns` is the tax-office code (86 — ХМАО)."""
    if fns:
        return Region.objects.filter(fns_code=fns.strip()).first()
    digits = re.sub(r"\D", "", code or "")
    if not digits:
        return None
    exact = Region.objects.filter(oktmo_prefix=digits).first()
    if exact is not None or len(digits) != 2:
        return exact
    return Region.objects.filter(code=digits).order_by("oktmo_prefix").first()


def region_group(region: Region) -> QuerySet[Region]:
    """The subjects sharing the two-digit code (Тюменская область with ХМАО and ЯНАО)."""
    return Region.objects.filter(code=region.code)


def municipalities_for_regions(region_ids: list[int]) -> QuerySet[Municipality]:
    codes = Region.objects.filter(pk__in=region_ids).values("code")
    return Municipality.objects.filter(region__code__in=codes).select_related("parent").order_by("name")


def settlements_for_regions(region_ids: list[int]) -> QuerySet[Settlement]:
    codes = Region.objects.filter(pk__in=region_ids).values("code")
    return Settlement.objects.filter(Q(region__code__in=codes)).order_by("name")


DEMO_POPULATION_SOURCE = (
    "демонстрационные данные: сумма населения городов (Росстат, 01.01.2020), без сельского населения"
)
DEMO_HEADER = [
    "level", "region_fns", "oktmo", "okato", "name", "kind", "parent_oktmo", "population", "population_year",
    "population_source", "is_demo", "lat", "lon",
]  # fmt: skip


def demo_territory_rows(*, fns_codes: list[str]) -> list[list[Any]]:
    """The demo file's rows: the subjects' municipalities and towns as loaded from hflabs-city and
    ru-cities. Town figures are Rosstat's (2020); a municipality's or subject's figure is the sum of
    its towns — not an official figure, so it is marked as demonstration data."""
    rows: list[list[Any]] = [DEMO_HEADER]
    for fns in fns_codes:
        region = Region.objects.get(fns_code=fns)
        munis = list(Municipality.objects.filter(region=region).order_by("oktmo"))
        codes = {m.pk: m.oktmo for m in munis}
        top = {m.pk: m.parent_id or m.pk for m in munis}
        settlements = list(Settlement.objects.filter(region=region).order_by("oktmo", "name"))
        sums: dict[int, int] = {}
        for s in settlements:
            if s.municipality_id in top and s.population:
                for pk in {top[s.municipality_id], s.municipality_id}:
                    sums[pk] = sums.get(pk, 0) + s.population
        total = sum(s.population or 0 for s in settlements)
        rows.append(["region", fns, "", "", region.name, "", "", total, "", DEMO_POPULATION_SOURCE, 1, "", ""])
        for m in munis:
            figure = sums.get(m.pk)
            rows.append(
                ["municipality", fns, m.oktmo, "", m.name, m.kind, codes.get(m.parent_id or 0, ""), figure or "", "",
                 DEMO_POPULATION_SOURCE if figure else "", 1 if figure else 0, "", ""]
            )  # fmt: skip
        for s in settlements:
            official = s.population_year is not None and not s.is_demo
            rows.append(
                ["settlement", fns, s.oktmo or "", s.okato, s.name, s.kind, codes.get(s.municipality_id or 0, ""),
                 s.population or "", s.population_year or "", s.population_source, 0 if official else 1,
                 "" if s.lat is None else s.lat, "" if s.lon is None else s.lon]
            )  # fmt: skip
    return rows
