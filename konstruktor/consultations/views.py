"""Consultation pages: parse → authorize → one call → render."""

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from konstruktor.consultations import actions, queries
from konstruktor.consultations.consent import OPERATOR_PLACEHOLDER, consent_html
from konstruktor.consultations.errors import AccessDenied, ConsultationError, RateLimited, RatingUnavailable
from konstruktor.consultations.forms import (
    AnswerForm,
    AssignForm,
    IntakeForm,
    NoteForm,
    PublicQuestionForm,
    QueueFilterForm,
    RatingForm,
    StatisticsFilterForm,
)
from konstruktor.consultations.models import OPEN_STATUSES, Consultation, RequesterKind, Status
from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.audit import access_log, change_history
from konstruktor.core.exports import xlsx_response
from konstruktor.organizations.queries import organization_list_visible
from konstruktor.territories.models import Region

_THANKS_SALT = "consultations.ask.thanks"
PAGE_SIZE = 25


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _staff_regions(user: Any) -> Any:
    return Region.objects.filter(pk__in=queries.staff_region_ids(user=user)).order_by("name")


# --- public side -------------------------------------------------------------------------------


def _ask_context(form: PublicQuestionForm) -> dict[str, Any]:
    return {
        "form": form,
        "consent": consent_html(),
        "operators": {str(k): v for k, v in queries.operators_by_region().items()},
        "operator_placeholder": OPERATOR_PLACEHOLDER,
    }


def ask(request: HttpRequest) -> HttpResponse:
    """The public «Задать вопрос» form: consent, a honeypot, a minimal fill time and a limit per address."""
    form = PublicQuestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            consultation = actions.consultation_submit_public(
                region=d["region"], topic=d["topic"], question=d["question"], requester_kind=d["requester_kind"],
                requester_name=d["requester_name"], requester_email=d["requester_email"],
                requester_phone=d["requester_phone"], organization_name=d["organization_name"],
                organization_identifier=d["organization_identifier"], consent_given=d["consent"],
                ip=_client_ip(request),
            )  # fmt: skip
        except RateLimited as exc:
            form.add_error(None, str(exc))
            status = 429
        except ConsultationError as exc:
            form.add_error(None, str(exc))
        else:
            token = signing.dumps({"id": consultation.pk}, salt=_THANKS_SALT)
            return redirect("consultations:ask_thanks", token=token)
    elif request.method == "POST" and form.spam_suspected:
        status = 400
    return render(request, "consultations/ask.html", _ask_context(form), status=status)


