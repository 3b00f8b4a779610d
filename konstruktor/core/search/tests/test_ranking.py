"""The engine end to end on the database: ranking, filters, snippets, synonyms, removal."""

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from konstruktor.core.search import DocumentSpec, index_remove, index_update, search, synonym_create, synonym_delete

pytestmark = pytest.mark.django_db


def stand_ins(n: int) -> list[Any]:
    """Core knows no domain model; any saved object can be indexed, so tests use content types."""
    return list(ContentType.objects.order_by("pk")[:n])


def put(obj: Any, title: str, body: str = "", **extra: Any) -> None:
    index_update(obj, DocumentSpec(kind="test", title=title, body=body, url=f"/t/{obj.pk}/", **extra))


def test_a_title_match_beats_a_body_match() -> None:
    in_body, in_title = stand_ins(2)
    put(in_body, "Как провести собрание", "Протокол собрания нужен, чтобы внести изменения в реестр и устав.")
    put(in_title, "Как внести изменения в устав", "Решение принимает высший орган управления.")
    hits = search("изменения устава").results
    assert [h.object_id for h in hits] == [in_title.pk, in_body.pk]
    assert hits[0].score > hits[1].score


def test_more_query_words_matched_ranks_higher() -> None:
    one, both = stand_ins(2)
    put(one, "Госпошлина", "Пошлина за регистрацию изменений.")
    put(both, "Госпошлина за регистрацию НКО", "Сколько платить при создании организации.")
    assert search("госпошлина регистрация нко").results[0].object_id == both.pk


def test_abbreviation_finds_the_expanded_form_and_back() -> None:
    full, short = stand_ins(2)
    put(full, "Учредители автономной некоммерческой организации")
    put(short, "Органы управления АНО")
    assert {h.object_id for h in search("АНО").results} == {full.pk, short.pk}
    assert {h.object_id for h in search("автономная некоммерческая организация").results} == {full.pk, short.pk}


def test_a_misspelt_word_is_searched_as_the_word_it_resembles() -> None:
    (doc,) = stand_ins(1)
    put(doc, "Реестр СОНКО — получателей поддержки")
    page = search("рестр получателей")
    assert [h.object_id for h in page.results] == [doc.pk]
    assert ("рестр", "реестр") in page.corrections


def test_snippet_marks_matches_and_escapes_html() -> None:
    (doc,) = stand_ins(1)
    put(doc, "Отчётность", "Первое. <script>alert(1)</script> Отчёт ОН0001 сдают в Минюст до 15 апреля.")
    hit = search("отчет он0001").results[0]
    assert "<mark>Отчёт ОН0001</mark> сдают" in hit.snippet  # neighbouring matches share one mark
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>Отчётность</mark>" in hit.title_html


def test_filters_and_public_only_narrow_results() -> None:
    public, internal, other = stand_ins(3)
    put(public, "Гранты для НКО", category="granty", public=True)
    put(internal, "Гранты: внутренняя памятка", category="granty", public=False)
    put(other, "Гранты региона", category="drugoe", public=True)
    assert {h.object_id for h in search("гранты", public_only=True).results} == {public.pk, other.pk}
    page = search("гранты", filters={"category": "granty"})
    assert {h.object_id for h in page.results} == {public.pk, internal.pk} and page.total == 2
    assert search("гранты", kinds=["nothing"]).total == 0


def test_paging_returns_the_rest_and_the_same_total() -> None:
    docs = stand_ins(5)
    for i, doc in enumerate(docs):
        put(doc, f"Субсидия номер {i}", "субсидия " * i)
    first, second = search("субсидия", limit=3), search("субсидия", limit=3, offset=3)
    assert first.total == second.total == 5
    assert len(first.results) == 3 and len(second.results) == 2
    assert not {h.object_id for h in first.results} & {h.object_id for h in second.results}


def test_removed_object_is_no_longer_found() -> None:
    (doc,) = stand_ins(1)
    put(doc, "Ликвидация НКО")
    index_remove(doc)
    assert search("ликвидация").total == 0


def test_an_editor_synonym_line_takes_effect_for_indexed_documents() -> None:
    (doc,) = stand_ins(1)
    put(doc, "Как найти грантодателя")
    assert search("донор проекта").total == 0
    synonym = synonym_create(line="грантодатель, донор проекта")
    assert [h.object_id for h in search("донор проекта").results] == [doc.pk]
    synonym_delete(synonym=synonym)
    assert search("донор проекта").total == 0


def test_a_query_of_stop_words_finds_nothing() -> None:
    (doc,) = stand_ins(1)
    put(doc, "Как это сделать")
    assert search("как это").total == 0


def test_a_filter_that_kept_everything_applies_again_once_a_document_falls_outside_it() -> None:
    first, second = stand_ins(2)
    put(first, "Гранты для НКО")
    put(second, "Гранты региона")
    assert search("гранты", public_only=True).total == 2  # keeps every document: left out of the SQL
    put(second, "Гранты региона", public=False)
    page = search("гранты", public_only=True)
    assert [h.object_id for h in page.results] == [first.pk] and page.total == 1


def test_a_warm_search_reads_the_index_in_two_statements(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    docs = stand_ins(3)
    for i, doc in enumerate(docs):
        put(doc, f"Субсидия номер {i}", "Субсидия на проект НКО.", public=i != 0)
    search("субсидия", public_only=True)  # builds the vocabulary and compiles the filter
    # The index state's fingerprint, then the ranking joined with the page's own documents.
    with django_assert_num_queries(2):
        page = search("субсидия", public_only=True)
    assert page.total == 2
    assert all("<mark>Субсидия</mark>" in h.snippet and h.url == f"/t/{h.object_id}/" for h in page.results)


def test_the_snippet_is_the_first_sentence_window_holding_most_query_words() -> None:
    (doc,) = stand_ins(1)
    filler = "Ресурсный центр консультирует по будням. " * 10
    put(doc, "Памятка", "Регистрация в Минюсте. " + filler + "Госпошлина за регистрацию НКО — 4 000 рублей. " + filler)
    snippet = search("госпошлина регистрация").results[0].snippet
    # Not the opening sentence (one word of two): the earliest sentence whose window holds both.
    assert snippet.startswith("… Ресурсный центр") and snippet.endswith(" …"), snippet
    assert "<mark>Госпошлина</mark> за <mark>регистрацию</mark> НКО" in snippet
    assert len(snippet) < 300


def test_within_keeps_a_querysets_objects_and_collect_ids_lists_every_match() -> None:
    docs = stand_ins(3)
    for doc in docs:
        put(doc, "Субсидия", "Субсидия на проект.")
    kept = ContentType.objects.filter(pk__in=[docs[0].pk, docs[2].pk]).values("pk")
    page = search("субсидия", within=kept, collect_ids=10, limit=1)
    assert page.total == 2 and len(page.results) == 1
    assert sorted(page.object_ids) == sorted([docs[0].pk, docs[2].pk])
    assert page.results[0].object_id == page.object_ids[0]
    second = search("субсидия", within=kept, collect_ids=10, limit=1, offset=1)
    assert second.results[0].object_id == page.object_ids[1] and second.total == 2
