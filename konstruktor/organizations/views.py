"""Registry pages: parse → authorize → one call → render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.html import format_html

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.audit import access_log, change_history_rows
from konstruktor.core.exports import csv_response, xlsx_response
from konstruktor.core.paging import CappedPaginator
from konstruktor.organizations import actions, queries
from konstruktor.organizations.errors import DuplicateOrganization, OrganizationError
from konstruktor.organizations.forms import (
    OrganizationFilterForm,
    OrganizationForm,
    OrganizationStatusForm,
    SupportRecordForm,
)
from konstruktor.organizations.importing import EXPORT_COLUMNS, organization_export_row
from konstruktor.organizations.models import Organization, SupportService
from konstruktor.organizations.registers import SUPPORT_REGISTER_COLUMNS, support_register_row
from konstruktor.territories.models import Region

PAGE_SIZES = (25, 50, 100)


def _regions_for(user: Any) -> Any:
    scope = scope_for(user)
    if scope.is_federal:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.view_region_ids | scope.edit_region_ids)


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _filtered(request: HttpRequest) -> tuple[OrganizationFilterForm, Any]:
    form = OrganizationFilterForm(request.GET or None, regions=_regions_for(request.user))
    qs = queries.organization_list_visible(user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        filters = queries.OrganizationFilters(
            q=d["q"], region=d["region"].pk if d["region"] else None,
            legal_form=d["legal_form"].pk if d["legal_form"] else None, status=d["status"],
            area=d["area"].pk if d["area"] else None, kind=d["kind"], state=d["state"],
            target_group=d["target_group"].pk if d["target_group"] else None,
            municipality=_int_param(request, "municipality_ref"), settlement=_int_param(request, "settlement"),
        )  # fmt: skip
        qs = queries.organization_filter(qs, filters)
    return form, qs


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    try:
        per_page = int(request.GET.get("per_page", 25))
    except ValueError:
        per_page = 25
    per_page = per_page if per_page in PAGE_SIZES else 25
    page = CappedPaginator(queries.organization_list_page_rows(qs), per_page).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    context = {
        "form": form,
        "page_obj": page,
        "per_page": per_page,
        "count_cap": CappedPaginator.cap,
        "page_sizes": PAGE_SIZES,
        "querystring": _querystring(request),
        "can_create": scope.is_rc_staff,
        "can_import": scope.is_rc_staff,
    }
    template = "organizations/_results.html" if request.headers.get("HX-Request") else "organizations/list.html"
    return render(request, template, context)


@login_required
def organization_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Неизвестный формат выгрузки.")
    _, qs = _filtered(request)
    rows = (
        organization_export_row(org)
        for org in qs.select_related("region", "legal_form").order_by("full_name", "id").iterator(chunk_size=2000)
    )
    if fmt == "csv":
        return csv_response("organizations.csv", EXPORT_COLUMNS, rows)
    return xlsx_response("organizations.xlsx", EXPORT_COLUMNS, rows, title="Организации")


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(
        queries.organization_list_visible(user=request.user).select_related("region", "legal_form"), pk=pk
    )
    if org.contact_person or org.phone or org.email:
        access_log(obj=org, request=request, purpose="просмотр карточки организации")
    scope = scope_for(request.user)
    context = {
        "org": org,
        "statuses": org.statuses.all(),
        "areas": org.areas.all(),
        "target_groups": org.target_groups.all(),
        "support": org.support_received.select_related("provider")[:100],
        "history": change_history_rows(org),
        "can_edit": actions.organization_can_edit(organization=org, user=request.user),
        "can_record_support": scope.is_rc_staff and queries.resource_centres_for(user=request.user).exists(),
        "status_form": OrganizationStatusForm(),
    }
    return render(request, "organizations/detail.html", context)


def _duplicate_message(exc: DuplicateOrganization) -> str:
    return format_html('{} <a href="{}">Открыть карточку</a>.', str(exc), exc.url)


def _form_fields(form: OrganizationForm) -> dict[str, Any]:
    """The action's keyword arguments: fields, plus areas and target groups as lists."""
    data = dict(form.cleaned_data)
    data["areas"] = list(data.pop("areas", []))
    data["target_groups"] = list(data.pop("target_groups", []))
    return data


@login_required
def organization_new(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.is_rc_staff:
        raise PermissionDenied("Добавлять организации могут сотрудники РЦ.")
    regions = Region.objects.all() if scope.is_federal else Region.objects.filter(pk__in=scope.edit_region_ids)
    form = OrganizationForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            org = actions.organization_create(by=request.user, **_form_fields(form))
        except DuplicateOrganization as exc:
            form.add_error(None, _duplicate_message(exc))
        except OrganizationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Организация «{org}» добавлена в реестр.")
            return redirect(org)
    return render(request, "organizations/form.html", {"form": form, "title": "Новая организация"})


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(queries.organization_list_visible(user=request.user), pk=pk)
    if not actions.organization_can_edit(organization=org, user=request.user):
        raise PermissionDenied("У вас нет прав на изменение этой организации.")
    scope = scope_for(request.user)
    regions = (
        Region.objects.all() if scope.is_federal
        else Region.objects.filter(pk__in=scope.edit_region_ids | {org.region_id})
    )  # fmt: skip
    form = OrganizationForm(request.POST or None, instance=org, regions=regions)
    if request.method == "POST" and form.is_valid():
        original = Organization.objects.get(pk=pk)
        try:
            org = actions.organization_update(organization=original, by=request.user, **_form_fields(form))
        except DuplicateOrganization as exc:
            form.add_error(None, _duplicate_message(exc))
        except OrganizationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(org)
    return render(request, "organizations/form.html", {"form": form, "title": f"Изменить: {org}", "org": org})


@login_required
def organization_status_add(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(queries.organization_list_visible(user=request.user), pk=pk)
    if request.method != "POST":
        return redirect(org)
    form = OrganizationStatusForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Статус не добавлен: " + "; ".join(str(e) for errs in form.errors.values() for e in errs)
        )
        return redirect(org)
    try:
        actions.organization_status_set(organization=org, by=request.user, **form.cleaned_data)
    except OrganizationError as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, "Статус добавлен.")
    return redirect(org)


@login_required
def support_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(queries.organization_list_visible(user=request.user), pk=pk)
    providers = queries.resource_centres_for(user=request.user)
    if not providers.exists():
        raise PermissionDenied("Записывать поддержку могут сотрудники РЦ.")
    form = SupportRecordForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            actions.support_record_create(by=request.user, recipient=org, **form.cleaned_data)
        except OrganizationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Запись о поддержке добавлена.")
            return redirect(org)
    return render(request, "organizations/support_form.html", {"form": form, "org": org})


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    qs = queries.support_list_visible(user=request.user)
    service = request.GET.get("service", "")
    if service:
        qs = qs.filter(service=service)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/support_list.html",
        {
            "page_obj": page,
            "services": SupportService.choices,
            "service": service,
            "querystring": _querystring(request),
        },
    )


@login_required
def support_register_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The register of supported СОНКО (7-ФЗ ст. 31.2) straight from the support log."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("Неизвестный формат выгрузки.")
    qs = queries.support_list_visible(user=request.user).order_by("date", "id")
    rows = (support_register_row(r) for r in qs.iterator(chunk_size=2000))
    if fmt == "csv":
        return csv_response("reestr-sonko-poluchateley-podderzhki.csv", SUPPORT_REGISTER_COLUMNS, rows)
    return xlsx_response(
        "reestr-sonko-poluchateley-podderzhki.xlsx", SUPPORT_REGISTER_COLUMNS, rows, title="Реестр СОНКО"
    )
