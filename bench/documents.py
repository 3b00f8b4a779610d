"""Benchmark of the documents module: validating and rendering the АНО registration package.

`run()` works in the current Django database (migrated first if needed; the shipped АНО package is
installed if missing) and returns medians and p95 in milliseconds plus packages per minute on one process.
Rendering is DOCX only (no PDF), as the target says: render median under 300 ms.

    DEBUG=1 .venv/bin/python -m bench.documents
"""

import os
import statistics
import time
from typing import Any

from bench.common import percentile

TARGET_RENDER_MEDIAN_MS = 300
ROUNDS = int(os.environ.get("BENCH_DOCUMENTS_ROUNDS", "60"))


def _django() -> None:
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konstruktor.settings")
        import django

        django.setup()


def _timed(call: Any, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _summary(times: list[float]) -> dict[str, float]:
    return {
        "n": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
    }


def run() -> dict[str, Any]:
    _django()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)

    from konstruktor.documents.assembly import package_assemble
    from konstruktor.documents.models import PackageDefinition
    from konstruktor.documents.queries import package_check
    from konstruktor.documents.shipped.install import shipped_install
    from konstruktor.documents.tests.factories import ano_answers, founder
    from konstruktor.territories.models import Region

    if not PackageDefinition.objects.filter(slug="ano-registration").exists():
        shipped_install(slugs=["ano-registration"], write=lambda _: None)
    package = PackageDefinition.objects.get(slug="ano-registration")
    region = Region.objects.filter(fns_code="59").first()
    answers = ano_answers(
        founders=[founder("Иванов", "Иван", "Иванович"), founder("Петрова", "Мария", "Олеговна")],
        meeting_chair="Иванов Иван Иванович",
        meeting_secretary="Петрова Мария Олеговна",
    )

    def validate() -> Any:
        return package_check(package=package, answers=answers, region_name=region.name if region else "")

    def render() -> Any:
        return package_assemble(
            package=package,
            answers=answers,
            region_id=region.pk if region else None,
            region_name=region.name if region else "",
            version=1,
        )

    warm = time.perf_counter()
    first = render()  # compiles the templates and loads the morphology dictionary once per process
    cold_ms = (time.perf_counter() - warm) * 1000
    validate_times = _timed(validate, ROUNDS)
    render_times = _timed(render, ROUNDS)
    render_stats = _summary(render_times)
    result = {
        "package": package.slug,
        "database": connection.vendor,
        "documents": len(first.documents) + 1,
        "zip_kb": round(len(first.archive) / 1024),
        "first_render_ms": round(cold_ms, 1),
        "validate": _summary(validate_times),
        "render": render_stats,
        "packages_per_minute": round(60000 / statistics.mean(render_times)),
        "target_render_median_ms": TARGET_RENDER_MEDIAN_MS,
        "pass": render_stats["median_ms"] < TARGET_RENDER_MEDIAN_MS,
    }
    _print(result)
    return result


def _print(r: dict[str, Any]) -> None:
    v, rd = r["validate"], r["render"]
    print(f"Документы: пакет {r['package']} ({r['documents']} документов, ZIP {r['zip_kb']} КБ), база {r['database']}")
    print(f"  первое формирование (компиляция шаблонов): {r['first_render_ms']} мс")
    print(f"  проверка ответов:   медиана {v['median_ms']} мс, p95 {v['p95_ms']} мс (n={v['n']})")
    print(f"  формирование DOCX:  медиана {rd['median_ms']} мс, p95 {rd['p95_ms']} мс (n={rd['n']})")
    verdict = "PASS" if r["pass"] else "FAIL"
    print(
        f"  пакетов в минуту на одном процессе: {r['packages_per_minute']}; "
        f"цель — медиана формирования < {r['target_render_median_ms']} мс: {verdict}"
    )


if __name__ == "__main__":
    run()
