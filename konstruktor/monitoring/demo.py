"""Demo monitoring: the shipped definitions, this year's targets, snapshots for the last 90 days.

Idempotent: targets are set (not added) and each day's snapshots are replaced.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from konstruktor.monitoring.actions import definitions_sync, snapshots_compute, target_set
from konstruktor.monitoring.models import IndicatorDefinition
from konstruktor.territories.models import Region

# National targets for the current year, beside the programme's own (600 / 14 / 5).
YEAR_TARGETS = {
    "consultations_given": 3000,
    "document_packages": 400,
    "ngos_created": 70,
    "practices_transferred": 120,
    "people_trained": 1500,
    "events_held": 700,
    "services_launched": 98,
    "project_participation": 150,
}
# Each programme region's share of the NGOs-supported target.
REGION_NGOS_TARGET = 43


def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    definitions_sync()
    year = str(timezone.localdate().year)
    by_code = {d.code: d for d in IndicatorDefinition.objects.all()}
    for code, value in YEAR_TARGETS.items():
        if code in by_code:
            target_set(by=None, indicator=by_code[code], value=value, period=year, note="Демо: план на год")
    for region in Region.objects.filter(is_programme=True):
        target_set(
            by=None,
            indicator=by_code["ngos_supported"],
            value=REGION_NGOS_TARGET,
            period=year,
            region=region,
            note="Демо",
        )
    today = timezone.localdate()
    report = snapshots_compute(day_from=today - datetime.timedelta(days=89), day_to=today)
    write(f"Мониторинг: показателей {len(by_code)}, снимки за 90 дней ({report}).")
