"""Import of a roadmap from XLSX: every row validated, then all or nothing in one transaction."""

from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from konstruktor.core.audit import change_record, diff
from konstruktor.governance.actions.roadmaps import _participations, _require_manage, _set_status, node_snapshot
from konstruktor.governance.errors import RoadmapImportError
from konstruktor.governance.exchange import Row, parse_rows, read_sheet
from konstruktor.governance.history import readable_value
from konstruktor.governance.models import GroupMember, Roadmap, RoadmapNode

ROW_FIELDS = (
    "title", "weight", "owner_organization", "owner_person", "deadline", "expected_result", "indicator_unit",
    "indicator_baseline", "indicator_target", "indicator_actual",
)  # fmt: skip


@dataclass(frozen=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        return (
            f"добавлено {self.created}, изменено {self.updated}, без изменений {self.unchanged}, удалено {self.deleted}"
        )


def _missing_errors(missing: list[RoadmapNode]) -> list[tuple[int, str]]:
    errors = []
    for node in missing:
        reasons = []
        if node.evidence.exists():
            reasons.append("подтверждения")
        if node.comments.exists():
            reasons.append("комментарии")
        if hasattr(node, "source_decision"):
            reasons.append("связь с решением заседания")
        if reasons:
            errors.append(
                (
                    0,
                    f"элемент {node.code} «{node.title}» отсутствует в файле, но у него есть {', '.join(reasons)}: "
                    "верните строку в файл или удалите элемент вручную",
                )
            )
    return errors


def _owner_user(roadmap: Roadmap, person: str) -> Any:
    member = (
        GroupMember.objects.filter(group=roadmap.group, full_name__iexact=person.strip(), user__isnull=False)
        .select_related("user")
        .first()
    )
    return member.user if member else None


def roadmap_import(*, roadmap: Roadmap, by: Any, source: IO[bytes] | str) -> ImportReport:
    """Bring the roadmap to the file's state; a bad row anywhere means nothing is written."""
    _require_manage(by=by, roadmap=roadmap)
    raw, header_errors = read_sheet(source)
    if header_errors:
        raise RoadmapImportError(header_errors)
    rows, errors = parse_rows(raw)
    if errors:
        raise RoadmapImportError(errors)
    today = timezone.localdate()
    created = updated = unchanged = 0
    with transaction.atomic():
        locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
        existing = {
            n.code: n
            for n in RoadmapNode.objects.filter(roadmap=locked)
            .select_related("owner_organization")
            .prefetch_related("co_owners")
        }
        codes = {r.code for r in rows}
        missing = sorted((n for c, n in existing.items() if c not in codes), key=lambda n: -n.level)
        errors = _missing_errors(missing)
        if errors:
            raise RoadmapImportError(errors)
        positions: dict[str | None, int] = {}
        by_code: dict[str, RoadmapNode] = {}
        equal_of: dict[str | None, bool] = {}
        for row in rows:
            equal_of[row.parent_code] = equal_of.get(row.parent_code, True) and row.weight is None
        for row in sorted(rows, key=lambda r: (r.level, r.number)):
            positions[row.parent_code] = positions.get(row.parent_code, 0) + 1
            parent = by_code[row.parent_code] if row.parent_code else None
            node = existing.get(row.code)
            if node is None:
                node = RoadmapNode(roadmap=locked, code=row.code, level=row.level)
                result = _apply(
                    node,
                    row,
                    parent=parent,
                    position=positions[row.parent_code],
                    equal_children=equal_of.get(row.code, True),
                    today=today,
                    roadmap=locked,
                    by=by,
                )
                created += result
            else:
                result = _apply(
                    node,
                    row,
                    parent=parent,
                    position=positions[row.parent_code],
                    equal_children=equal_of.get(row.code, True),
                    today=today,
                    roadmap=locked,
                    by=by,
                )
                updated += result
                unchanged += 1 - result
            by_code[row.code] = node
        goals_equal = equal_of.get(None, True)
        if locked.goals_equal_weights != goals_equal:
            change_record(
                obj=locked,
                actor=by,
                action="import",
                changes={
                    "goals_equal_weights": [readable_value(locked.goals_equal_weights), readable_value(goals_equal)]
                },
            )
            locked.goals_equal_weights = goals_equal
            locked.save(update_fields=["goals_equal_weights", "updated_at"])
        for node in missing:
            if RoadmapNode.objects.filter(pk=node.pk).exists():
                removed = node_snapshot(node)
                node.delete()
                change_record(
                    obj=locked, actor=by, action="import", note=f"удалён элемент {node.code}: его нет в файле",
                    changes={k: [v, None] for k, v in removed.items() if v not in ("", None, [])},
                )  # fmt: skip
    return ImportReport(created=created, updated=updated, unchanged=unchanged, deleted=len(missing))


def _apply(
    node: RoadmapNode,
    row: Row,
    *,
    parent: RoadmapNode | None,
    position: int,
    equal_children: bool,
    today: Any,
    roadmap: Roadmap,
    by: Any,
) -> int:
    """Write one row into a node; 1 when something changed (or the node is new), else 0."""
    is_new = node.pk is None
    before = node_snapshot(node) if not is_new else {}
    owner_before = node.owner_organization_id
    co_before = set(node.co_owners.values_list("pk", flat=True)) if not is_new else set()
    done_before = node.is_done and not is_new
    values: dict[str, Any] = {field: getattr(row, field) for field in ROW_FIELDS}
    values.update(parent=parent, position=position, children_equal_weights=equal_children)
    for name, value in values.items():
        current = getattr(node, name)
        # Numbers compare by value: 12.5 from the sheet equals 12.5000 in the database.
        if current != value:
            setattr(node, name, value)
    if node.owner_person != (before.get("owner_person") or "") or is_new:
        node.owner_user = _owner_user(roadmap, node.owner_person) if node.owner_person else None
    if node.is_item and node.status != row.status:
        _set_status(node, row.status, today)
    changed_fields = is_new or diff(before, node_snapshot(node) | {"co_owners": before.get("co_owners", [])})
    co_now = {o.pk for o in row.co_owners}
    if changed_fields:
        node.full_clean()
        node.save()
    if co_now != co_before:
        node.co_owners.set(row.co_owners)
    changes = (
        {k: [None, v] for k, v in node_snapshot(node).items() if v not in ("", None, [])}
        if is_new
        else diff(before, node_snapshot(node))
    )
    if changes:
        change_record(obj=node, actor=by, action="import", changes=changes)
        _participations(
            node=node, by=by, owner_before=owner_before, co_owners_before=co_before, done_before=done_before
        )
    return 1 if changes else 0
