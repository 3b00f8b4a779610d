"""White-spot analytics on a database with the registry benchmark's organizations loaded.

`run()` (a bench.worker step, after the registry's import and pages steps): loads the towns
(hflabs-city, ru-cities from ../shared/data/territories; the shipped demo territories when the
folder is absent), links the organizations to them, gives a share of them areas of activity and
СОНКО statuses when the database has none (so that the grouped queries have work to do), then
times `white_spots` for the municipalities and towns of the largest subject and of all Russia,
and `white_spots_subjects`, plus the public page and the API of the largest subject.

Standalone: `DATABASE_URL=… python -m bench.territories` prints the result as JSON.
Targets: the largest subject's municipalities under 200 ms, all of Russia under 1 s (p95).
"""

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
TERRITORY_DATA = (REPO_ROOT / ".." / "shared" / "data" / "territories").resolve()
TARGET_REGION_MS = 200
TARGET_RUSSIA_MS = 1000
REPEAT = int(os.environ.get("BENCH_TERRITORIES_REPEAT", "20"))
SEED_SHARE = 0.3  # share of organizations given areas of activity when none have any


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))]


def _timed(fn: Callable[[], Any], repeat: int = REPEAT) -> dict[str, float]:
    """Wall time, and this process's CPU time: on SQLite (in-process) the CPU time is the work
    itself, which a busy machine does not inflate; PostgreSQL works in its own process."""
    fn()  # warm-up: caches, query plans
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "n": repeat,
        "median_ms": statistics.median(times),
        "p95_ms": _p95(times),
        "max_ms": max(times),
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p95_ms": _p95(cpu),
    }


def _load_territories() -> dict[str, Any]:
    from konstruktor.territories.actions import territories_demo_load, territories_import

    started = time.perf_counter()
    if TERRITORY_DATA.is_dir():
        reports = [
            territories_import(path=TERRITORY_DATA / "hflabs-city.csv"),
            territories_import(path=TERRITORY_DATA / "epogrebnyak-ru-cities-towns.csv"),
        ]
        source = "hflabs-city + ru-cities"
    else:
        reports = [territories_demo_load(write=lambda _: None)]
        source = "демо-территории (../shared/data/territories нет)"
    return {
        "source": source,
        "seconds": round(time.perf_counter() - started, 2),
        "created": sum(r.created for r in reports),
    }


def _seed_areas_and_statuses() -> dict[str, int]:
    """Areas of activity and СОНКО statuses for a deterministic share of NGOs, if none have any."""
    from konstruktor.organizations.models import ActivityArea, Organization, OrganizationStatus

    through = Organization.areas.through
    if through.objects.exists():
        return {"areas_added": 0, "statuses_added": 0}
    rng = random.Random(2026)
    areas = list(ActivityArea.objects.filter(region__isnull=True).values_list("pk", flat=True))
    ids = list(Organization.objects.filter(kind="ngo").values_list("pk", flat=True))
    chosen = [pk for pk in ids if rng.random() < SEED_SHARE]
    links = [through(organization_id=pk, activityarea_id=a) for pk in chosen for a in rng.sample(areas, 2)]
    through.objects.bulk_create(links, batch_size=5000)
    statuses = [OrganizationStatus(organization_id=pk, kind="sonko") for pk in chosen[::2]]
    OrganizationStatus.objects.bulk_create(statuses, batch_size=5000)
    return {"areas_added": len(links), "statuses_added": len(statuses)}


