"""Reads of the consultation line: scoped lists, queues, suggestions, statistics."""

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.html import strip_tags

from konstruktor.consultations import consent, sla
from konstruktor.consultations.models import CLOCK_RUNNING, Channel, Consultation, Status, Topic
from konstruktor.core.access import scope_filter, scope_for
from konstruktor.core.identifiers import digits_only
from konstruktor.core.roles import RC_STAFF, Role
from konstruktor.knowledge.queries import article_suggest, article_visible
from konstruktor.organizations.models import Membership, Organization
from konstruktor.territories.models import Region


def consultation_list_visible(*, user: Any) -> QuerySet[Consultation]:
    """РЦ staff: their region; NGO members: their organization's; the coordinator: everything."""
    return scope_filter(
        Consultation.objects.all(),
        scope_for(user),
        region_field="region",
        organization_field="requester_organization",
        edit=True,
    )


def consultation_can_act(*, consultation: Consultation, user: Any) -> bool:
    """Take, answer, annotate: the РЦ staff of the consultation's region and the coordinator."""
    scope = scope_for(user)
    return scope.is_federal or (scope.is_rc_staff and consultation.region_id in scope.edit_region_ids)


def consultation_can_see_personal_data(*, consultation: Consultation, user: Any) -> bool:
    """The requester's name and contacts: only the РЦ staff of the region (152-ФЗ, minimal exposure)."""
    scope = scope_for(user)
    return bool(scope.roles & RC_STAFF) and consultation.region_id in scope.edit_region_ids


def regions_with_resource_centre() -> QuerySet[Region]:
    """Regions a public question can be addressed to: someone there will answer it."""
    with_rc = Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE).values("region_id")
    return Region.objects.filter(pk__in=with_rc).order_by("name")


def resource_centre_of_region(*, region_id: int) -> Organization | None:
    return (
        Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE, region_id=region_id).order_by("pk").first()
    )


def organization_match(*, region_id: int, identifier: str) -> Organization | None:
    """The registry's organization with this ИНН or ОГРН in the region, if any (never shown to the visitor)."""
    value = digits_only(identifier)
    if not value.isdigit() or len(value) not in (10, 12, 13, 15):
        return None
    return Organization.objects.filter(region_id=region_id).filter(Q(inn=value) | Q(ogrn=value)).first()


def topics_active() -> QuerySet[Topic]:
    return Topic.objects.filter(active=True)


def staff_of_regions(*, region_ids: Any) -> QuerySet[Any]:
    """The users who work in a РЦ of these regions (whom a consultation may be assigned to)."""
    user_ids = Membership.objects.filter(
        role__in=RC_STAFF,
        organization__kind=Organization.Kind.RESOURCE_CENTRE,
        organization__region_id__in=region_ids,
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("last_name", "first_name")


def staff_region_ids(*, user: Any) -> frozenset[int]:
    scope = scope_for(user)
    if scope.is_federal:
        return frozenset(Region.objects.values_list("pk", flat=True))
    return scope.edit_region_ids if scope.is_rc_staff else frozenset()


def can_manage_assignments(*, user: Any) -> bool:
    return scope_for(user).has_role(Role.RC_MANAGER)


@dataclass(frozen=True)
class ConsultationFilters:
    status: str = ""
    topic: int | None = None
    region: int | None = None
    channel: str = ""
    # "me", "none" or a user id as text; "" for everyone.
    assigned: str = ""
    overdue: bool = False
    open_only: bool = False
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    sort: str = "due"


SORTS = {
    "due": ("due_date", "received_at", "id"),
    "received": ("-received_at", "-id"),
    "received_asc": ("received_at", "id"),
}


def consultation_filter(
    qs: QuerySet[Consultation], filters: ConsultationFilters, *, user: Any, today: datetime.date | None = None
) -> QuerySet[Consultation]:
    today = today or timezone.localdate()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.open_only:
        qs = qs.exclude(status__in=[Status.ANSWERED, Status.CLOSED])
    if filters.topic:
        qs = qs.filter(topic_id=filters.topic)
    if filters.region:
        qs = qs.filter(region_id=filters.region)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.assigned == "me":
        qs = qs.filter(assigned_to=user)
    elif filters.assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif filters.assigned.isdigit():
        qs = qs.filter(assigned_to_id=int(filters.assigned))
    if filters.overdue:
        qs = qs.filter(status__in=CLOCK_RUNNING, due_date__lt=today)
    if filters.received_from:
        qs = qs.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_at__date__lte=filters.received_to)
    return qs.order_by(*SORTS.get(filters.sort, SORTS["due"]))


