"""The public federal catalog: list with search and facets, a page per practice, open data.

Everything here is open to anonymous visitors and shows published practices only; staff who may
see an unpublished practice get its public page as a preview that search engines must not index.
"""

import hashlib
import json
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import condition

from konstruktor.core.search import index_version
from konstruktor.practices import opendata
from konstruktor.practices.catalog import (
    PAGE_SIZE,
    SORTS,
    CatalogPage,
    Facet,
    catalog_practice_queryset,
    catalog_query_parse,
    catalog_search,
    catalog_transferred_to,
)
from konstruktor.practices.models import Practice
from konstruktor.practices.queries import practice_list_public, practice_list_visible, practice_public_contact

DESCRIPTION = (
    "Федеральный каталог практик социально ориентированных НКО: паспорта практик, уровень "
    "доказанности, решения экспертизы, где практика работает и куда перенесена."
)
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _querystring(request: HttpRequest, *, drop: tuple[str, ...] = ("page",)) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


REGIONS_SHOWN = 8


def _facets_html(facets: list[Facet]) -> SafeString:
    """The filter checkboxes. Built here rather than in the template: some 150 options render
    in well under a millisecond this way, several milliseconds through template tags."""
    parts: list[str] = []
    for facet in facets:
        parts.append(f'<fieldset class="facet"><legend title="{escape(facet.help)}">{escape(facet.title)}</legend>')
        if not facet.options:
            parts.append('<p class="muted">Нет значений для выбранных условий.</p></fieldset>')
            continue
        parts.append("<ul>")
        folded = facet.key == "region" and len(facet.options) > REGIONS_SHOWN
        for n, option in enumerate(facet.options):
            if folded and n == REGIONS_SHOWN:
                opened = " open" if facet.selected else ""
                parts.append(f"</ul><details{opened}><summary>Все регионы ({len(facet.options)})</summary><ul>")
            checked = " checked" if option.selected else ""
            parts.append(
                f'<li><label><input type="checkbox" name="{facet.key}" value="{escape(option.value)}"{checked}> '
                f'{escape(option.label)} <span class="facet-count" aria-label="практик: {option.count}">'
                f"{option.count}</span></label></li>"
            )
        parts.append("</ul></details></fieldset>" if folded else "</ul></fieldset>")
    return mark_safe("".join(parts))  # every value above is escaped


def catalog(request: HttpRequest) -> HttpResponse:
    number = _page_number(request)
    query, errors = catalog_query_parse(request.GET, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    page: CatalogPage = catalog_search(query)
    context = {
        "page": page,
        "facets_html": _facets_html(page.facets),
        "errors": errors,
        "sorts": SORTS,
        "querystring": _querystring(request),
        "canonical": request.build_absolute_uri(reverse("practices:catalog")),
        # Search results and filter combinations are not pages of their own for search engines.
        "noindex": bool(query.text or query.has_filters or number > 1),
        "description": DESCRIPTION,
    }
    template = "practices/catalog/_body.html" if request.headers.get("HX-Request") else "practices/catalog/index.html"
    return render(request, template, context)


def _json_ld(request: HttpRequest, practice: Practice) -> str:
    url = request.build_absolute_uri(practice.get_public_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "url": url,
        "name": practice.title,
        "description": _description(practice),
        "inLanguage": "ru",
        "isAccessibleForFree": True,
        "genre": "социальная практика",
        "keywords": ", ".join(
            [*(a.short_name for a in practice.areas.all()), *(t.name for t in practice.target_groups.all())]
        ),
        "audience": [{"@type": "Audience", "audienceType": t.name} for t in practice.target_groups.all()],
        "spatialCoverage": [
            {"@type": "AdministrativeArea", "name": name}
            for name in sorted({practice.region.name, *(r.name for r in practice.regions.all())})
        ],
        "isPartOf": {
            "@type": "Collection",
            "name": "Федеральный каталог практик СОНКО",
            "url": request.build_absolute_uri(reverse("practices:catalog")),
        },
    }
    organization = str(practice.organization) if practice.organization_id else practice.organization_name
    if organization:
        data["author"] = {"@type": "Organization", "name": organization}
    if practice.published_at:
        data["datePublished"] = practice.published_at.date().isoformat()
    data["dateModified"] = practice.updated_at.date().isoformat()
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_ESCAPES)


