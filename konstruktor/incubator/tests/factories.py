"""Builders for incubator tests: municipalities, groups created through the action, mentors."""

import datetime
from typing import Any

from konstruktor.incubator import actions
from konstruktor.incubator.models import InitiativeGroup
from konstruktor.organizations.models import ActivityArea, Organization, OrganizationStatus, TargetGroup
from konstruktor.organizations.tests.factories import OrganizationFactory, region
from konstruktor.territories.models import Municipality

_counter = iter(range(1, 10**6))


def municipality(*, fns_code: str = "59", name: str | None = None) -> Municipality:
    reg = region(fns_code)
    n = next(_counter)
    return Municipality.objects.create(
        oktmo=f"{reg.oktmo_prefix[:2]}{n:06d}", name=name or f"Муниципальный округ № {n}", region=reg
    )


def area(code: str = "31.1-01") -> ActivityArea:
    return ActivityArea.objects.get(code=code)


def group(*, by: Any, name: str = "Забота рядом", fns_code: str = "59", **kwargs: Any) -> InitiativeGroup:
    kwargs.setdefault("municipality", municipality(fns_code=fns_code))
    kwargs.setdefault("areas", [area()])
    return actions.group_create(
        by=by,
        name=name,
        social_problem="Пожилые люди в сёлах округа остались без надомного социального обслуживания.",
        region=region(fns_code),
        target_groups=list(TargetGroup.objects.filter(code="elderly")),
        planned_services="Социально-бытовые услуги на дому\nСопровождение к врачу",
        **kwargs,
    )


def ngo(
    *,
    fns_code: str = "59",
    areas: list[ActivityArea] | None = None,
    registered: datetime.date | None = None,
    statuses: tuple[str, ...] = (),
    municipality_ref: Municipality | None = None,
    **kwargs: Any,
) -> Organization:
    org = OrganizationFactory(
        region=region(fns_code),
        registration_date=registered,
        municipality_ref=municipality_ref,
        **kwargs,
    )
    org.areas.set(areas or [])
    for kind in statuses:
        OrganizationStatus.objects.create(organization=org, kind=kind, since=datetime.date(2020, 1, 1))
    return org