def ask_thanks(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pk = signing.loads(token, salt=_THANKS_SALT, max_age=86400)["id"]
    except (signing.BadSignature, KeyError, TypeError) as exc:
        raise Http404("Страница устарела.") from exc
    consultation = get_scoped_or_404(Consultation.objects.select_related("topic", "region"), pk=pk)
    centre = queries.resource_centre_of_region(region_id=consultation.region_id)
    return render(request, "consultations/ask_thanks.html", {"c": consultation, "centre": centre})


def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's rating by the link from the e-mail; works without logging in, once."""
    consultation = get_scoped_or_404(
        Consultation.objects.select_related("topic", "region").filter(status__in=[Status.ANSWERED, Status.CLOSED]),
        rating_token=token,
    )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and consultation.rated_at is None and form.is_valid():
        try:
            consultation = actions.consultation_rate(
                token=token, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except RatingUnavailable as exc:
            form.add_error(None, str(exc))
        except ConsultationError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "consultations/rate.html", {"c": consultation, "done": True})
    centre = queries.resource_centre_of_region(region_id=consultation.region_id)
    return render(request, "consultations/rate.html", {"c": consultation, "form": form, "centre": centre})


# --- consultant side ---------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The region's queue (and, for an NGO member, their organization's consultations)."""
    scope = scope_for(request.user)
    region_ids = queries.staff_region_ids(user=request.user)
    staff = queries.staff_of_regions(region_ids=region_ids) if scope.is_rc_staff else []
    form = QueueFilterForm(request.GET or None, regions=_staff_regions(request.user), staff=staff)
    visible = queries.consultation_list_visible(user=request.user)
    today = timezone.localdate()
    qs = queries.consultation_filter(visible, form.filters(), user=request.user, today=today)
    page = Paginator(queries.consultation_rows(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    queries.days_left_annotate(list(page.object_list), today=today)
    context = {
        "form": form,
        "page_obj": page,
        "querystring": _querystring(request),
        "is_staff": scope.is_rc_staff,
        "counts": queries.consultation_status_counts(visible),
        "overdue_count": visible.filter(status__in=[Status.NEW, Status.IN_PROGRESS], due_date__lt=today).count(),
        "show_region": len(region_ids) > 1,
    }
    template = "consultations/_queue_results.html" if request.headers.get("HX-Request") else "consultations/queue.html"
    return render(request, template, context)


def _visible(request: HttpRequest, pk: int) -> Consultation:
    qs = queries.consultation_list_visible(user=request.user).select_related(
        "topic", "region", "assigned_to", "answered_by", "requester_organization"
    )
    return get_scoped_or_404(qs, pk=pk)


def _suggestions(request: HttpRequest, text: str) -> list[queries.Suggestion]:
    return [
        dataclasses.replace(s, url=request.build_absolute_uri(s.url))
        for s in queries.article_suggestions(text=text, user=request.user)
    ]


def _detail_context(request: HttpRequest, c: Consultation, **forms: Any) -> dict[str, Any]:
    can_act = queries.consultation_can_act(consultation=c, user=request.user)
    can_see_pd = queries.consultation_can_see_personal_data(consultation=c, user=request.user)
    is_open = c.status in OPEN_STATUSES
    suggestions = _suggestions(request, c.question) if can_act and is_open else []
    staff = queries.staff_of_regions(region_ids=[c.region_id]) if can_act else None
    answer_form = forms.get("answer_form") or AnswerForm(user=request.user, initial={"notify": bool(c.requester_email)})
    posted: Any = answer_form.data
    selected = {int(v) for v in posted.getlist("articles_used") if v.isdigit()} if answer_form.is_bound else set()
    answer_articles = [{"id": s.article_id, "title": s.title, "checked": s.article_id in selected} for s in suggestions]
    others = selected - {s.article_id for s in suggestions}
    answer_articles += [
        {"id": a.pk, "title": a.title, "checked": True}
        for a in queries.articles_visible(user=request.user).filter(pk__in=others)
    ]
    context: dict[str, Any] = {
        "c": c,
        "can_act": can_act,
        "can_see_pd": can_see_pd,
        "is_open": is_open,
        "overdue": c.is_overdue(),
        "suggestions": suggestions,
        "articles_used": c.articles_used.all(),
        "notes": c.notes.select_related("author") if can_act else [],
        "history": change_history(c)[:100] if can_act else [],
        "answer_form": answer_form,
        "answer_articles": answer_articles,
        "note_form": forms.get("note_form") or NoteForm(),
        "assign_form": AssignForm(staff=staff, initial={"assignee": c.assigned_to_id}) if staff is not None else None,
        "can_assign_others": queries.can_manage_assignments(user=request.user),
    }
    return context


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    if queries.consultation_can_see_personal_data(consultation=c, user=request.user):
        access_log(obj=c, request=request, purpose="просмотр карточки консультации")
    return render(request, "consultations/detail.html", _detail_context(request, c))


@login_required
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    if not queries.consultation_can_act(consultation=c, user=request.user):
        return HttpResponseForbidden("Подбор статей доступен сотрудникам РЦ региона.")
    text = request.GET.get("q", "").strip()[:300] or c.question
    return render(request, "consultations/_suggestions.html", {"c": c, "suggestions": _suggestions(request, text)})


TRANSITIONS: dict[str, tuple[Callable[..., Consultation], str]] = {
    "take": (actions.consultation_take, "Консультация взята в работу."),
    "wait": (actions.consultation_wait_requester, "Срок ответа приостановлен до ответа заявителя."),
    "resume": (actions.consultation_resume, "Консультация снова в работе; срок ответа продлён на время ожидания."),
    "close": (actions.consultation_close, "Консультация закрыта."),
}


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in TRANSITIONS:
        raise Http404("Неизвестное действие.")
    c = _visible(request, pk)
    action, done = TRANSITIONS[name]
    try:
        action(consultation=c, by=request.user)
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(c)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    if not queries.consultation_can_act(consultation=c, user=request.user):
        return HttpResponseForbidden("Отвечать может сотрудник РЦ региона консультации.")
    form = AnswerForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            c = actions.consultation_answer(
                consultation=c,
                by=request.user,
                answer=form.cleaned_data["answer"],
                articles=form.cleaned_data["articles_used"],
                site_url=_site_url(request),
                notify_requester=form.cleaned_data["notify"],
            )
        except ConsultationError as exc:
            form.add_error(None, str(exc))
        else:
            parts = ["Ответ сохранён."]
            if c.requester_organization_id:
                parts.append("В журнал поддержки организации добавлена запись о консультации.")
            else:
                parts.append(
                    "Заявитель не связан с организацией из реестра, поэтому запись в журнал поддержки не создана."
                )
            if form.cleaned_data["notify"] and c.requester_email:
                parts.append("Заявителю отправлено письмо с ответом и ссылкой для оценки.")
            messages.success(request, " ".join(parts))
            return redirect(c)
    return render(request, "consultations/detail.html", _detail_context(request, c, answer_form=form), status=400)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render(request, "consultations/detail.html", _detail_context(request, c, note_form=form), status=400)
    try:
        actions.consultation_note_add(consultation=c, by=request.user, text=form.cleaned_data["text"])
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Заметка добавлена.")
    return redirect(c)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    c = _visible(request, pk)
    if not queries.consultation_can_act(consultation=c, user=request.user):
        return HttpResponseForbidden("Назначать консультантов может сотрудник РЦ региона.")
    form = AssignForm(request.POST, staff=queries.staff_of_regions(region_ids=[c.region_id]))
    if not form.is_valid():
        messages.error(request, "Выберите консультанта из списка.")
        return redirect(c)
    try:
        actions.consultation_assign(consultation=c, by=request.user, assignee=form.cleaned_data["assignee"])
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Консультант назначен: {form.cleaned_data['assignee'].display_name()}.")
    return redirect(c)


@login_required
def intake(request: HttpRequest) -> HttpResponse:
    """A question by phone, in person or by e-mail, recorded by the consultant."""
    if not scope_for(request.user).is_rc_staff:
        return HttpResponseForbidden("Принимать вопросы могут сотрудники РЦ.")
    initial: dict[str, Any] = {}
    prefill = request.GET.get("organization", "")
    if prefill.isdigit():
        org = get_scoped_or_404(organization_list_visible(user=request.user), pk=int(prefill))
        initial = {
            "organization": org.pk, "organization_name": str(org), "region": org.region_id,
            "requester_kind": RequesterKind.INITIATIVE_GROUP if org.kind == "initiative_group"
            else RequesterKind.ORGANIZATION,
        }  # fmt: skip
    form = IntakeForm(request.POST or None, regions=_staff_regions(request.user), initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        organization = None
        if d.get("organization"):
            organization = organization_list_visible(user=request.user).filter(pk=d["organization"]).first()
        try:
            c = actions.consultation_intake(
                by=request.user, channel=d["channel"], topic=d["topic"], region=d["region"], question=d["question"],
                requester_kind=d["requester_kind"], organization=organization,
                organization_name=d["organization_name"], organization_identifier=d["organization_identifier"],
                requester_name=d["requester_name"], requester_email=d["requester_email"],
                requester_phone=d["requester_phone"], consent_given=d["consent"], received_at=d["received_at"],
            )  # fmt: skip
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except ConsultationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Консультация № {c.pk} записана и взята вами в работу.")
            return redirect(c)
    return render(request, "consultations/intake.html", {"form": form})


@login_required
def organization_history(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_or_404(organization_list_visible(user=request.user).select_related("region"), pk=pk)
    qs = queries.consultation_rows(
        queries.consultation_list_visible(user=request.user).filter(requester_organization=org)
    ).order_by("-received_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    queries.days_left_annotate(list(page.object_list))
    return render(
        request,
        "consultations/organization.html",
        {
            "org": org,
            "page_obj": page,
            "querystring": _querystring(request),
            "is_staff": scope_for(request.user).is_rc_staff,
        },
    )


def _statistics_filtered(request: HttpRequest) -> tuple[StatisticsFilterForm, Any]:
    form = StatisticsFilterForm(request.GET or None, regions=_staff_regions(request.user))
    qs = queries.consultation_filter(
        queries.consultation_list_visible(user=request.user), form.filters(), user=request.user
    )
    return form, qs


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_rc_staff:
        return HttpResponseForbidden("Статистика консультаций доступна сотрудникам РЦ и координатору.")
    form, qs = _statistics_filtered(request)
    stats = queries.consultation_statistics(qs=qs)
    return render(
        request,
        "consultations/statistics.html",
        {
            "form": form,
            "stats": stats,
            "breakdowns": [
                ("По темам", stats.by_topic, "Тема"),
                ("По каналам", stats.by_channel, "Канал"),
                ("По регионам", stats.by_region, "Регион"),
                ("По месяцам поступления", stats.by_month, "Месяц"),
            ],
            "querystring": request.GET.urlencode(),
            "export_url": reverse("consultations:export"),
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_rc_staff:
        return HttpResponseForbidden("Выгрузка консультаций доступна сотрудникам РЦ и координатору.")
    _, qs = _statistics_filtered(request)
    return xlsx_response(
        "konsultatsii.xlsx", queries.EXPORT_COLUMNS, queries.consultation_export_rows(qs), title="Консультации"
    )
