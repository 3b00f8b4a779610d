"""A РЦ consultant's day with the registry, end to end in a real browser."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, log_in

pytestmark = BROWSER_TEST


def search(page: Any, query: str) -> None:
    """Type into the registry search and submit; wait until htmx has swapped in the results."""
    page.get_by_label("Поиск", exact=True).fill(query)
    page.get_by_role("button", name="Найти").click()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [query])


def test_consultant_finds_an_organization_and_reads_its_card(page: Any, registry: Any) -> None:
    log_in(page, "perm.consultant")
    expect(page.locator(".user-name")).to_have_text("Белова Марина Сергеевна")

    nav = page.get_by_role("navigation", name="Основная навигация")
    nav.get_by_role("link", name="Реестр НКО").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр организаций")
    results = page.locator("#results")
    # Only the consultant's region: the Ugra organization is not listed at all.
    expect(results).to_contain_text("АНО «Радуга»")
    expect(results).not_to_contain_text("Опора Югры")
    page.screenshot(path="/tmp/konstruktor-registry.png", full_page=True)

    # A name fragment with the legal-form abbreviation: the fund of the same name stays out.
    search(page, "АНО опора")
    expect(results).to_contain_text("Найдено: 1")
    expect(results).to_contain_text("АНО «Опора»")
    expect(results).not_to_contain_text("БФ «Опора семьи»")

    # By ИНН.
    search(page, registry.opora.inn)
    expect(results).to_contain_text("Найдено: 1")
    expect(results).to_contain_text(registry.opora.inn)

    results.get_by_role("link", name="АНО «Опора»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(registry.opora.full_name)
    props = page.get_by_role("region", name="Сведения")
    expect(props).to_contain_text(registry.opora.inn)
    expect(props).to_contain_text(registry.opora.ogrn)
    expect(props).to_contain_text("Пермский край")
    history = page.get_by_role("region", name="История изменений")
    expect(history).to_contain_text("создание")
    expect(history).to_contain_text("изменение")
    expect(history).to_contain_text("opora-perm.example.ru")
    expect(history).to_contain_text("Белова Марина Сергеевна")
    support = page.get_by_role("region", name="История поддержки")
    expect(support).to_contain_text("Консультация по внесению изменений в устав")
    page.screenshot(path="/tmp/konstruktor-card.png", full_page=True)


def test_consultant_of_another_region_gets_404(page: Any, registry: Any) -> None:
    log_in(page, "perm.consultant")

    response = page.goto(f"/organizations/{registry.ugra_opora.pk}/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Опора Югры")
    expect(page.locator("body")).not_to_contain_text(registry.ugra_opora.inn)


def test_registry_list_passes_the_accessibility_smoke_check(page: Any, registry: Any) -> None:
    log_in(page, "perm.consultant")
    page.goto("/organizations/")

    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button')
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.outerHTML)"""
    )
    assert unlabelled == []
    expect(page.locator("header")).to_have_count(1)
    expect(page.locator("nav")).not_to_have_count(0)
    expect(page.locator("main")).to_have_count(1)
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти к содержанию")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
