"""Reads of replication: who sees which request and transfer, territories by ОКТМО, series for pages.

Access (docs/decisions/0002): a transfer is seen and worked on by the РЦ staff of the recipient's
region, the members of the mentor organization (the practice's leader) and of the recipient
organization; the federal coordinator sees all. Stages, completion and requests are decided by
the РЦ staff of the region (they coordinate the transfer and record the support). Everyone else
gets 404.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from konstruktor.core.access import scope_for
from konstruktor.core.roles import Role
from konstruktor.organizations.models import Membership, Organization
from konstruktor.organizations.queries import resource_centres_for
from konstruktor.practices.models import Practice
from konstruktor.practices.queries import PracticeLink
from konstruktor.replication.models import (
    FidelityCheck,
    FidelityMark,
    FitAssessment,
    RegionalPriority,
    ReplicationRequest,
    Transfer,
)
from konstruktor.territories.models import Municipality, Region, Settlement


def member_organizations(user: Any) -> QuerySet[Membership, Any]:
    """The organizations the user belongs to in any role (a subquery of ids)."""
    return Membership.objects.filter(user=user).values("organization_id")


def transfer_list_visible(*, user: Any) -> QuerySet[Transfer]:
    scope = scope_for(user)
    qs = Transfer.objects.all()
    if scope.is_federal:
        return qs
    if not scope.authenticated:
        return qs.none()
    own = member_organizations(user)
    return qs.filter(Q(region_id__in=scope.edit_region_ids) | Q(mentor_id__in=own) | Q(recipient_id__in=own))


def transfer_can_coordinate(*, transfer: Transfer, user: Any) -> bool:
    """Stages, completion and stopping: the РЦ staff of the recipient's region (or the coordinator)."""
    scope = scope_for(user)
    return scope.is_rc_staff and scope.can_edit_region(transfer.region_id)


