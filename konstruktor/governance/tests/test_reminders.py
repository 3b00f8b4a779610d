"""The daily digest goes to owners of overdue and soon-due items only, once a day."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from konstruktor.core.testing import UserFactory
from konstruktor.governance import actions
from konstruktor.governance.models import ItemStatus, ReminderDigest, RoadmapNode
from konstruktor.organizations.tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)  # Monday


@pytest.fixture
def items(measure: RoadmapNode, perm_manager: Any) -> dict[str, Any]:
    late_owner = UserFactory(email="late@example.ru")
    soon_owner = UserFactory(email="soon@example.ru")
    calm_owner = UserFactory(email="calm@example.ru")
    done_owner = UserFactory(email="done@example.ru")
    org_only = OrganizationFactory(region=region("59"), email="org@example.ru")

    def add(title: str, deadline: datetime.date, **fields: Any) -> RoadmapNode:
        return actions.node_create(
            roadmap=measure.roadmap, by=perm_manager, parent=measure, title=title, deadline=deadline, **fields
        )

    return {
        "late": add("Просроченное", datetime.date(2026, 12, 1), owner_user=late_owner),
        "soon": add("Скоро срок", datetime.date(2026, 12, 11), owner_user=soon_owner),
        "calm": add("Нескоро", datetime.date(2027, 2, 1), owner_user=calm_owner),
        "done": add("Сделано", datetime.date(2026, 12, 1), owner_user=done_owner, status=ItemStatus.DONE),
        "org": add("Организации", datetime.date(2026, 12, 4), owner_organization=org_only, indicator_target=Decimal(1)),
    }


def test_owners_of_late_and_soon_due_items_get_one_digest_each(
    items: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.roadmap_reminders_send(today=TODAY, site_url="https://k.example.ru")
    assert sorted(m.to[0] for m in mail.outbox) == ["late@example.ru", "org@example.ru", "soon@example.ru"]
    assert report.sent == 3 and report.items == 3
    late = next(m for m in mail.outbox if m.to == ["late@example.ru"])
    assert "просрочено 1" in late.subject
    assert "Просроченное" in late.body and "просрочено на 4 раб. дн." in late.body
    assert f"https://k.example.ru/governance/items/{items['late'].pk}/" in late.body
    soon = next(m for m in mail.outbox if m.to == ["soon@example.ru"])
    assert "Срок скоро наступает" in soon.body and "осталось 4 раб. дн." in soon.body
    assert "Нескоро" not in "".join(m.body for m in mail.outbox)


def test_a_second_run_on_the_same_day_sends_nothing(
    items: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.roadmap_reminders_send(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        again = actions.roadmap_reminders_send(today=TODAY)
    assert (again.sent, again.skipped_already_sent) == (0, 3)
    assert len(mail.outbox) == 3
    assert ReminderDigest.objects.count() == 3


def test_the_cron_command_sends_the_digest(items: dict[str, Any], django_capture_on_commit_callbacks: Any) -> None:
    from io import StringIO

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_roadmap_reminders", "--date", "2026-12-07", stdout=out)
    assert "писем 3" in out.getvalue()
    assert len(mail.outbox) == 3


def test_nothing_is_sent_when_nothing_is_late(measure: RoadmapNode, perm_manager: Any) -> None:
    actions.node_create(
        roadmap=measure.roadmap, by=perm_manager, parent=measure, title="В срок",
        deadline=datetime.date(2027, 6, 1), owner_user=UserFactory(email="x@example.ru"),
    )  # fmt: skip
    assert actions.roadmap_reminders_send(today=TODAY).sent == 0
    assert not mail.outbox
