"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

The tests are skipped, with the reason, when chromium (or Playwright) is absent, so `make test`
stays green on a machine without a browser. Each module marks its tests with
`pytest.mark.browser` and a transactional database restored from the serialized migration data
(`serialized_rollback`): the live server runs in another thread and must see committed rows.

Playwright's synchronous API keeps its asyncio loop registered as running in the main thread
for as long as the browser is open. Django's connection store (asgiref's thread-critical Local)
is context-local while a loop runs, so from then on the main thread gets a second database
connection — one without the serialized migration data that `django_db_setup` put on the
first. Django's TransactionTestCase then skips the restore without a word, the first browser
test's flush removes the data migrations' rows (target groups, indicators, consultation topics,
regions, legal forms…) and every later test of the process runs without them: browser journeys
failed after the rest of the suite, yet passed alone. The `browser` fixture therefore hands the
serialized data to the connections used under the loop, as Django's own test runner does for
its parallel workers' connections.
"""

import datetime
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connections

from konstruktor.consultations.models import Topic
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.roles import Role
from konstruktor.monitoring.models import IndicatorDefinition
from konstruktor.organizations import actions
from konstruktor.organizations.models import ActivityArea, LegalForm, Organization, OrganizationStatus, TargetGroup
from konstruktor.organizations.queries import legal_form_index_reset
from konstruktor.organizations.tests.factories import (
    OrganizationFactory,
    SupportRecordFactory,
    region,
    staff,
)
from konstruktor.territories.models import Region
from konstruktor.territories.queries import region_index_reset

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _serialized_contents() -> dict[str, str]:
    """The migration data `django_db_setup` serialized, by database alias (seen from here)."""
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    serialized = _serialized_contents()  # on the connections of the plain thread, before the loop
    with sync_api.sync_playwright() as playwright:
        # Under Playwright's running loop `connections[alias]` is another connection object
        # (see the module's docstring): give it the same data to restore from.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Close them while they are still reachable: the test database is dropped after this.
        for alias in serialized:
            connections[alias].close()


# What the data migrations load and serialized_rollback must bring back before every test.
MIGRATION_DATA = (Region, LegalForm, ActivityArea, TargetGroup, Topic, IndicatorDefinition)


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """The data migrations' rows, restored by serialized_rollback: a missing table is a broken
    restore (see the module's docstring), reported here rather than as a missing checkbox."""
    missing = [model._meta.verbose_name_plural for model in MIGRATION_DATA if not model.objects.exists()]
    assert not missing, f"serialized_rollback did not restore the migration data: {', '.join(map(str, missing))}"
    # Name → id lookups are cached per process; a test may have created and flushed more rows.
    region_index_reset()
    legal_form_index_reset()


@pytest.fixture
def isolated_cache(settings: Any) -> None:
    """A fresh cache per test: failed-login counters that other tests leave for 127.0.0.1
    must not block the browser's logins; import progress must not leak between tests."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "konstruktor-browser-tests",
        }
    }
    cache.clear()


@pytest.fixture
def page(browser: Any, live_server: Any, reference_data: None, isolated_cache: None) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def perm_consultant(reference_data: None) -> Any:
    user = staff(Role.RC_CONSULTANT, fns_code="59", username="perm.consultant")
    user.first_name, user.last_name, user.middle_name = "Марина", "Белова", "Сергеевна"
    user.save(update_fields=["first_name", "last_name", "middle_name"])
    return user


@dataclass(frozen=True)
class Registry:
    """A small registry: what the consultant looks for, what must stay out of the results."""

    opora: Organization  # АНО in Пермский край, with change history and a support record
    opora_fund: Organization  # a БФ with the same word in its name, same region
    raduga: Organization
    ugra_opora: Organization  # another region: invisible to a Perm consultant


@pytest.fixture
def registry(perm_consultant: Any) -> Registry:
    perm, ugra = region("59"), region("86")
    ano = LegalForm.objects.get(okopf="71400")
    fund = LegalForm.objects.get(okopf="70400")
    opora = actions.organization_create(
        by=perm_consultant,
        full_name="Автономная некоммерческая организация поддержки ветеранов «Опора»",
        short_name="АНО «Опора»",
        legal_form=ano,
        inn=inn_with_check("590412345"),
        ogrn=ogrn_with_check("112590001234"),
        kpp="590401001",
        region=perm,
        municipality="г. Пермь",
        address="г. Пермь, ул. Ленина, д. 10",
    )
    opora = actions.organization_update(organization=opora, by=perm_consultant, website="opora-perm.example.ru")
    centre = perm_consultant.memberships.get().organization
    SupportRecordFactory(
        provider=centre,
        recipient=opora,
        date=datetime.date(2026, 2, 3),
        description="Консультация по внесению изменений в устав",
    )
    OrganizationStatus.objects.create(
        organization=opora, kind=OrganizationStatus.Kind.SONKO, since=datetime.date(2020, 1, 15)
    )
    opora_fund = OrganizationFactory(
        full_name="Благотворительный фонд помощи семьям «Опора семьи»",
        short_name="БФ «Опора семьи»",
        legal_form=fund,
        region=perm,
        municipality="г. Березники",
    )
    raduga = OrganizationFactory(
        full_name="Автономная некоммерческая организация развития детского творчества «Радуга»",
        short_name="АНО «Радуга»",
        region=perm,
        municipality="г. Кунгур",
    )
    for name in ("Серебряный возраст", "Доброе сердце", "Верный друг"):
        OrganizationFactory(
            full_name=f"Региональная общественная организация Пермского края «{name}»",
            short_name=f"РОО «{name}»",
            legal_form=LegalForm.objects.get(okopf="20200"),
            region=perm,
            municipality="г. Пермь",
        )
    ugra_opora = OrganizationFactory(
        full_name="Автономная некоммерческая организация «Опора Югры»",
        short_name="АНО «Опора Югры»",
        region=ugra,
        municipality="г. Сургут",
    )
    return Registry(opora=opora, opora_fund=opora_fund, raduga=raduga, ugra_opora=ugra_opora)
