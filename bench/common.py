"""Paths, targets and small helpers shared by the orchestrator and the workers (no Django)."""

import json
import math
import os
import statistics
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "var" / "bench"
DATA_DIR = (REPO_ROOT / ".." / "shared" / "data" / "organizations").resolve()
SOURCE_FILES = (
    "sfds-buh_data.csv",
    "sfds-foundations_codes.csv",
    "ngodata-minjust-pravvooh-2014.tsv",
)
ROWS = int(os.environ.get("BENCH_ROWS", "200000"))
CSV_PATH = BENCH_DIR / f"organizations-{ROWS}.csv"

POSTGRES_SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DB = "konstruktor_bench"

# Targets (the summary marks each PASS or FAIL; nothing here gates).
TARGET_ROWS_PER_SECOND = 5000
TARGET_PEAK_MB = 500
TARGET_SEARCH_P95_MS = 100


def result_write(path: str | Path, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def result_read(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def stats_ms(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p95": percentile(values, 95),
        "max": max(values),
    }
