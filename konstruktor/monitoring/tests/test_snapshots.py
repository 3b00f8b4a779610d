"""Indicator values against counts computed directly here, and idempotent daily snapshots."""

import datetime
import random
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from konstruktor.monitoring.actions import snapshots_compute
from konstruktor.monitoring.formulas import Cell, FormulaContext, formula_get
from konstruktor.monitoring.models import IndicatorDefinition, IndicatorSnapshot
from konstruktor.organizations.models import Organization, SupportRecord
from konstruktor.organizations.tests.factories import (
    OrganizationFactory,
    ResourceCentreFactory,
    SupportRecordFactory,
    region,
)
from konstruktor.territories.models import Region

pytestmark = pytest.mark.django_db
D = datetime.date
SERVICES = [
    "consultation",
    "documents",
    "ngo_creation",
    "practice_transfer",
    "learning",
    "events",
    "project_management",
]


@pytest.fixture
def log() -> list[SupportRecord]:
    """A support log over two years in three regions, with an РЦ that also serves a neighbour."""
    rng = random.Random(7)
    centres = {fns: ResourceCentreFactory(region=region(fns)) for fns in ("59", "86", "54")}
    ngos = [OrganizationFactory(region=region(fns)) for fns in ("59", "86", "54") for _ in range(6)]
    records = []
    for _ in range(220):
        recipient = rng.choice(ngos)
        provider = centres["59"] if rng.random() < 0.1 else centres[recipient.region.fns_code]
        day = D(2025, 12, 1) + datetime.timedelta(days=rng.randrange(0, 120))
        records.append(
            SupportRecordFactory(
                provider=provider, recipient=recipient, date=day, service=rng.choice(SERVICES), form="methodical"
            )
        )
    return records


def direct(
    records: list[SupportRecord], day: datetime.date, *, services: set[str] | None = None
) -> list[SupportRecord]:
    """Records of the year of `day` up to and including it."""
    return [r for r in records if D(day.year, 1, 1) <= r.date <= day and (services is None or r.service in services)]


def value(code: str, day: datetime.date, **cell: Any) -> float:
    row = IndicatorSnapshot.objects.filter(
        indicator__code=code,
        date=day,
        region_id=cell.get("region"),
        service=cell.get("service"),
        centre_id=cell.get("centre"),
    ).first()
    return row.value if row else 0.0


def test_snapshot_values_equal_counts_made_directly_from_the_log(log: list[SupportRecord]) -> None:
    day = D(2026, 2, 20)
    snapshots_compute(day_from=day)
    rows = direct(log, day)
    perm = region("59")
    assert value("ngos_supported", day) == len({r.recipient_id for r in rows})
    assert value("ngos_supported", day, region=perm.pk) == len(
        {r.recipient_id for r in rows if r.recipient.region_id == perm.pk}
    )
    assert value("ngos_supported", day, service="learning") == len(
        {r.recipient_id for r in rows if r.service == "learning"}
    )
    assert value("ngos_supported", day, region=perm.pk, service="events") == len(
        {r.recipient_id for r in rows if r.service == "events" and r.recipient.region_id == perm.pk}
    )
    centre = Organization.objects.get(kind="resource_centre", region=perm)
    assert value("ngos_supported", day, centre=centre.pk) == len(
        {r.recipient_id for r in rows if r.provider_id == centre.pk}
    )
    assert value("consultations_given", day) == len(direct(log, day, services={"consultation"}))
    assert value("consultations_given", day, region=perm.pk) == len(
        [r for r in direct(log, day, services={"consultation"}) if r.recipient.region_id == perm.pk]
    )
    assert value("document_packages", day) == len(direct(log, day, services={"documents"}))
    # «Создание НКО» records alone create no NGO: the indicator counts the incubator's registrations.
    assert direct(log, day, services={"ngo_creation"}) and value("ngos_created", day) == 0
    assert value("practices_transferred", day) == len(direct(log, day, services={"practice_transfer"}))
    assert value("people_trained", day) == len(direct(log, day, services={"learning"}))
    assert value("events_held", day) == len(direct(log, day, services={"events"}))
    assert value("project_participation", day) == len(
        {r.recipient_id for r in direct(log, day, services={"project_management"})}
    )
    assert value("services_launched", day) == len({(r.provider_id, r.service) for r in rows})
    assert value("services_launched", day, region=perm.pk) == len(
        {(r.provider_id, r.service) for r in rows if r.provider.region_id == perm.pk}
    )
    assert value("regions_participating", day) == Region.objects.filter(is_programme=True).count() == 14
    assert value("pilot_regions", day) == Region.objects.filter(is_pilot=True).count()


