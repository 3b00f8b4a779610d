"""How a practice is described to the search index (core.search); the catalog searches it."""

from konstruktor.core.search import DocumentSpec, index_update
from konstruktor.practices.models import Practice, Status

SEARCH_KIND = "practice"


def practice_document_spec(practice: Practice) -> DocumentSpec:
    body = "\n".join(
        part
        for part in (
            practice.summary,
            practice.social_problem,
            practice.logic_model,
            practice.organization_name or (str(practice.organization) if practice.organization_id else ""),
        )
        if part
    )
    return DocumentSpec(
        kind=SEARCH_KIND,
        title=practice.title,
        url=practice.get_public_url(),
        body=body,
        keywords=", ".join(t.name for t in practice.target_groups.all()),
        status=practice.status,
        region=practice.region_id,
        public=practice.status == Status.PUBLISHED,
        facets={
            "level": practice.evidence_level,
            "decision": practice.decision_category,
            "areas": sorted(a.pk for a in practice.areas.all()),
            "target_groups": sorted(t.pk for t in practice.target_groups.all()),
            "regions": sorted({practice.region_id, *(r.pk for r in practice.regions.all())}),
        },
    )


def practice_reindex(practice: Practice) -> None:
    """Call after every write that changes what the catalog shows (passport, status, decision)."""
    index_update(practice, practice_document_spec(practice))