def run() -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from konstruktor.organizations.actions import organizations_link_territories
    from konstruktor.organizations.models import Organization
    from konstruktor.territories.models import Municipality, Region, Settlement
    from konstruktor.territories.queries import white_spots, white_spots_subjects

    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "load_average": os.getloadavg()[0],
        "cpus": os.cpu_count(),
        "territories": _load_territories(),
    }
    started = time.perf_counter()
    link = organizations_link_territories(only_unlinked=True)
    result["link"] = {
        "seconds": round(time.perf_counter() - started, 2),
        "matched": link.matched,
        "to_settlement": link.to_settlement,
        "unmatched": len(link.unmatched),
    }
    result["seeded"] = _seed_areas_and_statuses()
    result["organizations"] = Organization.objects.count()
    result["linked"] = Organization.objects.filter(municipality_ref__isnull=False).count()
    result["municipalities"] = Municipality.objects.count()
    result["settlements"] = Settlement.objects.count()
    top = (
        Organization.objects.filter(municipality_ref__isnull=False)
        .values("municipality_ref__region_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    region = Region.objects.get(pk=top["municipality_ref__region_id"]) if top else Region.objects.get(fns_code="59")
    result["largest_region"] = {
        "name": region.name,
        "linked_organizations": top["n"] if top else 0,
        "municipalities": Municipality.objects.filter(region=region, parent__isnull=True).count(),
    }
    client = Client(SERVER_NAME="localhost")
    for url in (f"/regions/{region.pk}/white-spots/", f"/api/v1/territories/white-spots?fns={region.fns_code}"):
        status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
    timings = {
        "region_municipalities": _timed(lambda: white_spots(region=region)),
        "region_settlements": _timed(lambda: white_spots(region=region, level="settlement")),
        "russia_municipalities": _timed(lambda: white_spots(region=None), repeat=max(5, REPEAT // 2)),
        "russia_subjects": _timed(white_spots_subjects, repeat=max(5, REPEAT // 2)),
        "region_page": _timed(lambda: client.get(f"/regions/{region.pk}/white-spots/"), repeat=max(5, REPEAT // 2)),
        "region_api": _timed(
            lambda: client.get(f"/api/v1/territories/white-spots?fns={region.fns_code}"), repeat=max(5, REPEAT // 2)
        ),
    }
    result["timings"] = timings
    result["targets"] = {
        "region_ms": TARGET_REGION_MS,
        "russia_ms": TARGET_RUSSIA_MS,
        "region_pass": timings["region_municipalities"]["p95_ms"] < TARGET_REGION_MS,
        "russia_pass": max(timings["russia_municipalities"]["p95_ms"], timings["russia_subjects"]["p95_ms"])
        < TARGET_RUSSIA_MS,
    }
    return result


def summary_lines(result: dict[str, Any]) -> list[str]:
    """Russian lines for the bench report."""
    t = result["timings"]
    largest = result["largest_region"]
    lines = [
        f"    территории: {result['territories']['source']} за {result['territories']['seconds']} с; "
        f"МО {result['municipalities']}, населённых пунктов {result['settlements']}",
        f"    привязка организаций: {result['link']['matched']} привязано "
        f"(к городу {result['link']['to_settlement']}), не сопоставлено {result['link']['unmatched']}, "
        f"{result['link']['seconds']} с; всего организаций {result['organizations']}",
        f"    крупнейший субъект: {largest['name']} ({largest['linked_organizations']} привязанных НКО, "
        f"{largest['municipalities']} МО верхнего уровня)",
    ]
    titles = {
        "region_municipalities": f"МО субъекта (цель < {TARGET_REGION_MS} мс)",
        "region_settlements": "города субъекта",
        "russia_municipalities": f"все МО России (цель < {TARGET_RUSSIA_MS} мс)",
        "russia_subjects": f"все субъекты (цель < {TARGET_RUSSIA_MS} мс)",
        "region_page": "страница субъекта (HTML)",
        "region_api": "API субъекта (JSON)",
    }
    for key, title in titles.items():
        lines.append(
            f"    {title:<40} медиана {t[key]['median_ms']:7.1f} мс, p95 {t[key]['p95_ms']:7.1f} мс "
            f"(ЦП процесса: {t[key]['cpu_median_ms']:6.1f} / {t[key]['cpu_p95_ms']:6.1f} мс)"
        )
    lines.append(
        f"    нагрузка машины при замере: load average {result['load_average']:.1f} на {result['cpus']} ядра(ер); "
        "на SQLite время ЦП процесса — это сама работа запросов"
    )
    verdict = result["targets"]
    lines.append(
        f"    итог: субъект {'PASS' if verdict['region_pass'] else 'FAIL'}, "
        f"вся Россия {'PASS' if verdict['russia_pass'] else 'FAIL'}"
    )
    return lines


if __name__ == "__main__":
    import json

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konstruktor.settings")
    import django

    django.setup()
    outcome = run()
    print("\n".join(summary_lines(outcome)))
    json.dump(outcome, sys.stdout, ensure_ascii=False, indent=1)
    print()
