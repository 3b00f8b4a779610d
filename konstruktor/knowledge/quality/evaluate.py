"""Search quality of the handbook: MRR@10 and recall@5 over queries.yaml.

`quality_evaluate()` scores our engine on the articles in the current database; on PostgreSQL
`quality_evaluate(ranker=postgres_baseline)` scores plain full-text search with the `russian`
configuration for comparison. `konstruktor knowledge_quality` prints the per-query ranks.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import connection

from konstruktor.core.search import search
from konstruktor.knowledge.models import Article, Status
from konstruktor.knowledge.queries import SEARCH_KIND

QUERIES = Path(__file__).with_name("queries.yaml")
TOP = 10
RECALL_AT = 5

Ranker = Callable[[str], list[str]]


@dataclass(frozen=True)
class QualityCase:
    q: str
    relevant: tuple[str, ...]
    note: str = ""


@dataclass
class QualityReport:
    mrr: float
    recall: float
    queries: int
    # (query, rank of the first relevant article or None, top-3 slugs)
    rows: list[tuple[str, int | None, list[str]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        return {"mrr_at_10": round(self.mrr, 4), "recall_at_5": round(self.recall, 4), "queries": self.queries}


def quality_cases(path: Path = QUERIES) -> list[QualityCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        QualityCase(q=str(item["q"]), relevant=tuple(item["relevant"]), note=str(item.get("note", "")))
        for item in data["queries"]
    ]


def engine_ranking(text: str) -> list[str]:
    """Slugs of our engine's top results (published articles of every audience)."""
    page = search(text, kinds=[SEARCH_KIND], filters={"status": Status.PUBLISHED}, limit=TOP)
    slugs = dict(Article.objects.filter(pk__in=[h.object_id for h in page.results]).values_list("pk", "slug"))
    return [slugs[h.object_id] for h in page.results if h.object_id in slugs]


_BASELINE_SQL = """
    SELECT slug FROM knowledge_article
    WHERE status = %s
      AND to_tsvector('russian', title || ' ' || body) @@ plainto_tsquery('russian', %s)
    ORDER BY ts_rank(to_tsvector('russian', title || ' ' || body), plainto_tsquery('russian', %s)) DESC, id
    LIMIT %s
"""


def postgres_baseline(text: str) -> list[str]:
    """Plain PostgreSQL full-text search, `russian` configuration, ranked by ts_rank."""
    with connection.cursor() as cursor:
        cursor.execute(_BASELINE_SQL, [Status.PUBLISHED, text, text, TOP])
        return [row[0] for row in cursor.fetchall()]


def quality_evaluate(*, ranker: Ranker = engine_ranking, cases: list[QualityCase] | None = None) -> QualityReport:
    cases = cases if cases is not None else quality_cases()
    reciprocal = 0.0
    recall = 0.0
    rows: list[tuple[str, int | None, list[str]]] = []
    for case in cases:
        ranked = ranker(case.q)[:TOP]
        rank = next((i for i, slug in enumerate(ranked, 1) if slug in case.relevant), None)
        reciprocal += 1 / rank if rank else 0.0
        recall += len(set(ranked[:RECALL_AT]) & set(case.relevant)) / len(case.relevant)
        rows.append((case.q, rank, ranked[:3]))
    n = len(cases) or 1
    return QualityReport(mrr=reciprocal / n, recall=recall / n, queries=len(cases), rows=rows)


def baseline_available() -> bool:
    return connection.vendor == "postgresql"


def quality_lines(report: QualityReport, *, all_rows: bool = False) -> list[str]:
    """Printable lines: the queries whose best answer was not first, then the totals."""
    lines = [f"{rank or '—':>3}  {q}  →  {', '.join(top)}" for q, rank, top in report.rows if all_rows or rank != 1]
    lines.append(f"MRR@10 {report.mrr:.3f}, recall@5 {report.recall:.3f} на {report.queries} запросах")
    return lines
