"""The daily reminder digest: one e-mail per owner with their overdue and soon-due items."""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from konstruktor.governance.control import State
from konstruktor.governance.models import ItemStatus, NodeLevel, ReminderDigest, Roadmap, RoadmapNode
from konstruktor.governance.queries import item_controls

logger = logging.getLogger(__name__)


@dataclass
class DigestLine:
    node: RoadmapNode
    state: State
    detail: str


@dataclass
class ReminderReport:
    sent: int = 0
    skipped_already_sent: int = 0
    items: int = 0
    addresses: list[str] = field(default_factory=list)


def _address(node: RoadmapNode) -> str:
    """The owner person's e-mail on the platform, else the owning organization's."""
    if node.owner_user is not None and node.owner_user.email:
        return node.owner_user.email.strip().lower()
    if node.owner_organization is not None and node.owner_organization.email:
        return node.owner_organization.email.strip().lower()
    return ""


def reminder_digests(*, today: datetime.date) -> dict[str, list[DigestLine]]:
    """address → the owner's items that are overdue or due within their roadmap's at-risk window."""
    widest = Roadmap.objects.aggregate(m=Max("at_risk_days"))["m"] or 5
    horizon = today + datetime.timedelta(days=widest * 2 + 21)
    items = list(
        RoadmapNode.objects.filter(level=NodeLevel.ITEM, deadline__isnull=False, deadline__lte=horizon)
        .exclude(status=ItemStatus.DONE)
        .select_related("roadmap", "roadmap__group", "owner_user", "owner_organization")
        .order_by("deadline", "code")
    )
    controls = item_controls(items=items, today=today)
    digests: dict[str, list[DigestLine]] = defaultdict(list)
    for node in items:
        c = controls[node.pk]
        if c.state not in (State.OVERDUE, State.AT_RISK):
            continue
        address = _address(node)
        if address:
            digests[address].append(DigestLine(node=node, state=c.state, detail=c.detail))
    return dict(digests)


def _send(address: str, lines: list[DigestLine], site_url: str, today: datetime.date) -> None:
    context = {
        "overdue": [line for line in lines if line.state == State.OVERDUE],
        "at_risk": [line for line in lines if line.state == State.AT_RISK],
        "site_url": site_url,
        "today": today,
    }
    subject = " ".join(render_to_string("governance/email/reminder_subject.txt", context).split())
    try:
        EmailMessage(subject, render_to_string("governance/email/reminder_body.txt", context), to=[address]).send()
    except Exception:
        logger.exception("governance: reminder digest to %s failed", address)


def roadmap_reminders_send(*, today: datetime.date | None = None, site_url: str = "") -> ReminderReport:
    """Send today's digests; an address that already got today's digest is skipped (cron may repeat)."""
    today = today or timezone.localdate()
    url = (site_url or getattr(settings, "SITE_URL", "")).rstrip("/")
    report = ReminderReport()
    for address, lines in sorted(reminder_digests(today=today).items()):
        with transaction.atomic():
            _, created = ReminderDigest.objects.get_or_create(
                email=address, sent_on=today, defaults={"items": len(lines)}
            )
            if not created:
                report.skipped_already_sent += 1
                continue
            transaction.on_commit(partial(_send, address, lines, url, today))
        report.sent += 1
        report.items += len(lines)
        report.addresses.append(address)
    return report
