"""Practices benchmark: the federal catalog with 20 000 practices, matching and review aggregation.

`run()` works in the current Django database (migrated by the caller; after the registry steps
of `make bench` it also holds their organizations and territories):
1. loads BENCH_PRACTICES (20 000) practices built from the real project descriptions
   (../shared/data/projects/*.csv, 2 342 rows) repeated with varied titles, regions, areas,
   target groups, evidence levels and decisions: bulk inserts, then `core.search.index_bulk`
   through `practices.indexing.practice_index_bulk`;
2. times a few hundred catalog requests through the Django test client (server time, rendering
   included): searches with a query and 0–2 facets, faceted lists without a query, and the API;
   target p95 < 100 ms for both;
3. times matching for one municipality (`replication.matching`), target < 300 ms, and the
   aggregation of 1 000 reviews (`expertise.rules`), when those modules exist;
4. removes its practices again (BENCH_KEEP=1 keeps them).

Standalone: `DEBUG=1 DATABASE_URL=… KONSTRUKTOR_VAR_DIR=/tmp/pb python -m bench.practices`
(migrates first; BENCH_KEEP=1 BENCH_PRACTICES_REUSE=1 times again without reloading). The machine is shared: the load average and this process's CPU time are
printed next to the wall times.
"""

import csv
import datetime
import os
import random
import re
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.common import percentile

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECTS = (REPO_ROOT / ".." / "shared" / "data" / "projects" / "pg-operators-2007-2012-normalized.csv").resolve()
PRACTICES = int(os.environ.get("BENCH_PRACTICES", "20000"))
REQUESTS = int(os.environ.get("BENCH_PRACTICES_REQUESTS", "300"))
SOURCE_PREFIX = "bench-practices:"
TARGET_CATALOG_P95_MS = 100.0
TARGET_MATCHING_MS = 300.0
PUBLISHED_SHARE = 0.85
BATCH = 1000
# Development: keep the loaded practices between runs (with BENCH_KEEP=1) and time again.
REUSE = os.environ.get("BENCH_PRACTICES_REUSE", "") == "1"

VARIANTS = (
    "", " — модель для малых городов", " — сельский вариант", " с участием волонтёров", " — опыт ресурсного центра",
    " — межрегиональная версия", " для семей с детьми", " — программа наставничества", " (второй этап)",
    " — школа для специалистов", " в дистанционном формате", " — сетевая модель",
)  # fmt: skip
QUERIES = (
    "наставничество подростков", "дети-инвалиды реабилитация", "пожилые люди уход на дому", "приёмные семьи",
    "трудоустройство молодёжи", "паллиативная помощь", "профилактика зависимостей", "социальное такси",
    "волонтёры", "инклюзивное образование", "бездомные", "ранняя помощь", "семейный клуб", "кризисный центр",
    "ветераны", "школа ухода", "сопровождаемое проживание", "центр досуга", "мигранты адаптация", "спорт",
)  # fmt: skip
PROBLEMS = (
    "{group} в территории не получают нужной поддержки: услуг мало, они далеко, о них не знают.",
    "Для группы «{group}» нет постоянной службы: помощь эпизодическая, специалистов не хватает.",
    "{group} оказываются в изоляции, растёт нагрузка на семьи и государственные учреждения.",
)
MODELS = (
    "Ресурсы: команда НКО, волонтёры, партнёры → действия: {area} → результаты: люди получают помощь "
    "регулярно, повышается качество жизни, снижается число кризисных случаев.",
    "Выявление нуждающихся через партнёров → индивидуальный план → занятия и сопровождение ({area}) → "
    "замеры до и после → устойчивые изменения у благополучателей.",
)
OUTCOMES = (
    ("Благополучатели получают регулярную помощь", "Доля охваченных из нуждающихся"),
    ("Повышается самостоятельность благополучателей", "Индекс самостоятельности"),
    ("Снижается число кризисных ситуаций", "Число обращений в экстренные службы"),
    ("Семьи чувствуют поддержку", "Доля семей, оценивших поддержку на 4–5"),
)
LEVEL_WEIGHTS = ((0, 10), (1, 35), (2, 30), (3, 18), (4, 7))


def _print(line: str = "") -> None:
    print(line, flush=True)


def _load() -> str:
    return " / ".join(f"{v:.1f}" for v in os.getloadavg())


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "max_ms": round(max(values), 2),
    }


def _projects() -> list[dict[str, str]]:
    with PROJECTS.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if (row.get("project") or "").strip()]


# --- loading ------------------------------------------------------------------------------------


