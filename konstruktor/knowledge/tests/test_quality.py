"""The search quality set: well formed, and our engine meets its target on the real content."""

import pytest

from konstruktor.knowledge.actions import knowledge_content_sync
from konstruktor.knowledge.content import CONTENT_DIR, article_file_parse, content_files
from konstruktor.knowledge.quality.evaluate import (
    baseline_available,
    postgres_baseline,
    quality_cases,
    quality_evaluate,
)

REAL_FILES = len(content_files(CONTENT_DIR))
needs_content = pytest.mark.skipif(
    REAL_FILES < 60, reason=f"в knowledge/content пока {REAL_FILES} статей из 60: содержание ещё пишется"
)


def test_the_quality_set_has_at_least_55_queries_each_with_an_answer() -> None:
    cases = quality_cases()
    assert len(cases) >= 55
    assert all(case.q.strip() and case.relevant for case in cases)
    assert len({case.q for case in cases}) == len(cases)


@needs_content
def test_every_expected_article_exists_in_the_content() -> None:
    slugs = {article_file_parse(path).slug for path in content_files(CONTENT_DIR)}
    missing = {slug for case in quality_cases() for slug in case.relevant} - slugs
    assert not missing


@needs_content
@pytest.mark.django_db
def test_our_search_reaches_mrr_085_on_the_real_content() -> None:
    knowledge_content_sync()
    report = quality_evaluate()
    assert report.mrr >= 0.85, report.rows
    assert report.recall >= 0.85


@needs_content
@pytest.mark.postgres_only
@pytest.mark.skipif(not baseline_available(), reason="базовая линия — полнотекстовый поиск PostgreSQL")
@pytest.mark.django_db
def test_our_search_is_well_above_the_postgres_russian_baseline() -> None:
    knowledge_content_sync()
    ours, baseline = quality_evaluate(), quality_evaluate(ranker=postgres_baseline)
    assert ours.mrr >= baseline.mrr + 0.2
