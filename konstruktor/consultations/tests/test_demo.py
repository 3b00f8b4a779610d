"""The demo seed: about forty consultations in every status, answered through the action, idempotent."""

import pytest

from konstruktor.consultations.demo import demo_seed
from konstruktor.consultations.models import Consultation, Status
from konstruktor.organizations.demo import demo_seed as registry_demo_seed
from konstruktor.organizations.models import SupportRecord

pytestmark = pytest.mark.django_db


def test_the_demo_seed_fills_every_status_and_writes_support_records_once() -> None:
    registry_demo_seed(write=lambda _: None)
    records_before = SupportRecord.objects.filter(service="consultation", source_id__isnull=False).count()
    messages: list[str] = []

    demo_seed(write=messages.append)

    consultations = Consultation.objects.all()
    assert consultations.count() == 40
    assert set(consultations.values_list("status", flat=True)) == set(Status.values)
    assert set(consultations.values_list("region__fns_code", flat=True)) == {"59", "86", "54"}
    answered_with_org = consultations.filter(answered_at__isnull=False, requester_organization__isnull=False)
    new_records = SupportRecord.objects.filter(service="consultation", source_id__isnull=False)
    assert new_records.count() - records_before == answered_with_org.count() > 0
    assert consultations.filter(rating__isnull=False).exists()
    assert "добавлено 40" in messages[-1]

    demo_seed(write=messages.append)

    assert Consultation.objects.count() == 40
    assert SupportRecord.objects.filter(service="consultation", source_id__isnull=False).count() == new_records.count()
    assert "добавлено 0" in messages[-1]


def test_the_demo_seed_waits_for_the_registrys_demo_users() -> None:
    messages: list[str] = []
    demo_seed(write=messages.append)
    assert not Consultation.objects.exists()
    assert "сначала загрузите демо-данные реестра" in messages[-1]
