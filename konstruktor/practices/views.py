"""Staff and NGO pages of the practice passport: list, export, detail, workflow, versions.

Parse → authorize → one call → render. Practices out of the user's scope look missing (404);
the passport form lives in views_passport.py, the importer page in views_import.py.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from konstruktor.core.access import get_scoped_or_404
from konstruktor.core.audit import change_history_rows
from konstruktor.core.exports import xlsx_response
from konstruktor.core.paging import CappedPaginator
from konstruktor.practices import actions, queries
from konstruktor.practices.errors import PracticeError
from konstruktor.practices.evidence import OutcomeEvidence, practice_headline
from konstruktor.practices.forms import CommentForm, PracticeFilterForm, ScreeningForm
from konstruktor.practices.models import Practice, Status
from konstruktor.practices.screening import GATE_NAMES

PAGE_SIZE = 25
EXPORT_COLUMNS = (
    "№", "Название", "Организация", "ИНН", "Регион", "Статус", "Источник", "Уровень доказанности", "Флаг",
    "Решение", "Экспертная оценка", "Готовность", "Год начала", "Сумма поддержки, руб.", "Целевые группы",
    "Направления", "Обновлена",
)  # fmt: skip


def _visible(request: HttpRequest, pk: int) -> Practice:
    qs = queries.practice_list_visible(user=request.user).select_related("region", "organization")
    return get_scoped_or_404(qs, pk=pk)


def _managed(request: HttpRequest, pk: int) -> Practice:
    """A practice of the user's region or organization; any other looks missing."""
    qs = queries.practice_list_manageable(user=request.user).select_related("region", "organization")
    return get_scoped_or_404(qs, pk=pk)


def _moderated(request: HttpRequest, pk: int) -> Practice:
    practice = _managed(request, pk)
    if not queries.practice_can_moderate(practice=practice, user=request.user):
        raise PermissionDenied("Это действие доступно сотрудникам ресурсного центра региона практики.")
    return practice


def _filtered(request: HttpRequest) -> tuple[PracticeFilterForm, Any]:
    form = PracticeFilterForm(request.GET or None)
    qs = queries.practice_list_visible(user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        qs = queries.practice_filter(
            qs,
            queries.PracticeFilters(
                q=d["q"],
                status=d["status"],
                region=d["region"].pk if d["region"] else None,
                area=d["area"].pk if d["area"] else None,
                target_group=d["target_group"].pk if d["target_group"] else None,
                level=d["level"],
                decision=d["decision"],
            ),
        )
    return form, queries.practice_rows(qs)


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "querystring": _querystring(request),
        "can_create": queries.practice_can_create(user=request.user),
        "can_import": queries.practice_can_import(user=request.user),
    }
    template = "practices/_results.html" if request.headers.get("HX-Request") else "practices/list.html"
    return render(request, template, context)


@login_required
def practice_export(request: HttpRequest) -> HttpResponse:
    _, qs = _filtered(request)
    rows = (
        (
            p.pk,
            p.title,
            str(p.organization) if p.organization_id else p.organization_name,
            p.organization.inn if p.organization else "",
            p.region.name,
            p.get_status_display(),
            p.get_source_display(),
            p.get_evidence_level_display(),
            p.get_evidence_flag_display() if p.evidence_flag else "",
            p.get_decision_category_display() if p.decision_category else "",
            float(p.merit_score) if p.merit_score is not None else None,
            float(p.readiness_score) if p.readiness_score is not None else None,
            p.started_year,
            float(p.grant_amount) if p.grant_amount is not None else None,
            ", ".join(t.name for t in p.target_groups.all()),
            ", ".join(a.name for a in p.areas.all()),
            p.updated_at.strftime("%d.%m.%Y"),
        )
        for p in qs.prefetch_related("target_groups", "areas").iterator(chunk_size=1000)
    )
    return xlsx_response("practices.xlsx", EXPORT_COLUMNS, rows, title="Практики")


def _evidence_rows(practice: Practice) -> tuple[list[Any], str]:
    outcomes = list(practice.outcomes.all())
    rated = [
        (o.name, o.is_priority, OutcomeEvidence(o.evidence_level, o.evidence_flag, list(o.evidence_reasons)))
        for o in outcomes
    ]
    return outcomes, practice_headline(rated).reason


