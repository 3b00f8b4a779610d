"""Finding the settlement (or the municipal district) a free-text address or ОКАТО place name names.

«656059, Алтайский край, г. Барнаул, ул.Партизанская, д. 69», «Челябинская область, Челябинск,
Центральный», «г Майкоп», «Нижегородская область, Кстовский район, Кстово».

The text is cut at commas into parts; every run of up to N words in a part is looked up in an
index of normalised names of the settlements of the subject's code group (Тюменская область
with ХМАО and ЯНАО, Архангельская with НАО: registers often name the parent region). A name
preceded by a place-type word («г», «пгт», «с») beats one that is not; a street («ул. Ленина»)
never counts; then the longer name wins, then the later (more specific) one.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection

from konstruktor.core.text import normalize
from konstruktor.territories.codes import SETTLEMENT_MARKERS, TOP_LEVEL_KINDS, place_key
from konstruktor.territories.models import Municipality, Region, Settlement

_PARTS = re.compile(r"[,;()\n]+")
_STREET_WORDS = frozenset(
    [
        "ул",
        "улица",
        "пр",
        "проспект",
        "просп",
        "пер",
        "переулок",
        "пл",
        "площадь",
        "наб",
        "набережная",
        "ш",
        "шоссе",
        "б",
        "р",
        "бульвар",
        "бул",
        "проезд",
        "туп",
        "тупик",
        "мкр",
        "микрорайон",
        "кв",
        "квартал",
        "тракт",
        "аллея",
        "линия",
    ]
)
_DISTRICT_WORDS = frozenset(["район", "р", "рн", "улус", "округ", "муниципальный", "мр", "мо"])
_MUNICIPALITY_KIND_WORDS = frozenset(["район", "улус", "муниципальный", "округ", "городской"])
_TOWN_KINDS = frozenset(["город", "посёлок городского типа", "рабочий посёлок"])


@dataclass(frozen=True)
class SettlementMatch:
    settlement_id: int | None
    municipality_id: int | None
    region_id: int
    name: str
    fragment: str  # the words of the text that matched


@dataclass(frozen=True)
class _Place:
    settlement_id: int | None
    municipality_id: int | None
    region_id: int
    name: str
    is_town: bool
    is_federal_city: bool


def _municipality_key(name: str) -> str:
    words = [w for w in place_key(name).split() if w not in _MUNICIPALITY_KIND_WORDS]
    return " ".join(words)


class SettlementMatcher:
    """An index of the settlements and top-level municipalities of some subjects (all when None)."""

    def __init__(self, *, region_ids: Iterable[int] | None = None) -> None:
        regions = list(Region.objects.all())
        self._code = {r.pk: r.code for r in regions}
        codes = {self._code[pk] for pk in region_ids if pk in self._code} if region_ids is not None else None
        group_ids = [r.pk for r in regions if codes is None or r.code in codes]
        federal_city_keys = {r.pk: place_key(r.name) for r in regions if r.type == "город федерального значения"}
        self._settlements: dict[tuple[str, str], list[_Place]] = {}
        self._districts: dict[tuple[str, str], list[_Place]] = {}
        self.max_words = 1
        rows = Settlement.objects.filter(region_id__in=group_ids).values_list(
            "pk", "municipality_id", "region_id", "name", "name_normalized", "kind"
        )
        for pk, municipality_id, region_id, name, key, kind in rows:
            key = key or place_key(name)
            place = _Place(
                settlement_id=pk,
                municipality_id=municipality_id,
                region_id=region_id,
                name=name,
                is_town=kind in _TOWN_KINDS,
                is_federal_city=federal_city_keys.get(region_id) == key,
            )
            self._settlements.setdefault((self._code[region_id], key), []).append(place)
            self.max_words = max(self.max_words, len(key.split()))
        municipalities = Municipality.objects.filter(region_id__in=group_ids, kind__in=TOP_LEVEL_KINDS).values_list(
            "pk", "region_id", "name"
        )
        for pk, region_id, name in municipalities:
            key = _municipality_key(name)
            if key and not name.lower().startswith(("г.", "г ", "город")):
                place = _Place(None, pk, region_id, name, is_town=False, is_federal_city=False)
                self._districts.setdefault((self._code[region_id], key), []).append(place)
        self._cache: dict[tuple[int, str], SettlementMatch | None] = {}

    @staticmethod
    def _pick(places: list[_Place], region_id: int) -> _Place | None:
        """One place for a name: the subject's own, then a town; two namesakes are no answer."""
        if len(places) == 1:
            return places[0]
        own = [p for p in places if p.region_id == region_id] or places
        if len(own) > 1:
            own = [p for p in own if p.is_town] or own
        return own[0] if len(own) == 1 else None

    def match(self, *, region_id: int, text: str) -> SettlementMatch | None:
        key = (region_id, text)
        if key not in self._cache:
            self._cache[key] = self._match(region_id, text)
        return self._cache[key]

    def _match(self, region_id: int, text: str) -> SettlementMatch | None:
        code = self._code.get(region_id)
        if code is None or not text:
            return None
        best: tuple[tuple[int, int, int, int], _Place, str, bool] | None = None
        district: tuple[_Place, str] | None = None
        position = 0
        for part in _PARTS.split(text):
            words = normalize(part).split()
            # «Сельские населенные пункты, административно подчиненные г Видное»: the town's
            # municipality, not the town itself.
            subordinate = any(w.startswith("подчинен") for w in words)
            for start in range(len(words)):
                previous = words[start - 1] if start else ""
                if previous in _STREET_WORDS:
                    continue
                for size in range(min(self.max_words, len(words) - start), 0, -1):
                    phrase = " ".join(words[start : start + size])
                    position += 1
                    places = self._settlements.get((code, phrase))
                    if places:
                        place = self._pick(places, region_id)
                        if place is not None:
                            marked = int(previous in SETTLEMENT_MARKERS)
                            score = (marked, int(not place.is_federal_city), len(phrase), position)
                            if best is None or score > best[0]:
                                best = (score, place, phrase, subordinate)
                            break
                    following = words[start + size] if start + size < len(words) else ""
                    if district is None and following in _DISTRICT_WORDS:
                        found = self._districts.get((code, phrase))
                        place = self._pick(found, region_id) if found else None
                        if place is not None:
                            district = (place, phrase)
        if best is not None:
            _, place, phrase, subordinate = best
            if subordinate:
                if place.municipality_id is None:
                    return None
                place = _Place(None, place.municipality_id, place.region_id, place.name, False, False)
        elif district is not None:
            place, phrase = district
        else:
            return None
        return SettlementMatch(
            settlement_id=place.settlement_id,
            municipality_id=place.municipality_id,
            region_id=place.region_id,
            name=place.name,
            fragment=phrase,
        )


_shared: tuple[tuple[Any, ...], SettlementMatcher] | None = None


def _reference_version() -> tuple[Any, ...]:
    """Changes whenever a settlement or municipality is added, removed or saved. One plain query:
    it runs before every match, and the ORM's aggregate costs ten times more than the SQL."""
    parts = []
    for model in (Settlement, Municipality):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(updated_at) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone() or ())


def settlement_match(*, region_id: int, text: str) -> SettlementMatch | None:
    """The settlement of the subject (or its code group) named in the text; None when none is.

    The index of all of Russia is built once and rebuilt when the reference changes.
    """
    global _shared
    version = _reference_version()
    if _shared is None or _shared[0] != version:
        _shared = (version, SettlementMatcher())
    return _shared[1].match(region_id=region_id, text=text)
