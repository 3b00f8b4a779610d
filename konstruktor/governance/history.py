"""Field values as people read them, for the change history (core.audit stores what we pass)."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from konstruktor.governance.progress import number


def readable_value(value: Any) -> Any:
    if value is None or value == "":
        return value
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return number(value)
    if hasattr(value, "display_name"):
        return value.display_name()
    if isinstance(value, Model):
        return str(value)
    return value


def readable(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    """field → value with choice labels, Russian dates and numbers, names instead of ids."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if getattr(field, "choices", None) and value not in (None, ""):
            out[name] = str(getattr(obj, f"get_{name}_display")())
        else:
            out[name] = readable_value(value)
    return out
