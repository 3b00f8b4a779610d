"""Monitoring under a year of load: snapshot computation and the federal dashboard.

`run()` works in the current Django database (migrated): it generates a calendar year of support
records for the 14 programme regions (a РЦ and a few hundred NGOs each, a few hundred thousand
records, bulk_create), then times

- recomputing one day's snapshot (31 December: the heaviest day, the whole year to date) —
  target under 10 s;
- filling the snapshots for every day of the year;
- building the federal dashboard from the snapshots, ~100 times, as the query function and as
  the whole page through django.test.Client — target p95 under 150 ms.

Standalone: `python -m bench.monitoring [sqlite|postgres]` migrates a fresh database of its own
under var/bench (SQLite) or `konstruktor_bench_monitoring` (PostgreSQL at BENCH_POSTGRES_URL)
and prints the numbers. BENCH_MONITORING_RECORDS changes the record count (300 000);
BENCH_REUSE=1 keeps the database of a previous run (the data is generated once).
"""

import datetime
import os
import random
import sys
import time
from typing import Any

from bench.common import BENCH_DIR, POSTGRES_SERVER_URL, REPO_ROOT, stats_ms

RECORDS = int(os.environ.get("BENCH_MONITORING_RECORDS", "300000"))
NGOS_PER_REGION = 400
RUNS = 100
TARGET_DAY_SECONDS = 10.0
TARGET_DASHBOARD_P95_MS = 150.0
MARK = "Бенчмарк мониторинга"
# How often each service appears in the log (consultations dominate, as in real РЦ).
SERVICE_WEIGHTS = {
    "consultation": 40,
    "documents": 12,
    "learning": 14,
    "events": 16,
    "practice_transfer": 5,
    "ngo_creation": 4,
    "project_management": 6,
    "other": 3,
}
FORMS = {"consultation": "consultation", "learning": "training", "events": "information"}


def _generate(year: int, records: int, seed: int) -> dict[str, Any]:
    """Resource centres, NGOs and the year's support log; skipped when already generated."""
    from konstruktor.organizations.models import Organization, SupportRecord
    from konstruktor.territories.models import Region

    regions = list(Region.objects.filter(is_programme=True).order_by("pk"))
    existing = SupportRecord.objects.filter(provider__full_name__startswith=MARK, date__year=year).count()
    if existing:
        return {"generated": False, "records": existing, "regions": len(regions)}
    started = time.monotonic()
    rng = random.Random(seed)
    centres = {
        r.pk: Organization(
            kind=Organization.Kind.RESOURCE_CENTRE,
            full_name=f"{MARK}: ресурсный центр {r.name}",
            short_name=f"РЦ {r.name}"[:500],
            region=r,
        )
        for r in regions
    }
    Organization.objects.bulk_create(centres.values(), batch_size=1000)
    ngos_by_region: dict[int, list[Organization]] = {}
    batch = []
    for r in regions:
        ngos_by_region[r.pk] = [
            Organization(
                kind=Organization.Kind.NGO,
                full_name=f"{MARK}: АНО «Опора {r.fns_code}-{n}»",
                short_name=f"АНО «Опора {r.fns_code}-{n}»",
                region=r,
            )
            for n in range(NGOS_PER_REGION)
        ]
        batch.extend(ngos_by_region[r.pk])
    Organization.objects.bulk_create(batch, batch_size=2000)
    services, weights = zip(*SERVICE_WEIGHTS.items(), strict=True)
    days = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
    rows = []
    for n in range(records):
        region = regions[n % len(regions)] if rng.random() < 0.9 else rng.choice(regions)
        # Some NGOs are served often, most rarely: a skewed pick makes distinct counts realistic.
        recipient = ngos_by_region[region.pk][min(NGOS_PER_REGION - 1, int(rng.paretovariate(1.2)) - 1)]
        recipient = recipient if rng.random() < 0.7 else rng.choice(ngos_by_region[region.pk])
        provider = centres[region.pk] if rng.random() < 0.97 else centres[rng.choice(regions).pk]
        service = rng.choices(services, weights)[0]
        rows.append(
            SupportRecord(
                provider=provider,
                recipient=recipient,
                service=service,
                form=FORMS.get(service, "methodical"),
                date=datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(days)),
                description=f"{MARK}: поддержка № {n}",
            )
        )
        if len(rows) == 5000:
            SupportRecord.objects.bulk_create(rows)
            rows = []
    SupportRecord.objects.bulk_create(rows)
    return {
        "generated": True,
        "records": records,
        "regions": len(regions),
        "seconds": round(time.monotonic() - started, 1),
    }


