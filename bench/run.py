"""`make bench`: import 200 000 organizations and time the registry pages, per database.

SQLite always; PostgreSQL when reachable at BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432
by default; a dedicated database `konstruktor_bench` is created and dropped). Every step of a
database runs in a fresh subprocess (bench.worker) with that database's DATABASE_URL, so
Django's settings are clean and the project's own var/konstruktor.sqlite3 is never touched.

Targets are reported PASS/FAIL and never gate: the exit code is 0 unless a step crashed.
BENCH_KEEP=1 keeps the benchmark databases; BENCH_ROWS changes the row count;
BENCH_TRACEMALLOC=1 also traces Python allocations during the import (slow).

Flags (for development): `--only registry` runs the registry steps (import + pages) without the
module benchmarks; `--only territories` (or another module) runs the import and that module's step
alone; `--db sqlite` / `--db postgres` runs one database only.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import (
    BENCH_DIR,
    CSV_PATH,
    DATA_DIR,
    POSTGRES_DB,
    POSTGRES_SERVER_URL,
    REPO_ROOT,
    ROWS,
    TARGET_PEAK_MB,
    TARGET_ROWS_PER_SECOND,
    TARGET_SEARCH_P95_MS,
    result_read,
)
from bench.worker import MODULE_STEPS

STEP_TIMEOUT = 40 * 60
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
USER_TITLES = {"federal": "фед. координатор", "consultant": "консультант РЦ", "all": "все"}


class StepFailed(Exception):
    pass


def _load() -> str:
    """Other processes on the machine skew timings: the load average tells how busy it was."""
    return " / ".join(f"{v:.1f}" for v in os.getloadavg())


def _hr(title: str) -> None:
    print(f"\n=== {title} " + "=" * max(0, 86 - len(title)), flush=True)


# --- databases ----------------------------------------------------------------------------------


def _postgres_connect(dbname: str) -> Any:
    import psycopg

    return psycopg.connect(f"{POSTGRES_SERVER_URL}/{dbname}", connect_timeout=3, autocommit=True)


def postgres_available() -> str | None:
    """None when PostgreSQL is reachable, else the reason it is not."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg не установлен"
    try:
        with _postgres_connect("postgres") as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}"
    return None


def postgres_recreate(drop_only: bool = False) -> None:
    with _postgres_connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{POSTGRES_DB}"')


def sqlite_path() -> Path:
    return BENCH_DIR / "bench.sqlite3"


def sqlite_remove() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(sqlite_path()) + suffix).unlink(missing_ok=True)


# --- steps --------------------------------------------------------------------------------------


def run_step(db_key: str, env: dict[str, str], step: str) -> dict[str, Any]:
    result_path = BENCH_DIR / f"result-{db_key}-{step}.json"
    result_path.unlink(missing_ok=True)
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "bench.worker", step, str(result_path)],
            env=env, cwd=REPO_ROOT, timeout=STEP_TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise StepFailed(f"шаг «{step}» не уложился в {STEP_TIMEOUT} с") from exc
    if completed.returncode != 0 or not result_path.exists():
        raise StepFailed(f"шаг «{step}» завершился с кодом {completed.returncode}")
    result = result_read(result_path)
    result["wall_seconds"] = time.monotonic() - started
    return result


def _print_import(r: dict[str, Any]) -> None:
    traced = (
        f"{r['tracemalloc_peak_mb']:.0f} МБ"
        if r.get("tracemalloc_peak_mb") is not None
        else "не измерялся (BENCH_TRACEMALLOC=1)"
    )
    print(
        f"    строк {r['rows']}: добавлено {r['created']}, обновлено {r['updated']}, "
        f"без изменений {r['unchanged']}, отклонено {r['rejected']}\n"
        f"    время {r['seconds']:.1f} с → {r['rows_per_second']:.0f} строк/с "
        f"(из них в БД {r['db_seconds']:.1f} с, {r['db_statements']} SQL-вызовов); "
        f"пиковый RSS процесса {r['peak_rss_mb']:.0f} МБ (после запуска Django "
        f"{r['baseline_rss_mb']:.0f} МБ); пик tracemalloc: {traced}",
        flush=True,
    )
    if r.get("process_cpu_seconds") is not None:
        backend = r.get("backend_cpu_seconds")
        server = (
            " + сервер PostgreSQL не измерен (нет /proc его процесса)"
            if backend is None
            else (
                f" + сервер PostgreSQL {backend:.1f} с" if r.get("vendor") == "postgresql" else " (SQLite — в процессе)"
            )
        )
        print(
            f"    по ЦП: процесс {r['process_cpu_seconds']:.1f} с{server} → {r['cpu_rows_per_second']:.0f} строк/с "
            "(столько дала бы свободная машина; время стены включает ожидание занятого ЦП)",
            flush=True,
        )
    for reason, count in r.get("rejection_reasons", []):
        print(f"      отклонено {count}: {reason}")


