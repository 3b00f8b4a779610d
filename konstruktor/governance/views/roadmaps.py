"""Roadmaps: the public page, the tree, items with evidence and comments, weights, XLSX."""

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from konstruktor.core.audit import change_history
from konstruktor.governance import actions, queries
from konstruktor.governance.actions.roadmaps import CHILD_LEVEL
from konstruktor.governance.errors import AccessDenied, GovernanceError, RoadmapImportError
from konstruktor.governance.exchange import roadmap_export_xlsx
from konstruktor.governance.forms import (
    CommentForm,
    EvidenceForm,
    ImportForm,
    NodeForm,
    ProgressForm,
    RoadmapForm,
    WeightsForm,
)
from konstruktor.governance.models import Decision, Evidence, NodeLevel, Roadmap, RoadmapNode
from konstruktor.governance.views.common import act, file_download, form_errors, post_only


def roadmap_list(request: HttpRequest) -> HttpResponse:
    """Public roadmaps for everyone; a signed-in user also sees the ones of their groups."""
    qs = queries.roadmap_list_visible(user=request.user).order_by("group__region__name", "title")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    progress = queries.roadmap_progress_many(roadmaps=page.object_list)
    return render(
        request,
        "governance/roadmap_list.html",
        {"page_obj": page, "rows": [(r, progress[r.pk]) for r in page.object_list], "querystring": ""},
    )


@login_required
def roadmap_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = queries.group_get_visible(user=request.user, pk=pk)
    if not queries.group_can_manage(user=request.user, group=group):
        return HttpResponseForbidden("Создавать дорожные карты могут сотрудники РЦ региона группы.")
    form = RoadmapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            roadmap = actions.roadmap_create(group=group, by=request.user, **form.cleaned_data)
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Дорожная карта создана. Добавьте цели, меры и мероприятия или загрузите XLSX.")
            return redirect(roadmap)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": f"Новая дорожная карта: {group}", "cancel": group.get_absolute_url()},
    )


