"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

The tests are skipped, with the reason, when chromium (or Playwright) is absent, so `make test`
stays green on a machine without a browser. Each module marks its tests with
`pytest.mark.browser` and a transactional database restored from the serialized migration data
(`serialized_rollback`): the live server runs in another thread and must see committed rows.
"""

import datetime
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache

from konstruktor.consultations.models import Topic
from konstruktor.consultations.topics import topics_sync
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.roles import Role
from konstruktor.organizations import actions
from konstruktor.organizations.actions import reference_sync
from konstruktor.organizations.models import LegalForm, Organization, OrganizationStatus
from konstruktor.organizations.queries import legal_form_index_reset
from konstruktor.organizations.tests.factories import (
    OrganizationFactory,
    SupportRecordFactory,
    region,
    staff,
)
from konstruktor.territories.actions import regions_sync
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """The regions and legal forms the data migrations load; a flushed database gets them back."""
    if not Region.objects.exists():
        regions_sync()
    if not LegalForm.objects.exists():
        reference_sync()
    if not Topic.objects.exists():  # consultation topics, also loaded by a data migration
        topics_sync(topic_model=Topic)
    # Name → id indexes are cached per process; ids may differ after a flush.
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