def transfer_rows(qs: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return qs.select_related("practice", "mentor", "recipient", "region", "municipality", "settlement").order_by(
        "status", "-updated_at", "-id"
    )


def transfer_detail(qs: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return qs.select_related(
        "practice", "mentor", "recipient", "region", "municipality", "settlement", "centre", "evaluation", "request"
    ).prefetch_related(
        "steps__owner",
        "fidelity_items",
        "outcomes",
        "adaptations__by",
        "stage_changes__by",
        Prefetch(
            "fidelity_checks",
            queryset=FidelityCheck.objects.select_related("by").prefetch_related(
                Prefetch("marks", queryset=FidelityMark.objects.select_related("item"))
            ),
        ),
    )


def request_list_visible(*, user: Any) -> QuerySet[ReplicationRequest]:
    scope = scope_for(user)
    qs = ReplicationRequest.objects.all()
    if scope.is_federal:
        return qs
    if not scope.authenticated:
        return qs.none()
    own = member_organizations(user)
    return qs.filter(
        Q(region_id__in=scope.edit_region_ids)
        | Q(requester_id__in=own)
        | Q(recipient_id__in=own)
        | Q(practice__organization_id__in=own)
    )


def request_can_decide(*, request: ReplicationRequest, user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_rc_staff and scope.can_edit_region(request.region_id)


def request_rows(qs: QuerySet[ReplicationRequest]) -> QuerySet[ReplicationRequest]:
    return qs.select_related("practice", "requester", "recipient", "region", "municipality", "settlement").order_by(
        "status", "-created_at", "-id"
    )


def requesters_for(*, user: Any) -> QuerySet[Organization]:
    """The organizations on whose behalf the user may send a request: their РЦ and NGOs."""
    scope = scope_for(user)
    qs = Organization.objects.filter(
        kind__in=[Organization.Kind.RESOURCE_CENTRE, Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP]
    )
    if scope.is_federal:
        return qs.filter(kind=Organization.Kind.RESOURCE_CENTRE)
    roles = {Role.NGO_MEMBER, Role.RC_MANAGER, Role.RC_CONSULTANT}
    return qs.filter(pk__in=Membership.objects.filter(user=user, role__in=roles).values("organization_id"))


def centre_of_region(*, region_id: int, user: Any = None) -> Organization | None:
    """The РЦ that provides the support of a transfer in the region: the user's own, else the first."""
    if user is not None:
        own = resource_centres_for(user=user).filter(region_id=region_id).order_by("pk").first()
        if own is not None:
            return own
    return (
        Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE, region_id=region_id).order_by("pk").first()
    )


def territory_by_oktmo(oktmo: str) -> Municipality | Settlement | None:
    """A municipality by its 8-digit ОКТМО or a settlement by its 11-digit one."""
    code = oktmo.strip()
    if not code.isdigit():
        return None
    if len(code) == 8:
        return Municipality.objects.select_related("region", "parent").filter(oktmo=code).first()
    if len(code) == 11:
        return Settlement.objects.select_related("region", "municipality").filter(oktmo=code).first()
    return None


def priority_can_edit(*, region: Region, user: Any) -> bool:
    """Regional priorities are kept by the РЦ manager of the region (and the federal coordinator)."""
    scope = scope_for(user)
    if scope.is_federal:
        return True
    if not scope.authenticated:
        return False
    return Membership.objects.filter(user=user, role=Role.RC_MANAGER, organization__region=region).exists()


def priorities_of(region: Region) -> QuerySet[RegionalPriority]:
    return RegionalPriority.objects.filter(region=region).select_related("target_group", "area")


def fit_can_rate(
    *,
    user: Any,
    organization: Organization | None = None,
    municipality: Municipality | None = None,
    settlement: Settlement | None = None,
) -> bool:
    """An organization's team (its members) and the РЦ staff of the region rate the Hexagon factors."""
    scope = scope_for(user)
    if not scope.authenticated:
        return False
    if organization is not None:
        is_member = Membership.objects.filter(user=user, organization=organization).exists()
        return is_member or (scope.is_rc_staff and scope.can_edit_region(organization.region_id))
    place = municipality or settlement
    return place is not None and scope.is_rc_staff and scope.can_edit_region(place.region_id)


def fit_assessments(
    *,
    practice: Practice,
    organization: Organization | None = None,
    municipality: Municipality | None = None,
    settlement: Settlement | None = None,
) -> QuerySet[FitAssessment]:
    return FitAssessment.objects.filter(
        practice=practice, organization=organization, municipality=municipality, settlement=settlement
    ).select_related("assessor")


@dataclass(frozen=True)
class FidelityPoint:
    stage: str
    stage_name: str
    checked_on: Any
    index: float


def fidelity_series(transfer: Transfer) -> list[FidelityPoint]:
    """The fidelity index per checkpoint (uses the prefetched checks)."""
    return [
        FidelityPoint(c.stage, c.get_stage_display(), c.checked_on, float(c.index))
        for c in transfer.fidelity_checks.all()
    ]


def practice_links_for(practice: Practice, user: Any) -> list[PracticeLink]:
    """What the practice page links to in replication (registered with practices): the transfers
    and requests of the practice the user may see, and a new request when the user may send one."""
    from konstruktor.replication.matching import practices_offered

    if not user.is_authenticated:
        return []
    transfers = transfer_list_visible(user=user).filter(practice=practice).select_related("recipient", "region")
    links = [
        PracticeLink(f"Трансфер: {t.recipient}, {t.region.name}", t.get_absolute_url(), t.get_status_display())
        for t in transfers.order_by("-started_on", "-id")
    ]
    requests = request_list_visible(user=user).filter(practice=practice, transfer__isnull=True)
    links += [
        PracticeLink(f"Заявка на тиражирование №{r.pk}", r.get_absolute_url(), r.get_status_display())
        for r in requests.order_by("-created_at", "-id")
    ]
    if requesters_for(user=user).exists() and practices_offered().filter(pk=practice.pk).exists():
        links.append(
            PracticeLink(
                "Подать заявку на тиражирование",
                reverse("replication:request_new", args=[practice.pk]),
                "Заявку рассмотрит РЦ региона получателя.",
            )
        )
    return links
