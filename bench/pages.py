"""Server time of the registry pages with the imported organizations loaded.

Two users are timed with django.test.Client: a federal coordinator (sees every region) and a
РЦ consultant of the region with the most organizations (sees that region). Each request's
wall time and the database time inside it are recorded; the slowest requests are then
re-run with their SQL captured and explained (EXPLAIN ANALYZE on PostgreSQL).
"""

import datetime
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.common import BENCH_DIR, stats_ms
from bench.dbtime import DbTimer, backend_cpu_seconds
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.roles import Role
from konstruktor.organizations.models import LegalForm, Membership, Organization, OrganizationStatus
from konstruktor.organizations.queries import organization_search_text
from konstruktor.territories.models import Region

LIST_URL = "/organizations/"
API_URL = "/api/v1/organizations"
WARMUP = 1
SLOW_MS = 1500
# Timed repetitions per request group (after one warm-up request each).
REPEAT = {"list_p1": 15, "list_deep": 6, "search": 3, "htmx": 2, "api": 3}
# Realistic name fragments typed into the registry search.
NAME_QUERIES = (
    "фонд помощи",
    "АНО центр",
    "общественная организация ветеранов",
    "ёлка",
    "благотворительный фонд",
    "фонд поддержки",
    "детей",
    "инвалидов",
    "спорт",
    "культуры",
    "молодежи",
    "казачье общество",
    "ветеранов войны",
    "центр развития",
    "ассоциация",
    "православный приход",
    "помощи животным",
    "региональная общественная организация",
    "автономная некоммерческая организация",
    "экологический",
    "многодетных семей",
    "футбол",
    "НАДЕЖДА",
    "филиал 3",
)
API_QUERIES = ("фонд помощи", "АНО центр", "ветеранов", "ёлка", "детей", "спорт")
_FOUND = re.compile(r"Найдено:\s*(\d+)")


@dataclass
class Probe:
    group: str
    label: str
    url: str
    htmx: bool = False


@dataclass
class Sample:
    total_ms: list[float] = field(default_factory=list)
    db_ms: list[float] = field(default_factory=list)
    # CPU time of this process plus the PostgreSQL backend's: the request on an idle machine.
    cpu_ms: list[float] = field(default_factory=list)
    queries: int = 0
    found: int | None = None
    repeat: int = 1


def _unique_identifiers(n: int) -> tuple[str, str]:
    # Tax-office digits 98 are never used by the generated file (it uses 90 and 91).
    return ogrn_with_check(f"1207798{n:05d}"), inn_with_check(f"7798{n:05d}")


def _org(name: str, kind: str, region: Region, n: int) -> Organization:
    ogrn, inn = _unique_identifiers(n)
    # A legal form on purpose: the list template fails on a row without one (see the report).
    form = LegalForm.objects.get(okopf="71400")
    return Organization.objects.create(
        kind=kind, full_name=name, short_name=name, legal_form=form, region=region, ogrn=ogrn,
        inn=inn, search_text=organization_search_text(
            full_name=name, short_name=name, legal_form=form),
    )  # fmt: skip


