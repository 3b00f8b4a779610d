"""Which subject of the Russian Federation a free-text place names, as grant lists spell it.

Project descriptions name the region in ~250 ways: «г. Москва», «г.Москва ЦФО», «Москва и
Московская область», «Республика Татарстан г.Казань», «г. Нягань Ханты-Мансийский автономный
округ-Югра УФО», «Кемеровская область - Кузбасс», or only a city. `RegionMatcher` tries, in
order: the whole text, each comma/semicolon part, the part without a leading settlement
(«г. Пятигорск …»), a table of cities, and (for organization names) the adjective of a region or
city («Карельская региональная организация», «Майкопская городская…»). It builds on
`territories.queries.region_id_by_name`; unknown or ambiguous text gives None.
"""

import re
from functools import lru_cache

from konstruktor.territories.models import Region
from konstruktor.territories.queries import region_id_by_name

# Federal districts and country-level words carry no subject.
_NOISE = re.compile(
    r"\b(ЦФО|СЗФО|ЮФО|ПФО|УФО|СФО|ДФО|СКФО|ФО)\b|Российская Федерация|регионы Российской Федерации",
    re.IGNORECASE,
)
_SETTLEMENT = re.compile(
    r"^\s*\.?\s*(г|гор|город|с|село|д|дер|деревня|п|пос|посёлок|поселок|пгт|ст|станица|х|хутор)(\.\s*|\s+)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"[,;:()]| и | - | – ")

# City → ФНС code of its subject: administrative centres and the other cities met in the lists.
CITIES: dict[str, str] = {
    "москва": "77", "зеленоград": "77", "санкт-петербург": "78", "санкт-птербург": "78", "петербург": "78",
    "севастополь": "92", "майкоп": "01", "уфа": "02", "улан-удэ": "03", "горно-алтайск": "04", "майма": "04",
    "махачкала": "05", "магас": "06", "назрань": "06", "нальчик": "07", "элиста": "08", "черкесск": "09",
    "петрозаводск": "10", "сыктывкар": "11", "ухта": "11", "йошкар-ола": "12", "саранск": "13", "якутск": "14",
    "владикавказ": "15", "казань": "16", "елабуга": "16", "набережные челны": "16", "кызыл": "17",
    "ижевск": "18", "абакан": "19", "грозный": "20", "чебоксары": "21", "барнаул": "22", "бийск": "22",
    "краснодар": "23", "сочи": "23", "новороссийск": "23", "красноярск": "24", "норильск": "24",
    "владивосток": "25", "находка": "25", "ставрополь": "26", "пятигорск": "26", "кисловодск": "26",
    "хабаровск": "27", "комсомольск-на-амуре": "27", "благовещенск": "28", "архангельск": "29",
    "северодвинск": "29", "астрахань": "30", "белгород": "31", "брянск": "32", "владимир": "33",
    "волгоград": "34", "вологда": "35", "череповец": "35", "воронеж": "36", "иваново": "37",
    "иркутск": "38", "ангарск": "38", "калининград": "39", "калуга": "40", "обнинск": "40",
    "петропавловск-камчатский": "41", "кемерово": "42", "новокузнецк": "42", "киров": "43",
    "кострома": "44", "курган": "45", "курск": "46", "гатчина": "47", "липецк": "48", "магадан": "49",
    "мытищи": "50", "лобня": "50", "подольск": "50", "химки": "50", "королёв": "50", "королев": "50",
    "одинцово": "50", "мурманск": "51", "нижний новгород": "52", "дзержинск": "52", "великий новгород": "53",
    "в. новгород": "53", "новосибирск": "54", "омск": "55", "оренбург": "56", "орск": "56", "орёл": "57",
    "орел": "57", "пенза": "58", "пермь": "59", "псков": "60", "великие луки": "60", "ростов-на-дону": "61",
    "таганрог": "61", "рязань": "62", "самара": "63", "тольятти": "63", "саратов": "64", "балашов": "64",
    "энгельс": "64", "южно-сахалинск": "65", "екатеринбург": "66", "нижний тагил": "66",
    "новоуральск": "66", "каменск-уральский": "66", "смоленск": "67", "тамбов": "68", "тверь": "69",
    "томск": "70", "стрежевой": "70", "северск": "70", "тула": "71", "тюмень": "72", "ульяновск": "73",
    "димитровград": "73", "челябинск": "74", "златоуст": "74", "магнитогорск": "74", "чита": "75",
    "ярославль": "76", "рыбинск": "76", "биробиджан": "79", "нарьян-мар": "83", "ханты-мансийск": "86",
    "сургут": "86", "нягань": "86", "нижневартовск": "86", "анадырь": "87", "салехард": "89",
    "новый уренгой": "89", "ноябрьск": "89", "подмосковье": "50",
    # Subjects merged since 2005–2008, still named in older lists.
    "читинская область": "75", "пермская область": "59", "камчатская область": "41", "корякский автономный округ": "41",
    "агинский бурятский автономный округ": "75", "усть-ордынский бурятский автономный округ": "38",
    "таймырский автономный округ": "24", "эвенкийский автономный округ": "24", "коми-пермяцкий автономный округ": "59",
}  # fmt: skip
# Adjectives of subjects whose adjective is not the subject's own word («Карельская» — Карелия).
ADJECTIVES: dict[str, str] = {
    "адыгейск": "01", "башкирск": "02", "башкортостанск": "02", "бурятск": "03", "горно-алтайск": "04",
    "дагестанск": "05", "ингушск": "06", "кабардино-балкарск": "07", "калмыцк": "08",
    "карачаево-черкесск": "09", "карельск": "10", "марийск": "12", "мордовск": "13", "якутск": "14",
    "северо-осетинск": "15", "тувинск": "17", "удмуртск": "18", "хакасск": "19", "чеченск": "20",
    "чувашск": "21", "санкт-петербургск": "78", "петербургск": "78", "ленинградск": "47", "кузбасск": "42",
    "югорск": "86", "ямальск": "89", "приморск": "25", "камчатск": "41", "сахалинск": "65",
    "ухто-печорск": "11", "читинск": "75", "предгорн": "26", "пермяцк": "59", "лобненск": "50", "подмосковн": "50", "майкопск": "01",
}  # fmt: skip
_TYPE_WORDS = frozenset({"республика", "область", "край", "автономный", "автономная", "округ", "город"})
# Words of subject names too common in organization names to point at the subject.
_GENERIC = frozenset({"северная", "еврейская", "народная", "алания"})
# Cities whose stem is also a first name or a surname («Владимира», «Иванова»).
_PERSON_LIKE = frozenset({"владимир", "иваново", "королев", "королёв", "киров", "кирова"})


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е")
    text = _NOISE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" .,-–")


