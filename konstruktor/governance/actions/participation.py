"""NGO participation in project management, written once to the support log.

Owning or co-owning an item, attending a meeting and delivering an item each write one
SupportRecord (service «Участие в проектном управлении») and one Participation row that keeps
it from being written twice.

When РЦ staff act, their own РЦ of the group's region is the provider (organizations'
`support_record_create`). When an NGO member, an official or a scheduled job acts, the group's
responsible РЦ is the provider and the platform writes the record in the actor's name
(`support_record_create_for_platform`), with the reason in the record's source label.
"""

import datetime
import logging
from typing import Any

from django.db import transaction

from konstruktor.core.access import scope_for
from konstruktor.governance.models import Meeting, Participation, ProjectGroup, RoadmapNode
from konstruktor.organizations.actions import support_record_create, support_record_create_for_platform
from konstruktor.organizations.errors import OrganizationError
from konstruktor.organizations.models import Organization, SupportForm, SupportService
from konstruktor.organizations.queries import resource_centres_for

logger = logging.getLogger(__name__)

NGO_KINDS = (Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP)


def _staff_provider(*, by: Any, group: ProjectGroup) -> Organization | None:
    """The РЦ the acting staff member records from, preferably the group's own; None for others."""
    if by is None or not by.is_authenticated:
        return None
    centres = resource_centres_for(user=by)
    if centres.filter(pk=group.responsible_centre_id).exists():
        return group.responsible_centre
    return centres.filter(region_id=group.region_id).order_by("pk").first()


def _platform_reason(*, by: Any, organization: Organization) -> str:
    if by is None or not by.is_authenticated:
        return "отмечено автоматически, без сотрудника РЦ"
    if organization.pk in scope_for(by).organization_ids:
        return "отметил представитель самой НКО"
    return "отметил участник группы, не сотрудник РЦ"


def _description(kind: str, *, node: RoadmapNode | None, meeting: Meeting | None, group: ProjectGroup) -> str:
    if node is not None:
        what = {
            Participation.Kind.OWNER: "ответственный исполнитель мероприятия",
            Participation.Kind.CO_OWNER: "соисполнитель мероприятия",
            Participation.Kind.DELIVERY: "выполнено мероприятие",
        }[Participation.Kind(kind)]
        return (
            f"Участие в проектном управлении: {what} {node.code} «{node.title}» "
            f"дорожной карты «{node.roadmap.title}» (группа «{group.name}»)"
        )
    assert meeting is not None
    return f"Участие в проектном управлении: участие в заседании № {meeting.number} группы «{group.name}» от {meeting.starts_at:%d.%m.%Y}"


def participation_record(
    *,
    by: Any,
    organization: Organization | None,
    kind: str,
    group: ProjectGroup,
    date: datetime.date,
    node: RoadmapNode | None = None,
    meeting: Meeting | None = None,
) -> Participation | None:
    """Record an NGO's participation once per (organization, kind, item or meeting).

    Called inside the caller's transaction. A support record that the log refuses (say, an NGO
    of another region) is logged and left out; the participation itself is still kept.
    """
    if organization is None or organization.kind not in NGO_KINDS:
        return None
    existing = Participation.objects.filter(organization=organization, kind=kind)
    existing = existing.filter(node=node) if node is not None else existing.filter(meeting=meeting)
    if existing.exists():
        return None
    record = None
    provider = _staff_provider(by=by, group=group)
    source = node if node is not None else meeting
    assert source is not None
    description = _description(kind, node=node, meeting=meeting, group=group)
    form, service = SupportForm.METHODICAL, SupportService.PROJECT_MANAGEMENT
    try:
        with transaction.atomic():
            if provider is not None:
                record = support_record_create(
                    by=by, provider=provider, recipient=organization, date=date, form=form, service=service,
                    description=description, source=source,
                )  # fmt: skip
            else:
                record = support_record_create_for_platform(
                    provider=group.responsible_centre, recipient=organization, actor=by, date=date, form=form,
                    service=service, description=description, source=source,
                    reason=_platform_reason(by=by, organization=organization),
                )  # fmt: skip
    except OrganizationError as exc:
        logger.warning("governance: support record refused for %s: %s", organization.pk, exc)
    return Participation.objects.create(
        organization=organization, kind=kind, node=node, meeting=meeting, group=group, date=date, support_record=record
    )
