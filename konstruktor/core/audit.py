"""Change history and the personal-data access log, shared by every module."""

import datetime
import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
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


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: Any
    after: Any


def _display(field: Any, value: Any) -> Any:
    if value in (None, ""):
        return None
    choices = dict(getattr(field, "flatchoices", None) or ())
    return choices.get(value, value)


def change_rows(entry: ChangeEntry, model: type[Model]) -> list[ChangeRow]:
    """The stored field → [before, after] pairs with Russian field names and choice labels."""
    rows = []
    for name, pair in entry.changes.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        try:
            field = model._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            rows.append(ChangeRow(name, before, after))
            continue
        label = str(getattr(field, "verbose_name", name))
        rows.append(ChangeRow(label, _display(field, before), _display(field, after)))
    return rows


def change_history_rows(obj: Model, limit: int = 100) -> list[tuple[ChangeEntry, list[ChangeRow]]]:
    """The object's history, newest first, ready to show."""
    return [(entry, change_rows(entry, type(obj))) for entry in change_history(obj)[:limit]]


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
