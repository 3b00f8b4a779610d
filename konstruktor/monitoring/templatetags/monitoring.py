"""Numbers and drill-down links in the dashboards' templates."""

from typing import Any

from django import template

from konstruktor.monitoring.charts import fmt

register = template.Library()


@register.filter
def num(value: Any) -> str:
    return fmt(value)


@register.filter
def pct(value: Any) -> str:
    return "—" if value is None else f"{value:.0f} %"


@register.simple_tag
def drill(code: str, period: Any, region: Any = None, service: Any = None, centre: Any = None) -> str:
    from konstruktor.monitoring.views import drill_url

    return drill_url(
        code=code,
        period=period,
        region_id=getattr(region, "pk", region) or None,
        service=service or None,
        centre_id=getattr(centre, "pk", centre) or None,
    )
