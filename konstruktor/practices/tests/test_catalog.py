"""The public federal catalog: search, facets, sorting, pages a search engine can index, access."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from konstruktor.core.search import search
from konstruktor.core.testing import login
from konstruktor.practices import actions
from konstruktor.practices.catalog import CatalogQuery, catalog_search
from konstruktor.practices.indexing import SEARCH_KIND
from konstruktor.practices.models import DecisionCategory, Practice, Status
from konstruktor.practices.tests.catalog_helpers import area, group, published
from konstruktor.practices.tests.factories import practice, staff

pytestmark = pytest.mark.django_db
CATALOG = "/practices/catalog/"


def _titles(response: object) -> list[str]:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.findall(r'<h2><a href="/practices/catalog/\d+/">(.*?)</a></h2>', html)


def _facet(page: object, key: str) -> dict[str, int]:
    facet = next(f for f in page.facets if f.key == key)  # type: ignore[attr-defined]
    return {o.value: o.count for o in facet.options}


def test_anonymous_visitor_sees_published_practices_and_not_drafts() -> None:
    published("Семейный клуб приёмных родителей")
    practice(title="Черновик о наставничестве", status=Status.DRAFT)
    practice(title="Практика на экспертизе", status=Status.REVIEW)
    response = Client().get(CATALOG)
    assert response.status_code == 200
    assert _titles(response) == ["Семейный клуб приёмных родителей"]
    assert "Найдено практик: 1" in response.content.decode()


def test_search_finds_a_practice_by_another_form_of_its_words() -> None:
    published("Наставничество для подростков из приёмных семей")
    published("Пункт проката технических средств реабилитации")
    response = Client().get(CATALOG, {"q": "наставники подростку"})
    titles = _titles(response)
    assert titles[0] == "<mark>Наставничество</mark> для <mark>подростков</mark> из приёмных семей"


def test_facet_counts_ignore_their_own_selection_so_alternatives_stay_visible() -> None:
    published("Клуб в Перми", fns_code="59")
    published("Мастерская в Перми", fns_code="59")
    published("Клуб в Казани", fns_code="16")
    page = catalog_search(CatalogQuery(selected={"region": ("59",)}))
    assert page.total == 2
    assert _facet(page, "region") == {"59": 2, "16": 1}
    chosen = next(f for f in page.facets if f.key == "region").selected
    assert [o.value for o in chosen] == ["59"]


def test_values_of_one_facet_add_up_and_different_facets_narrow() -> None:
    social, education = area("31.1-01"), area("31.1-09")
    published("Социальное такси", areas=[social], groups=[group("elderly")])
    published("Школа ухода", areas=[social], groups=[group("caregivers")])
    published("Компьютерные курсы", areas=[education], groups=[group("elderly")])
    both = catalog_search(CatalogQuery(selected={"area": ("31.1-01", "31.1-09")}))
    assert both.total == 3
    narrowed = catalog_search(CatalogQuery(selected={"area": ("31.1-01",), "target_group": ("elderly",)}))
    assert [i.practice.title for i in narrowed.items] == ["Социальное такси"]
    assert _facet(narrowed, "target_group") == {"elderly": 1, "caregivers": 1}
    assert _facet(narrowed, "area") == {"31.1-01": 1, "31.1-09": 1}


def test_a_query_and_a_region_filter_keep_only_matching_practices_of_that_region() -> None:
    published("Клуб приёмных семей «Вместе»", fns_code="59")
    published("Клуб приёмных семей «Рядом»", fns_code="16")
    published("Социальное такси", fns_code="16")
    page = catalog_search(CatalogQuery(text="клубы", selected={"region": ("16",)}))
    assert [i.practice.title for i in page.items] == ["Клуб приёмных семей «Рядом»"]
    assert page.total == 1
    # counts of the region facet come from the query without the region filter
    assert _facet(page, "region") == {"59": 1, "16": 1}


def test_a_practice_counts_in_every_region_where_it_runs() -> None:
    published("Межрегиональная школа волонтёров", fns_code="59", regions=["16", "86"])
    page = catalog_search(CatalogQuery(selected={"region": ("86",)}))
    assert [i.practice.title for i in page.items] == ["Межрегиональная школа волонтёров"]
    assert page.items[0].regions and len(page.items[0].regions) == 3


def test_cost_bands_filter_and_sorting_by_cost_puts_unknown_cost_last() -> None:
    published("Дорогая практика", cost=150_000)
    published("Дешёвая практика", cost=800)
    published("Практика без расчёта затрат")
    published("Средняя практика", cost=7_000)
    page = catalog_search(CatalogQuery(sort="cost"))
    assert [i.practice.title for i in page.items] == [
        "Дешёвая практика",
        "Средняя практика",
        "Дорогая практика",
        "Практика без расчёта затрат",
    ]
    assert _facet(page, "cost") == {"lt-1000": 1, "5000-20000": 1, "gt-100000": 1, "unknown": 1}
    cheap = catalog_search(CatalogQuery(selected={"cost": ("lt-1000", "5000-20000")}))
    assert {i.practice.title for i in cheap.items} == {"Дешёвая практика", "Средняя практика"}


def test_sorting_by_evidence_puts_the_proven_practice_first() -> None:
    published("Практика без оценок")
    published("Практика с квазиэкспериментом", causal_study=True)
    page = catalog_search(CatalogQuery(sort="evidence"))
    assert page.items[0].practice.title == "Практика с квазиэкспериментом"
    assert page.items[0].practice.evidence_level > page.items[1].practice.evidence_level
    assert sum(_facet(page, "level").values()) == 2


def test_decision_facet_counts_promising_and_recommended_practices() -> None:
    published("Рекомендованная", category=DecisionCategory.RECOMMENDED)
    published("Перспективная", category=DecisionCategory.PROMISING, merit=62)
    page = catalog_search(CatalogQuery(selected={"decision": ("promising",)}))
    assert [i.practice.title for i in page.items] == ["Перспективная"]
    assert _facet(page, "decision") == {"recommended": 1, "promising": 1}
    both = catalog_search(CatalogQuery(text="перспективная", selected={"decision": ("promising", "recommended")}))
    assert both.total == catalog_search(CatalogQuery(text="перспективная")).total >= 1
    assert [o.value for o in next(f for f in both.facets if f.key == "decision").selected] == [
        "recommended",
        "promising",
    ]


def test_pages_split_the_list_and_a_page_past_the_end_says_so() -> None:
    for n in range(3):
        published(f"Практика номер {n}")
    first = catalog_search(CatalogQuery(limit=2))
    second = catalog_search(CatalogQuery(limit=2, offset=2))
    assert (first.total, first.pages, len(first.items), len(second.items)) == (3, 2, 2, 1)
    assert {i.practice.pk for i in first.items}.isdisjoint({i.practice.pk for i in second.items})
    response = Client().get(CATALOG, {"page": "9"})
    assert "Такой страницы нет" in response.content.decode()


def test_htmx_request_gets_the_results_fragment_only() -> None:
    published("Семейный клуб")
    response = Client().get(CATALOG, {"q": "клуб"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert (
        "<!doctype" not in html
        and "<title>" not in html
        and "catalog-layout" in html
        and "Семейный <mark>клуб</mark>" in html
    )


def test_unknown_filter_values_are_reported_and_ignored() -> None:
    published("Семейный клуб")
    response = Client().get(CATALOG, {"region": "999", "sort": "random"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "неизвестное значение «999»" in html and "Неизвестный порядок сортировки" in html
    assert _titles(response) == ["Семейный клуб"]


def test_empty_catalog_and_empty_search_explain_what_to_do() -> None:
    assert "пока нет опубликованных практик" in Client().get(CATALOG).content.decode()
    published("Семейный клуб")
    html = Client().get(CATALOG, {"q": "космонавтика"}).content.decode()
    assert "практик не нашлось" in html and "уберите часть фильтров" in html


def test_list_page_makes_the_same_number_of_queries_for_more_practices(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(2):
        published(f"Практика {n}", regions=["16"])
    client = Client()
    client.get(CATALOG)  # builds the snapshot
    with django_assert_max_num_queries(3):
        client.get(CATALOG)
    for n in range(4):
        published(f"Ещё практика {n}", regions=["16", "86"])
    client.get(CATALOG)
    with django_assert_max_num_queries(3):
        client.get(CATALOG)


def test_withdrawn_practice_leaves_the_catalog_at_once() -> None:
    p = published("Семейный клуб")
    assert catalog_search(CatalogQuery()).total == 1
    actions.practice_withdraw(practice=p, by=None, comment="Организация прекратила работу.")
    assert catalog_search(CatalogQuery()).total == 0
    assert Client().get(p.get_public_url()).status_code == 404


def test_search_within_keeps_the_given_objects_and_collects_their_ids() -> None:
    kept = published("Клуб приёмных семей в Перми")
    published("Клуб приёмных семей в Казани", fns_code="16")
    page = search(
        "клуб",
        kinds=[SEARCH_KIND],
        within=Practice.objects.filter(pk=kept.pk).values("pk"),
        limit=0,
        collect_ids=10,
    )
    assert (page.total, page.object_ids, page.results) == (1, [kept.pk], [])


# --- the page of one practice ------------------------------------------------------------------


def test_practice_page_can_be_indexed_by_search_engines() -> None:
    p = published("Семейный клуб «Вместе»", causal_study=True)
    response = Client().get(reverse("practices:public_detail", args=[p.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Семейный клуб «Вместе» — каталог практик — Конструктор</title>" in html
    assert '<meta name="description" content="Встречи приёмных семей' in html
    assert f'<link rel="canonical" href="http://testserver/practices/catalog/{p.pk}/">' in html
    assert "noindex" not in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert data["@type"] == "CreativeWork" and data["name"] == "Семейный клуб «Вместе»"
    assert data["spatialCoverage"][0]["name"] == "Пермский край"


def test_practice_page_shows_the_passport_the_evidence_and_how_the_decision_was_reached() -> None:
    p = published("Семейный клуб «Вместе»", causal_study=True)
    html = Client().get(p.get_public_url()).content.decode()
    for text in (
        "Еженедельные встречи клуба",  # a core component
        "Праздники для семей",  # an adaptable one
        "Найти психолога и помещение",  # launch plan
        "Методическое пособие клуба",  # materials
        "Квазиэксперимент с группой сравнения, 2023",  # an evaluation
        "Как получена оценка",
        "медиана трёх экспертов",  # a step of the decision explanation
        "Меньше возвратов детей из приёмных семей",  # an outcome with its level
    ):
        assert text in html, text
    reasons = p.outcomes.get(is_priority=True).evidence_reasons
    assert reasons and reasons[0] in html


def test_practice_page_shows_the_leader_contact_only_with_consent() -> None:
    kept = published("Без согласия", contact_name="Иванова Анна", contact_email="anna@example.ru")
    shown = published(
        "С согласием", contact_name="Петрова Мария", contact_email="maria@example.ru", contact_public=True
    )
    assert "Иванова" not in Client().get(kept.get_public_url()).content.decode()
    html = Client().get(shown.get_public_url()).content.decode()
    assert "Петрова Мария" in html and "mailto:maria@example.ru" in html


def test_anonymous_visitor_gets_404_for_an_unpublished_practice() -> None:
    draft = practice(title="Черновик", status=Status.REVIEW)
    assert Client().get(draft.get_public_url()).status_code == 404


def test_consultant_of_another_region_gets_404_for_a_draft() -> None:
    draft = practice(title="Черновик", status=Status.MODERATION, fns_code="59")
    assert login(staff(fns_code="16")).get(draft.get_public_url()).status_code == 404


def test_consultant_of_the_region_gets_a_preview_search_engines_must_not_index() -> None:
    draft = practice(title="Черновик", status=Status.MODERATION, fns_code="59")
    response = login(staff(fns_code="59")).get(draft.get_public_url())
    html = response.content.decode()
    assert response.status_code == 200 and "Предпросмотр" in html and "noindex" in html


def test_sitemap_lists_published_practices_only() -> None:
    p = published("Семейный клуб")
    draft = practice(title="Черновик", status=Status.REVIEW)
    xml = Client().get("/sitemap.xml").content.decode()
    assert f"/practices/catalog/{p.pk}/" in xml and "/practices/catalog/</loc>" in xml
    assert f"/practices/catalog/{draft.pk}/" not in xml