def _print_pages(r: dict[str, Any]) -> None:
    print(f"    запросов: {r['requests']} (+ прогрев), шаг занял {r['seconds']:.0f} с")
    print(f"    {'группа':<32}{'пользователь':<18}{'n':>5}{'медиана':>10}{'p95':>9}{'макс':>9}{'БД мед.':>10}")
    for key, s in r["groups"].items():
        user_key, group = key.split(":", 1)
        if group.startswith("search+api"):
            continue
        title = {
            "list_p1": "список, стр. 1",
            "list_deep": "список, глубокая стр.",
            "search": "поиск/фильтры (страница)",
            "htmx": "поиск/фильтры (HTMX-фрагмент)",
            "api": "API ?q=",
        }[group]
        print(
            f"    {title:<32}{USER_TITLES[user_key]:<18}{s['n']:>5}{s['median']:>8.1f}мс"
            f"{s['p95']:>7.1f}мс{s['max']:>7.1f}мс{s['db_median']:>8.1f}мс"
        )
    s = r["groups"]["all:search+api"]
    print(
        f"    {'ПОИСК ВСЕГО (страница + API)':<32}{'все':<18}{s['n']:>5}{s['median']:>8.1f}мс"
        f"{s['p95']:>7.1f}мс{s['max']:>7.1f}мс"
    )
    cpu = r["groups"].get("all:search+api:cpu")
    if cpu:
        print(
            f"    {'  то же по ЦП (процесс + сервер БД)':<32}{'все':<18}{cpu['n']:>5}{cpu['median']:>8.1f}мс"
            f"{cpu['p95']:>7.1f}мс{cpu['max']:>7.1f}мс"
        )
    print("    самые медленные запросы (медиана):")
    for row in r["per_probe"][:8]:
        found = "—" if row["found"] is None else row["found"]
        print(
            f"      {row['median']:7.1f} мс (БД {row['db_median']:6.1f}, SQL {row['queries']}) "
            f"{USER_TITLES[row['user']]:<17} {row['label'][:40]:<40} найдено {found}"
        )
    print("    SQL-запросов на страницу списка (per_page / page_size 25 / 50 / 100):")
    for label, counts in r["query_counts"].items():
        values = " / ".join(str(counts[k]) for k in sorted(counts, key=int))
        print(f"      {label:<20} {values}")
    print(f"    разбор медленных запросов (EXPLAIN) — полностью в {r['explain_file']}:")
    for f in r["findings"]:
        print(f"      • {USER_TITLES[f['user']]}, {f['label']}:")
        for st in f["statements"]:
            sql = " ".join(st["sql"].split())
            print(f"        {st['ms']:.1f} мс: {sql[:150]}{'…' if len(sql) > 150 else ''}")
            for line in st["plan"][:14]:
                print(f"          {line[:130]}")


