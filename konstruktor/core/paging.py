"""Pagination that stops counting at a cap: exact counts of large result sets cost a full scan."""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_CAP = 5000


def capped_count(queryset: Any, cap: int = COUNT_CAP) -> int:
    """The number of rows, or `cap` when there are at least that many.

    Without the list's ordering: which rows fill the cap does not matter, and an ORDER BY in
    the limited subquery would make the database sort every matching row just to count them.
    """
    return queryset.order_by()[:cap].count()


class CappedPaginator(Paginator):
    """A paginator whose count is at most COUNT_CAP; pages beyond the cap are not offered."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list, self.cap)
