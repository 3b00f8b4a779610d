"""Project groups: creation, members with roles, documents."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record, diff
from konstruktor.governance.errors import AccessDenied, GovernanceError
from konstruktor.governance.history import readable
from konstruktor.governance.models import GroupDocument, GroupMember, ProjectGroup
from konstruktor.governance.queries import group_can_manage
from konstruktor.governance.uploads import upload_check
from konstruktor.organizations.models import Organization
from konstruktor.territories.models import Region

GROUP_FIELDS = (
    "region", "level", "municipality", "kind", "name", "body_kind", "body_name", "purpose", "basis",
    "responsible_centre", "curator",
)  # fmt: skip


def _require_manage(*, by: Any, group: ProjectGroup) -> None:
    if not group_can_manage(user=by, group=group):
        raise AccessDenied("Управлять группой могут сотрудники РЦ её региона.")


def _check_group(group: ProjectGroup) -> None:
    if group.level == ProjectGroup.Level.MUNICIPAL and not group.municipality.strip():
        raise GovernanceError("Для муниципальной группы укажите муниципальное образование.")
    centre = group.responsible_centre
    if centre.kind != Organization.Kind.RESOURCE_CENTRE:
        raise GovernanceError("Ответственным может быть только ресурсный центр.")
    if centre.region_id != group.region_id:
        raise GovernanceError("Ответственный РЦ должен работать в регионе группы.")


def group_create(*, by: Any, region: Region, responsible_centre: Organization, **fields: Any) -> ProjectGroup:
    scope = scope_for(by)
    if not (scope.is_rc_staff and scope.can_edit_region(region.pk)):
        raise AccessDenied("Создавать группы могут сотрудники РЦ своего региона.")
    group = ProjectGroup(region=region, responsible_centre=responsible_centre, created_by=by, **fields)
    if group.curator is None and responsible_centre.pk in scope.rc_organization_ids:
        group.curator = by
    _check_group(group)
    group.full_clean()
    with transaction.atomic():
        group.save()
        change_record(
            obj=group,
            actor=by,
            action="create",
            changes={k: [None, v] for k, v in readable(group, GROUP_FIELDS).items() if v not in ("", None)},
        )
    return group


def group_update(*, group: ProjectGroup, by: Any, **fields: Any) -> ProjectGroup:
    _require_manage(by=by, group=group)
    with transaction.atomic():
        locked = ProjectGroup.objects.select_for_update().get(pk=group.pk)
        before = readable(locked, GROUP_FIELDS)
        for name, value in fields.items():
            setattr(locked, name, value)
        if not scope_for(by).can_edit_region(locked.region_id):
            raise AccessDenied("Перенести группу можно только в регион, где вы работаете.")
        _check_group(locked)
        locked.full_clean()
        locked.save()
        changes = diff(before, readable(locked, GROUP_FIELDS))
        if changes:
            change_record(obj=locked, actor=by, action="update", changes=changes)
    return locked


def member_add(
    *,
    group: ProjectGroup,
    by: Any,
    category: str,
    role: str = GroupMember.Role.MEMBER,
    full_name: str = "",
    position: str = "",
    organization: Organization | None = None,
    user: Any | None = None,
    username: str = "",
    email: str = "",
) -> GroupMember:
    """Add a member; `username` links a platform account, which then sees the group and its tasks."""
    _require_manage(by=by, group=group)
    if username and user is None:
        user = get_user_model().objects.filter(username=username.strip()).first()
        if user is None:
            raise GovernanceError(f"Пользователь с логином «{username}» не найден.")
    if user is not None:
        full_name = full_name.strip() or user.display_name()
        email = email or user.email
    if not full_name.strip():
        raise GovernanceError("Укажите ФИО участника или логин пользователя платформы.")
    if category == GroupMember.Category.NGO and organization is None:
        raise GovernanceError("Для представителя СОНКО укажите его организацию.")
    with transaction.atomic():
        ProjectGroup.objects.select_for_update().get(pk=group.pk)
        if user is not None and GroupMember.objects.filter(group=group, user=user).exists():
            raise GovernanceError(f"{full_name} уже состоит в группе.")
        member = GroupMember(
            group=group, category=category, role=role, full_name=full_name.strip(), position=position.strip(),
            organization=organization, user=user, email=email,
        )  # fmt: skip
        member.full_clean()
        member.save()
        change_record(
            obj=group,
            actor=by,
            action="update",
            changes={"участник": [None, f"{member.full_name} — {member.get_role_display()}"]},
        )
    return member


def member_remove(*, member: GroupMember, by: Any) -> None:
    group = member.group
    _require_manage(by=by, group=group)
    with transaction.atomic():
        label = f"{member.full_name} — {member.get_role_display()}"
        member.delete()
        change_record(obj=group, actor=by, action="update", changes={"участник": [label, None]})


def document_add(
    *, group: ProjectGroup, by: Any, kind: str, title: str, upload: UploadedFile | None = None, url: str = ""
) -> GroupDocument:
    _require_manage(by=by, group=group)
    if upload is None and not url:
        raise GovernanceError("Приложите файл или укажите ссылку на документ.")
    if upload is not None:
        upload_check(upload)
    document = GroupDocument(
        group=group, kind=kind, title=title.strip(), url=url, uploaded_by=by,
        original_name=(upload.name or "")[:255] if upload else "", size=(upload.size or 0) if upload else 0,
    )  # fmt: skip
    if upload is not None:
        document.file = upload  # type: ignore[assignment]
    document.full_clean(exclude=["file"])
    with transaction.atomic():
        document.save()
        change_record(obj=group, actor=by, action="update", changes={"документ": [None, document.title]})
    return document
