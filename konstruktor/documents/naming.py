"""Russian word forms for defaults the user can still edit (pymorphy3, best effort)."""

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _keep_case(source: str, inflected: str) -> str:
    """Copy the capitalisation of each hyphen-separated part: Ханты-Мансийский → Ханты-Мансийскому."""
    parts, new_parts = source.split("-"), inflected.split("-")
    if len(parts) != len(new_parts):
        return inflected[:1].upper() + inflected[1:] if source[:1].isupper() else inflected
    return "-".join(
        (new[:1].upper() + new[1:]) if old[:1].isupper() else new for old, new in zip(parts, new_parts, strict=True)
    )


@lru_cache(maxsize=1024)
def inflect(phrase: str, case: str) -> str:
    """A noun phrase in another case, inflecting the words up to its head noun.

    «Общее собрание учредителей» → gent «Общего собрания учредителей»; «Генеральный директор» →
    ablt «Генеральным директором». Cases are pymorphy's: gent, datv, accs, ablt, loct.
    """
    words = phrase.split()
    result: list[str] = []
    inflecting = True
    head = next((p for w in words for p in _morph().parse(w) if p.tag.POS == "NOUN" and "nomn" in p.tag), None)
    agreement: set[str] = set()
    if head is not None:
        agreement = {head.tag.number} if head.tag.number else set()
        if head.tag.number == "sing" and head.tag.gender:
            agreement.add(head.tag.gender)
        if case == "accs" and head.tag.animacy and (head.tag.gender == "masc" or head.tag.number == "plur"):
            agreement.add(head.tag.animacy)
    for word in words:
        if word.startswith(("«", '"', "(")) or (len(word) > 1 and word.isupper()):
            inflecting = False  # a proper name in quotes or an abbreviation stays as it is
        if not inflecting:
            result.append(word)
            continue
        parsed = _morph().parse(word)
        best = next((p for p in parsed if p.tag.POS in ("NOUN", "ADJF") and "nomn" in p.tag), None)
        grammemes = {case} | (agreement if best is not None and best.tag.POS == "ADJF" else set())
        changed = best.inflect(grammemes) if best is not None else None
        if best is None or changed is None:
            result.append(word)
            continue
        result.append(_keep_case(word, changed.word))
        if best.tag.POS == "NOUN":
            inflecting = False
    return " ".join(result)


def dative(phrase: str) -> str:
    """«Пермский край» → «Пермскому краю»; words after the head noun stay as they are."""
    head = re.split(r"\s+[—(]", phrase, maxsplit=1)[0].strip()
    return inflect(re.sub(r"^г\.\s*", "", head), "datv")


def minjust_office(region_name: str) -> str:
    if not region_name:
        return ""
    main = "Главное управление" if region_name in ("г. Москва", "г. Санкт-Петербург") else "Управление"
    return f"{main} Министерства юстиции Российской Федерации по {dative(region_name)}"
