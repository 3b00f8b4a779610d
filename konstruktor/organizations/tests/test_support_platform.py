"""The platform path of the support log: support given through the platform on a РЦ's behalf."""

import ast
import datetime
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType

from konstruktor.core.roles import Role
from konstruktor.organizations.actions import support_record_create, support_record_create_for_platform
from konstruktor.organizations.errors import AccessDenied, OrganizationError
from konstruktor.organizations.models import Membership, Organization, SupportRecord
from konstruktor.organizations.queries import resource_centre_of_region
from konstruktor.organizations.tests.factories import (
    OrganizationFactory,
    ResourceCentreFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db
KONSTRUKTOR = Path(__file__).resolve().parents[2]


@pytest.fixture
def member(perm_org: Organization):  # type: ignore[no-untyped-def]
    user = UserFactory()
    Membership.objects.create(user=user, organization=perm_org, role=Role.NGO_MEMBER)
    return user


def _record(**overrides):  # type: ignore[no-untyped-def]
    return {
        "date": datetime.date(2026, 3, 2),
        "form": "methodical",
        "service": "documents",
        "description": "Сформирован пакет документов",
        **overrides,
    }


def test_the_platform_writes_the_record_of_the_regions_centre_in_the_members_name(perm_org, member) -> None:  # type: ignore[no-untyped-def]
    centre = ResourceCentreFactory(region=region("59"))

    record = support_record_create_for_platform(
        provider=centre,
        recipient=perm_org,
        actor=member,
        source=perm_org,
        reason="пакет сформировал представитель НКО",
        **_record(),
    )

    record.refresh_from_db()
    assert (record.provider, record.recipient, record.created_by) == (centre, perm_org, member)
    assert record.source_type == ContentType.objects.get_for_model(Organization) and record.source_id == perm_org.pk
    assert record.source_label == f"Записано платформой от имени РЦ: пакет сформировал представитель НКО ({perm_org})"


def test_a_record_without_an_actor_is_written_in_nobodys_name(perm_org) -> None:  # type: ignore[no-untyped-def]
    record = support_record_create_for_platform(
        provider=ResourceCentreFactory(region=region("59")),
        recipient=perm_org,
        actor=None,
        source=perm_org,
        reason="отмечено автоматически",
        **_record(),
    )
    assert record.created_by is None


def test_the_platform_refuses_a_centre_of_another_region_a_non_centre_and_an_empty_reason(perm_org, member) -> None:  # type: ignore[no-untyped-def]
    cases = [
        (ResourceCentreFactory(region=region("86")), "причина", "РЦ региона получателя"),
        (OrganizationFactory(region=region("59")), "причина", "записывает ресурсный центр"),
        (ResourceCentreFactory(region=region("59")), "  ", "почему поддержку записывает платформа"),
    ]
    for provider, reason, message in cases:
        with pytest.raises(OrganizationError, match=message):
            support_record_create_for_platform(
                provider=provider, recipient=perm_org, actor=member, source=perm_org, reason=reason, **_record()
            )
    assert not SupportRecord.objects.exists()


def test_an_ngo_member_still_cannot_use_the_staff_path_even_for_their_own_organization(perm_org, member) -> None:  # type: ignore[no-untyped-def]
    centre = ResourceCentreFactory(region=region("59"))

    with pytest.raises(AccessDenied, match="от имени своего РЦ"):
        support_record_create(by=member, provider=centre, recipient=perm_org, **_record())

    assert not SupportRecord.objects.exists()


def test_the_regions_centre_is_the_first_registered_and_none_where_there_is_no_centre(db) -> None:  # type: ignore[no-untyped-def]
    first = ResourceCentreFactory(region=region("59"))
    ResourceCentreFactory(region=region("59"))
    OrganizationFactory(region=region("86"))

    assert resource_centre_of_region(region_id=region("59").pk) == first
    assert resource_centre_of_region(region_id=region("86").pk) is None
    assert resource_centre_of_region(region_id=None) is None


def _callers(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute | ast.alias)
        and "support_record_create_for_platform"
        in (getattr(node, "id", None), getattr(node, "attr", None), getattr(node, "name", None))
    ]


def test_no_view_api_or_form_uses_the_platform_path() -> None:
    """The platform path skips the staff check: only actions that authorized the act may call it."""
    entry_points = [
        p
        for p in KONSTRUKTOR.rglob("*.py")
        if "tests" not in p.parts
        and (p.stem.startswith("views") or p.stem in {"api", "forms", "urls"} or "views" in p.parts)
    ]
    assert len(entry_points) > 10  # the scan really looks at the apps' views
    offenders = [f"{p.relative_to(KONSTRUKTOR)}:{line}" for p in entry_points for line in _callers(p)]
    assert not offenders, (
        "support_record_create_for_platform writes the support log without the staff check; call it "
        f"from an app's actions after authorizing the act, not from views, API or forms: {offenders}"
    )