def _analyze(connection: Any) -> None:
    """Planner statistics after a bulk load, as autovacuum (PostgreSQL) would gather them soon."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _timed(fn: Any, runs: int) -> dict[str, float]:
    fn()  # warm-up: caches, prepared plans
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return {k: round(v, 1) for k, v in stats_ms(times).items()}


def run(*, records: int = RECORDS, runs: int = RUNS, seed: int = 2026) -> dict[str, Any]:
    """Generate the year, time one day's snapshot, fill the year, time the federal dashboard."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from konstruktor.monitoring import queries
    from konstruktor.monitoring.actions import definitions_sync, snapshots_compute
    from konstruktor.monitoring.periods import period_parse

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    year = datetime.date.today().year - 1
    last_day = datetime.date(year, 12, 31)
    result: dict[str, Any] = {"vendor": connection.vendor, "year": year}
    definitions_sync()
    result["data"] = _generate(year, records, seed)
    _analyze(connection)

    started = time.monotonic()
    day = snapshots_compute(day_from=last_day)
    result["day_seconds"] = round(time.monotonic() - started, 2)
    result["day_rows"] = day.rows
    started = time.monotonic()
    snapshots_compute(day_from=last_day)
    result["day_repeat_seconds"] = round(time.monotonic() - started, 2)

    started = time.monotonic()
    year_report = snapshots_compute(day_from=datetime.date(year, 1, 1), day_to=last_day)
    result["year_seconds"] = round(time.monotonic() - started, 1)
    result["year_rows"] = year_report.rows
    _analyze(connection)

    period = period_parse(str(year), today=datetime.date.today())
    today = datetime.date.today()
    result["dashboard_query_ms"] = _timed(lambda: queries.dashboard_federal(period=period, today=today), runs)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    url = f"/indicators/federal/?period={year}"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    result["dashboard_page_ms"] = _timed(page, runs)
    result["passed"] = {
        "day_under_10s": result["day_seconds"] < TARGET_DAY_SECONDS,
        "dashboard_p95_under_150ms": result["dashboard_query_ms"]["p95"] < TARGET_DASHBOARD_P95_MS,
        "dashboard_page_p95_under_150ms": result["dashboard_page_ms"]["p95"] < TARGET_DASHBOARD_P95_MS,
    }
    return result


def report(result: dict[str, Any]) -> list[str]:
    q, p = result["dashboard_query_ms"], result["dashboard_page_ms"]

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    return [
        f"База: {result['vendor']}; год {result['year']}; записей журнала поддержки {result['data']['records']} "
        f"в {result['data']['regions']} регионах"
        + (f" (сгенерировано за {result['data']['seconds']} с)" if result["data"].get("generated") else ""),
        f"Пересчёт снимка одного дня (31.12, весь год нарастающим итогом): {result['day_seconds']} с, строк {result['day_rows']} "
        f"(повторно {result['day_repeat_seconds']} с) — цель < {TARGET_DAY_SECONDS:.0f} с: {verdict(result['passed']['day_under_10s'])}",
        f"Снимки за весь год: {result['year_seconds']} с, строк {result['year_rows']}",
        f"Федеральный дашборд из снимков, функция ({RUNS} прогонов): медиана {q['median']} мс, p95 {q['p95']} мс, макс {q['max']} мс — "
        f"цель p95 < {TARGET_DASHBOARD_P95_MS:.0f} мс: {verdict(result['passed']['dashboard_p95_under_150ms'])}",
        f"Федеральный дашборд, страница целиком (Client): медиана {p['median']} мс, p95 {p['p95']} мс, макс {p['max']} мс — "
        f"{verdict(result['passed']['dashboard_page_p95_under_150ms'])}",
    ]


def _standalone(kind: str) -> int:
    """A fresh database of the benchmark's own, migrated, then `run()`."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konstruktor.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["KONSTRUKTOR_VAR_DIR"] = str(BENCH_DIR / "var-monitoring")
    os.environ["LOG_LEVEL"] = "WARNING"
    if kind == "postgres":
        import psycopg

        name = "konstruktor_bench_monitoring"
        if os.environ.get("BENCH_REUSE") != "1":
            with psycopg.connect(f"{POSTGRES_SERVER_URL}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER_URL}/{name}"
    else:
        path = BENCH_DIR / "monitoring.sqlite3"
        if os.environ.get("BENCH_REUSE") != "1":
            for suffix in ("", "-wal", "-shm"):
                (BENCH_DIR / f"monitoring.sqlite3{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    sys.path.insert(0, str(REPO_ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Миграции: {time.monotonic() - started:.0f} с", flush=True)
    for line in report(run()):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(_standalone(sys.argv[1] if len(sys.argv) > 1 else "sqlite"))
