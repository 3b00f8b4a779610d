"""Russian-aware full-text search over any model, on SQLite and PostgreSQL alike.

A module describes each object with a `DocumentSpec` and calls `index_update(obj, spec)` when it
changes and `index_remove(obj)` when it goes; `search(...)` returns a `SearchPage` of `Hit`s.
The index lives in core's own tables (SearchDocument, SearchTerm): no database text-search
configuration is involved. See analysis.py for the pipeline.
"""

from konstruktor.core.search.analysis import Analyzer, QueryUnit, Token, normalize
from konstruktor.core.search.engine import Hit, SearchPage, search, search_terms
from konstruktor.core.search.indexing import (
    DocumentSpec,
    index_bulk,
    index_reanalyze,
    index_remove,
    index_remove_many,
    index_update,
    indexed_object_ids,
)
from konstruktor.core.search.synonyms import SynonymError, synonym_create, synonym_delete, synonym_list
from konstruktor.core.search.vocabulary import index_version

__all__ = [
    "Analyzer",
    "DocumentSpec",
    "Hit",
    "QueryUnit",
    "SearchPage",
    "SynonymError",
    "Token",
    "index_bulk",
    "index_reanalyze",
    "index_remove",
    "index_remove_many",
    "index_update",
    "index_version",
    "indexed_object_ids",
    "normalize",
    "search",
    "search_terms",
    "synonym_create",
    "synonym_delete",
    "synonym_list",
]
