"""List and detail pages of the passport run a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from konstruktor.core.testing import login
from konstruktor.practices import actions
from konstruktor.practices.models import DecisionCategory, Practice, Status
from konstruktor.practices.tests.factories import practice, rc_staff

pytestmark = pytest.mark.django_db


def count(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm the per-process caches (content types, scope)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grown(p: Practice, times: int) -> Practice:
    """More status changes, versions, decisions and evaluations on the same practice."""
    for i in range(times):
        actions.practice_rerate(practice=p, by=None, comment=f"Новые данные {i}.")
        actions.evaluation_record(
            practice=p,
            by=None,
            title=f"Оценка {i}",
            design="prepost",
            quality="moderate",
            effects={p.outcomes.first().pk: ("positive", 6)},  # type: ignore[union-attr]
        )
        actions.practice_record_decision(
            practice=p,
            category=DecisionCategory.PROMISING,
            merit_score=65 + i,
            readiness_score=3,
            explanation=[{"title": "Шаг", "detail": "деталь"}],
            by=None,
        )
    return p


def test_the_practice_list_runs_the_same_queries_for_one_row_and_for_many() -> None:
    client = login(rc_staff("59"))
    practice(status=Status.DRAFT)
    one = count(client, "/practices/")
    for _ in range(5):
        practice(status=Status.MODERATION)
    assert count(client, "/practices/") == one


def test_the_practice_page_runs_the_same_queries_however_long_its_history() -> None:
    client = login(rc_staff("59"))
    short = grown(practice(status=Status.PUBLISHED), 1)
    long = grown(practice(status=Status.PUBLISHED), 4)
    assert long.decisions.count() == 5 and long.versions.count() == 5
    assert count(client, f"/practices/{long.pk}/") == count(client, f"/practices/{short.pk}/")


def test_the_export_runs_the_same_queries_for_one_row_and_for_many() -> None:
    client = login(rc_staff("59"))
    practice(status=Status.DRAFT)
    one = count(client, "/practices/export.xlsx")
    for _ in range(4):
        practice(status=Status.DRAFT)
    assert count(client, "/practices/export.xlsx") == one
