"""What the practice base registers in the platform: navigation, indicator, search, seed hook."""

import pytest

from konstruktor.core import registry
from konstruktor.core.access import scope_for
from konstruktor.core.testing import UserFactory
from konstruktor.practices.models import Status
from konstruktor.practices.tests.factories import OrganizationFactory, ngo_member, practice, staff

pytestmark = pytest.mark.django_db


def _module() -> registry.Module:
    return next(m for m in registry.modules() if m.name == "practices")


def test_indicator_counts_practices_published_in_the_federal_catalog() -> None:
    practice(status=Status.PUBLISHED)
    practice(status=Status.DECIDED)
    indicator = next(i for i in registry.indicators() if i.code == "practices_published")
    assert indicator.name == "Практики опубликованы в федеральном каталоге"
    assert indicator.compute() == 1


def test_navigation_shows_the_staff_list_to_staff_and_ngo_members_and_the_catalog_to_everyone() -> None:
    from django.contrib.auth.models import AnonymousUser

    def labels(user: object) -> set[str]:
        return {item.label for item in registry.nav_items(scope_for(user)) if item.url_name.startswith("practices:")}

    assert labels(AnonymousUser()) == {"Каталог практик"}
    assert labels(UserFactory()) == {"Каталог практик"}
    assert labels(staff(fns_code="59")) == {"Практики", "Каталог практик"}
    assert labels(ngo_member(OrganizationFactory())) == {"Практики", "Каталог практик"}


def test_search_finds_own_region_drafts_and_published_practices_only() -> None:
    own = practice(title="Клуб серебряного возраста")
    other = practice(title="Клуб серебряных волонтёров", fns_code="16")
    published = practice(title="Клуб серебряной нити", fns_code="16", status=Status.PUBLISHED)
    search = _module().search
    assert search is not None
    found = {r.title for r in search("серебр", scope_for(staff(fns_code="59")), 10)}
    assert found == {own.title, published.title} and other.title not in found


def test_seed_hook_calls_the_demo_of_the_passports(monkeypatch: pytest.MonkeyPatch) -> None:
    from konstruktor.practices import demo

    calls: list[object] = []
    monkeypatch.setattr(demo, "demo_seed", lambda *, write: calls.append(write))
    seed = _module().seed
    assert seed is not None
    seed(print)
    assert calls == [print]


@pytest.mark.parametrize(
    "model",
    ["practice", "outcome", "component", "launchstep", "material", "evaluation", "evaluationresult",
     "practiceversion", "statuschange", "screening"],
)  # fmt: skip
def test_admin_lists_every_passport_model(model: str) -> None:
    from konstruktor.core.testing import login

    practice(status=Status.REVIEW)
    admin = UserFactory(is_staff=True, is_superuser=True)
    response = login(admin).get(f"/admin/practices/{model}/")
    assert response.status_code == 200
