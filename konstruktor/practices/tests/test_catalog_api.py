"""GET /api/v1/practices and /api/v1/practices/{id}: public catalog, staff beyond it, 404 outside."""

import pytest
from django.test import Client

from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.practices.models import Status
from konstruktor.practices.tests.catalog_helpers import area, group, published
from konstruktor.practices.tests.factories import practice, staff

pytestmark = pytest.mark.django_db
API = "/api/v1/practices"


def test_anonymous_list_returns_published_practices_with_facet_counts() -> None:
    published("Семейный клуб", fns_code="59")
    published("Социальное такси", fns_code="16")
    practice(title="Черновик", status=Status.DRAFT)
    response = Client().get(API)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert {r["title"] for r in data["results"]} == {"Семейный клуб", "Социальное такси"}
    regions = next(f for f in data["facets"] if f["key"] == "region")
    assert {o["value"]: o["count"] for o in regions["options"]} == {"59": 1, "16": 1}


def test_filters_by_region_area_target_group_and_level() -> None:
    published("Социальное такси", fns_code="16", areas=[area("31.1-01")], groups=[group("elderly")])
    published("Компьютерные курсы", fns_code="16", areas=[area("31.1-09")], groups=[group("elderly")])
    published("Клуб в Перми", fns_code="59", areas=[area("31.1-01")], groups=[group("families")])
    data = Client().get(API, {"region": "16", "area": "31.1-01", "target_group": "elderly"}).json()
    assert [r["title"] for r in data["results"]] == ["Социальное такси"]
    assert data["results"][0]["region"] == {"code": "16", "name": "Республика Татарстан (Татарстан)"}
    assert Client().get(API, {"level": "4"}).json()["count"] == 0
    assert Client().get(API, {"area": "31.1-01,31.1-09", "region": "16"}).json()["count"] == 2


def test_search_through_the_api_finds_by_word_forms() -> None:
    published("Наставничество для подростков")
    published("Социальное такси")
    data = Client().get(API, {"q": "подростку"}).json()
    assert [r["title"] for r in data["results"]] == ["Наставничество для подростков"]


def test_unknown_filter_value_gets_a_russian_message() -> None:
    response = Client().get(API, {"region": "999"})
    assert response.status_code == 400
    assert "неизвестное значение «999»" in response.json()["detail"]


def test_detail_has_passport_evidence_breakdown_and_decision_explanation() -> None:
    p = published("Семейный клуб «Вместе»", causal_study=True)
    response = Client().get(f"{API}/{p.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Семейный клуб «Вместе»" and data["url"].endswith(f"/practices/catalog/{p.pk}/")
    priority = next(o for o in data["outcomes"] if o["is_priority"])
    assert priority["evidence_level"] >= 2 and priority["evidence_reasons"]
    assert [c["is_core"] for c in data["components"]] == [True, False]
    assert data["decision"] == "recommended" and data["decision_explanation"][1]["title"] == "Экспертная оценка"
    assert data["evaluations"][0]["design"] == "qed"
    assert data["contact"] is None  # no consent to publish the leader's contact


def test_leader_contact_is_in_the_api_only_with_consent() -> None:
    kept = published("Без согласия", contact_name="Иванова Анна", contact_email="anna@example.ru")
    shown = published(
        "С согласием", contact_name="Петрова Мария", contact_email="maria@example.ru", contact_public=True
    )
    assert Client().get(f"{API}/{kept.pk}").json()["contact"] is None
    assert Client().get(f"{API}/{shown.pk}").json()["contact"] == {
        "name": "Петрова Мария",
        "email": "maria@example.ru",
        "phone": "",
    }


def test_anonymous_gets_404_for_an_unpublished_practice() -> None:
    draft = practice(title="Черновик", status=Status.REVIEW)
    response = Client().get(f"{API}/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Практика не найдена или не опубликована."


def test_consultant_sees_a_draft_of_their_region_and_not_of_another() -> None:
    draft = practice(title="Черновик", status=Status.MODERATION, fns_code="59")
    assert login(staff(fns_code="59")).get(f"{API}/{draft.pk}").json()["status"] == "moderation"
    assert login(staff(fns_code="16")).get(f"{API}/{draft.pk}").status_code == 404


def test_staff_list_other_statuses_within_their_scope_only() -> None:
    mine = practice(title="Пермский черновик", status=Status.MODERATION, fns_code="59")
    practice(title="Казанский черновик", status=Status.MODERATION, fns_code="16")
    published("Опубликованная в Казани", fns_code="16")
    client = login(staff(fns_code="59"))
    data = client.get(API, {"status": "moderation"}).json()
    assert [r["id"] for r in data["results"]] == [mine.pk]
    everything = client.get(API, {"status": "all"}).json()
    assert {r["title"] for r in everything["results"]} == {"Пермский черновик", "Опубликованная в Казани"}
    found = client.get(API, {"status": "all", "q": "черновик"}).json()
    assert [r["title"] for r in found["results"]] == ["Пермский черновик"]


def test_federal_coordinator_lists_every_draft() -> None:
    practice(title="Пермский черновик", status=Status.DRAFT, fns_code="59")
    practice(title="Казанский черновик", status=Status.DRAFT, fns_code="16")
    data = login(staff(Role.FEDERAL_COORDINATOR, fns_code="77")).get(API, {"status": "draft"}).json()
    assert data["count"] == 2


def test_anonymous_cannot_ask_for_unpublished_statuses() -> None:
    response = Client().get(API, {"status": "draft"})
    assert response.status_code == 403
    assert "только сотрудникам" in response.json()["detail"]
