"""ОКТМО codes and place names: padding, the kind of a municipal formation, matching keys.

ОКТМО structure (ОК 033-2013): digits 1–2 the subject; digit 3 the type of the top-level
formation (3 intra-city territory of a federal city, 5 municipal okrug, 6 municipal district,
7 urban okrug; 8/9 separate the autonomous okrugs inside Тюменская and Архангельская области);
digits 4–5 its number; digit 6 the type of settlement (1 urban, 4 rural, 7 inter-settlement
territory); digits 7–8 its number; digits 9–11 an inhabited locality.
"""

import re

from konstruktor.core.text import normalize
from konstruktor.territories.models import MunicipalityKind

_NON_DIGIT = re.compile(r"\D")

_TOP_KIND_BY_DIGIT3 = {
    "3": MunicipalityKind.INTRACITY_TERRITORY,
    "5": MunicipalityKind.MUNICIPAL_OKRUG,
    "6": MunicipalityKind.MUNICIPAL_DISTRICT,
    "7": MunicipalityKind.URBAN_OKRUG,
}
_LOWER_KIND_BY_DIGIT6 = {
    "1": MunicipalityKind.URBAN_SETTLEMENT,
    "4": MunicipalityKind.RURAL_SETTLEMENT,
    "7": MunicipalityKind.INTER_SETTLEMENT,
    # Intra-city districts of urban okrugs with intra-city division (Челябинск, Самара, Махачкала).
    "3": MunicipalityKind.INTRACITY_DISTRICT,
}
# Words in an official name that state the kind; checked longest first.
_KIND_BY_NAME = [
    ("городской округ с внутригородским делением", MunicipalityKind.URBAN_OKRUG_DIVIDED),
    ("внутригородской район", MunicipalityKind.INTRACITY_DISTRICT),
    ("внутригородское муниципальное образование", MunicipalityKind.INTRACITY_TERRITORY),
    ("внутригородская территория", MunicipalityKind.INTRACITY_TERRITORY),
    ("межселенная территория", MunicipalityKind.INTER_SETTLEMENT),
    ("муниципальный округ", MunicipalityKind.MUNICIPAL_OKRUG),
    ("муниципальный район", MunicipalityKind.MUNICIPAL_DISTRICT),
    ("городской округ", MunicipalityKind.URBAN_OKRUG),
    ("городское поселение", MunicipalityKind.URBAN_SETTLEMENT),
    ("сельское поселение", MunicipalityKind.RURAL_SETTLEMENT),
]
TOP_LEVEL_KINDS = frozenset(
    {
        MunicipalityKind.MUNICIPAL_DISTRICT,
        MunicipalityKind.MUNICIPAL_OKRUG,
        MunicipalityKind.URBAN_OKRUG,
        MunicipalityKind.URBAN_OKRUG_DIVIDED,
        MunicipalityKind.INTRACITY_TERRITORY,
    }
)


def digits(code: object) -> str:
    """The digits of a code as files write it: «01 701 000», «1701000001», 1701000001.0."""
    text = str(code if code is not None else "").strip()
    if re.fullmatch(r"\d+\.0+", text):  # a code that passed through a float column
        text = text.split(".")[0]
    return _NON_DIGIT.sub("", text)


def oktmo_pad(code: object) -> str:
    """Restore the leading zero a spreadsheet dropped: 7 or 8 digits → 8, 10 or 11 → 11."""
    value = digits(code)
    if not value:
        return ""
    if len(value) <= 8:
        return value.zfill(8)
    return value.zfill(11)


def is_subject_code(oktmo8: str) -> bool:
    """«01000000», «71800000»: the code of a subject (or an autonomous okrug), not of a municipality."""
    return len(oktmo8) == 8 and oktmo8[3:] == "00000" and (oktmo8[2] in "089")


def is_group_heading(oktmo8: str) -> bool:
    """«01600000 Муниципальные районы …», «01610100 Городские поселения …»: a heading, not a formation."""
    if len(oktmo8) != 8 or is_subject_code(oktmo8):
        return False
    if oktmo8[3:5] == "00" and oktmo8[5:] == "000":
        return True
    return oktmo8[5] != "0" and oktmo8[6:8] == "00"


def top_code(oktmo8: str) -> str:
    """The top-level formation (район, округ) a municipal code belongs to."""
    return oktmo8[:5] + "000"


def is_top_level(oktmo8: str) -> bool:
    return oktmo8[5:] == "000"


def municipality_kind(oktmo8: str, name: str = "") -> str:
    """The kind by the official name when it says so, else by ОКТМО digits 3 and 6."""
    lowered = normalize(name)
    for words, kind in _KIND_BY_NAME:
        if words in lowered:
            return kind
    if not is_top_level(oktmo8):
        return _LOWER_KIND_BY_DIGIT6.get(oktmo8[5], MunicipalityKind.OTHER)
    top_kind = _TOP_KIND_BY_DIGIT3.get(oktmo8[2])
    if top_kind:
        return top_kind
    # Inside an autonomous okrug (digit 3 is 8 or 9) the kind is told by the name only.
    if re.search(r"\bрайон\b|\bр н\b|\bулус\b", lowered):
        return MunicipalityKind.MUNICIPAL_DISTRICT
    if re.search(r"\bгород\b|\bг\b", lowered):
        return MunicipalityKind.URBAN_OKRUG
    return MunicipalityKind.OTHER


# Place-type words and abbreviations that precede or follow a place name in addresses.
SETTLEMENT_MARKERS = frozenset(
    [
        "г",
        "город",
        "гор",
        "пгт",
        "пос",
        "поселок",
        "п",
        "рп",
        "р",
        "п",
        "с",
        "село",
        "д",
        "дер",
        "деревня",
        "ст",
        "ст",
        "ца",
        "станица",
        "х",
        "хутор",
        "аул",
        "кп",
        "дп",
        "нп",
        "снт",
    ]
)
SETTLEMENT_KIND_BY_MARKER = {
    "г": "город",
    "город": "город",
    "гор": "город",
    "пгт": "посёлок городского типа",
    "рп": "рабочий посёлок",
    "кп": "курортный посёлок",
    "дп": "дачный посёлок",
    "пос": "посёлок",
    "поселок": "посёлок",
    "п": "посёлок",
    "с": "село",
    "село": "село",
    "д": "деревня",
    "дер": "деревня",
    "деревня": "деревня",
    "ст": "станица",
    "ст ца": "станица",
    "станица": "станица",
    "х": "хутор",
    "хутор": "хутор",
    "аул": "аул",
}


def place_key(name: str) -> str:
    """The matching key of a place name: normalised, hyphens as spaces, without leading type words.

    «г. Ростов-на-Дону» → «ростов на дону»; «пгт Октябрьский» → «октябрьский».
    """
    words = normalize(name).split()
    while len(words) > 1 and words[0] in SETTLEMENT_MARKERS:
        words = words[1:]
    return " ".join(words)


_KIND_PREFIX = re.compile(
    r"(?i)^(г|город|пгт|рп|кп|дп|пос|поселок|посёлок|п|с|село|д|дер|деревня|ст-ца|ст|станица|х|хутор|аул)\.?\s+(.+)$"
)


def settlement_kind_from_name(name: str) -> tuple[str, str]:
    """(kind, name without the type word) for names like «г. Нея», «пгт Уральский», «с Кабардинка»."""
    text = " ".join(name.replace("\xa0", " ").split())
    match = _KIND_PREFIX.match(text)
    if not match:
        return "", text
    return SETTLEMENT_KIND_BY_MARKER.get(normalize(match.group(1)), ""), match.group(2).strip()