def run_database(
    db_key: str, title: str, url: str, need_csv: bool, modules: tuple[str, ...] = MODULE_STEPS, pages: bool = True
) -> dict[str, Any]:
    _hr(f"{title}: {url.split('@')[-1] if '@' in url else url}")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KONSTRUKTOR_VAR_DIR": str(BENCH_DIR / f"var-{db_key}"),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.setdefault("DJANGO_SETTINGS_MODULE", "konstruktor.settings")
    out: dict[str, Any] = {"title": title}
    started = time.monotonic()
    try:
        print("  1) миграции (регионы и ОПФ загружаются миграциями данных)…", flush=True)
        r = run_step(db_key, env, "migrate")
        print(f"    готово за {r['seconds']} с: регионов {r['regions']}, ОПФ {r['legal_forms']}")
        if need_csv:
            print(f"  2) подготовка CSV на {ROWS} строк из реальных данных…", flush=True)
            r = run_step(db_key, env, "generate")
            out["dataset"] = r
            state = "взят готовый" if r["cached"] else f"собран за {r['seconds']} с"
            print(
                f"    {CSV_PATH.relative_to(REPO_ROOT)}: {state}, {r['bytes'] / 2**20:.0f} МБ; "
                f"исходных строк {r['source_rows']}, из них без распознанного региона "
                f"{r['unmatched_region_sources']}, без распознанной ОПФ "
                f"{r['unmatched_legal_form_sources']}"
            )
        print(
            f"  3) импорт через organizations_import (skip_invalid, системный, by=None); load average {_load()}…",
            flush=True,
        )
        out["import"] = run_step(db_key, env, "import")
        _print_import(out["import"])
        if pages:
            print(f"  4) время ответа страниц реестра (django.test.Client); load average {_load()}…", flush=True)
            out["pages"] = run_step(db_key, env, "pages")
            _print_pages(out["pages"])
        for number, name in enumerate(modules, start=5 if pages else 4):
            print(f"  {number}) модуль {name} (bench/{name}.py)…", flush=True)
            try:
                out[name] = run_step(db_key, env, name)
            except StepFailed as exc:
                out[name] = {"error": str(exc)}
                print(f"    ОШИБКА: {exc}", flush=True)
    except StepFailed as exc:
        out["error"] = str(exc)
        print(f"  ОШИБКА: {exc}", flush=True)
    out["seconds"] = time.monotonic() - started
    print(f"  {title}: {out['seconds']:.0f} с", flush=True)
    return out


