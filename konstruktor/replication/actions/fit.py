"""Regional priorities and the recipient team's Hexagon ratings."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from konstruktor.core.audit import change_record
from konstruktor.organizations.models import ActivityArea, Organization, TargetGroup
from konstruktor.practices.models import Practice
from konstruktor.replication.errors import AccessDenied, ReplicationError
from konstruktor.replication.matching import practices_offered
from konstruktor.replication.models import FitAssessment, RegionalPriority
from konstruktor.replication.queries import fit_can_rate, priority_can_edit
from konstruktor.territories.models import Municipality, Region, Settlement

RATING_LABELS = {"need": "потребность", "fit": "соответствие", "resources": "ресурсы", "capacity": "потенциал команды"}


def regional_priorities_set(
    *,
    region: Region,
    by: Any,
    target_groups: Sequence[TargetGroup],
    areas: Sequence[ActivityArea],
    basis: str = "",
) -> list[RegionalPriority]:
    """Replace the region's list of priority target groups and areas of activity."""
    if not priority_can_edit(region=region, user=by):
        raise AccessDenied("Приоритеты региона ведёт руководитель РЦ этого региона.")
    for area in areas:
        if area.region_id not in (None, region.pk):
            raise ReplicationError(f"Направление «{area}» относится к другому региону.")
    with transaction.atomic():
        before = sorted(str(p) for p in RegionalPriority.objects.filter(region=region))
        RegionalPriority.objects.filter(region=region).delete()
        rows = [RegionalPriority(region=region, target_group=g, basis=basis, created_by=by) for g in target_groups]
        rows += [RegionalPriority(region=region, area=a, basis=basis, created_by=by) for a in areas]
        created = RegionalPriority.objects.bulk_create(rows)
        after = sorted(str(p) for p in created)
        if before != after:
            change_record(obj=region, actor=by, action="update", changes={"приоритеты": [before, after]})
    return created


def fit_assessment_save(
    *,
    practice: Practice,
    by: Any,
    need: int,
    fit: int,
    resources: int,
    capacity: int,
    comment: str = "",
    organization: Organization | None = None,
    municipality: Municipality | None = None,
    settlement: Settlement | None = None,
) -> FitAssessment:
    """One person's Hexagon ratings (1–5) of a practice for a recipient; a second save replaces them."""
    if sum(x is not None for x in (organization, municipality, settlement)) != 1:
        raise ReplicationError("Оценка относится к одной организации или одной территории.")
    if not fit_can_rate(user=by, organization=organization, municipality=municipality, settlement=settlement):
        raise AccessDenied("Оценивать может команда организации-получателя или сотрудник РЦ её региона.")
    if not practices_offered().filter(pk=practice.pk).exists():
        raise ReplicationError("Оценивать можно только опубликованные практики.")
    ratings = {"need": need, "fit": fit, "resources": resources, "capacity": capacity}
    for name, value in ratings.items():
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ReplicationError(f"Оценка «{RATING_LABELS[name]}» — целое число от 1 до 5.")
    with transaction.atomic():
        assessment, _ = FitAssessment.objects.update_or_create(
            practice=practice,
            organization=organization,
            municipality=municipality,
            settlement=settlement,
            assessor=by,
            defaults={**ratings, "comment": comment.strip()},
        )
    return assessment
