"""Small filters for the documents pages."""

import datetime
from typing import Any

from django import template

from konstruktor.documents.rendering import rub as rub_text
from konstruktor.documents.wizard import dom_id as _dom_id

register = template.Library()


@register.filter
def dom_id(path: str) -> str:
    return _dom_id(str(path or ""))


@register.filter
def top_key(path: str) -> str:
    return str(path or "").split(".")[0]


@register.filter
def iso_date(value: Any) -> str:
    try:
        return f"{datetime.date.fromisoformat(str(value)):%d.%m.%Y}"
    except ValueError:
        return str(value or "")


@register.filter
def rub(value: Any) -> str:
    return rub_text(value)


@register.filter
def kib(value: Any) -> str:
    try:
        return f"{int(value) / 1024:.0f} КБ"
    except (TypeError, ValueError):
        return ""


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None
