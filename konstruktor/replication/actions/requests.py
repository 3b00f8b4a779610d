"""Replication requests: from a РЦ or an NGO; accepting one opens the transfer."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from konstruktor.core.audit import change_record
from konstruktor.organizations.models import Organization
from konstruktor.practices.models import Practice
from konstruktor.replication.actions.transfers import transfer_open
from konstruktor.replication.errors import AccessDenied, ReplicationError
from konstruktor.replication.matching import practices_offered
from konstruktor.replication.models import ReplicationRequest, RequestStatus, Transfer
from konstruktor.replication.queries import request_can_decide, requesters_for
from konstruktor.territories.models import Municipality, Settlement

RECIPIENT_KINDS = (Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP)
RECIPIENT_KIND_ERROR = "Получатель практики — НКО или инициативная группа, а не ресурсный центр или орган власти."


def request_create(
    *,
    by: Any,
    practice: Practice,
    requester: Organization,
    motivation: str,
    recipient: Organization | None = None,
    municipality: Municipality | None = None,
    settlement: Settlement | None = None,
) -> ReplicationRequest:
    """A request from a РЦ (for an organization or a territory of its region) or from an NGO (for itself)."""
    if not requesters_for(user=by).filter(pk=requester.pk).exists():
        raise AccessDenied("Подать заявку можно от имени своего РЦ или своей организации.")
    if not practices_offered().filter(pk=practice.pk).exists():
        raise ReplicationError("Тиражировать можно только опубликованные практики без флага «вред».")
    if not motivation.strip():
        raise ReplicationError("Напишите, зачем территории или организации нужна эта практика.")
    if requester.kind != Organization.Kind.RESOURCE_CENTRE:
        if recipient is not None and recipient.pk != requester.pk:
            raise ReplicationError("НКО подаёт заявку для себя; для другой организации заявку подаёт РЦ региона.")
        recipient = requester
    if recipient is not None and recipient.kind not in RECIPIENT_KINDS:
        raise ReplicationError(RECIPIENT_KIND_ERROR)
    region = recipient.region if recipient is not None else requester.region
    if recipient is not None and recipient.region_id != requester.region_id:
        raise ReplicationError("Организация-получатель должна быть в регионе заявителя.")
    if recipient is not None and recipient.pk == practice.organization_id:
        raise ReplicationError("Ведущая организация практики не может быть её получателем.")
    if recipient is None and municipality is None and settlement is None:
        raise ReplicationError("Укажите организацию-получателя или территорию.")
    for place in (municipality, settlement):
        if place is not None and place.region_id != region.pk:
            raise ReplicationError(f"«{place}» не относится к региону «{region}».")
    with transaction.atomic():
        request = ReplicationRequest.objects.create(
            practice=practice,
            requester=requester,
            recipient=recipient,
            region=region,
            municipality=municipality,
            settlement=settlement,
            motivation=motivation.strip(),
            created_by=by,
        )
        change_record(obj=request, actor=by, action="create", changes={"status": [None, request.status]})
    return request


def _decided(request: ReplicationRequest, by: Any) -> ReplicationRequest:
    if not request_can_decide(request=request, user=by):
        raise AccessDenied("Решение по заявке принимает сотрудник РЦ региона получателя.")
    locked = ReplicationRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.NEW:
        raise ReplicationError(f"Решение по заявке уже принято: «{locked.get_status_display()}».")
    return locked


def request_decline(*, request: ReplicationRequest, by: Any, comment: str) -> ReplicationRequest:
    if not comment.strip():
        raise ReplicationError("Напишите причину отказа: её увидит заявитель.")
    with transaction.atomic():
        locked = _decided(request, by)
        locked.status, locked.decision_comment = RequestStatus.DECLINED, comment.strip()
        locked.decided_by, locked.decided_at = by, timezone.now()
        locked.save(update_fields=["status", "decision_comment", "decided_by", "decided_at"])
        change_record(obj=locked, actor=by, action="update", changes={"status": [RequestStatus.NEW, locked.status]})
    return locked


def request_accept(
    *,
    request: ReplicationRequest,
    by: Any,
    recipient: Organization | None = None,
    comment: str = "",
    start: datetime.date | None = None,
) -> Transfer:
    """Accept the request and open the transfer (plan, fidelity checklist, outcome indicators)."""
    with transaction.atomic():
        locked = _decided(request, by)
        recipient = recipient or locked.recipient
        if recipient is None:
            raise ReplicationError("Выберите организацию-получателя: без неё трансфер не начать.")
        if recipient.kind not in RECIPIENT_KINDS:
            raise ReplicationError(RECIPIENT_KIND_ERROR)
        if recipient.region_id != locked.region_id:
            raise ReplicationError("Организация-получатель должна быть в регионе заявки.")
        if recipient.pk == locked.practice.organization_id:
            raise ReplicationError("Ведущая организация практики не может быть её получателем.")
        locked.status, locked.decision_comment = RequestStatus.ACCEPTED, comment.strip()
        locked.recipient, locked.decided_by, locked.decided_at = recipient, by, timezone.now()
        locked.save(update_fields=["status", "decision_comment", "recipient", "decided_by", "decided_at"])
        change_record(obj=locked, actor=by, action="update", changes={"status": [RequestStatus.NEW, locked.status]})
        transfer = transfer_open(request=locked, by=by, start=start or timezone.localdate())
    return transfer
