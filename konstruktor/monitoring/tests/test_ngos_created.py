"""«НКО созданы в территориях без НКО»: the incubator's registered indicator, broken down by monitoring."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from konstruktor.core import registry
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.testing import login
from konstruktor.incubator import actions as incubator
from konstruktor.incubator.models import InitiativeGroup
from konstruktor.incubator.tests.factories import group, municipality, ngo
from konstruktor.monitoring.actions import snapshots_compute
from konstruktor.monitoring.models import IndicatorSnapshot
from konstruktor.organizations.models import LegalForm, Membership
from konstruktor.organizations.tests.factories import SupportRecordFactory, region

pytestmark = pytest.mark.django_db
_serial = iter(range(10, 10**5))


def _register(g: InitiativeGroup, by: Any, day: datetime.date) -> InitiativeGroup:
    n = next(_serial)
    fns = g.organization.region.fns_code
    return incubator.group_register(
        group=g, by=by, ogrn=ogrn_with_check(f"112{fns}{n:07d}"), inn=inn_with_check(f"{fns}04{n:05d}"),
        legal_form=LegalForm.objects.get(okopf="71400"), full_name=f"АНО «{g.name}»", registration_date=day,
    )  # fmt: skip


@pytest.fixture
def world(perm_consultant: Any, ugra_consultant: Any) -> dict[str, Any]:
    """Groups in Пермский край and Югра: registered this year or last, from empty municipalities or
    not, or not registered at all — and «Создание НКО» support records of an unrelated NGO."""
    today = timezone.localdate()
    jan1 = today.replace(month=1, day=1)
    busy = municipality()
    ngo(municipality_ref=busy)
    counted = [
        _register(group(by=perm_consultant, name="Серебряная нить"), perm_consultant, jan1),
        _register(group(by=perm_consultant, name="Тёплый дом"), perm_consultant, today),
        _register(group(by=ugra_consultant, name="Северное сияние", fns_code="86"), ugra_consultant, today),
    ]
    _register(group(by=perm_consultant, name="Прошлый год"), perm_consultant, jan1 - datetime.timedelta(days=1))
    _register(group(by=perm_consultant, name="Не белое пятно", municipality=busy), perm_consultant, today)
    group(by=perm_consultant, name="Ещё группа")  # not registered
    perm_rc = Membership.objects.get(user=perm_consultant).organization
    SupportRecordFactory(provider=perm_rc, recipient=ngo(), date=today, service="ngo_creation")
    return {"today": today, "counted": counted, "perm_rc": perm_rc}


def _value(day: datetime.date, **cell: Any) -> float:
    row = IndicatorSnapshot.objects.filter(
        indicator__code="ngos_created", date=day, region_id=cell.get("region"), service=None,
        centre_id=cell.get("centre"),
    ).first()  # fmt: skip
    return row.value if row else 0.0


def test_the_indicator_counts_ngos_registered_from_empty_municipalities(world: dict[str, Any]) -> None:
    today = world["today"]
    snapshots_compute(day_from=today)
    counted = world["counted"]
    perm, ugra = region("59"), region("86")
    # Counted by hand: this year's registrations of groups whose municipality had no NGO.
    assert _value(today) == len(counted) == 3
    assert _value(today, region=perm.pk) == len([g for g in counted if g.organization.region_id == perm.pk]) == 2
    assert _value(today, region=ugra.pk) == 1
    assert _value(today, centre=world["perm_rc"].pk) == 2
    # The registry indicator and monitoring agree: one definition, two readers.
    [indicator] = [i for i in registry.indicators() if i.code == "ngos_created_in_empty_territories"]
    assert indicator.compute(since=today.replace(month=1, day=1), until=today) == _value(today)
    assert indicator.compute(region=ugra.pk, since=today.replace(month=1, day=1)) == 1


def test_the_value_grows_on_the_day_of_state_registration(world: dict[str, Any]) -> None:
    today = world["today"]
    jan1 = today.replace(month=1, day=1)
    if today == jan1:
        pytest.skip("on 1 January every registration of the year falls on the same day")
    snapshots_compute(day_from=jan1, day_to=today)
    assert _value(jan1) == 1  # «Серебряная нить» only; last year's NGO is not in this year's count
    assert _value(today) == 3


def test_the_drill_down_lists_the_support_log_of_the_counted_ngos(world: dict[str, Any], coordinator: Any) -> None:
    response = login(coordinator).get("/indicators/records/", {"indicator": "ngos_created"})
    assert response.status_code == 200
    recipients = {r.recipient_id for r in response.context["page_obj"]}
    assert recipients == {g.organization_id for g in world["counted"]}
    assert response.context["distinct"] == 3
