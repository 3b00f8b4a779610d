"""The editors' synonym lines: each change re-analyses the documents that hold its words."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from konstruktor.core.models import SearchSynonym
from konstruktor.core.search.analysis import line_terms, parse_line
from konstruktor.core.search.indexing import index_reanalyze


class SynonymError(ValueError):
    """The line cannot be used; the message is shown to the editor as is."""


def synonym_list() -> QuerySet[SearchSynonym]:
    return SearchSynonym.objects.select_related("created_by").order_by("line")


def synonym_clean(line: str) -> str:
    """The line as it is stored («a, b, c»), or SynonymError saying what is wrong with it."""
    phrases = parse_line(line)
    if len(phrases) < 2:
        raise SynonymError("Укажите хотя бы два равнозначных слова или выражения через запятую.")
    clean = ", ".join(phrases)
    if len(clean) > 500:
        raise SynonymError("Строка синонимов длиннее 500 знаков: разбейте её на несколько.")
    # Compared in Python: SQLite's case-insensitive match knows Latin letters only.
    if any(line.casefold() == clean.casefold() for line in SearchSynonym.objects.values_list("line", flat=True)):
        raise SynonymError("Такая строка синонимов уже есть.")
    return clean


def synonym_create(*, line: str, by: Any = None) -> SearchSynonym:
    clean = synonym_clean(line)
    phrases = parse_line(clean)
    with transaction.atomic():
        synonym = SearchSynonym.objects.create(
            line=clean, created_by=by if by is not None and by.is_authenticated else None
        )
        index_reanalyze(terms=line_terms(phrases))
    return synonym


def synonym_delete(*, synonym: SearchSynonym) -> None:
    terms = line_terms(parse_line(synonym.line))
    with transaction.atomic():
        synonym.delete()
        index_reanalyze(terms=terms)
