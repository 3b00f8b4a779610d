"""What the handbook adds to the platform: navigation, search on the home page, demo content."""

import html
from typing import Any

from django.utils.html import strip_tags

from konstruktor.core.access import Scope
from konstruktor.core.registry import Module, NavItem, SearchResult
from konstruktor.core.roles import Role


def _search(query: str, scope: Scope, limit: int) -> list[SearchResult]:
    from konstruktor.core.search import search
    from konstruktor.knowledge.queries import SEARCH_KIND

    sees_internal = scope.is_rc_staff or scope.has_role(Role.EXPERT)
    page = search(
        query, kinds=[SEARCH_KIND], filters={"status": "published"}, public_only=not sees_internal, limit=limit
    )
    # The shell escapes snippets itself: hand it plain text, not the highlighted HTML.
    return [
        SearchResult(title=h.title, url=h.url, snippet=html.unescape(strip_tags(h.snippet)), kind="Справочник")
        for h in page.results
    ]


def _seed(write: Any) -> None:
    from konstruktor.knowledge.actions import knowledge_content_sync

    report = knowledge_content_sync()
    write(f"Справочник: {report}")
    for error in report.errors:
        write(f"  {error}")


MODULE = Module(
    name="knowledge",
    label="Справочник",
    nav=(NavItem("Справочник", "knowledge:index", visible=lambda scope: True, order=5),),
    search=_search,
    seed=_seed,
    seed_order=30,
)
