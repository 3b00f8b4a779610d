"""The expert's pages: the queue, the conflict-of-interest declaration and the review form.

An expert sees only their own assignments (404 otherwise), the passport only after the
declaration, and the other experts' scores (without names) only after submitting their own.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.roles import Role
from konstruktor.expertise import actions, queries, rules
from konstruktor.expertise.errors import ExpertiseError
from konstruktor.expertise.forms import DeclarationForm, ReviewForm
from konstruktor.expertise.models import Assignment, AssignmentStatus, CallStatus, EntryStatus, Review
from konstruktor.expertise.tables import aggregation_rows, url_or_none
from konstruktor.practices.models import Practice


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    return get_scoped_or_404(queries.assignment_list_for_expert(user=request.user), pk=pk)


@login_required
def my_queue(request: HttpRequest) -> HttpResponse:
    assignments = list(queries.assignment_list_for_expert(user=request.user))
    if not assignments and not scope_for(request.user).has_role(Role.EXPERT):
        raise PermissionDenied("Страница для экспертов отбора практик.")
    return render(request, "expertise/my_queue.html", {"assignments": assignments})


def _review_initial(review: Review | None) -> dict[str, Any]:
    if review is None:
        return {}
    initial: dict[str, Any] = {"recommendation": review.recommendation, "summary": review.summary}
    for s in review.scores.select_related("criterion"):
        initial[f"score_{s.criterion.code}"] = s.value
        initial[f"comment_{s.criterion.code}"] = s.comment
    for code, value in review.readiness().items():
        initial[f"ready_{code}"] = "" if value is None else str(value)
    return initial


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    entry = assignment.entry
    context: dict[str, Any] = {"assignment": assignment, "entry": entry, "call": entry.call}
    if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
        context["form"] = DeclarationForm()
        context["practice_title"] = entry.practice.title
        context["organization"] = entry.practice.organization or entry.practice.organization_name
        return render(request, "expertise/declaration.html", context)
    if assignment.status == AssignmentStatus.CONFLICT:
        return render(request, "expertise/declaration.html", context)
    criteria = queries.call_criteria(entry.call)
    review = queries.review_for(assignment)
    submitted = review is not None and review.is_submitted
    editable = (
        not submitted
        and assignment.status == AssignmentStatus.IN_PROGRESS
        and entry.status == EntryStatus.REVIEW
        and entry.call.status == CallStatus.OPEN
    )
    context.update(
        practice=_practice_for_review(entry.practice),
        criteria=criteria,
        review=review,
        submitted=submitted,
        editable=editable,
        form=ReviewForm(initial=_review_initial(review), criteria=criteria),
        practice_url=url_or_none("practices:detail", entry.practice_id),
    )
    if submitted:
        # Blind until submission: only now the expert sees the other submitted reviews.
        state = queries.entry_aggregate(entry)
        context.update(
            state=state,
            rows=aggregation_rows(state),
            experts=[
                "Вы" if r.assignment_id == assignment.pk else f"Эксперт {i}" for i, r in enumerate(state.reviews, 1)
            ],
            expert_totals=[rules.fmt(t) for t in state.aggregate.expert_totals],
            total=rules.fmt(state.aggregate.total),
            agg=state.aggregate,
        )
    return render(request, "expertise/review.html", context)


def _practice_for_review(practice: Practice) -> Practice:
    return (
        Practice.objects.select_related("region", "organization")
        .prefetch_related(
            "outcomes", "components", "materials", "evaluations", "target_groups", "areas", "launch_steps"
        )
        .get(pk=practice.pk)
    )


@require_POST
@login_required
def assignment_declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        context = {"assignment": assignment, "entry": assignment.entry, "call": assignment.entry.call, "form": form}
        context["practice_title"] = assignment.entry.practice.title
        context["organization"] = assignment.entry.practice.organization or assignment.entry.practice.organization_name
        return render(request, "expertise/declaration.html", context, status=400)
    try:
        actions.assignment_declare(
            assignment=assignment,
            by=request.user,
            has_conflict=form.cleaned_data["has_conflict"],
            text=form.cleaned_data["text"],
        )
    except ExpertiseError as exc:
        messages.error(request, str(exc))
    else:
        if form.cleaned_data["has_conflict"]:
            messages.info(request, "Конфликт интересов заявлен: руководитель отбора назначит другого эксперта.")
        else:
            messages.success(request, "Декларация подана. Паспорт практики открыт для оценки.")
    return redirect(assignment)


@require_POST
@login_required
def assignment_review(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    criteria = queries.call_criteria(assignment.entry.call)
    form = ReviewForm(request.POST, criteria=criteria)
    submit = "submit" in request.POST
    error = ""
    if form.is_valid():
        try:
            actions.review_save(
                assignment=assignment,
                by=request.user,
                scores=form.scores(),
                readiness=form.readiness(),
                recommendation=form.cleaned_data["recommendation"],
                summary=form.cleaned_data["summary"],
                submit=submit,
            )
        except ExpertiseError as exc:
            error = str(exc)
        else:
            messages.success(request, "Оценка отправлена." if submit else "Черновик оценки сохранён.")
            return redirect(assignment)
    else:
        error = "Проверьте значения в форме."
    context = {
        "assignment": assignment,
        "entry": assignment.entry,
        "call": assignment.entry.call,
        "practice": _practice_for_review(assignment.entry.practice),
        "criteria": criteria,
        "review": queries.review_for(assignment),
        "submitted": False,
        "editable": True,
        "form": form,
        "error": error,
        "practice_url": url_or_none("practices:detail", assignment.entry.practice_id),
    }
    return render(request, "expertise/review.html", context, status=400)
