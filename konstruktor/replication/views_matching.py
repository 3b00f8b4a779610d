"""Matching pages: practices for a territory or an organization, Hexagon ratings, regional priorities."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from konstruktor.core.access import get_scoped_or_404
from konstruktor.organizations.models import Organization
from konstruktor.organizations.queries import activity_areas_for_region, organization_list_visible
from konstruktor.replication import actions, matching, queries
from konstruktor.replication.errors import ReplicationError
from konstruktor.replication.forms import FitAssessmentForm, PrioritiesForm
from konstruktor.replication.models import FitAssessment
from konstruktor.territories.models import Municipality, Region, Settlement

LIMIT = 20


def _territory(oktmo: str) -> Municipality | Settlement:
    place = queries.territory_by_oktmo(oktmo)
    if place is None:
        raise Http404("Территория с таким кодом ОКТМО не найдена.")
    return place


def _organization(request: HttpRequest, pk: int) -> Organization:
    qs = organization_list_visible(user=request.user).select_related(
        "region", "municipality_ref", "municipality_ref__parent", "settlement"
    )
    return get_scoped_or_404(qs, pk=pk)


def _matches_page(request: HttpRequest, result: matching.MatchResult, context: dict[str, Any]) -> HttpResponse:
    can_request = queries.requesters_for(user=request.user).exists()
    context.update(
        result=result,
        factors=matching.FACTORS,
        need_bands=matching.NEED_BANDS,
        can_request=can_request,
        priorities=queries.priorities_of(Region.objects.get(pk=result.region_id)),
        can_edit_priorities=queries.priority_can_edit(region=Region(pk=result.region_id), user=request.user),
    )
    return render(request, "replication/matches.html", context)


@login_required
def territory_matches(request: HttpRequest, oktmo: str) -> HttpResponse:
    place = _territory(oktmo)
    rate: dict[str, Any]
    if isinstance(place, Municipality):
        result = matching.practice_matches_for_territory(municipality=place, limit=LIMIT)
        rate = {"municipality": place}
    else:
        result = matching.practice_matches_for_territory(settlement=place, limit=LIMIT)
        rate = {"settlement": place}
    return _matches_page(
        request,
        result,
        {
            "place": place,
            "rate_url": "replication:fit_territory",
            "rate_arg": place.oktmo,
            "can_rate": queries.fit_can_rate(user=request.user, **rate),
            "request_query": f"municipality={place.pk}" if isinstance(place, Municipality) else "",
        },
    )


@login_required
def organization_matches(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organization(request, pk)
    result = matching.practice_matches_for_organization(organization=org, limit=LIMIT)
    return _matches_page(
        request,
        result,
        {
            "organization": org,
            "rate_url": "replication:fit_organization",
            "rate_arg": org.pk,
            "can_rate": queries.fit_can_rate(user=request.user, organization=org),
            "request_query": f"recipient={org.pk}",
        },
    )


def _fit_page(
    request: HttpRequest,
    practice_pk: int,
    *,
    target: dict[str, Any],
    back: str,
    title: str,
) -> HttpResponse:
    practice = get_object_or_404(matching.practices_offered(), pk=practice_pk)
    if not queries.fit_can_rate(user=request.user, **target):
        raise PermissionDenied("Оценивает команда организации-получателя или сотрудник РЦ её региона.")
    mine = FitAssessment.objects.filter(practice=practice, assessor_id=request.user.pk, **target).first()
    initial = {k: getattr(mine, k) for k in ("need", "fit", "resources", "capacity", "comment")} if mine else None
    form = FitAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.fit_assessment_save(practice=practice, by=request.user, **target, **form.cleaned_data)
        except ReplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Оценка сохранена: подбор практик пересчитан с её учётом.")
            return redirect(back)
    ratings = list(queries.fit_assessments(practice=practice, **target))
    return render(
        request,
        "replication/fit_form.html",
        {"practice": practice, "form": form, "ratings": ratings, "back": back, "title": title},
    )


@login_required
def fit_organization(request: HttpRequest, practice: int, pk: int) -> HttpResponse:
    org = _organization(request, pk)
    back = reverse("replication:organization_matches", args=[org.pk])
    return _fit_page(request, practice, target={"organization": org}, back=back, title=str(org))


@login_required
def fit_territory(request: HttpRequest, practice: int, oktmo: str) -> HttpResponse:
    place = _territory(oktmo)
    target: dict[str, Any] = {"municipality": place} if isinstance(place, Municipality) else {"settlement": place}
    back = reverse("replication:territory_matches", args=[oktmo])
    return _fit_page(request, practice, target=target, back=back, title=place.name)


@login_required
def priorities(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=pk)
    can_edit = queries.priority_can_edit(region=region, user=request.user)
    current = list(queries.priorities_of(region))
    form = PrioritiesForm(
        request.POST or None,
        areas=activity_areas_for_region(region.pk),
        initial={
            "target_groups": [p.target_group_id for p in current if p.target_group_id],
            "areas": [p.area_id for p in current if p.area_id],
            "basis": next((p.basis for p in current if p.basis), ""),
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Приоритеты региона ведёт руководитель РЦ этого региона.")
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.regional_priorities_set(
                    region=region, by=request.user, target_groups=d["target_groups"], areas=d["areas"], basis=d["basis"]
                )
            except ReplicationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Приоритеты региона сохранены: подбор практик учитывает их.")
                return redirect("replication:priorities", pk=region.pk)
    return render(
        request,
        "replication/priorities.html",
        {"region": region, "current": current, "form": form, "can_edit": can_edit},
    )
