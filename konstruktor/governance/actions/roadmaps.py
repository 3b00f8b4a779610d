"""Roadmaps: the tree of goals → measures → items, weights, execution, evidence and comments.

Every change writes the change history (core.audit); an NGO's ownership and delivery write the
support log once (actions.participation).
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from konstruktor.core.audit import change_record, diff
from konstruktor.governance.actions.participation import participation_record
from konstruktor.governance.errors import AccessDenied, GovernanceError
from konstruktor.governance.history import readable, readable_value
from konstruktor.governance.models import (
    Comment,
    Evidence,
    ItemStatus,
    NodeLevel,
    Participation,
    ProjectGroup,
    Roadmap,
    RoadmapNode,
)
from konstruktor.governance.progress import WeightError, weights_validate
from konstruktor.governance.queries import (
    group_can_manage,
    node_can_update,
    roadmap_can_manage,
    roadmap_is_insider,
)
from konstruktor.governance.uploads import upload_check
from konstruktor.organizations.models import Organization

ROADMAP_FIELDS = ("title", "description", "is_public", "goals_equal_weights", "at_risk_days")
ITEM_FIELDS = (
    "owner_organization", "owner_person", "owner_user", "deadline", "expected_result", "indicator_unit",
    "indicator_baseline", "indicator_target", "indicator_actual", "status",
)  # fmt: skip
NODE_FIELDS = ("title", "weight", "children_equal_weights", "code", "position", *ITEM_FIELDS, "done_on")
PROGRESS_FIELDS = ("status", "indicator_actual")
CHILD_LEVEL: dict[int | None, int] = {
    None: NodeLevel.GOAL,
    NodeLevel.GOAL: NodeLevel.MEASURE,
    NodeLevel.MEASURE: NodeLevel.ITEM,
}


def _require_manage(*, by: Any, roadmap: Roadmap) -> None:
    if not roadmap_can_manage(user=by, roadmap=roadmap):
        raise AccessDenied("Изменять дорожную карту могут сотрудники РЦ региона группы.")


def node_snapshot(node: RoadmapNode) -> dict[str, Any]:
    data = readable(
        node, NODE_FIELDS if not node.is_item else [f for f in NODE_FIELDS if f != "children_equal_weights"]
    )
    if node.pk:
        data["co_owners"] = sorted(str(o) for o in node.co_owners.all())
    return data


# --- roadmaps -----------------------------------------------------------------------------------


def roadmap_create(
    *,
    group: ProjectGroup,
    by: Any,
    title: str,
    description: str = "",
    is_public: bool = False,
    at_risk_days: int = 5,
) -> Roadmap:
    if not group_can_manage(user=by, group=group):
        raise AccessDenied("Создавать дорожные карты могут сотрудники РЦ региона группы.")
    roadmap = Roadmap(
        group=group, title=title.strip(), description=description, is_public=is_public,
        at_risk_days=at_risk_days, created_by=by,
    )  # fmt: skip
    roadmap.full_clean()
    with transaction.atomic():
        roadmap.save()
        change_record(obj=roadmap, actor=by, action="create", changes={"title": [None, roadmap.title]})
    return roadmap


def roadmap_update(*, roadmap: Roadmap, by: Any, **fields: Any) -> Roadmap:
    _require_manage(by=by, roadmap=roadmap)
    unknown = set(fields) - {"title", "description", "is_public", "at_risk_days"}
    if unknown:
        raise GovernanceError(f"Эти поля так не меняются: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
        before = readable(locked, ROADMAP_FIELDS)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        changes = diff(before, readable(locked, ROADMAP_FIELDS))
        if changes:
            change_record(obj=locked, actor=by, action="update", changes=changes)
    return locked


# --- nodes --------------------------------------------------------------------------------------


def _siblings(roadmap: Roadmap, parent: RoadmapNode | None) -> list[RoadmapNode]:
    return list(RoadmapNode.objects.filter(roadmap=roadmap, parent=parent).order_by("position", "pk"))


def _equal(roadmap: Roadmap, parent: RoadmapNode | None) -> bool:
    return parent.children_equal_weights if parent is not None else roadmap.goals_equal_weights


def _next_code(roadmap: Roadmap, parent: RoadmapNode | None) -> tuple[str, int]:
    numbers = [
        int(c.rsplit(".", 1)[-1])
        for c in RoadmapNode.objects.filter(roadmap=roadmap, parent=parent).values_list("code", flat=True)
        if c.rsplit(".", 1)[-1].isdigit()
    ]
    n = max(numbers, default=0) + 1
    position = (RoadmapNode.objects.filter(roadmap=roadmap, parent=parent).aggregate(m=Max("position"))["m"] or 0) + 1
    return (f"{parent.code}.{n}" if parent is not None else str(n)), position


def _set_status(node: RoadmapNode, status: str, today: datetime.date) -> None:
    if status == ItemStatus.DONE and node.status != ItemStatus.DONE:
        node.done_on = today
    elif status != ItemStatus.DONE:
        node.done_on = None
    node.status = status


def _participations(
    *, node: RoadmapNode, by: Any, owner_before: int | None, co_owners_before: set[int], done_before: bool
) -> None:
    group = node.roadmap.group
    today = timezone.localdate()
    if node.owner_organization_id and node.owner_organization_id != owner_before:
        participation_record(
            by=by,
            organization=node.owner_organization,
            kind=Participation.Kind.OWNER,
            group=group,
            date=today,
            node=node,
        )
    co_owners = list(node.co_owners.all())
    for org in co_owners:
        if org.pk not in co_owners_before:
            participation_record(
                by=by, organization=org, kind=Participation.Kind.CO_OWNER, group=group, date=today, node=node
            )
    if node.is_done and not done_before:
        deliverers: list[Organization | None] = [node.owner_organization, *co_owners]
        for deliverer in deliverers:
            participation_record(
                by=by,
                organization=deliverer,
                kind=Participation.Kind.DELIVERY,
                group=group,
                date=node.done_on or today,
                node=node,
            )


def _weights_apply(
    *, roadmap: Roadmap, parent: RoadmapNode | None, by: Any, weights: dict[int, Decimal | None]
) -> None:
    for sibling in RoadmapNode.objects.filter(pk__in=weights.keys(), roadmap=roadmap, parent=parent):
        new = weights[sibling.pk]
        if sibling.weight != new:
            change_record(
                obj=sibling,
                actor=by,
                action="update",
                changes={"weight": [readable_value(sibling.weight), readable_value(new)]},
            )
            sibling.weight = new
            sibling.save(update_fields=["weight", "updated_at"])


def node_create(
    *,
    roadmap: Roadmap,
    by: Any,
    title: str,
    parent: RoadmapNode | None = None,
    weight: Decimal | None = None,
    sibling_weights: dict[int, Decimal | None] | None = None,
    co_owners: Iterable[Organization] = (),
    **item_fields: Any,
) -> RoadmapNode:
    """Add a goal (no parent), a measure (under a goal) or an item (under a measure).

    Under a parent with explicit weights the new node needs a weight, and the weights of all its
    siblings (`sibling_weights` overrides the stored ones) must sum to 100 %.
    """
    _require_manage(by=by, roadmap=roadmap)
    if parent is not None and parent.roadmap_id != roadmap.pk:
        raise GovernanceError("Родительский элемент из другой дорожной карты.")
    level = CHILD_LEVEL.get(parent.level if parent is not None else None)
    if level is None:
        raise GovernanceError("У мероприятия не может быть вложенных элементов.")
    unknown = set(item_fields) - set(ITEM_FIELDS)
    if unknown:
        raise GovernanceError(f"Неизвестные поля: {', '.join(sorted(unknown))}.")
    if level != NodeLevel.ITEM and (any(v not in (None, "") for v in item_fields.values()) or list(co_owners)):
        raise GovernanceError("Ответственные, сроки и показатели задаются только у мероприятий.")
    with transaction.atomic():
        if parent is not None:
            parent = RoadmapNode.objects.select_for_update().get(pk=parent.pk)
        else:
            Roadmap.objects.select_for_update().get(pk=roadmap.pk)
        siblings = _siblings(roadmap, parent)
        equal = _equal(roadmap, parent)
        new_sibling_weights: dict[int, Decimal | None] = {}
        if equal:
            weight = None
        else:
            new_sibling_weights = {s.pk: (sibling_weights or {}).get(s.pk, s.weight) for s in siblings}
            try:
                weights_validate([*new_sibling_weights.values(), weight], equal=False)
            except WeightError as exc:
                raise GovernanceError(str(exc)) from exc
        code, position = _next_code(roadmap, parent)
        node = RoadmapNode(
            roadmap=roadmap,
            parent=parent,
            level=level,
            code=code,
            position=position,
            title=title.strip(),
            weight=weight,
        )
        status = item_fields.pop("status", None) or ItemStatus.PLANNED
        for name, value in item_fields.items():
            setattr(node, name, value)
        _set_status(node, status, timezone.localdate())
        node.full_clean()
        node.save()
        if co_owners:
            node.co_owners.set(co_owners)
        _weights_apply(roadmap=roadmap, parent=parent, by=by, weights=new_sibling_weights)
        change_record(
            obj=node,
            actor=by,
            action="create",
            changes={k: [None, v] for k, v in node_snapshot(node).items() if v not in ("", None, [])},
        )
        _participations(node=node, by=by, owner_before=None, co_owners_before=set(), done_before=False)
    return node


def node_update(
    *, node: RoadmapNode, by: Any, co_owners: Iterable[Organization] | None = None, **fields: Any
) -> RoadmapNode:
    """A manager edits a node: title and, for items, owner, deadline, indicator and status."""
    _require_manage(by=by, roadmap=node.roadmap)
    allowed = {"title", *(ITEM_FIELDS if node.is_item else ())}
    unknown = set(fields) - allowed
    if unknown or (co_owners is not None and not node.is_item):
        raise GovernanceError("Ответственные, сроки и показатели задаются только у мероприятий.")
    return _node_change(node=node, by=by, fields=fields, co_owners=co_owners)


def node_progress_update(
    *, node: RoadmapNode, by: Any, status: str, indicator_actual: Decimal | None, comment: str = ""
) -> RoadmapNode:
    """The owner's report: status and the indicator's actual value (and an optional comment)."""
    if not node.is_item:
        raise GovernanceError("Статус отмечается у мероприятий; прогресс целей и мер считается.")
    if not node_can_update(user=by, node=node):
        raise AccessDenied("Отмечать исполнение могут ответственная организация и сотрудники РЦ.")
    with transaction.atomic():
        updated = _node_change(
            node=node, by=by, fields={"status": status, "indicator_actual": indicator_actual}, co_owners=None
        )
        if comment.strip():
            _comment_create(node=updated, by=by, text=comment)
    return updated


def _node_change(
    *, node: RoadmapNode, by: Any, fields: dict[str, Any], co_owners: Iterable[Organization] | None
) -> RoadmapNode:
    with transaction.atomic():
        locked = RoadmapNode.objects.select_for_update().select_related("roadmap", "roadmap__group").get(pk=node.pk)
        before = node_snapshot(locked)
        owner_before = locked.owner_organization_id
        co_before = set(locked.co_owners.values_list("pk", flat=True))
        done_before = locked.is_done
        status = fields.pop("status", None)
        for name, value in fields.items():
            setattr(locked, name, value)
        if status is not None:
            if status not in ItemStatus.values:
                raise GovernanceError("Неизвестный статус.")
            _set_status(locked, status, timezone.localdate())
        if "title" in fields:
            locked.title = locked.title.strip()
        locked.full_clean()
        locked.save()
        if co_owners is not None:
            locked.co_owners.set(list(co_owners))
        changes = diff(before, node_snapshot(locked))
        if changes:
            change_record(obj=locked, actor=by, action="update", changes=changes)
        _participations(
            node=locked, by=by, owner_before=owner_before, co_owners_before=co_before, done_before=done_before
        )
    return locked


def node_delete(*, node: RoadmapNode, by: Any) -> None:
    """Remove a node with everything under it. Under explicit weights the parent falls back to
    equal weights (the remaining weights no longer sum to 100 %), and the history says so."""
    roadmap = node.roadmap
    _require_manage(by=by, roadmap=roadmap)
    with transaction.atomic():
        locked = RoadmapNode.objects.select_for_update().get(pk=node.pk)
        parent = locked.parent
        note = f"удалён элемент {locked.code} «{locked.title}» со всеми вложенными"
        if not _equal(roadmap, parent):
            note += "; веса соседних элементов сброшены на равные"
            if parent is not None:
                parent.children_equal_weights = True
                parent.save(update_fields=["children_equal_weights", "updated_at"])
            else:
                Roadmap.objects.filter(pk=roadmap.pk).update(goals_equal_weights=True)
            RoadmapNode.objects.filter(roadmap=roadmap, parent=parent).update(weight=None)
        removed = node_snapshot(locked)
        locked.delete()
        change_record(
            obj=roadmap,
            actor=by,
            action="delete",
            changes={k: [v, None] for k, v in removed.items() if v not in ("", None, [])},
            note=note,
        )


def weights_set(
    *,
    roadmap: Roadmap,
    by: Any,
    parent: RoadmapNode | None,
    equal: bool,
    weights: dict[int, Decimal | None] | None = None,
) -> None:
    """Set the weights of a parent's children (the goals, when `parent` is None) in one go."""
    _require_manage(by=by, roadmap=roadmap)
    with transaction.atomic():
        Roadmap.objects.select_for_update().get(pk=roadmap.pk)
        children = _siblings(roadmap, parent)
        new: dict[int, Decimal | None] = {c.pk: None if equal else (weights or {}).get(c.pk) for c in children}
        try:
            weights_validate(list(new.values()), equal=equal)
        except WeightError as exc:
            raise GovernanceError(str(exc)) from exc
        if parent is not None:
            locked = RoadmapNode.objects.select_for_update().get(pk=parent.pk)
            if locked.children_equal_weights != equal:
                change_record(
                    obj=locked,
                    actor=by,
                    action="update",
                    changes={
                        "children_equal_weights": [readable_value(locked.children_equal_weights), readable_value(equal)]
                    },
                )
                locked.children_equal_weights = equal
                locked.save(update_fields=["children_equal_weights", "updated_at"])
        elif roadmap.goals_equal_weights != equal:
            change_record(
                obj=roadmap,
                actor=by,
                action="update",
                changes={"goals_equal_weights": [readable_value(roadmap.goals_equal_weights), readable_value(equal)]},
            )
            Roadmap.objects.filter(pk=roadmap.pk).update(goals_equal_weights=equal)
            roadmap.goals_equal_weights = equal
        _weights_apply(roadmap=roadmap, parent=parent, by=by, weights=new)


