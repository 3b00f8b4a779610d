"""The passport form: one page with sections and inline lists (outcomes, components, launch
steps, materials, evaluations with their per-outcome effects)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from konstruktor.core.access import scope_for
from konstruktor.organizations.models import Organization
from konstruktor.practices import actions, queries
from konstruktor.practices.errors import PracticeError
from konstruktor.practices.forms import PassportForm, passport_data, passport_formsets
from konstruktor.practices.models import Practice
from konstruktor.practices.views import _managed
from konstruktor.territories.models import Region


def _choices(request: HttpRequest, practice: Practice | None) -> tuple[QuerySet[Organization] | None, QuerySet[Region]]:
    """NGO members pick one of their organizations; РЦ staff pick a region they work in."""
    scope = scope_for(request.user)
    staff_here = scope.is_rc_staff and (practice is None or scope.can_edit_region(practice.region_id))
    if staff_here:
        regions = Region.objects.order_by("name")
        return None, regions if scope.is_federal else regions.filter(pk__in=scope.edit_region_ids)
    orgs = Organization.objects.filter(pk__in=scope.edit_organization_ids).order_by("short_name")
    return orgs, Region.objects.filter(pk__in=orgs.values("region"))


def _render(
    request: HttpRequest, practice: Practice | None, form: PassportForm, formsets: dict[str, Any]
) -> HttpResponse:
    return render(request, "practices/form.html", {"practice": practice, "form": form, "formsets": formsets})


@login_required
def practice_new(request: HttpRequest) -> HttpResponse:
    if not queries.practice_can_create(user=request.user):
        raise PermissionDenied("Вносить практики могут сотрудники РЦ и представители НКО.")
    organizations, regions = _choices(request, None)
    blank = Practice()
    form = PassportForm(request.POST or None, organizations=organizations, regions=regions, instance=blank)
    formsets = passport_formsets(blank, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        try:
            practice = actions.practice_create(by=request.user, passport=passport_data(form, formsets))
        except PracticeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Паспорт практики сохранён как черновик.")
            return redirect(practice)
    return _render(request, None, form, formsets)


@login_required
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _managed(request, pk)
    if not queries.practice_can_edit(practice=practice, user=request.user):
        messages.error(request, f"Паспорт в статусе «{practice.get_status_display()}» изменить нельзя.")
        return redirect(practice)
    organizations, regions = _choices(request, practice)
    form = PassportForm(request.POST or None, organizations=organizations, regions=regions, instance=practice)
    formsets = passport_formsets(practice, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        try:
            actions.practice_update(practice=practice, by=request.user, passport=passport_data(form, formsets))
        except PracticeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Изменения паспорта сохранены.")
            return redirect(practice)
    return _render(request, practice, form, formsets)
