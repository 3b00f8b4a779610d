"""Browser tests drive a live server from a thread of the synchronous Playwright loop.

Every test of the suite runs in one pytest process, transactional ones last (pytest-django's
order). A transactional test ends with a flush of the whole database; without
serialized_rollback the flush also re-creates content types and permissions under new ids and
drops the rows the data migrations loaded, so every later transactional test fails to restore
the migration data (or runs without it). Hence the rule checked below.
"""

import os
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = marker.kwargs if marker is not None else {}
        transactional = kwargs.get("transaction") or "transactional_db" in getattr(item, "fixturenames", ())
        if transactional and not kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: a transactional test needs "
                "@pytest.mark.django_db(transaction=True, serialized_rollback=True) — its flush would "
                "otherwise take the data migrations' rows and the content type ids from every later test"
            )