def _cleanup() -> int:
    from konstruktor.core.search import index_remove_many
    from konstruktor.practices.models import Practice

    ids = list(Practice.objects.filter(source_key__startswith=SOURCE_PREFIX).values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        index_remove_many(Practice, chunk)
        Practice.objects.filter(pk__in=chunk).delete()
    return len(ids)


def _load_practices(rng: random.Random) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from konstruktor.organizations.models import ActivityArea, TargetGroup
    from konstruktor.practices.indexing import practice_index_bulk
    from konstruktor.practices.models import DecisionCategory, EvidenceFlag, Outcome, Practice, Status
    from konstruktor.territories.models import Region

    try:
        from konstruktor.practices.importing import title_from_project
    except ImportError:  # the importer is not there yet: the first sentence, roughly

        def title_from_project(text: str) -> str:
            return re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0][:500]

    try:
        from konstruktor.practices.regions_text import RegionMatcher

        place: Callable[[str], int | None] = RegionMatcher().place
    except ImportError:

        def place(text: str) -> int | None:
            return None

    rows = _projects()
    regions = list(Region.objects.values_list("pk", "name"))
    region_ids = [pk for pk, _ in regions]
    areas = list(ActivityArea.objects.filter(region__isnull=True).values_list("pk", "short_name"))
    groups = list(TargetGroup.objects.values_list("pk", "name"))
    levels = [level for level, weight in LEVEL_WEIGHTS for _ in range(weight)]
    now = timezone.now()
    started = time.perf_counter()
    practices: list[Practice] = []
    links: list[tuple[list[int], list[int], list[int]]] = []
    matched_regions = 0
    for n in range(PRACTICES):
        row = rows[n % len(rows)]
        lap = n // len(rows)
        text = " ".join(row["project"].split())
        title = title_from_project(text)
        region_id = place(row.get("region") or "") if lap == 0 else None
        matched_regions += region_id is not None
        region_id = region_id or rng.choice(region_ids)
        variant = VARIANTS[lap % len(VARIANTS)] if lap else ""
        chosen_areas = rng.sample(areas, rng.choice((1, 1, 2)))
        chosen_groups = rng.sample(groups, rng.choice((1, 2, 2, 3)))
        published = rng.random() < PUBLISHED_SHARE
        level = rng.choice(levels)
        flag = EvidenceFlag.NO_EFFECT if level == 0 and rng.random() < 0.05 else EvidenceFlag.NONE
        decision: str
        if published:
            status = Status.PUBLISHED
            decision = DecisionCategory.RECOMMENDED if level >= 2 and rng.random() < 0.6 else DecisionCategory.PROMISING
        else:
            status = rng.choice((Status.DRAFT, Status.MODERATION, Status.REVIEW, Status.DECIDED, Status.REWORK))
            decision = rng.choice(list(DecisionCategory.values)) if status == Status.DECIDED else ""
        group_name = chosen_groups[0][1]
        area_name = chosen_areas[0][1].lower()
        practices.append(
            Practice(
                title=(title + variant)[:500],
                summary=text,
                organization_name=row.get("org_name", "")[:1000],
                region_id=region_id,
                social_problem=rng.choice(PROBLEMS).format(group=group_name),
                target_group_criteria=f"{group_name}; участие добровольное, по направлению партнёров или по обращению.",
                logic_model=rng.choice(MODELS).format(area=area_name),
                resources="Координатор, специалисты по договору, волонтёры, помещение партнёра.",
                cost_per_beneficiary=None if rng.random() < 0.1 else Decimal(round(rng.lognormvariate(8.5, 1.1), -1)),
                beneficiaries_per_year=rng.randint(20, 3000),
                started_year=int(row.get("year") or 2010) + rng.randint(0, 12),
                grant_amount=Decimal(row["amount_rub"]) if (row.get("amount_rub") or "").isdigit() else None,
                status=status,
                source="imported",
                source_key=f"{SOURCE_PREFIX}{n}",
                evidence_level=0 if flag else level,
                evidence_flag=flag,
                merit_score=Decimal(rng.randint(50, 95)) if decision else None,
                readiness_score=Decimal(rng.randint(150, 400)) / 100 if decision else None,
                decision_category=decision,
                decided_at=now - datetime.timedelta(days=rng.randint(1, 1000)) if decision else None,
                decision_explanation=[{"title": "Экспертная оценка", "detail": "Медиана трёх экспертов."}]
                if decision
                else [],
                published_at=now - datetime.timedelta(days=rng.randint(0, 1000), minutes=n) if published else None,
            )
        )
        extra_regions = rng.sample(region_ids, rng.choice((0, 0, 0, 1, 2)))
        links.append(([pk for pk, _ in chosen_areas], [pk for pk, _ in chosen_groups], extra_regions))
    built = time.perf_counter() - started

    started = time.perf_counter()
    through_areas, through_groups, through_regions = (
        Practice.areas.through,
        Practice.target_groups.through,
        Practice.regions.through,
    )
    for start in range(0, len(practices), BATCH):
        with transaction.atomic():
            chunk = Practice.objects.bulk_create(practices[start : start + BATCH])
            area_rows, group_rows, region_rows, outcome_rows = [], [], [], []
            for p, (area_ids, group_ids, extra) in zip(chunk, links[start : start + BATCH], strict=True):
                area_rows += [through_areas(practice_id=p.pk, activityarea_id=a) for a in area_ids]
                group_rows += [through_groups(practice_id=p.pk, targetgroup_id=g) for g in group_ids]
                region_rows += [through_regions(practice_id=p.pk, region_id=r) for r in extra if r != p.region_id]
                for order, (name, indicator) in enumerate(rng.sample(OUTCOMES, 2)):
                    outcome_rows.append(
                        Outcome(
                            practice_id=p.pk,
                            name=name,
                            indicator=indicator,
                            order=order,
                            is_priority=order == 0,
                            evidence_level=p.evidence_level if order == 0 else max(0, p.evidence_level - 1),
                            evidence_reasons=["Уровень задан бенчмарком."],
                        )
                    )
            through_areas.objects.bulk_create(area_rows)
            through_groups.objects.bulk_create(group_rows)
            through_regions.objects.bulk_create(region_rows)
            Outcome.objects.bulk_create(outcome_rows)
    inserted = time.perf_counter() - started

    started = time.perf_counter()
    indexed = practice_index_bulk(Practice.objects.filter(source_key__startswith=SOURCE_PREFIX))
    indexing = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics after a bulk load, as autovacuum would do
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "practices": len(practices),
        "published": sum(1 for p in practices if p.status == Status.PUBLISHED),
        "source_rows": len(rows),
        "regions_matched_first_pass": matched_regions,
        "build_seconds": round(built, 1),
        "insert_seconds": round(inserted, 1),
        "index_seconds": round(indexing, 1),
        "indexed": indexed,
    }


