"""Building consultations for tests: through the actions where behaviour matters."""

import datetime
from typing import Any

from django.utils import timezone

from konstruktor.consultations import actions
from konstruktor.consultations.models import Consultation, RequesterKind, Topic
from konstruktor.organizations.models import Organization
from konstruktor.organizations.tests.factories import region


def topic(name: str = "Регистрация НКО") -> Topic:
    return Topic.objects.get(name=name)


def aware(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def public_question(
    *,
    fns_code: str = "59",
    topic_name: str = "Регистрация НКО",
    question: str = "Как зарегистрировать АНО и сколько нужно учредителей?",
    organization: Organization | None = None,
    email: str = "anna@example.ru",
    at: datetime.datetime | None = None,
    ip: str = "203.0.113.10",
    **extra: Any,
) -> Consultation:
    fields: dict[str, Any] = {
        "region": region(fns_code),
        "topic": topic(topic_name),
        "question": question,
        "requester_kind": RequesterKind.ORGANIZATION if organization else RequesterKind.PERSON,
        "requester_name": "Анна Петрова",
        "requester_email": email,
        "requester_phone": "+7 912 000-00-00",
        "organization_name": str(organization) if organization else "",
        "organization_identifier": organization.inn if organization else "",
        "consent_given": True,
        "ip": ip,
        "at": at,
    }
    fields.update(extra)
    return actions.consultation_submit_public(**fields)


def in_progress(consultant: Any, **kwargs: Any) -> Consultation:
    return actions.consultation_take(consultation=public_question(**kwargs), by=consultant)
