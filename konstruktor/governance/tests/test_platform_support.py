"""An NGO delivering its roadmap item is recorded by the platform from the group's РЦ, not by a curator."""

import datetime

import pytest

from konstruktor.governance import actions
from konstruktor.governance.models import ItemStatus, Participation
from konstruktor.organizations.actions import support_record_create
from konstruktor.organizations.errors import AccessDenied
from konstruktor.organizations.models import SupportRecord, SupportService
from konstruktor.organizations.tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db


def test_the_ngo_members_delivery_is_written_by_the_platform_in_the_members_name(
    ngo_item, ngo_member, ngo, perm_centre, perm_manager
) -> None:  # type: ignore[no-untyped-def]
    assert ngo_item.roadmap.group.curator == perm_manager
    owner = SupportRecord.objects.get(recipient=ngo)
    assert owner.created_by == perm_manager and not owner.source_label.startswith("Записано платформой")

    actions.node_progress_update(node=ngo_item, by=ngo_member, status=ItemStatus.DONE, indicator_actual=None)

    delivery = SupportRecord.objects.exclude(pk=owner.pk).get()
    assert (delivery.provider, delivery.recipient) == (perm_centre, ngo)
    assert delivery.created_by == ngo_member  # not the curator
    assert delivery.service == SupportService.PROJECT_MANAGEMENT and delivery.source_id == ngo_item.pk
    assert delivery.source_label.startswith("Записано платформой от имени РЦ: отметил представитель самой НКО")
    assert Participation.objects.get(kind=Participation.Kind.DELIVERY).support_record == delivery


def test_a_co_owner_from_a_region_without_the_groups_centre_gets_no_record_but_its_participation_is_kept(
    measure, perm_manager, ngo, ngo_member, perm_centre
) -> None:  # type: ignore[no-untyped-def]
    far = OrganizationFactory(region=region("86"), short_name="АНО «Север»")
    item = actions.node_create(
        roadmap=measure.roadmap,
        by=perm_manager,
        parent=measure,
        title="Провести обучение",
        owner_organization=ngo,
        co_owners=[far],
        deadline=datetime.date(2026, 12, 15),
    )

    actions.node_progress_update(node=item, by=ngo_member, status=ItemStatus.DONE, indicator_actual=None)

    assert not SupportRecord.objects.filter(recipient=far).exists()
    assert Participation.objects.get(organization=far, kind=Participation.Kind.DELIVERY).support_record is None
    assert SupportRecord.objects.get(recipient=ngo, source_label__startswith="Записано платформой").provider == (
        perm_centre
    )


def test_the_ngo_member_cannot_write_the_delivery_through_the_staff_path(
    ngo_item, ngo_member, ngo, perm_centre
) -> None:  # type: ignore[no-untyped-def]
    before = SupportRecord.objects.count()
    with pytest.raises(AccessDenied):
        support_record_create(
            by=ngo_member,
            provider=perm_centre,
            recipient=ngo,
            date=datetime.date(2026, 12, 1),
            form="methodical",
            service=SupportService.PROJECT_MANAGEMENT,
            description="Выполнено мероприятие",
            source=ngo_item,
        )
    assert SupportRecord.objects.count() == before
