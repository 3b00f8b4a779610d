"""How a practice is described to the search index (core.search); the catalog searches it.

Every practice is indexed (staff search drafts too); only published ones are `public`. The
facets carry what the public catalog filters, counts and sorts by, so the catalog never joins
the passport tables to draw its lists (see the practices.catalog package).
"""

from collections.abc import Iterator

from django.db.models import QuerySet

from konstruktor.core.search import DocumentSpec, index_bulk, index_update
from konstruktor.practices.models import Practice

SEARCH_KIND = "practice"
# What practice_document_spec reads besides the practice row; prefetch it for many practices.
INDEX_SELECT = ("organization",)
INDEX_PREFETCH = ("target_groups", "areas", "regions", "outcomes")


def practice_document_spec(practice: Practice) -> DocumentSpec:
    """The search document of a practice (call with INDEX_SELECT/INDEX_PREFETCH loaded for many)."""
    target_groups = list(practice.target_groups.all())
    areas = list(practice.areas.all())
    organization = practice.organization_name or (str(practice.organization) if practice.organization_id else "")
    body = "\n".join(
        part
        for part in (
            practice.summary,
            practice.social_problem,
            practice.target_group_criteria,
            practice.logic_model,
            "\n".join(o.name for o in practice.outcomes.all()),
            organization,
        )
        if part
    )
    cost = practice.cost_per_beneficiary
    return DocumentSpec(
        kind=SEARCH_KIND,
        title=practice.title,
        url=practice.get_public_url(),
        body=body,
        keywords=", ".join([*(t.name for t in target_groups), *(a.short_name for a in areas)]),
        status=practice.status,
        region=practice.region_id,
        public=practice.is_public,
        facets={
            "level": practice.evidence_level,
            "flag": practice.evidence_flag,
            "decision": practice.decision_category,
            "areas": sorted(a.pk for a in areas),
            "target_groups": sorted(t.pk for t in target_groups),
            # Where it runs: the leading organization's region and every region listed.
            "regions": sorted({practice.region_id, *(r.pk for r in practice.regions.all())}),
            "cost": None if cost is None else float(cost),
            "merit": None if practice.merit_score is None else float(practice.merit_score),
            "published": practice.published_at.isoformat() if practice.published_at else "",
        },
    )


def practice_reindex(practice: Practice) -> None:
    """Call after every write that changes what the catalog shows (passport, status, decision)."""
    index_update(practice, practice_document_spec(practice))


def practice_index_bulk(practices: QuerySet[Practice], *, chunk_size: int = 500) -> int:
    """(Re)index many practices at once — an import, a rebuild, the benchmark; returns the count."""
    loaded = practices.select_related(*INDEX_SELECT).prefetch_related(*INDEX_PREFETCH).order_by("pk")

    def items() -> Iterator[tuple[Practice, DocumentSpec]]:
        for practice in loaded.iterator(chunk_size=chunk_size):
            yield practice, practice_document_spec(practice)

    return index_bulk(items(), batch_size=chunk_size)
