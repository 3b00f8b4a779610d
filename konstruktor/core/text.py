"""Normalisation of Russian names for search: case, ё/е, quotes, legal-form words.

Both the stored search text and the query pass through `search_tokens`, so «АНО», «автономная
некоммерческая организация» and «автономной некоммерческой организации» meet on one token.
"""

import re

_QUOTES = str.maketrans({c: " " for c in "«»“”„‟\"'`‘’‹›"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

# (pattern over normalised text, abbreviation tokens it stands for). Longest phrases first.
_W = r"\w*"
LEGAL_FORM_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\bавтономн{_W} некоммерческ{_W} организац{_W}"), "ано"),
    (re.compile(rf"\bмежрегиональн{_W} общественн{_W} организац{_W}"), "мроо оо"),
    (re.compile(rf"\bрегиональн{_W} общественн{_W} организац{_W}"), "роо оо"),
    (re.compile(rf"\bместн{_W} общественн{_W} организац{_W}"), "моо оо"),
    (re.compile(rf"\bобщероссийск{_W} общественн{_W} организац{_W}"), "ооо оо"),
    (re.compile(rf"\bобщественн{_W} организац{_W}"), "оо"),
    (re.compile(rf"\bрегиональн{_W} общественн{_W} движени{_W}"), "род од"),
    (re.compile(rf"\bобщественн{_W} движени{_W}"), "од"),
    (re.compile(rf"\bблаготворительн{_W} фонд{_W}"), "бф фонд"),
    (re.compile(rf"\bобщественн{_W} фонд{_W}"), "оф фонд"),
    (re.compile(rf"\bнекоммерческ{_W} партнерств{_W}"), "нп"),
    (re.compile(rf"\bчастн{_W} учреждени{_W}"), "чу"),
    (re.compile(rf"\bассоциаци{_W}"), "ассоциация"),
    (re.compile(rf"\bсоюз{_W}"), "союз"),
    (re.compile(rf"\bфонд{_W}"), "фонд"),
]
# Abbreviations that imply a broader family, so «оо» finds an «РОО» and «фонд» finds a «БФ».
ABBREVIATION_FAMILY = {
    "роо": "оо",
    "мроо": "оо",
    "моо": "оо",
    "рооо": "оо",
    "ооо": "оо",
    "бф": "фонд",
    "оф": "фонд",
    "род": "од",
}


def normalize(text: str) -> str:
    """Lower case, ё→е, quotes and punctuation to spaces, single spaces."""
    text = (text or "").lower().replace("ё", "е").translate(_QUOTES)
    return " ".join(_NON_WORD.sub(" ", text).split())


# The literal stem each phrase starts with: a cheap substring test before the regex.
_PHRASE_STEMS = [pattern.pattern.removeprefix(r"\b").split("\\w")[0] for pattern, _ in LEGAL_FORM_PHRASES]


def legal_form_tokens(normalized: str) -> list[str]:
    tokens: list[str] = []
    if normalized.isdigit():
        return tokens
    for stem, (pattern, abbreviations) in zip(_PHRASE_STEMS, LEGAL_FORM_PHRASES, strict=True):
        if stem in normalized and pattern.search(normalized):
            tokens.extend(abbreviations.split())
    for word in normalized.split():
        family = ABBREVIATION_FAMILY.get(word)
        if family:
            tokens.append(family)
    return tokens


def search_document(*parts: str) -> str:
    """The stored search text: words of every part plus the legal-form tokens they imply.

    It starts with a space so that a token matches at a word start with a plain `contains`.
    """
    words: list[str] = []
    for part in parts:
        normalized = normalize(part)
        if normalized:
            words.append(normalized)
            words.extend(legal_form_tokens(normalized))
    seen: dict[str, None] = {}
    for word in " ".join(words).split():
        seen.setdefault(word, None)
    return " " + " ".join(seen) + " "


def search_tokens(query: str) -> list[str]:
    """Query tokens, each to be found at a word start of the search document."""
    normalized = normalize(query)
    for pattern, abbreviations in LEGAL_FORM_PHRASES:
        normalized = pattern.sub(abbreviations.split()[0], normalized)
    seen: dict[str, None] = {}
    for word in normalized.split():
        seen.setdefault(word, None)
    return list(seen)
