"""Handbook search benchmark: quality on the real content, then latency with 5 000 articles.

`run()` works in the current Django database (set up and migrated by the caller):
1. loads the real Markdown content and scores the quality set (MRR@10, recall@5) — ours, and
   on PostgreSQL also plain full-text search with the `russian` configuration as a baseline;
2. adds generated articles (the real ones repeated with variations) up to BENCH_KNOWLEDGE_ARTICLES
   (5 000), rebuilds the handbook's search index;
3. times ~300 searches (engine call and the JSON API) after a warm-up pass;
4. removes the generated articles again (BENCH_KEEP=1 keeps them).

Wall time on a shared machine follows its load, so each request is also timed in CPU time of
this process (Django, the engine, and SQLite itself; PostgreSQL's server work is timed apart, as
the time spent waiting on the database) and the load average is printed before and after.

Alone, without the registry import of `make bench` (a fresh database per run, dropped after):
    DEBUG=1 .venv/bin/python -m bench.knowledge --db sqlite --db postgres
`--db current` uses DATABASE_URL / the settings' database as it is (migrating it first).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from typing import Any

from bench.common import BENCH_DIR, POSTGRES_SERVER_URL, REPO_ROOT, percentile
from bench.dbtime import DbTimer, backend_cpu_seconds

ARTICLES = int(os.environ.get("BENCH_KNOWLEDGE_ARTICLES", "5000"))
LATENCY_QUERIES = 300
TARGET_MRR = 0.85
TARGET_P95_MS = 50.0
PREFIX = "bench-"

REGIONS = (
    "в Пермском крае", "в Югре", "в Республике Татарстан", "в Новосибирской области", "в Калининградской области",
    "в Приморском крае", "в Свердловской области", "в Республике Саха (Якутия)", "в Краснодарском крае",
    "в Тюменской области", "в Москве", "в Самарской области",
)  # fmt: skip
ASIDES = (
    "Практика регионального ресурсного центра.",
    "Ответ подготовлен по итогам консультаций РЦ.",
    "Памятка для инициативных групп и НКО.",
    "Уточните региональные особенности в министерстве социальной политики.",
    "Пример из работы консультантов.",
)
ASKING = ("подскажите", "вопрос:", "срочно", "помогите разобраться", "коллеги,", "")


def _print(line: str = "") -> None:
    print(line, flush=True)


def _variant(article: Any, n: int, rng: random.Random) -> dict[str, Any]:
    region = REGIONS[n % len(REGIONS)]
    paragraphs = [p for p in article.body.split("\n\n") if p.strip()]
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    rest = rest[: max(1, len(rest) - rng.randint(0, 2))]
    body = "\n\n".join([*head, *rest, f"{rng.choice(ASIDES)} Опыт {region}."])
    title = article.title.rstrip("?") + f" ({region})" + ("?" if article.title.endswith("?") else "")
    return {
        "slug": f"{PREFIX}{n}-{article.slug}"[:150],
        "section_id": article.section_id,
        "order": 1000 + n,
        "title": title[:300],
        "body": body,
        "legal_basis": article.legal_basis,
        "valid_from": article.valid_from,
        "audience": article.audience,
        "status": article.status,
    }


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _latency_queries(cases: list[Any], rng: random.Random) -> list[str]:
    """The quality queries, then the same reworded: a polite prefix, a typo, only the first words."""
    queries = [c.q for c in cases]
    while len(queries) < LATENCY_QUERIES:
        q = rng.choice(cases).q
        words = q.split()
        kind = len(queries) % 3
        if kind == 0:
            queries.append(f"{rng.choice(ASKING)} {q}".strip())
        elif kind == 1:
            i = rng.randrange(len(words))
            queries.append(" ".join([*words[:i], _typo(words[i], rng), *words[i + 1 :]]))
        else:
            queries.append(" ".join(words[: max(2, len(words) // 2)]))
    return queries[:LATENCY_QUERIES]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "max_ms": round(max(values), 2),
    }


def _cleanup() -> None:
    from konstruktor.core.search import index_remove_many
    from konstruktor.knowledge.models import Article

    generated = Article.objects.filter(slug__startswith=PREFIX)
    index_remove_many(Article, list(generated.values_list("pk", flat=True)))
    generated.delete()


def run() -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client

    from konstruktor.knowledge.actions import knowledge_content_sync, knowledge_reindex
    from konstruktor.knowledge.models import Article
    from konstruktor.knowledge.quality.evaluate import (
        baseline_available,
        postgres_baseline,
        quality_cases,
        quality_evaluate,
    )
    from konstruktor.knowledge.queries import article_search

    rng = random.Random(20261127)
    result: dict[str, Any] = {"vendor": connection.vendor, "load_average": {"start": os.getloadavg()}}
    _print(f"=== Справочник: поиск ({connection.vendor}) ===")
    _print(f"  загрузка машины (load average за 1 мин): {os.getloadavg()[0]:.1f} на {os.cpu_count()} ядрах")
    _cleanup()
    started = time.perf_counter()
    report = knowledge_content_sync()
    real = list(Article.objects.exclude(slug__startswith=PREFIX).order_by("pk"))
    result["real_articles"] = len(real)
    _print(f"  статей из knowledge/content: {len(real)} ({report}), {time.perf_counter() - started:.1f} с")

    cases = quality_cases()
    ours = quality_evaluate(cases=cases)
    result["quality"] = ours.as_dict()
    verdict = "PASS" if ours.mrr >= TARGET_MRR else "FAIL"
    _print(f"  качество, наш поиск ({ours.queries} запросов): MRR@10 {ours.mrr:.3f}, recall@5 {ours.recall:.3f}"
           f"  [{verdict}: цель MRR@10 ≥ {TARGET_MRR}]")  # fmt: skip
    if baseline_available():
        base = quality_evaluate(ranker=postgres_baseline, cases=cases)
        result["baseline"] = base.as_dict()
        _print(f"  базовая линия PostgreSQL (to_tsvector('russian') @@ plainto_tsquery, ts_rank): "
               f"MRR@10 {base.mrr:.3f}, recall@5 {base.recall:.3f}")  # fmt: skip
    else:
        _print("  базовая линия PostgreSQL: не считается на SQLite")

    if not real:
        _print("  нет статей — замер задержки пропущен")
        return result
    started = time.perf_counter()
    rows = [_variant(real[n % len(real)], n, rng) for n in range(max(0, ARTICLES - len(real)))]
    Article.objects.bulk_create([Article(**row) for row in rows], batch_size=500)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    indexed = knowledge_reindex()
    rebuild = time.perf_counter() - started
    with connection.cursor() as cursor:  # fresh statistics after a bulk load, as autovacuum would do
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result["articles"] = Article.objects.count()
    result["index_rebuild_seconds"] = round(rebuild, 1)
    _print(
        f"  загружено статей: {result['articles']} ({loaded:.1f} с); индекс перестроен: {indexed} статей за {rebuild:.1f} с"
    )

    queries = _latency_queries(cases, rng)
    anonymous = AnonymousUser()
    client = Client(SERVER_NAME="localhost")
    for q in queries:  # warm-up: lemma cache, vocabulary, database cache
        article_search(user=anonymous, text=q)
        client.get("/api/v1/knowledge/search", {"q": q})
    load_before = os.getloadavg()
    samples: dict[str, list[float]] = {
        key: [] for key in ("engine", "engine_cpu", "engine_db", "engine_server_cpu", "api", "api_cpu")
    }
    timer = DbTimer()
    statements = 0
    with connection.execute_wrapper(timer):
        for q in queries:
            b0 = backend_cpu_seconds()
            t0, c0, d0, n0 = time.perf_counter(), time.process_time(), timer.seconds, timer.count
            article_search(user=anonymous, text=q)
            samples["engine"].append((time.perf_counter() - t0) * 1000)
            samples["engine_cpu"].append((time.process_time() - c0) * 1000)
            samples["engine_db"].append((timer.seconds - d0) * 1000)
            statements += timer.count - n0
            b1 = backend_cpu_seconds()
            if b0 is not None and b1 is not None:
                samples["engine_server_cpu"].append((b1 - b0) * 1000)
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get("/api/v1/knowledge/search", {"q": q})
            samples["api"].append((time.perf_counter() - t0) * 1000)
            samples["api_cpu"].append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, response.status_code
    load_after = os.getloadavg()
    result["latency_engine"] = _stats(samples["engine"])
    result["latency_api"] = _stats(samples["api"])
    result["cpu_engine"] = _stats(samples["engine_cpu"])
    result["cpu_api"] = _stats(samples["api_cpu"])
    result["db_engine"] = _stats(samples["engine_db"])
    result["sql_per_search"] = round(statements / len(queries), 2)
    result["load_average"].update(before=load_before, after=load_after)
    for title, key, cpu_key in (
        ("поиск (queries.article_search, 10 результатов со сниппетами)", "latency_engine", "cpu_engine"),
        ("GET /api/v1/knowledge/search", "latency_api", "cpu_api"),
    ):
        s, cpu = result[key], result[cpu_key]
        verdict = "PASS" if s["p95_ms"] < TARGET_P95_MS else "FAIL"
        _print(f"  {title}: {s['n']} запросов, медиана {s['median_ms']:.1f} мс, p95 {s['p95_ms']:.1f} мс, "
               f"макс {s['max_ms']:.1f} мс  [{verdict}: цель p95 < {TARGET_P95_MS:.0f} мс]")  # fmt: skip
        _print(f"    процессорное время на запрос: медиана {cpu['median_ms']:.1f} мс, p95 {cpu['p95_ms']:.1f} мс")
    db = result["db_engine"]
    where = (
        "SQLite работает в этом же процессе и входит в процессорное время"
        if connection.vendor == "sqlite"
        else "время сервера PostgreSQL и обмена с ним в процессорное время не входит"
    )
    _print(f"  из них ожидание БД в поиске: медиана {db['median_ms']:.1f} мс, p95 {db['p95_ms']:.1f} мс, "
           f"{result['sql_per_search']:.1f} SQL-запроса на поиск ({where})")  # fmt: skip
    if connection.vendor == "postgresql" and samples["engine_server_cpu"]:
        server = result["server_cpu_engine"] = _stats(samples["engine_server_cpu"])
        _print(f"  процессорное время сервера PostgreSQL на поиск: медиана {server['median_ms']:.1f} мс, "
               f"p95 {server['p95_ms']:.1f} мс (его процесс на этой машине, /proc)")  # fmt: skip
    _print(
        "  load average (1 / 5 / 15 мин) до замера: "
        + " / ".join(f"{v:.1f}" for v in load_before)
        + ", после: "
        + " / ".join(f"{v:.1f}" for v in load_after)
        + f" на {os.cpu_count()} ядрах"
        " (при нагрузке выше числа ядер время стены растёт, процессорное — нет)"
    )
    if os.environ.get("BENCH_KEEP", "") != "1":
        _cleanup()
    return result


POSTGRES_DB = "konstruktor_bench_knowledge"


def _standalone(db: str) -> int:
    """Run the benchmark in a child process on a fresh database of its own, then drop it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "konstruktor.settings", "LOG_LEVEL": "WARNING"}
    env.setdefault("DEBUG", "1")
    var_dir = BENCH_DIR / f"knowledge-{db}"
    env["KONSTRUKTOR_VAR_DIR"] = str(var_dir)
    cleanup: Any = None
    if db == "sqlite":
        import shutil

        shutil.rmtree(var_dir, ignore_errors=True)
        var_dir.mkdir(parents=True)
        env["DATABASE_URL"] = f"sqlite:///{var_dir / 'knowledge.sqlite3'}"

        def cleanup() -> None:
            shutil.rmtree(var_dir, ignore_errors=True)

    else:
        import psycopg

        def recreate(drop_only: bool = False) -> None:
            with psycopg.connect(f"{POSTGRES_SERVER_URL}/postgres", autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')
                if not drop_only:
                    conn.execute(f'CREATE DATABASE "{POSTGRES_DB}"')

        try:
            recreate()
        except psycopg.Error as exc:
            print(f"PostgreSQL ПРОПУЩЕН: {POSTGRES_SERVER_URL} недоступен ({exc})", flush=True)
            return 0
        env["DATABASE_URL"] = f"{POSTGRES_SERVER_URL}/{POSTGRES_DB}"
        var_dir.mkdir(parents=True, exist_ok=True)

        def cleanup() -> None:
            recreate(drop_only=True)

    try:
        return subprocess.run(
            [sys.executable, "-m", "bench.knowledge", "--db", "current"], env=env, cwd=REPO_ROOT, check=False
        ).returncode
    finally:
        if os.environ.get("BENCH_KEEP", "") != "1":
            cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.knowledge", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", action="append", choices=("sqlite", "postgres", "current"),
        help="sqlite / postgres: своя свежая база на время замера (можно обе); current: база из DATABASE_URL",
    )  # fmt: skip
    databases = parser.parse_args(argv).db or ["current"]
    if databases != ["current"]:
        return max(_standalone(db) for db in databases if db != "current")
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konstruktor.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