class RegionMatcher:
    """Free text → Region id. Build once per import: it reads the 89 subjects into memory."""

    def __init__(self) -> None:
        regions = list(Region.objects.only("pk", "name", "fns_code"))
        by_fns = {r.fns_code: r.pk for r in regions}
        self.by_fns = by_fns
        self.names = {r.pk: r.name for r in regions}
        self.cities = {city.replace("ё", "е"): by_fns[code] for city, code in CITIES.items() if code in by_fns}
        stems: dict[str, int | None] = {}
        for r in regions:
            for word in re.split(r"[\s—–]+", r.name.lower().replace("ё", "е")):
                if word in _TYPE_WORDS or word in _GENERIC or len(word) < 5:
                    continue
                stem = word[:-2] if word.endswith(("ская", "ский", "цкая", "цкий")) else word.rstrip("аяьи")
                if len(stem) >= 5 or (len(stem) == 4 and stem.endswith(("ск", "цк"))):
                    stems[stem] = None if stem in stems and stems[stem] != r.pk else r.pk
        for stem, code in ADJECTIVES.items():
            if code in by_fns:
                stems[stem] = by_fns[code]
        for city, pk in self.cities.items():
            if len(city) >= 5 and " " not in city:
                stems.setdefault(city if city.endswith("ск") else city.rstrip("ьаяео") + "ск", pk)
            if len(city) >= 7 and " " not in city and city not in _PERSON_LIKE:
                stems.setdefault(city.rstrip("ьаяео"), pk)
        stems["коми"] = by_fns.get("11")
        self.moscow = by_fns.get("77")
        self.stems = {k: v for k, v in stems.items() if v is not None}
        # Every stem has at least four letters: a word is compared only with stems of its prefix.
        self.by_prefix: dict[str, list[tuple[str, int]]] = {}
        for stem, pk in self.stems.items():
            self.by_prefix.setdefault(stem[:4], []).append((stem, pk))

    @lru_cache(maxsize=8192)  # noqa: B019 — one matcher per import, freed with it
    def place(self, text: str) -> int | None:
        """A region or city name in any of the usual spellings."""
        cleaned = _clean(text)
        if not cleaned:
            return None
        parts = [p.strip(" .") for p in _SPLIT.split(cleaned) if p.strip(" .")]
        if len(parts) <= 1:
            return self._one(cleaned) or self._stems(cleaned.lower())
        for part in parts:
            found = self._one(part) or self._stems(part.lower())
            if found:
                return found
        return None

    def _one(self, text: str) -> int | None:
        lowered = text.lower()
        if lowered in self.cities:
            return self.cities[lowered]
        found = region_id_by_name(text)
        if found:
            return found
        rest = _SETTLEMENT.sub("", text)
        if rest != text:
            rest_lower = rest.lower()
            for city, pk in sorted(self.cities.items(), key=lambda c: -len(c[0])):
                if rest_lower == city or rest_lower.startswith(city + " "):
                    return pk
            # «г. Нягань Ханты-Мансийский автономный округ-Югра»: the subject follows the settlement.
            words = rest.split()
            for start in range(1, min(len(words), 4)):
                found = region_id_by_name(" ".join(words[start:]))
                if found:
                    return found
        return None

    @lru_cache(maxsize=8192)  # noqa: B019 — one matcher per import, freed with it
    def organization(self, name: str) -> int | None:
        """The subject named by an organization's name: «…, Москва», «Омский региональный фонд…»."""
        tail = name.rsplit(",", 1)[-1] if "," in name else ""
        if tail:
            found = self.place(tail)
            if found:
                return found
        lowered = name.lower().replace("ё", "е")
        found = self._stems(lowered)
        if found:
            return found
        words = re.findall(r"[а-я][а-я-]+", lowered)
        for word in words:
            if word in self.cities:
                return self.cities[word]
        return None

    def _stems(self, lowered: str) -> int | None:
        """The first subject whose adjective or noun stem the text names («Свердловской области»)."""
        lowered = lowered.replace("ё", "е")
        # «Московский» names the city or the oblast; only the following word tells which.
        if self.moscow and re.search(r"\bмосковск\w*\s+(городск|марьинорощинск)", lowered):
            return self.moscow
        if re.search(r"\bмосковск\w*\s+обл", lowered):
            return self.by_fns.get("50")
        words = [w for w in re.findall(r"[а-я][а-я-]+", lowered) if not w.startswith("московск")]
        for word in words:
            hits = {
                pk
                for stem, pk in self.by_prefix.get(word[:4], ())
                if word.startswith(stem) and (len(stem) > 4 or stem.endswith(("ск", "цк")) or word == stem)
            }
            if len(hits) == 1:
                return hits.pop()
        return None

    @lru_cache(maxsize=8192)  # noqa: B019 — one matcher per import, freed with it
    def project(self, text: str) -> int | None:
        """The first subject a project description names («…в Краснодарском крае»)."""
        return self._stems(text.lower())

    def name(self, pk: int) -> str:
        return self.names[pk]