def test_every_day_of_a_range_accumulates_from_the_first_of_january(log: list[SupportRecord]) -> None:
    report = snapshots_compute(day_from=D(2025, 12, 30), day_to=D(2026, 1, 3))
    assert report.days == 5
    for day in (D(2025, 12, 30), D(2025, 12, 31), D(2026, 1, 1), D(2026, 1, 3)):
        assert value("ngos_supported", day) == len({r.recipient_id for r in direct(log, day)}), day
    assert value("consultations_given", D(2026, 1, 1)) == len(direct(log, D(2026, 1, 1), services={"consultation"}))


def test_a_range_computed_at_once_equals_days_computed_one_by_one(log: list[SupportRecord]) -> None:
    snapshots_compute(day_from=D(2026, 2, 1), day_to=D(2026, 2, 10))
    at_once = set(
        IndicatorSnapshot.objects.values_list("indicator_id", "date", "region_id", "service", "centre_id", "value")
    )
    IndicatorSnapshot.objects.all().delete()
    for n in range(10):
        snapshots_compute(day_from=D(2026, 2, 1) + datetime.timedelta(days=n))
    one_by_one = set(
        IndicatorSnapshot.objects.values_list("indicator_id", "date", "region_id", "service", "centre_id", "value")
    )
    assert at_once == one_by_one


def test_recomputing_a_day_is_idempotent_and_follows_new_records(log: list[SupportRecord]) -> None:
    day = D(2026, 3, 1)
    snapshots_compute(day_from=day)
    first = set(IndicatorSnapshot.objects.values_list("indicator_id", "region_id", "service", "centre_id", "value"))
    snapshots_compute(day_from=day)
    assert (
        set(IndicatorSnapshot.objects.values_list("indicator_id", "region_id", "service", "centre_id", "value"))
        == first
    )
    assert IndicatorSnapshot.objects.count() == len(first)

    newcomer = OrganizationFactory(region=region("86"))
    SupportRecordFactory(recipient=newcomer, provider=log[0].provider, date=D(2026, 2, 27), service="consultation")
    before = value("ngos_supported", day)
    snapshots_compute(day_from=day)
    assert value("ngos_supported", day) == before + 1


def test_zero_cells_are_not_stored_but_the_national_value_always_is(db: Any) -> None:
    snapshots_compute(day_from=D(2026, 1, 10))
    assert value("ngos_supported", D(2026, 1, 10)) == 0
    assert IndicatorSnapshot.objects.filter(indicator__code="ngos_supported", date=D(2026, 1, 10)).count() == 1


def test_a_live_formula_over_a_month_counts_only_that_month(log: list[SupportRecord]) -> None:
    ctx = FormulaContext(start=D(2026, 2, 1), days=[D(2026, 2, 28)])
    values = formula_get("ngos_supported").compute(ctx)
    expected = len({r.recipient_id for r in log if D(2026, 2, 1) <= r.date <= D(2026, 2, 28)})
    assert values[(D(2026, 2, 28), Cell())] == expected


def test_the_command_fills_a_range_and_refuses_nonsense(log: list[SupportRecord]) -> None:
    out = StringIO()
    call_command("snapshot_indicators", "--from", "2026-01-01", "--to", "2026-01-05", stdout=out)
    assert "дней 5" in out.getvalue()
    assert IndicatorSnapshot.objects.values("date").distinct().count() == 5
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("snapshot_indicators", "--date", "2026-13-01")
    with pytest.raises(CommandError):
        call_command("snapshot_indicators", "--from", "2026-02-01", "--to", "2026-01-01")


def test_the_programme_indicators_ship_with_their_targets(db: Any) -> None:
    definitions = {d.code: d for d in IndicatorDefinition.objects.all()}
    assert {"ngos_supported", "regions_participating", "pilot_regions", "consultations_given", "document_packages",
            "ngos_created", "practices_transferred", "people_trained", "events_held", "services_launched"} <= set(definitions)  # fmt: skip
    targets = {d.code: d.targets.get(region=None, period="").value for d in definitions.values() if d.targets.exists()}
    assert targets == {"ngos_supported": 600, "regions_participating": 14, "pilot_regions": 5}
    for code in definitions:
        assert formula_get(code) is not None, code
    assert "Пока нет модуля" in definitions["practices_transferred"].description