@login_required
def roadmap_edit(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = queries.roadmap_get_visible(user=request.user, pk=pk)
    if not queries.roadmap_can_manage(user=request.user, roadmap=roadmap):
        return HttpResponseForbidden("Изменять дорожную карту могут сотрудники РЦ региона группы.")
    form = RoadmapForm(request.POST or None, instance=Roadmap.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            roadmap = actions.roadmap_update(roadmap=roadmap, by=request.user, **form.cleaned_data)
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(roadmap)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": f"Изменить: {roadmap}", "cancel": roadmap.get_absolute_url()},
    )


def roadmap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Open to anyone when the roadmap is public; participants also see people, comments, history."""
    roadmap = queries.roadmap_get_visible(user=request.user, pk=pk)
    insider = request.user.is_authenticated and queries.roadmap_is_insider(user=request.user, roadmap=roadmap)
    can_manage = request.user.is_authenticated and queries.roadmap_can_manage(user=request.user, roadmap=roadmap)
    tree = queries.roadmap_tree(roadmap=roadmap)
    evidence = (
        Evidence.objects.filter(node__roadmap=roadmap).select_related("node").order_by("node__code", "-created_at")
    )
    evidence_by_node: dict[int, list[Evidence]] = {}
    for e in evidence:
        evidence_by_node.setdefault(e.node_id, []).append(e)
    for t in tree.flat:
        t.evidence = evidence_by_node.get(t.node.pk, [])
    context = {
        "roadmap": roadmap,
        "group": roadmap.group,
        "tree": tree,
        "insider": insider,
        "can_manage": can_manage,
        "participation": queries.participation_of_roadmap(roadmap=roadmap),
        "history": queries.history_of_roadmap(roadmap=roadmap)[:100] if insider else [],
        "import_form": ImportForm() if can_manage else None,
    }
    return render(request, "governance/roadmap_detail.html", context)


def _parent_from(request: HttpRequest, roadmap: Roadmap) -> RoadmapNode | None:
    raw = request.GET.get("parent") or request.POST.get("parent")
    if not raw:
        return None
    return get_object_or_404(RoadmapNode, roadmap=roadmap, pk=int(raw) if raw.isdigit() else 0)


@login_required
def node_new(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = queries.roadmap_get_visible(user=request.user, pk=pk)
    if not queries.roadmap_can_manage(user=request.user, roadmap=roadmap):
        return HttpResponseForbidden("Изменять дорожную карту могут сотрудники РЦ региона группы.")
    parent = _parent_from(request, roadmap)
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if level is None:
        messages.error(request, "У мероприятия не может быть вложенных элементов.")
        return redirect(roadmap)
    decision = None
    raw_decision = request.GET.get("decision") or request.POST.get("decision")
    if raw_decision and raw_decision.isdigit():
        decision = get_object_or_404(Decision, pk=int(raw_decision), meeting__group=roadmap.group)
    equal = parent.children_equal_weights if parent else roadmap.goals_equal_weights
    siblings = None if equal else list(RoadmapNode.objects.filter(roadmap=roadmap, parent=parent).order_by("position"))
    initial = {}
    if decision is not None:
        initial = {
            "title": decision.text[:500], "owner_organization": decision.owner_organization,
            "owner_person": decision.owner_person, "deadline": decision.deadline,
        }  # fmt: skip
    form = NodeForm(
        request.POST or None, initial=initial, roadmap=roadmap, is_item=level == NodeLevel.ITEM, siblings=siblings
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        weights: dict[str, Any] = {
            "weight": d.get("weight"),
            "sibling_weights": form.sibling_weights() if siblings is not None else None,
        }
        try:
            if decision is not None and parent is not None:
                node = actions.decision_to_item(
                    decision=decision, measure=parent, by=request.user, title=d["title"], co_owners=d.get("co_owners") or [],
                    **weights, **form.item_fields(),
                )  # fmt: skip
            else:
                node = actions.node_create(
                    roadmap=roadmap, parent=parent, by=request.user, title=d["title"], co_owners=d.get("co_owners") or [],
                    **weights, **form.item_fields(),
                )  # fmt: skip
        except AccessDenied as exc:
            return HttpResponseForbidden(str(exc))
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Добавлено: {node}.")
            return redirect(node if node.is_item else roadmap)
    title = f"{NodeLevel(level).label}: новый элемент" + (f" в «{parent}»" if parent else "")
    return render(
        request,
        "governance/node_form.html",
        {"form": form, "title": title, "roadmap": roadmap, "parent": parent, "decision": decision, "equal": equal,
         "siblings_count": len(siblings or [])},
    )  # fmt: skip


@login_required
def node_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node = queries.node_get_visible(user=request.user, pk=pk)
    if not queries.roadmap_can_manage(user=request.user, roadmap=node.roadmap):
        return HttpResponseForbidden("Изменять дорожную карту могут сотрудники РЦ региона группы.")
    form = NodeForm(
        request.POST or None, instance=RoadmapNode.objects.get(pk=pk), roadmap=node.roadmap, is_item=node.is_item
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            fields = {"title": d["title"], **form.item_fields()}
            node = actions.node_update(
                node=node, by=request.user, co_owners=d.get("co_owners") if node.is_item else None, **fields
            )
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect(node if node.is_item else node.roadmap)
    return render(
        request,
        "governance/node_form.html",
        {"form": form, "title": f"Изменить: {node}", "roadmap": node.roadmap, "node": node},
    )


@login_required
@post_only
def node_delete(request: HttpRequest, pk: int) -> HttpResponse:
    node = queries.node_get_visible(user=request.user, pk=pk)
    return act(
        request,
        node.roadmap.get_absolute_url(),
        lambda: actions.node_delete(node=node, by=request.user),
        f"Удалено: {node}.",
    )


def node_detail(request: HttpRequest, pk: int) -> HttpResponse:
    node = queries.node_get_visible(user=request.user, pk=pk)
    roadmap = node.roadmap
    insider = request.user.is_authenticated and queries.roadmap_is_insider(user=request.user, roadmap=roadmap)
    can_update = request.user.is_authenticated and queries.node_can_update(user=request.user, node=node)
    tree = queries.roadmap_tree(roadmap=roadmap)
    here = next(t for t in tree.flat if t.node.pk == node.pk)
    context = {
        "node": node,
        "here": here,
        "roadmap": roadmap,
        "path": queries.node_path(node),
        "insider": insider,
        "can_update": can_update,
        "can_manage": request.user.is_authenticated and queries.roadmap_can_manage(user=request.user, roadmap=roadmap),
        "evidence": node.evidence.select_related("uploaded_by"),
        "comments": node.comments.select_related("author") if insider else [],
        "history": change_history(node)[:100] if insider else [],
        "co_owners": node.co_owners.all(),
        "decision": getattr(node, "source_decision", None),
        "progress_form": ProgressForm(
            initial={"status": node.status, "indicator_actual": _plain(node.indicator_actual)}
        )
        if can_update and node.is_item
        else None,
        "evidence_form": EvidenceForm() if can_update and node.is_item else None,
        "comment_form": CommentForm() if insider else None,
    }
    return render(request, "governance/node_detail.html", context)


def _updatable_node(request: HttpRequest, pk: int) -> RoadmapNode:
    return queries.node_get_visible(user=request.user, pk=pk)


@login_required
@post_only
def node_progress(request: HttpRequest, pk: int) -> HttpResponse:
    node = _updatable_node(request, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(node)
    d = form.cleaned_data
    return act(
        request, node.get_absolute_url(),
        lambda: actions.node_progress_update(node=node, by=request.user, status=d["status"], indicator_actual=d["indicator_actual"], comment=d["comment"]),
        "Исполнение отмечено.",
    )  # fmt: skip


@login_required
@post_only
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    node = _updatable_node(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Подтверждение не добавлено: " + form_errors(form))
        return redirect(node)
    d = form.cleaned_data
    return act(
        request, node.get_absolute_url(),
        lambda: actions.evidence_add(node=node, by=request.user, title=d["title"], upload=d["file"], url=d["url"]),
        "Подтверждение добавлено.",
    )  # fmt: skip


def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = get_object_or_404(
        Evidence.objects.filter(node__roadmap__in=queries.roadmap_list_visible(user=request.user).values("pk")), pk=pk
    )
    return file_download(evidence.file, evidence.original_name)


@login_required
@post_only
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    node = _updatable_node(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect(node)
    return act(
        request,
        node.get_absolute_url(),
        lambda: actions.comment_add(node=node, by=request.user, text=form.cleaned_data["text"]),
        "Комментарий добавлен.",
    )


@login_required
def weights(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = queries.roadmap_get_visible(user=request.user, pk=pk)
    if not queries.roadmap_can_manage(user=request.user, roadmap=roadmap):
        return HttpResponseForbidden("Изменять дорожную карту могут сотрудники РЦ региона группы.")
    parent = _parent_from(request, roadmap)
    children = list(RoadmapNode.objects.filter(roadmap=roadmap, parent=parent).order_by("position", "pk"))
    equal = parent.children_equal_weights if parent else roadmap.goals_equal_weights
    form = WeightsForm(request.POST or None, children=children, equal=equal)
    if request.method == "POST" and form.is_valid():
        try:
            actions.weights_set(
                roadmap=roadmap,
                by=request.user,
                parent=parent,
                equal=form.cleaned_data["equal"],
                weights=form.weights(),
            )
        except GovernanceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Веса сохранены.")
            return redirect(roadmap)
    return render(
        request, "governance/weights.html", {"form": form, "roadmap": roadmap, "parent": parent, "children": children}
    )


def roadmap_export(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = queries.roadmap_get_visible(user=request.user, pk=pk)
    response = HttpResponse(
        roadmap_export_xlsx(roadmap), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"Дорожная карта {roadmap.pk} {timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def roadmap_import(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = queries.roadmap_get_visible(user=request.user, pk=pk)
    if not queries.roadmap_can_manage(user=request.user, roadmap=roadmap):
        return HttpResponseForbidden("Загружать дорожную карту могут сотрудники РЦ региона группы.")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            form.add_error("file", "Файл больше 10 МБ.")
        else:
            try:
                report = actions.roadmap_import(roadmap=roadmap, by=request.user, source=upload)
            except RoadmapImportError as exc:
                errors = exc.errors
                form.add_error(None, str(exc))
            except GovernanceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Дорожная карта загружена: {report}.")
                return redirect(roadmap)
    return render(request, "governance/import.html", {"form": form, "roadmap": roadmap, "errors": errors})


def _plain(value: Decimal | None) -> Decimal | None:
    """28 rather than 28.0000 in an input (and never 1E+1)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