def _description(practice: Practice) -> str:
    text = strip_tags(practice.summary or practice.social_problem or practice.title)
    return Truncator(" ".join(text.split())).chars(160)


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(catalog_practice_queryset(), pk=pk)
    preview = not practice.is_public
    if preview and not practice_list_visible(user=request.user).filter(pk=pk).exists():
        raise Http404("Практика не найдена или не опубликована.")
    outcomes = list(practice.outcomes.all())
    components = list(practice.components.all())
    names = {o.pk: o.name for o in outcomes}
    context = {
        "practice": practice,
        # The leader's contact only with their consent to publication (ст. 10.1 152-ФЗ).
        "contact": practice_public_contact(practice),
        "preview": preview,
        "canonical": request.build_absolute_uri(practice.get_public_url()),
        "description": _description(practice),
        "json_ld": _json_ld(request, practice),
        "outcomes": outcomes,
        "priority_outcomes": [o for o in outcomes if o.is_priority],
        "core_components": [c for c in components if c.is_core],
        "adaptable_components": [c for c in components if not c.is_core],
        "regions": sorted({practice.region.name, *(r.name for r in practice.regions.all())}),
        "transferred_to": catalog_transferred_to(practice),
        "evaluations": [
            (
                e,
                [
                    (names.get(r.outcome_id, ""), r.get_effect_display(), r.sustained_months)
                    for r in e.results_by_outcome.all()
                ],
            )
            for e in practice.evaluations.all()
        ],
    }
    return render(request, "practices/catalog/detail.html", context)


# --- open data ----------------------------------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """The files change only when the search index does (every catalog change reindexes)."""
    return "od-" + hashlib.sha256(repr(index_version()).encode()).hexdigest()[:20]


def open_data(request: HttpRequest) -> HttpResponse:
    context = {
        "package": opendata.datapackage(homepage=request.build_absolute_uri()),
        "files": opendata.FILES,
        "canonical": request.build_absolute_uri(),
    }
    return render(request, "practices/catalog/open_data.html", context)


@condition(etag_func=_etag)
def datapackage_json(request: HttpRequest) -> JsonResponse:
    homepage = request.build_absolute_uri(reverse("practices:open_data"))
    response = JsonResponse(
        opendata.datapackage(homepage=homepage), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@condition(etag_func=_etag)
def open_data_file(request: HttpRequest, name: str) -> FileResponse:
    if name not in opendata.FILES:
        raise Http404("Такого файла нет.")
    path = opendata.opendata_file(name, base_url=_base_url(request), version=_etag(request))
    content_type = opendata.FILES[name] + ("" if name.endswith(".xlsx") else "; charset=utf-8")
    response = FileResponse(path.open("rb"), content_type=content_type, as_attachment=True, filename=name)
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- sitemap ------------------------------------------------------------------------------------


class CatalogSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return ["practices:catalog", "practices:open_data"]

    def location(self, item: str) -> str:
        return reverse(item)


class PracticeSitemap(Sitemap):  # type: ignore[type-arg]
    changefreq = "weekly"
    priority = 0.6
    limit = 5000

    def items(self) -> Any:
        return practice_list_public().only("pk", "updated_at").order_by("pk")

    def location(self, item: Practice) -> str:
        return item.get_public_url()

    def lastmod(self, item: Practice) -> Any:
        return item.updated_at


SITEMAPS = {"practices-catalog": CatalogSitemap, "practices": PracticeSitemap}
