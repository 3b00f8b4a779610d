"""Manager and public pages of expert selection: parse → authorize → one call → render.

Managers (a РЦ manager for their region's calls, the federal coordinator for all) run calls,
assign experts, resolve disagreements and decide; other staff of the region read; everyone else
gets 404. The call's criteria, weights, thresholds and published results are public. The
expert's own pages are in `views_review.py`.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.audit import change_history_rows
from konstruktor.expertise import actions, queries, rules
from konstruktor.expertise.errors import ExpertiseError
from konstruktor.expertise.forms import (
    AssignForm,
    CallForm,
    ConsensusForm,
    CriterionFormSet,
    DecideForm,
    EntryAddForm,
    ThirdExpertForm,
    consensus_initial,
)
from konstruktor.expertise.models import (
    Call,
    CallEntry,
    CallStatus,
    EntryStatus,
)
from konstruktor.expertise.tables import aggregation_rows, readiness_rows, threshold_rows, url_or_none
from konstruktor.territories.models import Region


def _require_staff(request: HttpRequest) -> None:
    if not scope_for(request.user).is_rc_staff:
        raise PermissionDenied("Отборы практик ведут сотрудники ресурсных центров и федеральный координатор.")


def _call(request: HttpRequest, pk: int) -> Call:
    return get_scoped_or_404(queries.call_list_visible(user=request.user), pk=pk)


def _managed_call(request: HttpRequest, pk: int) -> Call:
    call = _call(request, pk)
    if not queries.call_can_manage(call=call, user=request.user):
        raise PermissionDenied("Вести отбор может руководитель РЦ его региона или федеральный координатор.")
    return call


def _entry(request: HttpRequest, pk: int) -> CallEntry:
    return get_scoped_or_404(queries.entry_list_visible(user=request.user), pk=pk)


def _managed_entry(request: HttpRequest, pk: int) -> CallEntry:
    entry = _entry(request, pk)
    if not queries.call_can_manage(call=entry.call, user=request.user):
        raise PermissionDenied("Вести отбор может руководитель РЦ его региона или федеральный координатор.")
    return entry


def _regions_for_calls(request: HttpRequest) -> tuple[bool, Any]:
    may_federal, region_ids = queries.call_regions_manageable(user=request.user)
    regions = Region.objects.all() if may_federal else Region.objects.filter(pk__in=region_ids)
    return may_federal, regions.order_by("name")


# ---------------------------------------------------------------- calls


@login_required
def call_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    calls = queries.call_rows(queries.call_list_visible(user=request.user))
    may_federal, regions = _regions_for_calls(request)
    context = {"calls": calls, "can_create": may_federal or regions.exists()}
    return render(request, "expertise/call_list.html", context)


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    may_federal, regions = _regions_for_calls(request)
    if not (may_federal or regions.exists()):
        raise PermissionDenied("Отборы создаёт руководитель РЦ или федеральный координатор.")
    form = CallForm(request.POST or None, regions=regions, may_federal=may_federal)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            call = actions.call_create(
                by=request.user,
                title=d["title"],
                description=d["description"],
                region=d["region"],
                opens_on=d["opens_on"],
                closes_on=d["closes_on"],
                **{name: d[name] for name in actions.THRESHOLD_FIELDS},
            )
        except ExpertiseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Отбор создан со стандартными критериями. Проверьте веса и пороги.")
            return redirect(call)
    return render(request, "expertise/call_form.html", {"form": form, "call": None})


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    may_federal, regions = _regions_for_calls(request)
    form = CallForm(request.POST or None, instance=call, regions=regions, may_federal=may_federal)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in (*actions.CALL_FIELDS, *actions.THRESHOLD_FIELDS)}
        if call.status != CallStatus.DRAFT:
            fields = {k: v for k, v in fields.items() if k in actions.CALL_FIELDS}
        try:
            call = actions.call_update(call=Call.objects.get(pk=call.pk), by=request.user, **fields)
        except ExpertiseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Параметры отбора сохранены.")
            return redirect(call)
    return render(request, "expertise/call_form.html", {"form": form, "call": call})


@login_required
def call_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    if call.status != CallStatus.DRAFT:
        messages.error(request, "Критерии и веса меняются только до начала отбора.")
        return redirect(call)
    formset = CriterionFormSet(request.POST or None, queryset=call.criteria.all())
    error = ""
    if request.method == "POST" and formset.is_valid():
        rows = [
            actions.CriterionInput(
                code=f.cleaned_data["code"],
                name=f.cleaned_data["name"],
                description=f.cleaned_data["description"],
                weight=f.cleaned_data["weight"],
                anchors=[f.cleaned_data[f"anchor_{i}"] for i in range(rules.SCALE_MAX + 1)],
            )
            for f in formset.forms
            if f.has_changed() or f.instance.pk
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            actions.criteria_save(call=call, by=request.user, criteria=rows)
        except ExpertiseError as exc:
            error = str(exc)
        else:
            messages.success(request, "Критерии и веса сохранены.")
            return redirect(call)
    total = sum(c.weight for c in call.criteria.all())
    return render(
        request, "expertise/call_criteria.html", {"call": call, "formset": formset, "error": error, "total": total}
    )


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    can_manage = queries.call_can_manage(call=call, user=request.user)
    entries = list(queries.call_entries(call))
    context = {
        "call": call,
        "criteria": queries.call_criteria(call),
        "entries": entries,
        "can_manage": can_manage,
        "add_form": EntryAddForm(practices=queries.entry_candidates(call))
        if can_manage and call.status != CallStatus.CLOSED
        else None,
        "thresholds": threshold_rows(call),
        "history": change_history_rows(call, limit=20),
    }
    return render(request, "expertise/call_detail.html", context)


@require_POST
@login_required
def call_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_status(request, pk, actions.call_open, "Отбор открыт: критерии, веса и пороги опубликованы.")


@require_POST
@login_required
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_status(request, pk, actions.call_close, "Отбор завершён.")


def _call_status(request: HttpRequest, pk: int, action: Any, success: str) -> HttpResponse:
    call = _managed_call(request, pk)
    try:
        action(call=call, by=request.user)
    except ExpertiseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(call)


@require_POST
@login_required
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(request, pk)
    form = EntryAddForm(request.POST, practices=queries.entry_candidates(call))
    if not form.is_valid():
        messages.error(request, "Выберите практику из списка: в отбор включаются практики «на экспертизе».")
        return redirect(call)
    try:
        entry = actions.entry_add(call=call, practice=form.cleaned_data["practice"], by=request.user)
    except ExpertiseError as exc:
        messages.error(request, str(exc))
        return redirect(call)
    messages.success(request, "Практика включена в отбор. Назначьте экспертов.")
    return redirect(entry)


# ---------------------------------------------------------------- entries (manager)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(request, pk)
    can_manage = queries.call_can_manage(call=entry.call, user=request.user)
    state = queries.entry_aggregate(entry)
    agg = state.aggregate
    assignments = list(entry.assignments.select_related("expert").order_by("assigned_at", "id"))
    regions = queries.expert_regions([a.expert_id for a in assignments])
    region_names = dict(
        Region.objects.filter(pk__in={r for rs in regions.values() for r in rs}).values_list("pk", "name")
    )
    assignment_rows = [
        (
            a,
            ", ".join(sorted(region_names[r] for r in regions[a.expert_id])) or "—",
            entry.practice.region_id not in regions[a.expert_id],
        )
        for a in assignments
    ]
    is_open = entry.status == EntryStatus.REVIEW and entry.call.status == CallStatus.OPEN
    candidates = queries.entry_expert_candidates(entry) if can_manage and is_open else []
    allowed_ids = [c.user.pk for c in candidates if c.allowed]
    experts = queries.experts_all().filter(pk__in=allowed_ids)
    context = {
        "entry": entry,
        "call": entry.call,
        "practice": entry.practice,
        "can_manage": can_manage,
        "is_open": is_open,
        "assignments": assignment_rows,
        "candidates": candidates,
        "assign_form": AssignForm(experts=experts) if candidates else None,
        "third_form": ThirdExpertForm(experts=experts) if can_manage and is_open and agg.needs_resolution else None,
        "consensus_form": ConsensusForm(criteria=state.criteria, initial=consensus_initial(agg))
        if can_manage
        and entry.status == EntryStatus.REVIEW
        and agg.n_reviews >= 2
        and (agg.needs_resolution or agg.incomplete)
        else None,
        "decide_form": DecideForm()
        if can_manage and state.decision.verdict == "decided" and entry.status == EntryStatus.REVIEW
        else None,
        "state": state,
        "agg": agg,
        "decision": state.decision,
        "experts": [r.assignment.expert.display_name() for r in state.reviews],
        "expert_totals": [rules.fmt(t) for t in agg.expert_totals],
        "rows": aggregation_rows(state),
        "readiness_rows": readiness_rows(state),
        "explanation": state.decision.explanation(agg),
        "resolutions": list(entry.resolutions.select_related("by", "assignment__expert")),
        "decisions": list(entry.decisions.select_related("decided_by")),
        "total": rules.fmt(agg.total),
        "readiness": rules.fmt(agg.readiness, 2),
        "practice_url": url_or_none("practices:detail", entry.practice_id),
        "can_publish": can_manage
        and entry.status == EntryStatus.DECIDED
        and entry.practice.status == "decided"
        and entry.practice.decision_category in (rules.RECOMMENDED, rules.PROMISING),
        "history": change_history_rows(entry, limit=30),
    }
    return render(request, "expertise/entry_detail.html", context)


def _post_error(request: HttpRequest, entry: CallEntry, exc: Exception) -> HttpResponseRedirect:
    messages.error(request, str(exc))
    return redirect(entry)


@require_POST
@login_required
def entry_assign(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _managed_entry(request, pk)
    form = AssignForm(request.POST, experts=queries.experts_all())
    if not form.is_valid():
        messages.error(request, "Выберите эксперта из списка.")
        return redirect(entry)
    try:
        assignment = actions.assignment_create(entry=entry, expert=form.cleaned_data["expert"], by=request.user)
    except ExpertiseError as exc:
        return _post_error(request, entry, exc)
    messages.success(
        request, f"Эксперт {assignment.expert.display_name()} назначен. Он увидит паспорт после декларации."
    )
    return redirect(entry)


@require_POST
@login_required
def entry_third_expert(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _managed_entry(request, pk)
    form = ThirdExpertForm(request.POST, experts=queries.experts_all())
    if not form.is_valid():
        messages.error(request, "Выберите третьего эксперта из списка.")
        return redirect(entry)
    try:
        actions.resolution_third_expert(
            entry=entry, expert=form.cleaned_data["expert"], by=request.user, minutes=form.cleaned_data["minutes"]
        )
    except ExpertiseError as exc:
        return _post_error(request, entry, exc)
    messages.success(request, "Третий эксперт назначен: после его оценки будет взята медиана трёх оценок.")
    return redirect(entry)


@require_POST
@login_required
def entry_consensus(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _managed_entry(request, pk)
    form = ConsensusForm(request.POST, criteria=queries.call_criteria(entry.call))
    if not form.is_valid():
        messages.error(request, "Приложите протокол обсуждения и укажите согласованные оценки.")
        return redirect(entry)
    try:
        actions.resolution_consensus(
            entry=entry, by=request.user, scores=form.scores(), minutes=form.cleaned_data["minutes"]
        )
    except ExpertiseError as exc:
        return _post_error(request, entry, exc)
    messages.success(request, "Консенсус записан: в расчёте использованы согласованные оценки.")
    return redirect(entry)


@require_POST
@login_required
def entry_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _managed_entry(request, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Проверьте поля решения.")
        return redirect(entry)
    try:
        decision = actions.entry_decide(entry=entry, by=request.user, **form.cleaned_data)
    except ExpertiseError as exc:
        return _post_error(request, entry, exc)
    messages.success(request, f"Решение принято: {decision.get_category_display()}.")
    return redirect(entry)


@require_POST
@login_required
def entry_publish(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _managed_entry(request, pk)
    try:
        actions.entry_publish(entry=entry, by=request.user)
    except ExpertiseError as exc:
        return _post_error(request, entry, exc)
    messages.success(request, "Практика опубликована в федеральном каталоге.")
    return redirect(entry)


# ---------------------------------------------------------------- public


def results_index(request: HttpRequest) -> HttpResponse:
    return render(request, "expertise/results_index.html", {"calls": queries.call_public_list()})


def call_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The call's criteria, weights, thresholds and published results — for everyone."""
    call = get_object_or_404(queries.call_public_list(), pk=pk)
    entries = list(queries.call_published_results(call))
    for e in entries:
        e.public_url = url_or_none("practices:public_detail", e.practice_id)  # type: ignore[attr-defined]
    context = {
        "call": call,
        "criteria": queries.call_criteria(call),
        "thresholds": threshold_rows(call),
        "entries": entries,
    }
    return render(request, "expertise/call_results.html", context)
