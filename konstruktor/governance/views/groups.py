"""The workspace, groups, members and documents: parse → authorize → one call → render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_history
from konstruktor.governance import actions, queries
from konstruktor.governance.forms import DocumentForm, GroupForm, MemberForm
from konstruktor.governance.models import GroupDocument, GroupMember, ProjectGroup
from konstruktor.governance.views.common import act, file_download, form_act, form_page, post_only
from konstruktor.organizations.queries import resource_centres_for
from konstruktor.territories.models import Region


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    groups = list(queries.group_list_visible(user=request.user).order_by("region__name", "name")[:200])
    tasks = list(queries.my_tasks(user=request.user)[:100])
    controls = queries.item_controls(items=tasks, today=timezone.localdate())
    context = {
        "groups": groups,
        "tasks": [(t, controls[t.pk]) for t in tasks],
        "meetings": queries.upcoming_meetings(user=request.user),
        "roadmaps": list(queries.roadmap_list_visible(user=request.user, include_public=False).order_by("title")[:100]),
        "can_create": scope.is_rc_staff and bool(scope.edit_region_ids or scope.is_federal),
    }
    return render(request, "governance/home.html", context)


def _group_form(request: HttpRequest, instance: ProjectGroup | None = None) -> GroupForm:
    scope = scope_for(request.user)
    regions = Region.objects.all() if scope.is_federal else Region.objects.filter(pk__in=scope.edit_region_ids)
    centres = resource_centres_for(user=request.user).filter(region__in=regions).order_by("short_name")
    return GroupForm(request.POST or None, instance=instance, regions=regions, centres=centres)


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.is_rc_staff:
        return HttpResponseForbidden("Создавать группы могут сотрудники РЦ.")
    return form_page(
        request,
        _group_form(request),
        save=lambda fields: actions.group_create(by=request.user, **fields),
        success=lambda group: f"Группа «{group}» создана. Добавьте участников.",
        title="Новая группа",
        back="governance:home",
    )


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.group_get_visible(user=request.user, pk=pk)
    if not queries.group_can_manage(user=request.user, group=group):
        return HttpResponseForbidden("Изменять группу могут сотрудники РЦ её региона.")
    return form_page(
        request,
        _group_form(request, instance=ProjectGroup.objects.get(pk=pk)),
        save=lambda fields: actions.group_update(group=group, by=request.user, **fields),
        success=lambda _: "Изменения сохранены.",
        title=f"Изменить: {group}",
        cancel=group.get_absolute_url(),
    )


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.group_get_visible(user=request.user, pk=pk)
    can_manage = queries.group_can_manage(user=request.user, group=group)
    roadmaps = list(group.roadmaps.order_by("title"))
    progress = queries.roadmap_progress_many(roadmaps=roadmaps)
    context = {
        "group": group,
        "can_manage": can_manage,
        "members": group.members.select_related("organization", "user").order_by("role", "full_name"),
        "documents": group.documents.all(),
        "meetings": group.meetings.order_by("-starts_at"),
        "roadmaps": [(r, progress[r.pk]) for r in roadmaps],
        "member_form": MemberForm(group=group) if can_manage else None,
        "document_form": DocumentForm() if can_manage else None,
        "history": change_history(group)[:50] if can_manage else [],
    }
    return render(request, "governance/group_detail.html", context)


@login_required
@post_only
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.group_get_visible(user=request.user, pk=pk)
    return form_act(
        request,
        MemberForm(request.POST, group=group),
        back=group.get_absolute_url(),
        call=lambda d: actions.member_add(group=group, by=request.user, **d),
        success="Участник добавлен.",
        invalid="Участник не добавлен: ",
    )


@login_required
@post_only
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        GroupMember.objects.filter(group__in=queries.group_list_visible(user=request.user).values("pk")), pk=pk
    )
    return act(
        request,
        member.group.get_absolute_url(),
        lambda: actions.member_remove(member=member, by=request.user),
        "Участник исключён из группы.",
    )


@login_required
@post_only
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.group_get_visible(user=request.user, pk=pk)
    return form_act(
        request, DocumentForm(request.POST, request.FILES), back=group.get_absolute_url(),
        call=lambda d: actions.document_add(group=group, by=request.user, kind=d["kind"], title=d["title"], upload=d["file"], url=d["url"]),
        success="Документ добавлен.", invalid="Документ не добавлен: ",
    )  # fmt: skip


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = get_object_or_404(
        GroupDocument.objects.filter(group__in=queries.group_list_visible(user=request.user).values("pk")), pk=pk
    )
    return file_download(document.file, document.original_name)