# --- catalog timings ----------------------------------------------------------------------------


def _facet_values() -> dict[str, list[str]]:
    from konstruktor.practices.catalog import CatalogQuery, catalog_search

    page = catalog_search(CatalogQuery(limit=1))
    return {f.key: [o.value for o in f.options if o.count] for f in page.facets}


def _requests(
    rng: random.Random, values: dict[str, list[str]], rows: list[dict[str, str]]
) -> dict[str, list[dict[str, Any]]]:
    """Parameter sets of the three groups: search with a query, faceted list, API search."""
    words = [w for row in rows[:2000] for w in re.findall(r"[а-яё]{6,}", row["project"].lower())]

    def query() -> str:
        if rng.random() < 0.5:
            return rng.choice(QUERIES)
        return " ".join(rng.sample(words, rng.choice((1, 2, 2, 3))))

    def facets(count: int) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        for key in rng.sample(list(values), count):
            if values[key]:
                chosen[key] = rng.sample(values[key], min(len(values[key]), rng.choice((1, 1, 2))))
        return chosen

    sorts = ("newest", "evidence", "cost")
    return {
        "search": [
            {
                "q": query(),
                **facets(rng.choice((0, 0, 1, 1, 2))),
                **({"sort": rng.choice(sorts)} if rng.random() < 0.2 else {}),
            }
            for _ in range(REQUESTS)
        ],
        "list": [
            {
                **facets(rng.choice((1, 1, 2, 3))),
                "sort": rng.choice(sorts),
                **({"page": rng.randint(2, 5)} if rng.random() < 0.3 else {}),
            }
            for _ in range(REQUESTS)
        ],
        "api": [{"q": query(), **facets(rng.choice((0, 1))), "limit": 20} for _ in range(REQUESTS // 2)],
    }


def _time_requests(
    client: Any, path: str, params: list[dict[str, Any]], *, htmx: bool, warm: list[dict[str, Any]]
) -> dict[str, Any]:
    from django.db import connection

    from bench.dbtime import DbTimer

    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    wall: list[float] = []
    cpu: list[float] = []
    db: list[float] = []
    found: list[int] = []
    # Warm-up with other requests of the same kind: query plans, lemmas of the words in the
    # texts, the filter counts are warm, the measured queries themselves are not repeated
    # (popular ones recur, as they do in life).
    for p in warm:
        client.get(path, p, **headers)
    for p in params:
        timer = DbTimer()
        t0, c0 = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(timer):
            response = client.get(path, p, **headers)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        db.append(timer.seconds * 1000)
        assert response.status_code == 200, (path, p, response.status_code)
        if path.startswith("/api/"):
            found.append(response.json()["count"])
    slowest = sorted(zip(wall, params, strict=True), key=lambda pair: -pair[0])[:3]
    return {
        "wall": _stats(wall),
        "cpu": _stats(cpu),
        "db": _stats(db),
        "slowest": [{"ms": round(ms, 1), "params": p} for ms, p in slowest],
        "found_median": statistics.median(found) if found else None,
    }


def _catalog_timings(rng: random.Random) -> dict[str, Any]:
    from django.test import Client

    from konstruktor.practices.catalog import CatalogQuery, catalog_search

    started = time.perf_counter()
    catalog_search(CatalogQuery(limit=1))
    snapshot_seconds = time.perf_counter() - started
    values = _facet_values()
    projects = _projects()
    warm = _requests(rng, values, projects)
    plan = _requests(rng, values, projects)
    client = Client(SERVER_NAME="localhost")
    page = "/practices/catalog/"
    return {
        "snapshot_seconds": round(snapshot_seconds, 2),
        "search": _time_requests(client, page, plan["search"], htmx=True, warm=warm["search"]),
        "list": _time_requests(client, page, plan["list"], htmx=True, warm=warm["list"][:50]),
        "full_page": _time_requests(client, page, plan["search"][:50], htmx=False, warm=warm["search"][:10]),
        "api": _time_requests(client, "/api/v1/practices", plan["api"], htmx=False, warm=warm["api"][:20]),
    }


# --- matching and aggregation -------------------------------------------------------------------


def _matching(rng: random.Random) -> dict[str, Any] | str:
    try:
        from konstruktor.replication.matching import practice_matches_for_territory
    except ImportError as exc:
        return f"нет replication.matching ({exc})"
    from django.db.models import Count

    from konstruktor.territories.models import Municipality

    municipality = (
        Municipality.objects.annotate(n=Count("organizations")).order_by("-n", "pk").select_related("region").first()
        if hasattr(Municipality, "organizations")
        else Municipality.objects.select_related("region").order_by("pk").first()
    )
    if municipality is None:
        return "в базе нет муниципалитетов (их загружает шаг territories)"
    result = practice_matches_for_territory(municipality=municipality)  # warm-up
    times, cpu = [], []
    for _ in range(15):
        t0, c0 = time.perf_counter(), time.process_time()
        result = practice_matches_for_territory(municipality=municipality)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return {
        "municipality": f"{municipality.name} ({municipality.region.name})",
        "candidates": getattr(result, "candidates", None),
        "matches": len(getattr(result, "matches", []) or []),
        "wall": _stats(times),
        "cpu": _stats(cpu),
    }


def _aggregation(rng: random.Random) -> dict[str, Any] | str:
    try:
        from konstruktor.expertise import rules
        from konstruktor.expertise.standard import STANDARD_CRITERIA
    except ImportError as exc:
        return f"нет expertise.rules ({exc})"
    criteria = [rules.CriterionSpec(c.code, c.name, 1.0) for c in STANDARD_CRITERIA]
    thresholds = rules.Thresholds()
    items = [code for code, _ in rules.READINESS_ITEMS]
    practices: list[list[Any]] = []
    reviews = 0
    while reviews < 1000:
        experts = rng.choice((2, 2, 3))
        base = rng.randint(1, 4)
        practices.append(
            [
                rules.ExpertScores(
                    expert=f"эксперт {e}",
                    scores={
                        c.code: rng.choice(("na", "more_info"))
                        if rng.random() < 0.03
                        else max(0, min(4, base + rng.randint(-1, 1)))
                        for c in criteria
                    },
                    readiness={item: rng.randint(0, 4) for item in items},
                )
                for e in range(experts)
            ]
        )
        reviews += experts
    t0, c0 = time.perf_counter(), time.process_time()
    verdicts: dict[str, int] = {}
    for scores in practices:
        aggregate = rules.aggregate(scores, criteria, thresholds)
        decision = rules.decide(
            aggregate=aggregate, evidence_level=rng.randint(0, 4), evidence_flag="",
            has_manual=True, has_fidelity=rng.random() < 0.7, thresholds=thresholds,
        )  # fmt: skip
        key = decision.category or decision.verdict
        verdicts[key] = verdicts.get(key, 0) + 1
    return {
        "reviews": reviews,
        "practices": len(practices),
        "ms": round((time.perf_counter() - t0) * 1000, 1),
        "cpu_ms": round((time.process_time() - c0) * 1000, 1),
        "verdicts": verdicts,
    }


# --- the step -----------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def run() -> dict[str, Any]:
    from django.db import connection

    rng = random.Random(20261127)
    result: dict[str, Any] = {"vendor": connection.vendor}
    _print(f"=== Практики: каталог, подбор, агрегация ({connection.vendor}) ===")
    _print(f"  load average (1 / 5 / 15 мин): {_load()} на {os.cpu_count()} ядрах — машина общая")
    if not PROJECTS.is_file():
        _print(f"  ПРОПУЩЕНО: нет файла с описаниями проектов {PROJECTS}")
        return {**result, "skipped": "no projects file"}
    from konstruktor.practices.models import Practice

    kept = Practice.objects.filter(source_key__startswith=SOURCE_PREFIX).count()
    if REUSE and kept == PRACTICES:
        _print(f"  практики прошлого прогона оставлены (BENCH_PRACTICES_REUSE=1): {kept}")
    else:
        removed = _cleanup()
        if removed:
            _print(f"  удалены практики прошлого прогона: {removed}")
        loaded = _load_practices(rng)
        result["load"] = loaded
        _print(
            f"  загружено практик: {loaded['practices']} (опубликовано {loaded['published']}) из "
            f"{loaded['source_rows']} описаний проектов; регион распознан у "
            f"{loaded['regions_matched_first_pass']} строк первого прохода"
        )
        _print(
            f"  время: подготовка {loaded['build_seconds']} с, вставка {loaded['insert_seconds']} с, "
            f"индекс поиска {loaded['index_seconds']} с ({loaded['indexed']} документов)"
        )
    timings = _catalog_timings(rng)
    result["catalog"] = timings
    _print(f"  снимок фасетов каталога построен за {timings['snapshot_seconds']} с (один раз на изменение индекса)")
    _print(
        f"  {'запросы (серверное время, django.test.Client)':<52}{'n':>5}{'медиана':>10}{'p95':>9}{'макс':>9}{'CPU мед.':>10}{'CPU p95':>9}{'БД мед.':>9}"
    )
    for key, title in (
        ("search", "поиск с запросом и 0–2 фильтрами (HTMX)"),
        ("list", "список с фильтрами без запроса (HTMX)"),
        ("full_page", "поиск, полная страница"),
        ("api", "GET /api/v1/practices?q=…"),
    ):
        s = timings[key]
        target = (
            f"  [{_verdict(s['wall']['p95_ms'] < TARGET_CATALOG_P95_MS)}: цель p95 < {TARGET_CATALOG_P95_MS:.0f} мс]"
            if key in ("search", "list")
            else ""
        )
        _print(
            f"  {title:<52}{s['wall']['n']:>5}{s['wall']['median_ms']:>8.1f}мс{s['wall']['p95_ms']:>7.1f}мс"
            f"{s['wall']['max_ms']:>7.1f}мс{s['cpu']['median_ms']:>8.1f}мс{s['cpu']['p95_ms']:>7.1f}мс{s['db']['median_ms']:>7.1f}мс{target}"
        )
    for key in ("search", "list"):
        for slow in timings[key]["slowest"]:
            _print(f"    медленный ({key}): {slow['ms']} мс {slow['params']}")
    matching = _matching(rng)
    result["matching"] = matching
    if isinstance(matching, str):
        _print(f"  подбор практик для муниципалитета: пропущено — {matching}")
    else:
        m = matching["wall"]
        _print(
            f"  подбор практик для муниципалитета {matching['municipality']}: кандидатов {matching['candidates']}, "
            f"медиана {m['median_ms']:.0f} мс, p95 {m['p95_ms']:.0f} мс, CPU {matching['cpu']['median_ms']:.0f} мс  "
            f"[{_verdict(m['p95_ms'] < TARGET_MATCHING_MS)}: цель < {TARGET_MATCHING_MS:.0f} мс]"
        )
    aggregation = _aggregation(rng)
    result["aggregation"] = aggregation
    if isinstance(aggregation, str):
        _print(f"  агрегация 1 000 отзывов: пропущено — {aggregation}")
    else:
        _print(
            f"  агрегация {aggregation['reviews']} отзывов по {aggregation['practices']} практикам (expertise.rules): "
            f"{aggregation['ms']} мс, CPU {aggregation['cpu_ms']} мс; решения {aggregation['verdicts']}"
        )
    _print(f"  load average в конце: {_load()}")
    if os.environ.get("BENCH_KEEP", "") != "1":
        _cleanup()
    return result


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konstruktor.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    run()
