"""Incubator pages: parse → authorize → one call → render."""

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from konstruktor.core.access import get_scoped_or_404, scope_for
from konstruktor.core.audit import access_log, change_history_rows
from konstruktor.core.exports import csv_response
from konstruktor.incubator import actions, queries
from konstruktor.incubator.chooser import legal_form_recommend
from konstruktor.incubator.errors import IncubatorError
from konstruktor.incubator.forms import (
    ChooserForm,
    CloseForm,
    GroupEditForm,
    GroupFilterForm,
    GroupForm,
    MeetingForm,
    MemberForm,
    MoveForm,
    NextStepForm,
    NoteForm,
    PartnershipForm,
    RegisterForm,
)
from konstruktor.incubator.models import InitiativeGroup, Partnership, Stage
from konstruktor.organizations.errors import DuplicateOrganization, OrganizationError
from konstruktor.territories.models import Municipality

PAGE_SIZE = 25
EXPORT_COLUMNS = (
    "Группа", "Регион", "Муниципальное образование", "Этап", "Следующий шаг", "Срок", "Ответственный",
    "Просрочен", "Целевые группы", "Создана",
)  # fmt: skip


def _group(request: HttpRequest, pk: int, *, edit: bool = False) -> InitiativeGroup:
    qs = queries.group_list_visible(user=request.user, edit=edit).select_related(
        "organization", "organization__region", "organization__municipality_ref", "next_step_owner"
    )
    return get_scoped_or_404(qs, pk=pk)


def _managed_group(request: HttpRequest, pk: int) -> InitiativeGroup:
    """A group the user may change; read-only viewers get 403, others 404."""
    group = _group(request, pk)
    if not queries.group_can_manage(group=group, user=request.user):
        raise PermissionDenied("Изменять группу может только сотрудник РЦ её региона.")
    return group


def _require_staff(request: HttpRequest) -> None:
    if not scope_for(request.user).is_rc_staff:
        raise PermissionDenied("Инкубатор ведут сотрудники ресурсных центров.")


