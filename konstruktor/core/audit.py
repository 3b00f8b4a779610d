"""Change history and the personal-data access log, shared by every module."""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from konstruktor.core.models import AccessLog, ChangeEntry


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(v) for v in value)
    return value


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """field → [before, after] for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def change_record(
    *,
    obj: Model,
    actor: Any,
    action: str,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> ChangeEntry:
    return ChangeEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        changes=changes or {},
        note=note[:255],
    )


def change_history(obj: Model) -> QuerySet[ChangeEntry]:
    return ChangeEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")


def access_log(*, obj: Model, request: HttpRequest, purpose: str) -> None:
    """Record that a user opened an object carrying personal data (152-ФЗ)."""
    user = request.user
    AccessLog.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        actor=user if user.is_authenticated else None,
        purpose=purpose,
        ip=request.META.get("REMOTE_ADDR") or None,
    )
