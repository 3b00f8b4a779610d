"""The registry search with SQLite's FTS5 index finds exactly what the plain LIKE search finds."""

import datetime
import sqlite3

import pytest
from django.db import connection

from konstruktor.organizations import queries, search_index
from konstruktor.organizations.models import Organization, OrganizationStatus
from konstruktor.organizations.queries import OrganizationFilters, organization_filter, organization_search_text
from konstruktor.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NAMES = (
    "Автономная некоммерческая организация «Ёлочка»",
    "Благотворительный фонд помощи детям «Тёплый дом»",
    "Региональная общественная организация инвалидов «Преодоление»",
    "Фонд поддержки казачьего общества",
    "Общественная организация ветеранов войны и труда",
    "АНО «Центр развития молодёжи»",
    "Спортивный клуб «Футбол-59»",
    "Фонд «А»",
)
QUERIES = (
    "фонд", "фонд помощи", "ЕЛОЧКА", "АНО", "оо", "роо инвалидов", "ветеранов войны", "молодежи",
    "футбол 59", "а", "фонд а", "ёлка", "нет такого", "«теплый дом»", "общественная организация",
)  # fmt: skip
SQLITE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite" or sqlite3.sqlite_version_info < search_index.MIN_SQLITE,
    reason="индекс FTS5 есть только на SQLite ≥ 3.34",
)


@pytest.fixture
def organizations(db):  # type: ignore[no-untyped-def]
    return [OrganizationFactory(full_name=name, short_name="") for name in NAMES]


def _found(q: str) -> list[str]:
    qs = organization_filter(Organization.objects.all(), OrganizationFilters(q=q))
    return sorted(qs.values_list("full_name", flat=True))


def _found_without_index(q: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as patch:
        patch.setattr(queries, "search_index_supported", lambda connection: False)
        return _found(q)


def test_index_finds_the_same_as_like(organizations, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for q in QUERIES:
        assert _found(q) == _found_without_index(q, monkeypatch), q
    assert _found("фонд помощи") == ["Благотворительный фонд помощи детям «Тёплый дом»"]


def test_common_words_skip_the_index_with_the_same_result(organizations, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(queries, "SEARCH_INDEX_DENSE", 2)
    for q in QUERIES:
        assert _found(q) == _found_without_index(q, monkeypatch), q


@SQLITE_ONLY
def test_index_follows_create_rename_and_delete(organizations) -> None:  # type: ignore[no-untyped-def]
    org = OrganizationFactory(full_name="Клуб любителей шахмат", short_name="")
    assert _found("шахмат") == [org.full_name]
    org.full_name = "Клуб любителей шашек"
    org.search_text = organization_search_text(full_name=org.full_name, short_name="", legal_form=org.legal_form)
    org.save()
    assert _found("шахмат") == []
    assert _found("шашек") == [org.full_name]
    Organization.objects.filter(pk=org.pk).update(kind=Organization.Kind.INITIATIVE_GROUP)  # no index change
    assert _found("шашек") == [org.full_name]
    org.delete()
    assert _found("шашек") == []
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {search_index.INDEX}({search_index.INDEX}) VALUES ('integrity-check')")


@SQLITE_ONLY
def test_ensure_puts_back_triggers_that_a_table_rebuild_dropped(organizations) -> None:  # type: ignore[no-untyped-def]
    assert search_index.search_index_ensure(connection) is False
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {search_index.INDEX}_insert")
    org = OrganizationFactory(full_name="Клуб любителей шахмат", short_name="")
    assert _found("шахмат") == []  # the index missed the new row
    assert search_index.search_index_ensure(connection) is True
    assert _found("шахмат") == [org.full_name]


@SQLITE_ONLY
def test_index_can_be_dropped_and_created_again(organizations) -> None:  # type: ignore[no-untyped-def]
    search_index.search_index_drop(connection)
    assert search_index.search_index_ensure(connection) is False  # nothing to repair: no index
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", [search_index.INDEX + "%"])
        assert cursor.fetchall() == []
    search_index.search_index_create(connection)
    assert _found("ветеранов войны") == ["Общественная организация ветеранов войны и труда"]


def test_index_query_asks_for_every_trigram() -> None:
    assert search_index.search_index_match(["фонд", "а", "фон"]) == '" фо" AND "фон" AND "онд"'
    assert search_index.search_index_match(["а"]) == ""


def test_identifier_prefixes_and_whole_identifiers(db) -> None:  # type: ignore[no-untyped-def]
    first = OrganizationFactory(inn="5902999991", ogrn="1155900000011")
    OrganizationFactory(inn="5903000004", ogrn="1155900000022")
    for q, expected in (
        ("590299", [first.full_name]),  # the upper bound of the range is "59029:"
        ("5902 9999", [first.full_name]),
        ("5902999991", [first.full_name]),
        ("1155900000011", [first.full_name]),
        ("11559000000", sorted(Organization.objects.values_list("full_name", flat=True))),
        ("5904", []),
    ):
        assert _found(q) == expected, q


def test_status_filter_counts_only_current_statuses(db) -> None:  # type: ignore[no-untyped-def]
    current, expired, other = OrganizationFactory.create_batch(3)
    OrganizationStatus.objects.create(organization=current, kind="sonko", since=datetime.date(2020, 1, 1))
    OrganizationStatus.objects.create(organization=current, kind="iopu")
    OrganizationStatus.objects.create(
        organization=expired, kind="sonko", since=datetime.date(2020, 1, 1), until=datetime.date(2021, 1, 1)
    )
    OrganizationStatus.objects.create(organization=other, kind="iopu")
    qs = organization_filter(Organization.objects.all(), OrganizationFilters(status="sonko"))
    assert list(qs.values_list("pk", flat=True)) == [current.pk]