def _filtered(request: HttpRequest) -> tuple[GroupFilterForm, Any]:
    regions = queries.regions_visible(user=request.user)
    form = GroupFilterForm(
        request.GET or None,
        municipalities=Municipality.objects.filter(region__in=regions).order_by("name"),
        owners=queries.staff_of_regions(region_ids=regions.values("pk")),
    )
    qs = queries.group_list_visible(user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        qs = queries.group_filter(
            qs,
            queries.GroupFilters(
                stage=d["stage"],
                municipality=d["municipality"].pk if d["municipality"] else None,
                overdue=d["overdue"],
                responsible=d["responsible"].pk if d["responsible"] else None,
                q=d["q"],
            ),
        )
    return form, qs


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form, qs = _filtered(request)
    page = Paginator(queries.group_rows(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "querystring": _querystring(request),
        "today": datetime.date.today(),
        "can_create": queries.regions_managed(user=request.user).exists(),
    }
    template = "incubator/_results.html" if request.headers.get("HX-Request") else "incubator/list.html"
    return render(request, template, context)


@login_required
def group_export(request: HttpRequest) -> HttpResponseBase:
    _require_staff(request)
    _, qs = _filtered(request)
    today = datetime.date.today()
    rows = (
        (
            g.name,
            g.organization.region.name,
            g.organization.municipality_ref.name if g.organization.municipality_ref else g.organization.municipality,
            g.get_stage_display(),
            g.next_step,
            g.next_step_due,
            str(g.next_step_owner or ""),
            "да" if g.is_overdue(today) else "",
            ", ".join(t.name for t in g.target_groups.all()),
            g.created_at.date(),
        )
        for g in queries.group_rows(qs).prefetch_related("target_groups")
    )
    return csv_response("initiative-groups.csv", EXPORT_COLUMNS, rows)


@login_required
def group_board(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    _, qs = _filtered(request)
    context = {
        "columns": queries.group_board(qs),
        "stages": Stage.choices,
        "today": datetime.date.today(),
        "can_create": queries.regions_managed(user=request.user).exists(),
    }
    return render(request, "incubator/board.html", context)


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    regions = queries.regions_managed(user=request.user)
    if not scope_for(request.user).is_rc_staff or not regions.exists():
        raise PermissionDenied("Создавать инициативные группы могут сотрудники РЦ.")
    initial: dict[str, Any] = {}
    municipality = Municipality.objects.filter(region__in=regions, pk=request.GET.get("municipality") or 0).first()
    if municipality is not None:
        initial = {"municipality": municipality, "region": municipality.region}
    form = GroupForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            group = actions.group_create(
                by=request.user,
                name=d["name"],
                social_problem=d["social_problem"],
                region=d["region"],
                municipality=d["municipality"],
                settlement=d["settlement"],
                target_groups=list(d["target_groups"]),
                areas=list(d["areas"]),
                planned_services=d["planned_services"],
                next_step=d["next_step"],
                next_step_due=d["next_step_due"],
                next_step_owner=request.user if d["next_step"] else None,
            )
        except (IncubatorError, OrganizationError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Инициативная группа создана.")
            return redirect(group)
    context = {
        "form": form,
        "municipality": municipality,
        "ngo_count": queries.municipality_ngo_count(municipality_id=municipality.pk) if municipality else None,
    }
    return render(request, "incubator/group_form.html", context)


def _documents_start_url() -> str | None:
    try:
        return reverse("documents:index")
    except NoReverseMatch:
        return None


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    can_manage = queries.group_can_manage(group=group, user=request.user)
    members = list(group.members.all())
    if can_manage and any(m.contacts for m in members):
        access_log(obj=group, request=request, purpose="просмотр контактов участников инициативной группы")
    municipality_id = group.organization.municipality_ref_id
    regions = [group.organization.region_id]
    context = {
        "group": group,
        "org": group.organization,
        "can_manage": can_manage,
        "show_contacts": can_manage,
        "members": members,
        "notes": group.notes.select_related("author")[:50],
        "target_groups": group.target_groups.all(),
        "areas": group.organization.areas.all(),
        "history": change_history_rows(group),
        "support": group.organization.support_received.select_related("provider")[:50],
        "consultations": queries.group_consultations(group, user=request.user),
        "drafts": queries.group_document_drafts(group, user=request.user),
        "documents_url": _documents_start_url(),
        "partnerships": queries.partnerships_of(group.organization),
        "ngo_count": queries.municipality_ngo_count(municipality_id=municipality_id),
        "today": datetime.date.today(),
        "stages": Stage.choices,
        "stage_index": Stage.values.index(group.stage),
        "move_form": MoveForm(initial={"to_stage": group.stage}),
        "next_step_form": NextStepForm(
            initial={
                "next_step": group.next_step,
                "next_step_due": group.next_step_due,
                "next_step_owner": group.next_step_owner,
            },
            owners=queries.staff_of_regions(region_ids=regions),
        ),
        "member_form": MemberForm(),
        "note_form": NoteForm(),
        "registered": group.organization.kind == "ngo",
    }
    return render(request, "incubator/detail.html", context)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    owners = queries.staff_of_regions(region_ids=[group.organization.region_id])
    form = GroupEditForm(request.POST or None, group=group, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.group_update(group=group, by=request.user, **form.cleaned_data)
        except (IncubatorError, OrganizationError) as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:  # the registry's own checks of the group's organization
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(group)
    return render(request, "incubator/group_edit.html", {"group": group, "form": form})


def _back(request: HttpRequest, group: InitiativeGroup) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/incubator/"):
        return redirect(target)
    return redirect(group)


@login_required
@require_POST
def group_move(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите этап.")
        return _back(request, group)
    try:
        group = actions.group_move(
            group=group, to_stage=form.cleaned_data["to_stage"], by=request.user, note=form.cleaned_data["note"]
        )
    except (IncubatorError, OrganizationError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"«{group.name}»: этап «{group.get_stage_display()}».")
    return _back(request, group)


@login_required
@require_POST
def group_next_step(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = NextStepForm(request.POST, owners=queries.staff_of_regions(region_ids=[group.organization.region_id]))
    if form.is_valid():
        d = form.cleaned_data
        actions.group_next_step_set(
            group=group,
            by=request.user,
            next_step=d["next_step"],
            next_step_due=d["next_step_due"],
            next_step_owner=d["next_step_owner"],
        )
        messages.success(request, "Следующий шаг сохранён.")
    else:
        messages.error(request, "Проверьте следующий шаг и срок.")
    return redirect(group)


@login_required
@require_POST
def group_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            actions.group_member_add(group=group, by=request.user, **form.cleaned_data)
        except IncubatorError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Участник добавлен.")
    else:
        messages.error(request, "Укажите ФИО и роль участника.")
    return redirect(group)


@login_required
@require_POST
def group_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        actions.group_note_add(group=group, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Заметка добавлена.")
    return redirect(group)


@login_required
def group_register(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    initial = {"full_name": group.organization.full_name.replace("Инициативная группа", "").strip(" «»")}
    form = RegisterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.group_register(group=group, by=request.user, **form.cleaned_data)
        except DuplicateOrganization as exc:
            form.add_error(None, format_html('{} <a href="{}">Открыть карточку</a>.', str(exc), exc.url))
        except (IncubatorError, OrganizationError) as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:  # identifier check digits, from the registry's full_clean
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "НКО зарегистрирована и внесена в реестр.")
            return redirect(group)
    return render(request, "incubator/register.html", {"group": group, "form": form})


def _chooser_context(form: ChooserForm) -> dict[str, Any]:
    return {"form": form, "result": legal_form_recommend(form.answers()) if form.is_valid() else None}


def chooser(request: HttpRequest) -> HttpResponse:
    """Public: answers in, recommendation out, nothing stored."""
    form = ChooserForm(request.POST or None)
    context = _chooser_context(form)
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "incubator/_chooser_result.html", context)
    return render(request, "incubator/chooser.html", context)


@login_required
def group_chooser(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    initial = {k: ("1" if v is True else "0" if v is False else v) for k, v in group.chooser_answers.items()}
    form = ChooserForm(request.POST or None, initial=initial or None)
    if request.method == "POST" and form.is_valid():
        actions.group_chooser_save(group=group, by=request.user, answers=form.answers())
        messages.success(request, "Рекомендация сохранена в карточке группы.")
        return redirect(group)
    return render(request, "incubator/chooser.html", {"form": form, "group": group, "result": None})


@login_required
def group_mentors(request: HttpRequest, pk: int) -> HttpResponse:
    group = _managed_group(request, pk)
    form = PartnershipForm(request.POST or None, initial={"started": datetime.date.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            partnership, skipped = actions.partnership_create(
                by=request.user,
                mentor=d["mentor"],
                mentee=group.organization,
                aim=d["aim"],
                plan=d["plan"],
                started=d["started"],
            )
        except (IncubatorError, OrganizationError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Наставничество записано.")
            if skipped:
                messages.info(request, _skipped_message(skipped))
            return redirect("incubator:partnership", pk=partnership.pk)
    context = {
        "group": group,
        "candidates": queries.mentor_candidates(organization=group.organization),
        "form": form,
    }
    return render(request, "incubator/mentors.html", context)


def _skipped_message(skipped: list[str]) -> str:
    return (
        "Запись о поддержке не создана для: " + ", ".join(skipped) + " — организация из другого региона, "
        "её поддержку отражает РЦ её региона."
    )


def _partnership(request: HttpRequest, pk: int) -> Partnership:
    qs = queries.partnership_list_visible(user=request.user)
    return get_scoped_or_404(qs, pk=pk)


@login_required
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    scope = scope_for(request.user)
    can_manage = scope.is_rc_staff and scope.can_edit_region(partnership.mentee.region_id)
    meeting_form = MeetingForm(request.POST or None, initial={"date": datetime.date.today()})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Встречи записывает РЦ региона подопечной организации.")
        if meeting_form.is_valid():
            try:
                _, skipped = actions.partnership_meeting_add(
                    partnership=partnership, by=request.user, **meeting_form.cleaned_data
                )
            except IncubatorError as exc:
                meeting_form.add_error(None, str(exc))
            else:
                messages.success(request, "Встреча записана.")
                if skipped:
                    messages.info(request, _skipped_message(skipped))
                return redirect("incubator:partnership", pk=partnership.pk)
    group = InitiativeGroup.objects.filter(organization=partnership.mentee).first()
    context = {
        "partnership": partnership,
        "meetings": partnership.meetings.all(),
        "meeting_form": meeting_form,
        "close_form": CloseForm(initial={"ended": datetime.date.today()}),
        "can_manage": can_manage,
        "group": group,
    }
    return render(request, "incubator/partnership.html", context)


@login_required
@require_POST
def partnership_close(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите результаты и дату окончания.")
        return redirect("incubator:partnership", pk=pk)
    try:
        actions.partnership_close(
            partnership=partnership,
            by=request.user,
            results=form.cleaned_data["results"],
            ended=form.cleaned_data["ended"],
            completed=form.cleaned_data["status"] == Partnership.Status.COMPLETED,
        )
    except IncubatorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Наставничество закрыто.")
    return redirect("incubator:partnership", pk=pk)
