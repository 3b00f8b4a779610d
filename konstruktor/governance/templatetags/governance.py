"""Labels for the change history: model field names in the users' words."""

from functools import cache
from typing import Any

from django import template

register = template.Library()


@cache
def _labels() -> dict[str, str]:
    from konstruktor.governance.models import Meeting, ProjectGroup, Roadmap, RoadmapNode

    labels: dict[str, str] = {}
    for model in (ProjectGroup, Meeting, Roadmap, RoadmapNode):
        for f in model._meta.get_fields():
            verbose = getattr(f, "verbose_name", None)
            if verbose:
                labels.setdefault(f.name, str(verbose))
    labels["co_owners"] = "соисполнители"
    labels["done_on"] = "дата выполнения"
    return labels


@register.filter
def field_label(name: str) -> str:
    return _labels().get(name, name)


@register.filter
def dec(value: Any) -> str:
    """A decimal without trailing zeros, with a decimal comma: 28,5 rather than 28,5000."""
    from konstruktor.governance.progress import number

    return "—" if value is None or value == "" else number(value)
