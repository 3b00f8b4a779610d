"""Dashboards, drill-down, export and API from the outside: who sees what, and the numbers."""

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from konstruktor.core.testing import login
from konstruktor.monitoring.actions import snapshots_compute, target_set
from konstruktor.monitoring.models import IndicatorDefinition
from konstruktor.organizations.models import Membership
from konstruktor.organizations.tests.factories import OrganizationFactory, SupportRecordFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def data(perm_consultant: Any, ugra_consultant: Any, today: datetime.date) -> dict[str, Any]:
    perm_rc = Membership.objects.get(user=perm_consultant).organization
    ugra_rc = Membership.objects.get(user=ugra_consultant).organization
    perm_ngos = [OrganizationFactory(region=region("59"), short_name=f"АНО «Пермь {i}»") for i in range(3)]
    ugra_ngo = OrganizationFactory(region=region("86"), short_name="АНО «Сургут»")
    day = today.replace(day=1) if today.day > 1 else today
    for ngo in perm_ngos:
        SupportRecordFactory(provider=perm_rc, recipient=ngo, date=day, service="consultation")
    SupportRecordFactory(provider=perm_rc, recipient=perm_ngos[0], date=day, service="documents")
    SupportRecordFactory(provider=ugra_rc, recipient=ugra_ngo, date=day, service="consultation")
    snapshots_compute(day_from=today)
    target_set(
        by=None,
        indicator=IndicatorDefinition.objects.get(code="ngos_supported"),
        value=40,
        period=str(today.year),
        region=region("59"),
    )
    return {"perm_ngos": perm_ngos, "ugra_ngo": ugra_ngo, "perm_rc": perm_rc}


def test_the_public_summary_shows_national_numbers_with_targets_and_no_names(data: dict[str, Any]) -> None:
    response = Client().get("/indicators/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "НКО получили поддержку" in body and "цель 600" in body
    assert "<svg" in body and "Пермский край" in body
    assert "АНО «Пермь 0»" not in body and "/indicators/records/" not in body


def test_anonymous_visitors_get_no_drill_down(data: dict[str, Any]) -> None:
    response = Client().get("/indicators/records/?indicator=ngos_supported")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_federal_dashboard_compares_regions_and_is_for_the_coordinator(
    data: dict[str, Any], coordinator: Any, perm_consultant: Any
) -> None:
    body = login(coordinator).get("/indicators/federal/").content.decode()
    assert "Пермский край" in body and "Ханты-Мансийский" in body
    assert "из 40" in body  # Perm's own target
    assert "/organizations/support/register.xlsx" in body
    assert login(perm_consultant).get("/indicators/federal/").status_code == 403


def test_the_rc_dashboard_shows_its_region_and_another_region_is_404(
    data: dict[str, Any], perm_consultant: Any
) -> None:
    client = login(perm_consultant)
    perm = region("59")
    assert client.get("/indicators/dashboard/")["Location"] == f"/indicators/regions/{perm.pk}/"
    body = client.get(f"/indicators/regions/{perm.pk}/").content.decode()
    assert "Консультационная линия" in body and "По ресурсным центрам" in body
    assert client.get(f"/indicators/regions/{region('86').pk}/").status_code == 404
    assert client.get(f"/indicators/export.xlsx?view=region&region={region('86').pk}").status_code == 404


def test_drill_down_lists_the_records_behind_the_number_within_the_users_scope(
    data: dict[str, Any], perm_consultant: Any, coordinator: Any, today: datetime.date
) -> None:
    url = f"/indicators/records/?indicator=ngos_supported&period={today.year}"
    federal = login(coordinator).get(url).content.decode()
    assert "разных получателей: <strong>4</strong>" in federal and "АНО «Сургут»" in federal
    own = login(perm_consultant).get(url).content.decode()
    assert "АНО «Пермь 0»" in own and "АНО «Сургут»" not in own
    by_service = login(perm_consultant).get(url + f"&region={region('59').pk}&service=documents").content.decode()
    assert "Записей журнала поддержки: <strong>1</strong>" in by_service
    assert login(perm_consultant).get(url + f"&region={region('86').pk}").status_code == 404


def test_the_federal_table_exports_to_xlsx(data: dict[str, Any], coordinator: Any, today: datetime.date) -> None:
    response = login(coordinator).get(f"/indicators/export.xlsx?view=federal&period={today.year}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["Территория", "НКО получили поддержку, организаций: факт", "цель", "% цели"]
    assert rows[1][:3] == ["Российская Федерация", 4, 600]
    perm = next(r for r in rows if r[0] == "Пермский край")
    assert perm[1:4] == [3, 40, 7.5]


def test_the_api_gives_anonymous_users_the_public_summary_with_targets(
    data: dict[str, Any], today: datetime.date
) -> None:
    response = Client().get(f"/api/v1/indicators?period={today.year}&region={region('59').pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["summary"] == "public" and body["region"] is None and body["source"] == "snapshots"
    ngos = next(i for i in body["indicators"] if i["code"] == "ngos_supported")
    assert (ngos["value"], ngos["target"]) == (4, 600)


def test_the_api_gives_staff_their_region_and_404_for_others(
    data: dict[str, Any], perm_consultant: Any, today: datetime.date
) -> None:
    client = login(perm_consultant)
    body = client.get(f"/api/v1/indicators?region={region('59').pk}").json()
    assert body["summary"] == "scoped" and body["region"]["name"] == "Пермский край"
    ngos = next(i for i in body["indicators"] if i["code"] == "ngos_supported")
    assert (ngos["value"], ngos["target"], ngos["percent_of_target"]) == (3, 40, 7.5)
    assert client.get(f"/api/v1/indicators?region={region('86').pk}").status_code == 404
    assert client.get("/api/v1/indicators?period=2026-13").status_code == 422


def test_a_month_is_computed_live_from_the_log(data: dict[str, Any], coordinator: Any, today: datetime.date) -> None:
    body = login(coordinator).get(f"/api/v1/indicators?period={today:%Y-%m}").json()
    assert body["source"] == "live"
    consultations = next(i for i in body["indicators"] if i["code"] == "consultations_given")
    assert consultations["value"] == 4


def test_the_federal_dashboard_costs_a_fixed_number_of_queries(
    data: dict[str, Any], coordinator: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(coordinator)
    client.get("/indicators/federal/")
    with django_assert_max_num_queries(20):
        assert client.get("/indicators/federal/").status_code == 200
