"""List pages of expert selection run a fixed number of queries, whatever the number of rows."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from konstruktor.core.testing import login
from konstruktor.expertise import actions
from konstruktor.expertise.models import Call
from konstruktor.expertise.tests.factories import assign, expert, open_call, practice_in_review, review_submit

pytestmark = pytest.mark.django_db


def count(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm the per-process caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def published_entry(call: Call, manager: Any) -> None:
    entry = actions.entry_add(call=call, practice=practice_in_review(fns_code="59"), by=manager)
    for a in assign(entry, expert("54"), expert("78"), expert("66"), by=manager):
        review_submit(a, 3)
    actions.entry_decide(entry=entry, by=manager)
    actions.entry_publish(entry=entry, by=manager)


def test_the_call_list_runs_the_same_queries_for_one_call_and_for_many(perm_manager) -> None:
    client = login(perm_manager)
    open_call(by=perm_manager)
    one = count(client, "/expertise/")
    for _ in range(3):
        open_call(by=perm_manager)
    assert count(client, "/expertise/") == one


def test_the_call_page_runs_the_same_queries_for_one_entry_and_for_many(call, perm_manager) -> None:
    client = login(perm_manager)
    actions.entry_add(call=call, practice=practice_in_review(fns_code="59"), by=perm_manager)
    practice_in_review(fns_code="59")  # a candidate in the «add» list
    one = count(client, f"/expertise/calls/{call.pk}/")
    for _ in range(3):
        actions.entry_add(call=call, practice=practice_in_review(fns_code="59"), by=perm_manager)
        practice_in_review(fns_code="59")
    assert count(client, f"/expertise/calls/{call.pk}/") == one


def test_the_expert_queue_runs_the_same_queries_for_one_assignment_and_for_many(call, perm_manager) -> None:
    me = expert("54")
    client = login(me)

    def assigned() -> None:
        entry = actions.entry_add(call=call, practice=practice_in_review(fns_code="59"), by=perm_manager)
        assign(entry, me, by=perm_manager)

    assigned()
    one = count(client, "/expertise/my/")
    for _ in range(3):
        assigned()
    assert count(client, "/expertise/my/") == one


def test_the_public_results_run_the_same_queries_for_one_practice_and_for_many(call, perm_manager) -> None:
    client = Client()
    published_entry(call, perm_manager)
    one = count(client, f"/expertise/results/{call.pk}/")
    index = count(client, "/expertise/results/")
    published_entry(call, perm_manager)
    published_entry(call, perm_manager)
    open_call(by=perm_manager)
    assert count(client, f"/expertise/results/{call.pk}/") == one
    assert count(client, "/expertise/results/") == index


def test_the_entry_page_runs_the_same_queries_for_two_reviews_and_for_four(call, perm_manager) -> None:
    client = login(perm_manager)
    small = actions.entry_add(call=call, practice=practice_in_review(fns_code="59"), by=perm_manager)
    for a in assign(small, expert("54"), expert("78"), by=perm_manager):
        review_submit(a, 3)
    big = actions.entry_add(call=call, practice=practice_in_review(fns_code="59"), by=perm_manager)
    for a in assign(big, expert("54"), expert("78"), expert("66"), expert("77"), by=perm_manager):
        review_submit(a, 3)
    assert count(client, f"/expertise/entries/{big.pk}/") == count(client, f"/expertise/entries/{small.pk}/")
