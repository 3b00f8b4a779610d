"""Meetings: agenda, invitations, attendance, decisions, minutes and the status report."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from konstruktor.core.audit import change_history
from konstruktor.governance import actions, queries
from konstruktor.governance.errors import AccessDenied, GovernanceError
from konstruktor.governance.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    DecisionToItemForm,
    MeetingForm,
    MeetingStatusForm,
)
from konstruktor.governance.minutes import meeting_minutes_docx
from konstruktor.governance.models import AgendaItem, Attendance, Decision, Meeting
from konstruktor.governance.views.common import act, form_act, form_page, post_only


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.group_get_visible(user=request.user, pk=pk)
    if not queries.group_can_manage(user=request.user, group=group):
        return HttpResponseForbidden("Назначать заседания могут сотрудники РЦ региона группы.")
    return form_page(
        request,
        MeetingForm(request.POST or None),
        save=lambda fields: actions.meeting_create(group=group, by=request.user, **fields),
        success=lambda meeting: f"{meeting} назначено. Составьте повестку и разошлите приглашения.",
        title=f"Новое заседание: {group}",
        cancel=group.get_absolute_url(),
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_visible(user=request.user, pk=pk)
    can_manage = queries.group_can_manage(user=request.user, group=meeting.group)
    attendance = list(
        meeting.attendance.select_related("member", "member__organization").order_by(
            "member__role", "member__full_name"
        )
    )
    decisions = list(
        meeting.decisions.select_related("owner_organization", "agenda_item", "roadmap_item", "roadmap_item__roadmap")
    )
    measures = queries.measures_of_group(group=meeting.group)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "can_manage": can_manage,
        "agenda": meeting.agenda.select_related("speaker"),
        "attendance": attendance,
        "decisions": decisions,
        "has_measures": measures.exists(),
        "agenda_form": AgendaItemForm(meeting=meeting) if can_manage else None,
        "decision_form": DecisionForm(meeting=meeting) if can_manage else None,
        "attendance_form": AttendanceForm(rows=attendance) if can_manage else None,
        "attendance_choices": Attendance.Status.choices,
        "status_form": MeetingStatusForm(instance=meeting) if can_manage else None,
        "to_item_form": DecisionToItemForm(measures=measures) if can_manage else None,
        "history": change_history(meeting)[:50] if can_manage else [],
    }
    return render(request, "governance/meeting_detail.html", context)


def _managed_meeting(request: HttpRequest, pk: int) -> Meeting:
    return queries.meeting_get_visible(user=request.user, pk=pk)


@login_required
@post_only
def meeting_status(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    return form_act(
        request,
        MeetingStatusForm(request.POST, instance=Meeting.objects.get(pk=pk)),
        back=meeting.get_absolute_url(),
        call=lambda d: actions.meeting_update(meeting=meeting, by=request.user, **d),
        success="Сохранено.",
    )


@login_required
@post_only
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    return form_act(
        request,
        AgendaItemForm(request.POST, meeting=meeting),
        back=meeting.get_absolute_url(),
        call=lambda d: actions.agenda_item_add(meeting=meeting, by=request.user, **d),
        success="Вопрос добавлен в повестку.",
        invalid="Вопрос не добавлен: ",
    )


@login_required
@post_only
def agenda_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.objects.filter(meeting__in=queries.meeting_list_visible(user=request.user).values("pk")), pk=pk
    )
    return act(
        request,
        item.meeting.get_absolute_url(),
        lambda: actions.agenda_item_delete(item=item, by=request.user),
        "Вопрос снят с повестки.",
    )


@login_required
@post_only
def meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    sent: list[int] = []

    def call() -> None:
        sent.append(actions.meeting_invite(meeting=meeting, by=request.user, site_url=_site_url(request)))

    response = act(request, meeting.get_absolute_url(), call, "Приглашения разосланы.")
    if sent:
        messages.info(request, f"Приглашений отправлено: {sent[0]} (участники без e-mail не получили).")
    return response


@login_required
@post_only
def attendance_mark(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    form = AttendanceForm(request.POST, rows=list(meeting.attendance.select_related("member")))
    return form_act(
        request,
        form,
        back=meeting.get_absolute_url(),
        call=lambda _: actions.attendance_mark(meeting=meeting, by=request.user, marks=form.marks()),
        success="Присутствие отмечено.",
    )


@login_required
@post_only
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    return form_act(
        request,
        DecisionForm(request.POST, meeting=meeting),
        back=meeting.get_absolute_url(),
        call=lambda d: actions.decision_add(meeting=meeting, by=request.user, **d),
        success="Решение записано.",
        invalid="Решение не добавлено: ",
    )


def _visible_decision(request: HttpRequest, pk: int) -> Decision:
    qs = Decision.objects.filter(
        meeting__in=queries.meeting_list_visible(user=request.user).values("pk")
    ).select_related("meeting", "meeting__group")
    return get_object_or_404(qs, pk=pk)


@login_required
@post_only
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _visible_decision(request, pk)
    return act(
        request,
        decision.meeting.get_absolute_url(),
        lambda: actions.decision_delete(decision=decision, by=request.user),
        "Решение удалено.",
    )


@login_required
@post_only
def decision_to_item(request: HttpRequest, pk: int) -> HttpResponse:
    """One step: the decision becomes an item of the chosen measure (or, under explicit weights,
    opens the item form prefilled from the decision, where the weights are set)."""
    decision = _visible_decision(request, pk)
    meeting = decision.meeting
    form = DecisionToItemForm(request.POST, measures=queries.measures_of_group(group=meeting.group))
    if not form.is_valid():
        messages.error(request, "Выберите меру дорожной карты.")
        return redirect(meeting)
    measure = form.cleaned_data["measure"]
    if not measure.children_equal_weights:
        url = reverse("governance:node_new", args=[measure.roadmap_id])
        return redirect(f"{url}?parent={measure.pk}&decision={decision.pk}")
    try:
        node = actions.decision_to_item(decision=decision, measure=measure, by=request.user)
    except AccessDenied as exc:
        return HttpResponseForbidden(str(exc))
    except GovernanceError as exc:
        messages.error(request, str(exc))
        return redirect(meeting)
    messages.success(request, f"Решение стало мероприятием {node.code} дорожной карты «{node.roadmap}».")
    return redirect(node)


@login_required
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_visible(user=request.user, pk=pk)
    response = HttpResponse(
        meeting_minutes_docx(meeting),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"Протокол № {meeting.number} от {timezone.localtime(meeting.starts_at):%d.%m.%Y}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def meeting_report(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_get_visible(user=request.user, pk=pk)
    context = {
        "meeting": meeting,
        "report": queries.status_report(meeting=meeting),
        "can_manage": queries.group_can_manage(user=request.user, group=meeting.group),
    }
    return render(request, "governance/meeting_report.html", context)


@login_required
@post_only
def meeting_report_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    back = reverse("governance:meeting_report", args=[meeting.pk])
    return act(
        request,
        back,
        lambda: actions.meeting_report_send(meeting=meeting, by=request.user, site_url=_site_url(request)),
        "Справка разослана участникам группы.",
    )