def _user(username: str, role: str, organization: Organization) -> Any:
    user = get_user_model().objects.create_user(username=username, password="bench-not-a-secret-1")
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def _statuses() -> int:
    """Current and past statuses on every tenth organization (the status filter needs some)."""
    kinds = OrganizationStatus.Kind.values
    ids = Organization.objects.filter(kind=Organization.Kind.NGO).values_list("pk", flat=True)
    rows = [
        OrganizationStatus(
            organization_id=pk,
            kind=kinds[(pk // 10) % len(kinds)],
            since=datetime.date(2019 + pk % 5, 1, 1),
            until=datetime.date(2023, 12, 31) if pk % 30 == 0 else None,
        )
        for pk in ids.iterator(chunk_size=5000)
        if pk % 10 == 0
    ]
    OrganizationStatus.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _setup() -> dict[str, Any]:
    biggest = Organization.objects.values("region").annotate(n=Count("id")).order_by("-n").first()
    if biggest is None:
        raise RuntimeError("в реестре нет организаций: импорт не загрузил ни одной строки")
    region = Region.objects.get(pk=biggest["region"])
    moscow = Region.objects.filter(fns_code="77").first() or region
    centre = _org("АНО «Ресурсный центр НКО (бенчмарк)»", Organization.Kind.RESOURCE_CENTRE, region, 1)
    ministry = _org("Федеральный координатор (бенчмарк)", Organization.Kind.AUTHORITY, moscow, 2)
    federal = _user("bench-federal", Role.FEDERAL_COORDINATOR, ministry)
    consultant = _user("bench-consultant", Role.RC_CONSULTANT, centre)
    statuses = _statuses()
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk import: fresh statistics, visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    other = (
        Organization.objects.exclude(region=region).values("region")
        .annotate(n=Count("id")).order_by("-n")[5:6].first()
    )  # fmt: skip
    return {
        "federal": federal,
        "consultant": consultant,
        "region": region,
        "region_count": biggest["n"],
        "other_region_id": other["region"] if other else region.pk,
        "statuses": statuses,
    }


def _probes(user_key: str, env: dict[str, Any], total: int) -> list[Probe]:
    region = env["region"]
    in_region = Organization.objects.filter(region=region, kind=Organization.Kind.NGO).order_by("pk")
    sample = in_region[min(500, max(0, env["region_count"] - 3))]
    fund = LegalForm.objects.filter(okopf="70400").values_list("pk", flat=True).first()
    ano = LegalForm.objects.filter(okopf="71400").values_list("pk", flat=True).first()
    region_id = region.pk if user_key == "consultant" else env["other_region_id"]
    per_page = 25
    deep = max(1, (total + per_page - 1) // per_page // 2)

    def page(**params: Any) -> str:
        return f"{LIST_URL}?{urlencode(params)}" if params else LIST_URL

    probes = [
        Probe("list_p1", "без запроса, стр. 1", page()),
        Probe("list_deep", f"без запроса, стр. {deep}", page(page=deep)),
    ]
    probes += [Probe("search", f"q={q}", page(q=q)) for q in NAME_QUERIES]
    probes += [
        Probe("search", "ИНН целиком", page(q=sample.inn)),
        Probe("search", "ОГРН целиком", page(q=sample.ogrn)),
        Probe("search", "начало ИНН (6 цифр)", page(q=sample.inn[:6])),
        Probe("search", "регион", page(region=region_id)),
        Probe("search", "форма: фонд", page(legal_form=fund)),
        Probe("search", "статус: СОНКО", page(status=OrganizationStatus.Kind.SONKO)),
        Probe("search", "состояние: ликвидирована", page(state=Organization.State.LIQUIDATED)),
        Probe("search", "q=детей + регион", page(q="детей", region=region_id)),
        Probe("search", "q=центр + форма АНО", page(q="центр", legal_form=ano)),
    ]
    # Typing in the search box sends the same request with HX-Request: only the results render.
    probes += [Probe("htmx", f"htmx {p.label}", p.url, htmx=True) for p in probes if p.group == "search"]
    probes += [Probe("api", f"api q={q}", f"{API_URL}?{urlencode({'q': q})}") for q in API_QUERIES]
    return probes


def _found(response: Any) -> int | None:
    if response["Content-Type"].startswith("application/json"):
        return int(response.json()["count"])
    match = _FOUND.search(response.content.decode("utf-8"))
    return int(match.group(1)) if match else None


def _get(client: Client, probe: Probe, timer: DbTimer) -> tuple[Any, float, float, int, float]:
    timer.seconds = 0.0
    timer.count = 0
    headers = {"HX-Request": "true"} if probe.htmx else {}
    backend = backend_cpu_seconds()
    cpu = time.process_time()
    started = time.perf_counter()
    response = client.get(probe.url, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    backend_after = backend_cpu_seconds()
    if backend is not None and backend_after is not None:
        cpu_ms += (backend_after - backend) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {probe.url} → {response.status_code}")
    return response, elapsed, timer.seconds * 1000, timer.count, cpu_ms


def _time_probes(clients: dict[str, Client], probes: dict[str, list[Probe]]) -> dict[tuple[str, str, str], Sample]:
    samples: dict[tuple[str, str, str], Sample] = defaultdict(Sample)
    timer = DbTimer()
    with connection.execute_wrapper(timer):
        for user_key, client in clients.items():  # warm-up: caches, connection, templates
            for probe in probes[user_key]:
                for _ in range(WARMUP):
                    response, warm_ms, _, count, _ = _get(client, probe, timer)
                sample = samples[(user_key, probe.group, probe.label)]
                sample.found = _found(response)
                sample.queries = count
                # A request slower than SLOW_MS is timed fewer times: the run stays short.
                sample.repeat = REPEAT[probe.group] if warm_ms < SLOW_MS else min(3, REPEAT[probe.group])
        rounds = max(REPEAT.values())
        for round_no in range(rounds):  # round-robin, so no query profits from a hot streak
            for user_key, client in clients.items():
                for probe in probes[user_key]:
                    sample = samples[(user_key, probe.group, probe.label)]
                    if round_no >= sample.repeat:
                        continue
                    _, total_ms, db_ms, _, cpu_ms = _get(client, probe, timer)
                    sample.total_ms.append(total_ms)
                    sample.db_ms.append(db_ms)
                    sample.cpu_ms.append(cpu_ms)
    return samples


def _query_counts(client: Client) -> dict[str, dict[int, int]]:
    counts: dict[str, dict[int, int]] = {}
    for label, params in (("без запроса", {}), ("q=фонд помощи", {"q": "фонд помощи"})):
        counts[label] = {}
        for per_page in (25, 50, 100):
            url = f"{LIST_URL}?{urlencode({**params, 'per_page': per_page})}"
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} → {response.status_code}")
            counts[label][per_page] = len(ctx.captured_queries)
    label = "API ?q=фонд помощи"
    counts[label] = {}
    for page_size in (25, 50, 100):
        url = f"{API_URL}?{urlencode({'q': 'фонд помощи', 'page_size': page_size})}"
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} → {response.status_code}")
        counts[label][page_size] = len(ctx.captured_queries)
    return counts


def _explain(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [" ".join(str(c) for c in row[1:]) for row in cursor.fetchall()]


def _profile(
    clients: dict[str, Client], probes: dict[str, list[Probe]], slowest: list[tuple[str, str, str]]
) -> list[dict[str, Any]]:
    """Re-run the slowest requests with SQL captured; explain their slowest statements."""
    findings = []
    by_key = {(u, p.group, p.label): p for u, ps in probes.items() for p in ps}
    for key in slowest:
        probe = by_key[key]
        headers = {"HX-Request": "true"} if probe.htmx else {}
        with CaptureQueriesContext(connection) as ctx:
            clients[key[0]].get(probe.url, headers=headers)
        statements = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
        top = []
        for q in statements[:2]:
            if float(q["time"]) * 1000 < 5:
                continue
            top.append({"ms": float(q["time"]) * 1000, "sql": q["sql"], "plan": _explain(q["sql"])})
        findings.append({"user": key[0], "group": key[1], "label": key[2], "statements": top})
    return findings


def pages_benchmark() -> dict[str, Any]:
    started = time.monotonic()
    env = _setup()
    total = Organization.objects.count()
    clients: dict[str, Client] = {}
    visible: dict[str, int] = {}
    for user_key in ("federal", "consultant"):
        client = Client()
        client.force_login(env[user_key])
        clients[user_key] = client
    visible["federal"] = total
    visible["consultant"] = env["region_count"] + 1  # + the РЦ itself
    probes = {u: _probes(u, env, visible[u]) for u in clients}
    print(
        f"    пользователи: федеральный координатор (все {total} организаций) и консультант РЦ "
        f"региона «{env['region'].name}» ({visible['consultant']} организаций); "
        f"статусов добавлено: {env['statuses']}",
        flush=True,
    )
    samples = _time_probes(clients, probes)
    counts = _query_counts(clients["federal"])

    groups: dict[str, dict[str, Any]] = {}
    for user_key in (*clients, "all"):
        for group in REPEAT:
            totals = [
                t for (u, g, _), s in samples.items()
                if g == group and user_key in (u, "all") for t in s.total_ms
            ]  # fmt: skip
            dbs = [
                t for (u, g, _), s in samples.items()
                if g == group and user_key in (u, "all") for t in s.db_ms
            ]  # fmt: skip
            if totals:
                cpus = [
                    t for (u, g, _), s in samples.items() if g == group and user_key in (u, "all") for t in s.cpu_ms
                ]
                groups[f"{user_key}:{group}"] = {
                    **stats_ms(totals),
                    "db_median": stats_ms(dbs)["median"],
                    "cpu_median": stats_ms(cpus)["median"],
                    "cpu_p95": stats_ms(cpus)["p95"],
                }
    search_all = [t for (_, g, _), s in samples.items() if g in ("search", "api") for t in s.total_ms]
    search_cpu = [t for (_, g, _), s in samples.items() if g in ("search", "api") for t in s.cpu_ms]
    groups["all:search+api"] = stats_ms(search_all)
    groups["all:search+api:cpu"] = stats_ms(search_cpu)

    per_probe = [
        {
            "user": u, "group": g, "label": label, "found": s.found, "queries": s.queries,
            **stats_ms(s.total_ms), "db_median": stats_ms(s.db_ms)["median"],
            "cpu_median": stats_ms(s.cpu_ms)["median"],
        }
        for (u, g, label), s in samples.items()
    ]  # fmt: skip
    per_probe.sort(key=lambda row: -row["median"])
    lists = [row for row in per_probe if row["group"].startswith("list")][:2]
    searches = [row for row in per_probe if not row["group"].startswith("list")][:3]
    slowest = [(row["user"], row["group"], row["label"]) for row in (*lists, *searches)]
    findings = _profile(clients, probes, slowest)
    explain_path = BENCH_DIR / f"explain-{connection.vendor}.txt"
    with explain_path.open("w", encoding="utf-8") as handle:
        for finding in findings:
            handle.write(f"== {finding['user']} / {finding['label']}\n")
            for st in finding["statements"]:
                handle.write(f"-- {st['ms']:.1f} ms\n{st['sql']}\n")
                handle.write("\n".join(st["plan"]) + "\n\n")
    requests = sum(len(s.total_ms) for s in samples.values())
    return {
        "vendor": connection.vendor,
        "organizations": total,
        "consultant_region": env["region"].name,
        "consultant_visible": visible["consultant"],
        "requests": requests,
        "groups": groups,
        "per_probe": per_probe,
        "query_counts": counts,
        "findings": findings,
        "explain_file": str(explain_path),
        "seconds": round(time.monotonic() - started, 1),
    }