def consultation_rows(qs: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """What a list shows, in a fixed number of queries whatever the page size."""
    return qs.select_related("topic", "region", "assigned_to", "requester_organization")


def days_left_annotate(rows: list[Consultation], *, today: datetime.date | None = None) -> list[Consultation]:
    """Set `days_left` / `days_overdue` (working days to or past the due date) and `is_late` on each row."""
    today = today or timezone.localdate()
    running = [c for c in rows if c.status in CLOCK_RUNNING]
    left = sla.working_days_left(today=today, due_dates=[c.due_date for c in running])
    for c in rows:
        days = left.get(c.due_date) if c.status in CLOCK_RUNNING else None
        c.days_left = days  # type: ignore[attr-defined]
        c.days_overdue = -days if days is not None and days < 0 else 0  # type: ignore[attr-defined]
        c.is_late = c.is_overdue(today)  # type: ignore[attr-defined]
    return rows


def articles_visible(*, user: Any) -> QuerySet[Any]:
    return article_visible(user=user)


@dataclass(frozen=True)
class Suggestion:
    article_id: int
    title: str
    url: str
    snippet: str  # HTML with <mark>, from the handbook's search
    excerpt: str  # plain text for inserting into the answer


def article_suggestions(*, text: str, user: Any, limit: int = 5) -> list[Suggestion]:
    """Handbook articles matching a question, as the handbook's search ranks them for this user."""
    if not text.strip():
        return []
    suggestions: list[Suggestion] = []
    for hit in article_suggest(text=text, user=user, limit=limit):
        excerpt = " ".join(strip_tags(hit.snippet).split())
        suggestions.append(
            Suggestion(
                article_id=int(hit.object_id), title=hit.title, url=hit.url, snippet=hit.snippet, excerpt=excerpt
            )
        )
    return suggestions


@dataclass
class Breakdown:
    label: str
    total: int = 0
    answered: int = 0
    within_sla: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def mean_days(self) -> float | None:
        return round(statistics.fmean(self.days), 1) if self.days else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def within_sla_share(self) -> float | None:
        """Percent of the answered consultations answered by their due date."""
        return round(100 * self.within_sla / self.answered, 1) if self.answered else None


@dataclass
class Statistics:
    overall: Breakdown
    by_topic: list[Breakdown]
    by_channel: list[Breakdown]
    by_region: list[Breakdown]
    by_month: list[Breakdown]
    open_count: int
    overdue_count: int
    rated: int
    mean_rating: float | None


def consultation_statistics(*, qs: QuerySet[Consultation], today: datetime.date | None = None) -> Statistics:
    """Counts and times to answer (working days, pauses excluded), grouped four ways."""
    today = today or timezone.localdate()
    rows = list(
        qs.order_by()
        .annotate(month=TruncMonth("received_at"))
        .values(
            "pk", "topic__name", "topic__order", "channel", "region__name", "month", "status", "due_date",
            "answered_at", "working_days_to_answer", "rating",
        )
    )  # fmt: skip
    within_ids = set(
        qs.order_by()
        .filter(answered_at__isnull=False, answered_at__date__lte=F("due_date"))
        .values_list("pk", flat=True)
    )
    overall = Breakdown("Всего")
    groups: dict[str, dict[Any, Breakdown]] = {"topic": {}, "channel": {}, "region": {}, "month": {}}
    channel_labels = dict(Channel.choices)
    open_count = overdue = rated = 0
    ratings: list[int] = []
    topic_order: dict[str, int] = {}
    for row in rows:
        pk = row["pk"]
        topic_order[row["topic__name"]] = row["topic__order"]
        keys = {
            "topic": row["topic__name"],
            "channel": channel_labels.get(row["channel"], row["channel"]),
            "region": row["region__name"],
            "month": row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"],
        }
        targets = [overall] + [groups[g].setdefault(k, Breakdown(str(k))) for g, k in keys.items()]
        answered = row["answered_at"] is not None
        for b in targets:
            b.total += 1
            if answered:
                b.answered += 1
                if row["working_days_to_answer"] is not None:
                    b.days.append(row["working_days_to_answer"])
                if pk in within_ids:
                    b.within_sla += 1
        if row["status"] not in (Status.ANSWERED, Status.CLOSED):
            open_count += 1
            if row["status"] in CLOCK_RUNNING and row["due_date"] < today:
                overdue += 1
        if row["rating"]:
            rated += 1
            ratings.append(row["rating"])
    months = sorted(groups["month"].items())
    for key, b in months:
        b.label = f"{key:%m.%Y}" if key else "—"
    return Statistics(
        overall=overall,
        by_topic=sorted(groups["topic"].values(), key=lambda b: (topic_order.get(b.label, 0), b.label)),
        by_channel=sorted(groups["channel"].values(), key=lambda b: -b.total),
        by_region=sorted(groups["region"].values(), key=lambda b: b.label),
        by_month=[b for _, b in months],
        open_count=open_count,
        overdue_count=overdue,
        rated=rated,
        mean_rating=round(statistics.fmean(ratings), 2) if ratings else None,
    )


def consultation_status_counts(qs: QuerySet[Consultation]) -> dict[str, int]:
    counts = Counter(dict(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    return {value: counts.get(value, 0) for value in Status.values}


EXPORT_COLUMNS = [
    "№", "Поступила", "Канал", "Тема", "Регион", "Заявитель", "Организация (реестр)", "ИНН организации",
    "Статус", "Срок ответа", "Просрочена", "Консультант", "Ответ дан", "Рабочих дней до ответа",
    "В срок", "Статьи справочника", "Оценка", "Комментарий к оценке",
]  # fmt: skip


def consultation_export_rows(qs: QuerySet[Consultation], *, today: datetime.date | None = None) -> Any:
    """The filtered list without the requester's personal data (name, e-mail, phone)."""
    today = today or timezone.localdate()
    rows = consultation_rows(qs).prefetch_related("articles_used")
    for c in rows.iterator(chunk_size=500):
        org = c.requester_organization
        yield [
            c.pk,
            timezone.localtime(c.received_at).strftime("%d.%m.%Y %H:%M"),
            c.get_channel_display(),
            c.topic.name,
            c.region.name,
            c.requester_organization_name or c.get_requester_kind_display(),
            org.full_name if org else "",
            org.inn if org else "",
            c.get_status_display(),
            c.due_date.strftime("%d.%m.%Y"),
            "да" if c.is_overdue(today) else "",
            c.assigned_to.display_name() if c.assigned_to else "",
            timezone.localtime(c.answered_at).strftime("%d.%m.%Y %H:%M") if c.answered_at else "",
            c.working_days_to_answer,
            ("нет" if c.answered_late else "да") if c.answered_at else "",
            "; ".join(a.title for a in c.articles_used.all()),
            c.rating,
            c.rating_comment,
        ]


def operators_by_region() -> dict[int, str]:
    """The personal-data operator named in the consent for each region: its (first) РЦ."""
    operators: dict[int, str] = {}
    for centre in Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE).order_by("pk"):
        operators.setdefault(
            centre.region_id,
            consent.operator_label(full_name=centre.full_name, inn=centre.inn, address=centre.address),
        )
    return operators
