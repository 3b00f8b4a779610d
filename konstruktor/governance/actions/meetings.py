"""Meetings: agenda, invitations, attendance, decisions and decisions turned into roadmap items."""

import datetime
import logging
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from konstruktor.core.audit import change_record, diff
from konstruktor.governance.actions.participation import participation_record
from konstruktor.governance.actions.roadmaps import node_create
from konstruktor.governance.errors import AccessDenied, GovernanceError
from konstruktor.governance.history import readable
from konstruktor.governance.models import (
    AgendaItem,
    Attendance,
    Decision,
    GroupMember,
    Meeting,
    NodeLevel,
    Participation,
    ProjectGroup,
    RoadmapNode,
)
from konstruktor.governance.queries import group_can_manage, status_report
from konstruktor.organizations.models import Organization

logger = logging.getLogger(__name__)
MEETING_FIELDS = ("starts_at", "place", "format", "status", "notes")


def _require_manage(*, by: Any, group: ProjectGroup) -> None:
    if not group_can_manage(user=by, group=group):
        raise AccessDenied("Вести заседания группы могут сотрудники РЦ её региона.")


def _attendance_fill(meeting: Meeting) -> None:
    """Every current member of the group is expected at the meeting."""
    known = set(meeting.attendance.values_list("member_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member=m) for m in meeting.group.members.all() if m.pk not in known]
    )


def meeting_create(
    *, group: ProjectGroup, by: Any, starts_at: datetime.datetime, place: str, format: str = Meeting.Format.IN_PERSON
) -> Meeting:
    _require_manage(by=by, group=group)
    with transaction.atomic():
        ProjectGroup.objects.select_for_update().get(pk=group.pk)
        number = (group.meetings.aggregate(m=Max("number"))["m"] or 0) + 1
        meeting = Meeting(
            group=group, number=number, starts_at=starts_at, place=place.strip(), format=format, created_by=by
        )
        meeting.full_clean()
        meeting.save()
        _attendance_fill(meeting)
        change_record(
            obj=meeting, actor=by, action="create",
            changes={k: [None, v] for k, v in readable(meeting, MEETING_FIELDS).items() if v not in ("", None)},
        )  # fmt: skip
    return meeting


def meeting_update(*, meeting: Meeting, by: Any, **fields: Any) -> Meeting:
    _require_manage(by=by, group=meeting.group)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise GovernanceError(f"Неизвестные поля: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        before = readable(locked, MEETING_FIELDS)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        changes = diff(before, readable(locked, MEETING_FIELDS))
        if changes:
            change_record(obj=locked, actor=by, action="update", changes=changes)
    return locked


def agenda_item_add(
    *,
    meeting: Meeting,
    by: Any,
    title: str,
    speaker: GroupMember | None = None,
    speaker_text: str = "",
    heard: str = "",
) -> AgendaItem:
    _require_manage(by=by, group=meeting.group)
    if speaker is not None and speaker.group_id != meeting.group_id:
        raise GovernanceError("Докладчик должен быть участником группы (или укажите его текстом).")
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        position = (meeting.agenda.aggregate(m=Max("position"))["m"] or 0) + 1
        item = AgendaItem(
            meeting=meeting, position=position, title=title.strip(), speaker=speaker,
            speaker_text=speaker_text.strip(), heard=heard.strip(),
        )  # fmt: skip
        item.full_clean()
        item.save()
        change_record(obj=meeting, actor=by, action="update", changes={"повестка": [None, str(item)]})
    return item


def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    _require_manage(by=by, group=item.meeting.group)
    with transaction.atomic():
        label = str(item)
        meeting = item.meeting
        item.delete()
        change_record(obj=meeting, actor=by, action="update", changes={"повестка": [label, None]})


def _send_invitation(meeting_pk: int, attendance_pks: list[int], site_url: str) -> None:
    meeting = Meeting.objects.select_related("group").get(pk=meeting_pk)
    agenda = list(meeting.agenda.select_related("speaker"))
    for a in Attendance.objects.filter(pk__in=attendance_pks).select_related("member", "member__user"):
        address = a.member.contact_email
        if not address:
            continue
        context = {
            "meeting": meeting,
            "member": a.member,
            "agenda": agenda,
            "url": site_url + meeting.get_absolute_url(),
        }
        subject = " ".join(render_to_string("governance/email/invitation_subject.txt", context).split())
        try:
            EmailMessage(
                subject, render_to_string("governance/email/invitation_body.txt", context), to=[address]
            ).send()
        except Exception:  # one bad address must not stop the others
            logger.exception("governance: invitation to %s failed", address)


def meeting_invite(*, meeting: Meeting, by: Any, site_url: str = "") -> int:
    """Send the invitation with the agenda to every member who has an e-mail; returns their number."""
    _require_manage(by=by, group=meeting.group)
    if meeting.status != Meeting.Status.PLANNED:
        raise GovernanceError("Приглашения рассылаются только на запланированное заседание.")
    now = timezone.now()
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _attendance_fill(locked)
        rows = [a for a in locked.attendance.select_related("member", "member__user") if a.member.contact_email]
        Attendance.objects.filter(pk__in=[a.pk for a in rows]).update(invited_at=now)
        locked.invitations_sent_at = now
        locked.save(update_fields=["invitations_sent_at"])
        change_record(obj=locked, actor=by, action="update", changes={"приглашения": [None, f"разосланы: {len(rows)}"]})
        pks = [a.pk for a in rows]
        url = (site_url or getattr(settings, "SITE_URL", "")).rstrip("/")
        transaction.on_commit(lambda: _send_invitation(locked.pk, pks, url))
    return len(rows)


def attendance_mark(*, meeting: Meeting, by: Any, marks: dict[int, str]) -> Meeting:
    """Mark who came (member id → status); an NGO representative who came counts as participation."""
    _require_manage(by=by, group=meeting.group)
    if meeting.status == Meeting.Status.CANCELLED:
        raise GovernanceError("Заседание отменено.")
    if meeting.starts_at > timezone.now():
        raise GovernanceError("Присутствие отмечается, когда заседание началось.")
    if any(status not in Attendance.Status.values for status in marks.values()):
        raise GovernanceError("Неизвестная отметка о присутствии.")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        _attendance_fill(locked)
        changed = []
        for a in locked.attendance.select_related("member", "member__organization").filter(member_id__in=marks):
            status = marks[a.member_id]
            if a.status != status:
                changed.append(f"{a.member.full_name}: {Attendance.Status(status).label.lower()}")
                a.status = status
                a.save(update_fields=["status"])
            if status == Attendance.Status.PRESENT:
                participation_record(
                    by=by, organization=a.member.organization, kind=Participation.Kind.ATTENDANCE,
                    group=locked.group, date=timezone.localtime(locked.starts_at).date(), meeting=locked,
                )  # fmt: skip
        if changed:
            change_record(obj=locked, actor=by, action="update", changes={"присутствие": [None, "; ".join(changed)]})
    return locked


def decision_add(
    *,
    meeting: Meeting,
    by: Any,
    text: str,
    agenda_item: AgendaItem | None = None,
    owner_organization: Organization | None = None,
    owner_person: str = "",
    deadline: datetime.date | None = None,
) -> Decision:
    _require_manage(by=by, group=meeting.group)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise GovernanceError("Вопрос повестки из другого заседания.")
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        position = (meeting.decisions.aggregate(m=Max("position"))["m"] or 0) + 1
        decision = Decision(
            meeting=meeting, position=position, text=text.strip(), agenda_item=agenda_item,
            owner_organization=owner_organization, owner_person=owner_person.strip(), deadline=deadline,
        )  # fmt: skip
        decision.full_clean()
        decision.save()
        change_record(
            obj=meeting, actor=by, action="update", changes={"решение": [None, f"{position}. {decision.text[:200]}"]}
        )
    return decision


def decision_delete(*, decision: Decision, by: Any) -> None:
    _require_manage(by=by, group=decision.meeting.group)
    if decision.roadmap_item_id:
        raise GovernanceError("Решение уже стало мероприятием дорожной карты: сначала удалите мероприятие.")
    with transaction.atomic():
        meeting, label = decision.meeting, f"{decision.position}. {decision.text[:200]}"
        decision.delete()
        change_record(obj=meeting, actor=by, action="update", changes={"решение": [label, None]})


def decision_to_item(
    *,
    decision: Decision,
    measure: RoadmapNode,
    by: Any,
    weight: Decimal | None = None,
    sibling_weights: dict[int, Decimal | None] | None = None,
    title: str = "",
    **item_fields: Any,
) -> RoadmapNode:
    """Turn a decision into a roadmap item under a measure of the group's roadmap, in one step.

    The item takes the decision's text, owner and deadline (overridable by `item_fields`) and
    stays linked to it; the decision cannot become a second item.
    """
    meeting = decision.meeting
    _require_manage(by=by, group=meeting.group)
    if measure.level != NodeLevel.MEASURE:
        raise GovernanceError("Мероприятие добавляется в меру дорожной карты.")
    if measure.roadmap.group_id != meeting.group_id:
        raise GovernanceError("Дорожная карта принадлежит другой группе.")
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.roadmap_item_id:
            raise GovernanceError("Это решение уже добавлено в дорожную карту.")
        fields = {
            "owner_organization": locked.owner_organization,
            "owner_person": locked.owner_person,
            "deadline": locked.deadline,
            "expected_result": f"Исполнено решение п. {locked.position} протокола заседания № {meeting.number} "
            f"от {timezone.localtime(meeting.starts_at):%d.%m.%Y}",
            **item_fields,
        }
        node = node_create(
            roadmap=measure.roadmap, parent=measure, by=by, title=title or locked.text[:500], weight=weight,
            sibling_weights=sibling_weights, **fields,
        )  # fmt: skip
        locked.roadmap_item = node
        locked.save(update_fields=["roadmap_item"])
        change_record(
            obj=meeting,
            actor=by,
            action="update",
            changes={"решение → дорожная карта": [None, f"п. {locked.position} → {node.code}"]},
        )
    return node


def _send_report(meeting_pk: int, addresses: list[str], site_url: str) -> None:
    meeting = Meeting.objects.select_related("group").get(pk=meeting_pk)
    report = status_report(meeting=meeting)
    context = {"report": report, "meeting": meeting, "url": site_url + meeting.get_absolute_url()}
    subject = f"Справка об исполнении дорожных карт к заседанию № {meeting.number} — {meeting.group.name}"
    body = render_to_string("governance/email/report_body.txt", context)
    for address in addresses:
        try:
            EmailMessage(subject, body, to=[address]).send()
        except Exception:
            logger.exception("governance: status report to %s failed", address)


def meeting_report_send(*, meeting: Meeting, by: Any, site_url: str = "") -> int:
    """E-mail the status report (what changed since the previous meeting) to the group's members."""
    _require_manage(by=by, group=meeting.group)
    addresses = sorted({m.contact_email for m in meeting.group.members.select_related("user") if m.contact_email})
    if not addresses:
        raise GovernanceError("Ни у одного участника группы не указан e-mail.")
    url = (site_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    with transaction.atomic():
        change_record(
            obj=meeting,
            actor=by,
            action="update",
            changes={"справка об исполнении": [None, f"разослана: {len(addresses)}"]},
        )
        transaction.on_commit(lambda: _send_report(meeting.pk, addresses, url))
    return len(addresses)
