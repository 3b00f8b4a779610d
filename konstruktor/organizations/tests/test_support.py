import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from konstruktor.core.testing import login
from konstruktor.organizations.actions import support_record_create
from konstruktor.organizations.errors import AccessDenied
from konstruktor.organizations.models import Membership, SupportRecord
from konstruktor.organizations.registers import SUPPORT_REGISTER_COLUMNS
from konstruktor.organizations.tests.factories import (
    ResourceCentreFactory,
    SupportRecordFactory,
    region,
)

pytestmark = pytest.mark.django_db


def _centre(user):  # type: ignore[no-untyped-def]
    return Membership.objects.get(user=user).organization


def test_consultant_records_support_and_card_shows_it(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    response = client.post(
        reverse("organizations:support_new", args=[perm_org.pk]),
        {"provider": _centre(perm_consultant).pk, "date": "2026-03-10", "form": "consultation",
         "service": "consultation", "description": "Консультация по отчёту ОН0002"},
    )  # fmt: skip
    assert response.status_code == 302
    record = SupportRecord.objects.get(recipient=perm_org)
    assert record.created_by == perm_consultant
    card = client.get(reverse("organizations:detail", args=[perm_org.pk])).content.decode()
    assert "Консультация по отчёту ОН0002" in card


def test_support_from_another_regions_rc_is_refused(perm_consultant, ugra_consultant, ugra_org) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        support_record_create(
            by=perm_consultant, provider=_centre(ugra_consultant), recipient=ugra_org,
            date=datetime.date(2026, 1, 1), form="consultation", service="consultation", description="x",
        )  # fmt: skip
    with pytest.raises(AccessDenied):
        support_record_create(
            by=perm_consultant, provider=_centre(perm_consultant), recipient=ugra_org,
            date=datetime.date(2026, 1, 1), form="consultation", service="consultation", description="x",
        )  # fmt: skip
    assert not SupportRecord.objects.exists()


def test_module_object_is_linked_as_source(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    record = support_record_create(
        by=perm_consultant, provider=_centre(perm_consultant), recipient=perm_org, date=datetime.date(2026, 2, 1),
        form="methodical", service="documents", description="Сформирован пакет документов", source=perm_org,
    )  # fmt: skip
    assert record.source_id == perm_org.pk and record.source_label == str(perm_org)


def test_register_of_supported_sonko_exports_the_31_2_fields(perm_consultant, perm_org, ugra_org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    SupportRecordFactory(
        provider=_centre(perm_consultant),
        recipient=perm_org,
        form="financial",
        amount=Decimal("150000.00"),
        term_until=datetime.date(2026, 12, 31),
        date=datetime.date(2026, 3, 1),
    )
    SupportRecordFactory(provider=ResourceCentreFactory(region=region("86")), recipient=ugra_org)  # stays out
    response = login(perm_consultant).get(reverse("organizations:support_register", args=["xlsx"]))
    path = tmp_path / "register.xlsx"
    path.write_bytes(response.content)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == SUPPORT_REGISTER_COLUMNS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["ОГРН"] == perm_org.ogrn and row["ИНН"] == perm_org.inn
    assert row["Форма поддержки"] == "Финансовая" and row["Размер поддержки, руб."] == 150000
    assert row["Срок оказания поддержки"] == "31.12.2026"


def test_support_list_is_scoped(perm_consultant, ugra_org, perm_org) -> None:  # type: ignore[no-untyped-def]
    SupportRecordFactory(
        provider=ResourceCentreFactory(region=region("86")), recipient=ugra_org, description="Чужая поддержка"
    )
    SupportRecordFactory(provider=_centre(perm_consultant), recipient=perm_org, description="Своя поддержка")
    body = login(perm_consultant).get(reverse("organizations:support_list")).content.decode()
    assert "Своя поддержка" in body and "Чужая поддержка" not in body
