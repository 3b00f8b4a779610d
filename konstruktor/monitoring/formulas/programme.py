"""The programme's own indicators, computed from the support log and the regions reference.

Modules that do not exist yet (practices, learning, events, services) are counted through the
support-log records of the matching service; each indicator's description says so. «НКО созданы в
территориях без НКО» is the incubator's own registered indicator (see modules.py).
Consultations and document packages are counted from the log too, so monitoring does not
depend on those modules' tables.
"""

from collections.abc import Collection
from functools import partial

from django.db.models import QuerySet

from konstruktor.monitoring.formulas.base import (
    NATIONAL,
    Cell,
    Drill,
    Formula,
    FormulaContext,
    Values,
    constant,
    formula_register,
)
from konstruktor.monitoring.formulas.modules import module_formula
from konstruktor.monitoring.formulas.support_log import (
    provider_services_distinct,
    recipients_distinct,
    records_behind,
    records_count,
)
from konstruktor.organizations.models import SupportRecord, SupportService
from konstruktor.territories.models import Region

ALL_SERVICES = frozenset({"region", "service", "centre"})
BY_REGION = frozenset({"region", "centre"})


def _records(
    drill: Drill, *, services: Collection[str] | None, region_of: str = "recipient"
) -> QuerySet[SupportRecord]:
    return records_behind(drill, services=services, region_of=region_of)


def _distinct(code: str, services: Collection[str] | None) -> Formula:
    by_service = services is None
    return formula_register(
        Formula(
            code=code,
            compute=lambda ctx: recipients_distinct(ctx, services=services, by_service=by_service),
            records=partial(_records, services=services),
            breakdowns=ALL_SERVICES if by_service else BY_REGION,
            distinct="recipient",
        )
    )


def _count(code: str, services: Collection[str]) -> Formula:
    return formula_register(
        Formula(
            code=code,
            compute=lambda ctx: records_count(ctx, services=services, by_service=False),
            records=partial(_records, services=services),
            breakdowns=BY_REGION,
        )
    )


def _regions(code: str, flag: str) -> Formula:
    """A count of regions by a flag of the reference; per region 1 for each flagged one."""

    def compute(ctx: FormulaContext) -> Values:
        ids = list(Region.objects.filter(**{flag: True}).values_list("pk", flat=True))
        return constant([(NATIONAL, len(ids)), *((Cell(region_id=pk), 1) for pk in ids)], ctx.days)

    return formula_register(Formula(code=code, compute=compute, breakdowns=frozenset({"region"})))


NGOS_SUPPORTED = _distinct("ngos_supported", None)
REGIONS = _regions("regions_participating", "is_programme")
PILOT = _regions("pilot_regions", "is_pilot")
CONSULTATIONS = _count("consultations_given", {SupportService.CONSULTATION})
DOCUMENTS = _count("document_packages", {SupportService.DOCUMENTS})
NGOS_CREATED = module_formula(
    "ngos_created", source="ngos_created_in_empty_territories", services={SupportService.NGO_CREATION}
)
PRACTICES = _count("practices_transferred", {SupportService.PRACTICE_TRANSFER})
TRAINED = _count("people_trained", {SupportService.LEARNING})
EVENTS = _count("events_held", {SupportService.EVENTS})
PARTICIPATION = _distinct("project_participation", {SupportService.PROJECT_MANAGEMENT})
SERVICES = formula_register(
    Formula(
        code="services_launched",
        compute=provider_services_distinct,
        records=partial(_records, services=None, region_of="provider"),
        breakdowns=ALL_SERVICES,
        distinct="provider_service",
    )
)