# --- evidence and comments ---------------------------------------------------------------------


def evidence_add(
    *, node: RoadmapNode, by: Any, title: str, upload: UploadedFile | None = None, url: str = ""
) -> Evidence:
    if not node.is_item:
        raise GovernanceError("Подтверждения прикладываются к мероприятиям.")
    if not node_can_update(user=by, node=node):
        raise AccessDenied("Прикладывать подтверждения могут ответственная организация и сотрудники РЦ.")
    if upload is None and not url:
        raise GovernanceError("Приложите файл или укажите ссылку.")
    if upload is not None:
        upload_check(upload)
    evidence = Evidence(
        node=node, title=title.strip() or (upload.name if upload else url) or "", url=url, uploaded_by=by,
        original_name=(upload.name or "")[:255] if upload else "", size=(upload.size or 0) if upload else 0,
    )  # fmt: skip
    if upload is not None:
        evidence.file = upload  # type: ignore[assignment]
    evidence.full_clean(exclude=["file"])
    with transaction.atomic():
        evidence.save()
        change_record(obj=node, actor=by, action="update", changes={"подтверждение": [None, evidence.title]})
    return evidence


def _comment_create(*, node: RoadmapNode, by: Any, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise GovernanceError("Комментарий пуст.")
    if len(text) > 5000:
        raise GovernanceError("Комментарий длиннее 5000 знаков.")
    comment = Comment.objects.create(node=node, author=by, text=text)
    change_record(obj=node, actor=by, action="update", changes={"комментарий": [None, text[:200]]})
    return comment


def comment_add(*, node: RoadmapNode, by: Any, text: str) -> Comment:
    if not (by is not None and by.is_authenticated and roadmap_is_insider(user=by, roadmap=node.roadmap)):
        raise AccessDenied("Комментировать могут участники группы, исполнители и сотрудники РЦ.")
    with transaction.atomic():
        return _comment_create(node=node, by=by, text=text)