@login_required
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _visible(request, pk)
    user = request.user
    can_edit = queries.practice_can_edit(practice=practice, user=user)
    can_moderate = queries.practice_can_moderate(practice=practice, user=user)
    outcomes, headline_reason = _evidence_rows(practice)
    screening = practice.screenings.select_related("version", "by").first()
    evaluations = practice.evaluations.select_related("region").prefetch_related("results_by_outcome__outcome")
    components = list(practice.components.all())
    decisions = list(practice.decisions.select_related("by"))
    new_evidence = (
        [e for e in evaluations if practice.decided_at and e.created_at > practice.decided_at]
        if practice.status in queries.RERATABLE
        else []
    )
    context = {
        "practice": practice,
        "show_contacts": queries.practice_can_see_contacts(practice=practice, user=user),
        "decisions": decisions,
        "new_evidence": new_evidence,
        "links": queries.practice_links(practice=practice, user=user),
        "outcomes": outcomes,
        "headline_reason": headline_reason,
        "core_components": [c for c in components if c.is_core],
        "adaptable_components": [c for c in components if not c.is_core],
        "launch_steps": practice.launch_steps.all(),
        "materials": practice.materials.all(),
        "evaluations": evaluations,
        "target_groups": practice.target_groups.all(),
        "areas": practice.areas.all(),
        "regions": practice.regions.all(),
        "municipalities": practice.municipalities.all(),
        "status_changes": practice.status_changes.select_related("by"),
        "versions": practice.versions.select_related("created_by").order_by("-number"),
        "screening": screening,
        "screening_rows": [
            (GATE_NAMES.get(code, code), row["passed"], row["comment"]) for code, row in screening.gates.items()
        ]
        if screening
        else [],
        "history": change_history_rows(practice, limit=30) if can_moderate else [],
        "can_edit": can_edit,
        "can_submit": can_edit and practice.status in (Status.DRAFT, Status.REWORK),
        "can_moderate": can_moderate,
        "can_screen": can_moderate and practice.status == Status.MODERATION,
        "can_return": can_moderate and Status.REWORK in actions.TRANSITIONS[practice.status],
        "can_publish": can_moderate
        and practice.status in (Status.DECIDED, Status.WITHDRAWN)
        and practice.decision_category in queries.PUBLISHABLE_DECISIONS,
        "can_withdraw": can_moderate and practice.status == Status.PUBLISHED,
        "can_rerate": can_moderate and practice.status in queries.RERATABLE,
        "comment_form": CommentForm(),
    }
    return render(request, "practices/detail.html", context)


def _done(request: HttpRequest, practice: Practice, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except PracticeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("practices:detail", pk=practice.pk)


@login_required
@require_POST
def practice_submit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _managed(request, pk)
    return _done(
        request,
        practice,
        lambda: actions.practice_submit(practice=practice, by=request.user),
        "Практика отправлена на модерацию; сохранена новая версия паспорта.",
    )


def _comment(request: HttpRequest) -> str:
    form = CommentForm(request.POST)
    return form.cleaned_data["comment"] if form.is_valid() else ""


@login_required
@require_POST
def practice_return(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _moderated(request, pk)
    comment = _comment(request)
    return _done(
        request,
        practice,
        lambda: actions.practice_return(practice=practice, by=request.user, comment=comment),
        "Практика возвращена на доработку с вашим комментарием.",
    )


@login_required
@require_POST
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _moderated(request, pk)
    return _done(
        request,
        practice,
        lambda: actions.practice_publish(practice=practice, by=request.user),
        "Практика опубликована в федеральном каталоге.",
    )


@login_required
@require_POST
def practice_rerate(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _moderated(request, pk)
    comment = _comment(request)
    return _done(
        request,
        practice,
        lambda: actions.practice_rerate(practice=practice, by=request.user, comment=comment),
        "Практика направлена на повторную экспертизу: сохранена новая версия паспорта. "
        "Включите её в отбор, чтобы эксперты оценили новую версию.",
    )


@login_required
@require_POST
def practice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _moderated(request, pk)
    comment = _comment(request)
    return _done(
        request,
        practice,
        lambda: actions.practice_withdraw(practice=practice, by=request.user, comment=comment),
        "Практика снята с публикации.",
    )


@login_required
def practice_screen(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _moderated(request, pk)
    if practice.status != Status.MODERATION:
        messages.error(request, "Первичный отбор проходят практики в статусе «На модерации».")
        return redirect("practices:detail", pk=practice.pk)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            screening = actions.practice_screen(practice=practice, by=request.user, gates=form.gates())
        except PracticeError as exc:
            form.add_error(None, str(exc))
        else:
            if screening.passed:
                messages.success(request, "Все фильтры пройдены: практика передана на экспертизу.")
            else:
                messages.warning(request, "Практика возвращена на доработку; причины записаны в истории статусов.")
            return redirect("practices:detail", pk=practice.pk)
    return render(request, "practices/screen.html", {"practice": practice, "form": form})


@login_required
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    practice = _visible(request, pk)
    versions = {v.number: v for v in practice.versions.select_related("created_by")}
    try:
        a, b = int(request.GET.get("a", "0")), int(request.GET.get("b", "0"))
    except ValueError as exc:
        raise Http404("Нет таких версий.") from exc
    if a not in versions or b not in versions:
        raise Http404("Нет таких версий.")
    older, newer = (versions[a], versions[b]) if a <= b else (versions[b], versions[a])
    context = {
        "practice": practice,
        "older": older,
        "newer": newer,
        "fields": queries.version_diff(
            older=older.data,
            newer=newer.data,
            contacts=queries.practice_can_see_contacts(practice=practice, user=request.user),
        ),
    }
    return render(request, "practices/diff.html", context)
