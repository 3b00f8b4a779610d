"""NGO participation in project management, written once to the support log.

Owning or co-owning an item, attending a meeting and delivering an item each write one
SupportRecord (service «Участие в проектном управлении») through organizations'
`support_record_create`, and one Participation row that keeps it from being written twice.

The provider is a РЦ of the group's region: the acting user's own РЦ when РЦ staff act, or the
group's responsible РЦ — recorded by its curator — when an NGO member or an official acts.
"""

import datetime
import logging
from typing import Any

from django.db import transaction

from konstruktor.core.access import scope_for
from konstruktor.core.roles import RC_STAFF
from konstruktor.governance.models import Meeting, Participation, ProjectGroup, RoadmapNode
from konstruktor.organizations.actions import support_record_create
from konstruktor.organizations.errors import OrganizationError
from konstruktor.organizations.models import Membership, Organization, SupportForm, SupportService
from konstruktor.organizations.queries import resource_centres_for

logger = logging.getLogger(__name__)

NGO_KINDS = (Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP)


def _provider_and_actor(*, by: Any, group: ProjectGroup) -> tuple[Organization, Any] | None:
    centres = resource_centres_for(user=by) if by is not None and by.is_authenticated else None
    if centres is not None:
        if centres.filter(pk=group.responsible_centre_id).exists():
            return group.responsible_centre, by
        own = centres.filter(region_id=group.region_id).order_by("pk").first()
        if own is not None:
            return own, by
    # An NGO member or an official acted: the group's РЦ records the support through its curator.
    curator = group.curator
    if curator is not None and group.responsible_centre_id in scope_for(curator).rc_organization_ids:
        return group.responsible_centre, curator
    staff = (
        Membership.objects.filter(organization_id=group.responsible_centre_id, role__in=RC_STAFF)
        .select_related("user")
        .order_by("-role", "pk")  # "rc_manager" > "rc_consultant": the manager first
        .first()
    )
    if staff is not None:
        return group.responsible_centre, staff.user
    return None


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
    provider_actor = _provider_and_actor(by=by, group=group)
    if provider_actor is None:
        logger.warning("governance: no РЦ staff to record support for group %s", group.pk)
    else:
        provider, actor = provider_actor
        try:
            with transaction.atomic():
                record = support_record_create(
                    by=actor,
                    provider=provider,
                    recipient=organization,
                    date=date,
                    form=SupportForm.METHODICAL,
                    service=SupportService.PROJECT_MANAGEMENT,
                    description=_description(kind, node=node, meeting=meeting, group=group),
                    source=node if node is not None else meeting,
                )
        except OrganizationError as exc:
            logger.warning("governance: support record refused for %s: %s", organization.pk, exc)
    return Participation.objects.create(
        organization=organization, kind=kind, node=node, meeting=meeting, group=group, date=date, support_record=record
    )
