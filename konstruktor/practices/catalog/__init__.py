"""The public federal catalog: published practices searched, filtered, counted and sorted.

Counting six facets over 20 000 practices with GROUP BYs on every request costs more than the
whole page may take, on SQLite and PostgreSQL alike. So the catalog keeps, per process, a
snapshot of the published practices' facets as they are in the search index (one bit set per
facet value), rebuilt whenever the index changes (`core.search.index_version`, the fingerprint
the vocabulary uses too; every write that changes what the catalog shows reindexes).

- Without a query, the list, its order and the counts come from the snapshot.
- With a query, `core.search` ranks the practices within the selected filters (handed over as
  the snapshot's ids, so its per-term cut widens on narrow filters) and returns the ids of all
  hits; the counts and the other sort orders run over them.

The rows of a page are always read from the passport tables, published ones only.

Counts are disjunctive: values of one facet combine with «or», facets with «and», and the
counts of a facet leave its own selection out, so a visitor sees what each alternative would
give. With a query, those alternatives are counted over the query's hits without filters (kept
for a while per query, so refining the facets of one query costs one ranking per click).
"""

from konstruktor.practices.catalog.search import (
    CatalogItem,
    CatalogPage,
    Facet,
    FacetOption,
    catalog_brief_queryset,
    catalog_filter_queryset,
    catalog_practice_queryset,
    catalog_search,
    catalog_staff_search,
    catalog_transferred_to,
)
from konstruktor.practices.catalog.snapshot import (
    COST_BANDS,
    FACETS,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    SORTS,
    CatalogQuery,
    catalog_query_parse,
)

__all__ = [
    "COST_BANDS",
    "FACETS",
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "SORTS",
    "CatalogItem",
    "CatalogPage",
    "CatalogQuery",
    "Facet",
    "FacetOption",
    "catalog_brief_queryset",
    "catalog_filter_queryset",
    "catalog_practice_queryset",
    "catalog_query_parse",
    "catalog_search",
    "catalog_staff_search",
    "catalog_transferred_to",
]