# --- summary ------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def summary(results: list[dict[str, Any]], skipped: dict[str, str]) -> list[str]:
    titles = [r["title"] for r in results]
    lines = [f"{'Показатель':<46}" + "".join(f"{t:>22}" for t in titles)]

    def row(name: str, cell: Any) -> None:
        lines.append(f"{name:<46}" + "".join(f"{cell(r):>22}" for r in results))

    def imp(r: dict[str, Any], fn: Any) -> str:
        return fn(r["import"]) if "import" in r else "—"

    def pages(r: dict[str, Any], fn: Any) -> str:
        return fn(r["pages"]) if "pages" in r else "—"

    row(
        f"Импорт, строк/с (цель ≥ {TARGET_ROWS_PER_SECOND})",
        lambda r: imp(r, lambda i: f"{i['rows_per_second']:.0f} "
                      f"{_verdict(i['rows_per_second'] >= TARGET_ROWS_PER_SECOND)}"),
    )  # fmt: skip
    row(
        "  то же по ЦП (процесс + сервер БД), строк/с",
        lambda r: imp(r, lambda i: f"{i['cpu_rows_per_second']:.0f} "
                      f"{_verdict(i['cpu_rows_per_second'] >= TARGET_ROWS_PER_SECOND)}"
                      if i.get("cpu_rows_per_second") else "—"),
    )  # fmt: skip
    row(
        f"Импорт, пиковый RSS (цель < {TARGET_PEAK_MB} МБ)",
        lambda r: imp(r, lambda i: f"{i['peak_rss_mb']:.0f} МБ "
                      f"{_verdict(i['peak_rss_mb'] < TARGET_PEAK_MB)}"),
    )  # fmt: skip
    row(
        "Импорт: добавлено / отклонено",
        lambda r: imp(r, lambda i: f"{i['created']} / {i['rejected']}"),
    )
    row(
        f"Поиск p95, страница+API (цель < {TARGET_SEARCH_P95_MS} мс)",
        lambda r: pages(r, lambda p: f"{p['groups']['all:search+api']['p95']:.1f} мс "
                        f"{_verdict(p['groups']['all:search+api']['p95'] < TARGET_SEARCH_P95_MS)}"),
    )  # fmt: skip
    row(
        "  то же по ЦП (процесс + сервер БД)",
        lambda r: pages(r, lambda p: f"{p['groups']['all:search+api:cpu']['p95']:.1f} мс "
                        f"{_verdict(p['groups']['all:search+api:cpu']['p95'] < TARGET_SEARCH_P95_MS)}"
                        if "all:search+api:cpu" in p["groups"] else "—"),
    )  # fmt: skip
    for group, name in (
        ("search", "  поиск/фильтры, страница: медиана / p95"),
        ("htmx", "  поиск, HTMX-фрагмент: медиана / p95"),
        ("api", "  API ?q=: медиана / p95"),
        ("list_p1", "  список стр. 1: медиана / p95 (справочно)"),
        ("list_deep", "  глубокая стр.: медиана / p95 (справочно)"),
    ):
        row(
            name,
            lambda r, g=group: pages(
                r, lambda p: f"{p['groups'][f'all:{g}']['median']:.0f} / "
                f"{p['groups'][f'all:{g}']['p95']:.0f} мс"
            ),
        )  # fmt: skip

    def counts(p: dict[str, Any]) -> str:
        # The target: a page's query count does not grow with the page size (a search may add
        # its own fixed queries, e.g. SQLite's index probe).
        constant = all(len(set(c.values())) == 1 for c in p["query_counts"].values())
        text = " · ".join("/".join(str(c[k]) for k in sorted(c, key=int)) for c in p["query_counts"].values())
        return f"{text} {_verdict(constant)}"

    row("SQL на стр. 25/50/100 (список · с q · API)", lambda r: pages(r, counts))
    row("Время прогона", lambda r: f"{r['seconds']:.0f} с" + (" ОШИБКА" if "error" in r else ""))
    for title, reason in skipped.items():
        lines.append(f"{title}: ПРОПУЩЕН — {reason}")
    return lines


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        choices=("registry", *MODULE_STEPS),
        help="registry: импорт и страницы реестра, без замеров модулей; имя модуля: импорт и замер этого модуля",
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), help="только эта база")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.monotonic()
    _hr(f"Бенчмарк реестра НКО: {ROWS} организаций")
    print(
        f"Ядер: {os.cpu_count()}, load average (1 / 5 / 15 мин) перед стартом: {_load()}"
        " — машина общая, при высокой нагрузке время стены выше процессорного",
        flush=True,
    )
    if not DATA_DIR.is_dir():
        print(
            f"ПРОПУЩЕНО: нет каталога с реальными данными {DATA_DIR} (../shared/data/organizations "
            "относительно корня проекта) — CSV для импорта собрать не из чего."
        )
        return 0
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    databases: list[tuple[str, str, str]] = []
    if args.db in (None, "sqlite"):
        databases.append(("sqlite", "SQLite", f"sqlite:///{sqlite_path()}"))
    skipped: dict[str, str] = {}
    if args.db == "sqlite":
        skipped["PostgreSQL"] = "не выбран (--db sqlite)"
    elif (reason := postgres_available()) is None:
        databases.append(("postgres", "PostgreSQL", f"{POSTGRES_SERVER_URL}/{POSTGRES_DB}"))
    else:
        skipped["PostgreSQL"] = f"сервер {POSTGRES_SERVER_URL} недоступен ({reason})"
        print(f"PostgreSQL ПРОПУЩЕН: {skipped['PostgreSQL']}", flush=True)

    results = []
    csv_ready = False
    for db_key, title, url in databases:
        if db_key == "sqlite":
            sqlite_remove()
        else:
            postgres_recreate()
        shutil.rmtree(BENCH_DIR / f"var-{db_key}", ignore_errors=True)
        try:
            result = run_database(
                db_key, title, url, need_csv=not csv_ready,
                modules=MODULE_STEPS if args.only is None else tuple(m for m in MODULE_STEPS if m == args.only),
                pages=args.only in (None, "registry"),
            )  # fmt: skip
            csv_ready = csv_ready or "dataset" in result
            results.append(result)
        finally:
            if not KEEP:
                if db_key == "sqlite":
                    sqlite_remove()
                else:
                    postgres_recreate(drop_only=True)
                shutil.rmtree(BENCH_DIR / f"var-{db_key}", ignore_errors=True)

    _hr("Итог")
    for line in summary(results, skipped):
        print(line)
    total = time.monotonic() - started
    print(f"Общее время: {total / 60:.1f} мин ({total:.0f} с); load average в конце: {_load()}")
    crashed = [r["title"] for r in results if "error" in r]
    if crashed:
        print("Прогон прерван ошибкой: " + ", ".join(crashed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
