"""One benchmark step in a fresh process: `python -m bench.worker <step> <result.json>`.

The orchestrator (bench.run) sets DATABASE_URL and KONSTRUKTOR_VAR_DIR before starting it,
so Django's settings are clean and point at the benchmark's own database.
"""

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.common import CSV_PATH, ROWS, result_write


def _rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_migrate() -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    from konstruktor.organizations.models import LegalForm
    from konstruktor.territories.models import Region

    return {
        "seconds": round(time.monotonic() - started, 1),
        "vendor": connection.vendor,
        "regions": Region.objects.count(),
        "legal_forms": LegalForm.objects.count(),
    }


def step_generate() -> dict[str, Any]:
    from bench.dataset import dataset_build

    return dataset_build(CSV_PATH, ROWS)


def step_import() -> dict[str, Any]:
    """The import alone in this process: its peak RSS is the import's (plus Django's own)."""
    from django.db import connection

    from bench.dbtime import DbTimer, backend_cpu_seconds
    from konstruktor.organizations.importing import (
        mapping_detect,
        organizations_import,
        source_sniff,
    )
    from konstruktor.organizations.models import Organization

    trace = os.environ.get("BENCH_TRACEMALLOC", "") == "1"
    baseline_mb = _rss_mb()
    info = source_sniff(CSV_PATH)
    layout, mapping = mapping_detect(info.header)
    print(
        f"    файл {CSV_PATH.name}: формат {info.format}, {info.encoding}, "
        f"разделитель {info.delimiter_name!r}, макет «{layout or 'не распознан'}», "
        f"~{info.rows_estimate} строк",
        flush=True,
    )
    next_report = [50_000]

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase == "running" and done >= next_report[0]:
            print(f"    … {done} строк, RSS {_rss_mb():.0f} МБ", flush=True)
            next_report[0] += 50_000

    timer = DbTimer()
    if trace:
        tracemalloc.start()
    backend_before = backend_cpu_seconds()
    cpu_before = time.process_time()
    started = time.monotonic()
    with connection.execute_wrapper(timer):
        report = organizations_import(
            path=CSV_PATH, mapping=mapping, mode="skip_invalid", by=None, progress=progress, info=info
        )
    seconds = time.monotonic() - started
    process_cpu = time.process_time() - cpu_before
    backend_after = backend_cpu_seconds()
    backend_cpu = backend_after - backend_before if backend_before is not None and backend_after is not None else None
    cpu = process_cpu + (backend_cpu or 0.0)
    traced_mb = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    if trace:
        tracemalloc.stop()
    reasons: dict[str, int] = {}
    for rejection in report.rejections:
        key = rejection.reason.split(" (")[0][:90]
        reasons[key] = reasons.get(key, 0) + 1
    return {
        "layout": layout,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "rejection_reasons": sorted(reasons.items(), key=lambda kv: -kv[1])[:5],
        "seconds": seconds,
        "importer_seconds": report.seconds,
        "db_seconds": timer.seconds,
        "db_statements": timer.count,
        "rows_per_second": report.rows / seconds if seconds else 0.0,
        # CPU-bound: what the import costs on an idle machine (the wall time above also holds the
        # waits for a CPU that other processes took). SQLite works inside this process.
        "process_cpu_seconds": process_cpu,
        "backend_cpu_seconds": backend_cpu,
        "cpu_rows_per_second": report.rows / cpu if cpu else 0.0,
        "baseline_rss_mb": baseline_mb,
        "peak_rss_mb": _rss_mb(),
        "tracemalloc_peak_mb": traced_mb,
        "organizations": Organization.objects.count(),
        "vendor": connection.vendor,
    }


def step_pages() -> dict[str, Any]:
    from bench.pages import pages_benchmark

    return pages_benchmark()


def _module_step(name: str) -> Any:
    """A module's own benchmark (bench/<name>.py `run() -> dict`) on the loaded database."""

    def step() -> dict[str, Any]:
        import importlib
        import json

        module = importlib.import_module(f"bench.{name}")
        result = module.run()
        # Modules that do not print as they go (monitoring) describe their result in report().
        for line in getattr(module, "report", lambda _result: [])(result):
            print(f"    {line}", flush=True)
        return json.loads(json.dumps(result, default=str))

    return step


MODULE_STEPS = ("territories", "knowledge", "documents", "monitoring", "practices")

STEPS = {
    "migrate": step_migrate,
    "generate": step_generate,
    "import": step_import,
    "pages": step_pages,
    **{name: _module_step(name) for name in MODULE_STEPS},
}


def main() -> None:
    step, result_path = sys.argv[1], Path(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "konstruktor.settings")
    import django

    django.setup()
    result = STEPS[step]()
    result["step_peak_rss_mb"] = _rss_mb()
    result_write(result_path, result)


if __name__ == "__main__":
    main()
