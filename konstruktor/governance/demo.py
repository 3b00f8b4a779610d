"""Demo project management: groups in the demo regions, a held meeting, a public roadmap.

Everything is written through the actions, so the history, the participation of NGOs and the
support log look exactly as in real use. Idempotent: a group that exists is left alone.
Dates are relative to today, so the roadmap always shows items done, on track, at risk and late.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from konstruktor.core.roles import Role
from konstruktor.governance import actions
from konstruktor.governance.models import Attendance, GroupMember, ItemStatus, Meeting, ProjectGroup, RoadmapNode
from konstruktor.organizations.models import Membership, Organization
from konstruktor.territories.models import Region

PERM_GROUP = "Проектная группа по развитию негосударственного сектора в социальной сфере Пермского края"
UGRA_GROUP = "Рабочая группа по поддержке СОНКО при Департаменте социального развития Югры"
NSK_GROUP = "Координационная группа по поддержке СОНКО г. Бердска"


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _org_of(user: Any, role: str) -> Organization | None:
    m = Membership.objects.filter(user=user, role=role).select_related("organization").first()
    return m.organization if m else None


def _centre(fns: str) -> Organization | None:
    return (
        Organization.objects.filter(kind=Organization.Kind.RESOURCE_CENTRE, region__fns_code=fns).order_by("pk").first()
    )


def _ngos(fns: str, count: int) -> list[Organization]:
    return list(Organization.objects.filter(kind=Organization.Kind.NGO, region__fns_code=fns).order_by("pk")[:count])


def _at(days: int, hour: int = 11) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _perm(write: Callable[[str], Any]) -> None:
    region = Region.objects.get(fns_code="59")
    manager, consultant, official, member = (
        _user(u) for u in ("perm.manager", "perm.consultant", "official", "ngo.member")
    )
    centre = _centre("59")
    if not (manager and centre) or ProjectGroup.objects.filter(region=region, name=PERM_GROUP).exists():
        return
    ministry = _org_of(official, Role.OFFICIAL) if official else None
    ngo = _org_of(member, Role.NGO_MEMBER) if member else None
    others = [o for o in _ngos("59", 6) if o != ngo]
    today = timezone.localdate()

    group = actions.group_create(
        by=manager, region=region, responsible_centre=centre, kind=ProjectGroup.Kind.PROJECT, name=PERM_GROUP,
        body_kind=ProjectGroup.BodyKind.MINISTRY, body_name="Министерство социального развития Пермского края",
        purpose="Расширение доступа СОНКО к предоставлению услуг в социальной сфере, сопровождение "
        "дорожной карты и контроль её исполнения.",
        basis="Приказ Министерства социального развития Пермского края (демонстрационный)",
    )  # fmt: skip
    people = [
        (GroupMember.Category.OFFICIAL, GroupMember.Role.CHAIR, official, "Заместитель министра", ministry),
        (GroupMember.Category.RC_STAFF, GroupMember.Role.SECRETARY, consultant, "Консультант РЦ", centre),
        (GroupMember.Category.RC_STAFF, GroupMember.Role.MEMBER, manager, "Руководитель РЦ", centre),
        (GroupMember.Category.NGO, GroupMember.Role.MEMBER, member, "Исполнительный директор", ngo),
    ]
    members = []
    for category, role, user, position, org in people:
        if user is not None:
            members.append(
                actions.member_add(
                    group=group,
                    by=manager,
                    category=category,
                    role=role,
                    user=user,
                    position=position,
                    organization=org,
                )
            )
    for org in others[:2]:
        members.append(
            actions.member_add(
                group=group,
                by=manager,
                category=GroupMember.Category.NGO,
                full_name=f"Представитель {org}",
                position="Председатель правления",
                organization=org,
            )
        )
    actions.document_add(
        group=group,
        by=manager,
        kind="regulation",
        title="Положение о проектной группе",
        url="https://example.ru/perm/polozhenie",
    )

    roadmap = actions.roadmap_create(
        group=group, by=manager, is_public=True,
        title="Дорожная карта поддержки доступа СОНКО к услугам в социальной сфере Пермского края на 2026–2027 годы",
        description="План мероприятий проектной группы. Прогресс каждой цели и меры считается из мероприятий по "
        "весам, указанным рядом с процентом.",
    )  # fmt: skip
    # Goals with explicit weights: the first goal weighs most.
    g1 = actions.node_create(roadmap=roadmap, by=manager, title="Доступ СОНКО к предоставлению социальных услуг")
    g2 = actions.node_create(roadmap=roadmap, by=manager, title="Развитие инфраструктуры поддержки СОНКО")
    g3 = actions.node_create(roadmap=roadmap, by=manager, title="Распространение муниципальных практик")
    actions.weights_set(
        roadmap=roadmap,
        by=manager,
        parent=None,
        equal=False,
        weights={g1.pk: Decimal(40), g2.pk: Decimal(35), g3.pk: Decimal(25)},
    )
    m11 = actions.node_create(
        roadmap=roadmap, by=manager, parent=g1, title="Включение СОНКО в реестр поставщиков социальных услуг"
    )
    m12 = actions.node_create(roadmap=roadmap, by=manager, parent=g1, title="Передача услуг СОНКО")
    actions.weights_set(
        roadmap=roadmap, by=manager, parent=g1, equal=False, weights={m11.pk: Decimal(60), m12.pk: Decimal(40)}
    )
    m21 = actions.node_create(roadmap=roadmap, by=manager, parent=g2, title="Услуги ресурсного центра")
    m22 = actions.node_create(roadmap=roadmap, by=manager, parent=g2, title="Информационная открытость")
    m31 = actions.node_create(roadmap=roadmap, by=manager, parent=g3, title="Трансфер практик в муниципалитеты")

    def item(
        parent: RoadmapNode,
        title: str,
        days: int,
        owner: Organization | None,
        status: str = ItemStatus.PLANNED,
        **extra: Any,
    ) -> RoadmapNode:
        return actions.node_create(
            roadmap=roadmap, by=manager, parent=parent, title=title, deadline=today + datetime.timedelta(days=days),
            owner_organization=owner, owner_person=extra.pop("person", ""), status=status,
            expected_result=extra.pop("result", ""), **extra,
        )  # fmt: skip

    item(
        m11,
        "Семинар для СОНКО о включении в реестр поставщиков социальных услуг",
        -40,
        centre,
        ItemStatus.DONE,
        person="Белова М. С.",
        result="Проведён семинар, не менее 30 участников",
    )
    item(
        m11,
        "Консультации СОНКО по подготовке документов для реестра",
        60,
        ngo,
        ItemStatus.IN_PROGRESS,
        indicator_unit="консультаций",
        indicator_baseline=Decimal(0),
        indicator_target=Decimal(40),
        indicator_actual=Decimal(28),
        owner_user=member,
        person="Орлова Е. Ю.",
    )
    item(
        m11,
        "Включить не менее 10 СОНКО в реестр поставщиков социальных услуг",
        3,
        ministry,
        ItemStatus.IN_PROGRESS,
        indicator_unit="организаций",
        indicator_baseline=Decimal(2),
        indicator_target=Decimal(12),
        indicator_actual=Decimal(8),
        person="Миронов П. А.",
    )
    item(
        m12,
        "Сформировать перечень услуг, передаваемых СОНКО",
        -60,
        ministry,
        ItemStatus.DONE,
        result="Перечень утверждён приказом",
    )
    item(
        m12,
        "Провести конкурсный отбор СОНКО на предоставление услуг",
        -7,
        ministry,
        ItemStatus.IN_PROGRESS,
        co_owners=[ngo] if ngo else [],
    )
    item(m12, "Заключить соглашения с победителями отбора", 90, ministry)
    item(
        m21,
        "Открыть консультационную линию для СОНКО",
        -30,
        centre,
        ItemStatus.DONE,
        indicator_unit="линий",
        indicator_target=Decimal(1),
        indicator_actual=Decimal(1),
    )
    item(
        m21,
        "Обучить специалистов СОНКО проектному управлению",
        45,
        centre,
        ItemStatus.IN_PROGRESS,
        indicator_unit="человек",
        indicator_baseline=Decimal(0),
        indicator_target=Decimal(50),
        indicator_actual=Decimal(35),
        co_owners=others[:1],
    )
    item(m21, "Провести краевой форум СОНКО", 120, centre)
    item(m22, "Публиковать ежеквартальные отчёты об исполнении дорожной карты", 25, centre, ItemStatus.IN_PROGRESS)
    item(m22, "Создать раздел о поддержке СОНКО на портале министерства", -3, ministry, ItemStatus.IN_PROGRESS)
    item(m22, "Разместить реестр СОНКО — получателей поддержки", -15, centre, ItemStatus.DONE)
    item(
        m31,
        "Отобрать практики для трансфера в три муниципалитета",
        2,
        others[1] if len(others) > 1 else None,
        ItemStatus.IN_PROGRESS,
    )

    held = actions.meeting_create(
        group=group, by=manager, starts_at=_at(-20), place="г. Пермь, ул. Ленина, д. 51, зал заседаний"
    )
    a1 = actions.agenda_item_add(
        meeting=held,
        by=manager,
        title="О ходе исполнения дорожной карты",
        speaker=members[2] if len(members) > 2 else None,
        heard="Доложено об исполнении мероприятий первого квартала.",
    )
    a2 = actions.agenda_item_add(
        meeting=held,
        by=manager,
        title="О стажировках муниципальных команд",
        speaker_text="Руководитель практики «Серебряный возраст»",
    )
    actions.attendance_mark(
        meeting=held, by=manager,
        marks={m.pk: (Attendance.Status.ABSENT if i == len(members) - 1 else Attendance.Status.PRESENT) for i, m in enumerate(members)},
    )  # fmt: skip
    actions.decision_add(
        meeting=held, by=manager, agenda_item=a1, text="Информацию об исполнении дорожной карты принять к сведению."
    )
    d2 = actions.decision_add(
        meeting=held, by=manager, agenda_item=a2, text="Провести стажировки команд муниципалитетов у лидеров практик",
        owner_organization=others[0] if others else None, deadline=today + datetime.timedelta(days=75),
    )  # fmt: skip
    actions.decision_to_item(decision=d2, measure=m31, by=manager)
    actions.meeting_update(
        meeting=held, by=manager, status=Meeting.Status.HELD, notes="Следующее заседание — через месяц."
    )
    actions.meeting_create(
        group=group, by=manager, starts_at=_at(10), place="г. Пермь, ул. Ленина, д. 51, зал заседаний"
    )
    write(f"Проектное управление: группа «{group.name}», дорожная карта из {roadmap.nodes.count()} элементов.")


def _small_group(
    *,
    fns: str,
    username: str,
    name: str,
    kind: str,
    body: str,
    level: str = ProjectGroup.Level.REGIONAL,
    municipality: str = "",
    roadmap: bool,
    write: Callable[[str], Any],
) -> None:
    region = Region.objects.get(fns_code=fns)
    staff, centre = _user(username), _centre(fns)
    if not (staff and centre) or ProjectGroup.objects.filter(region=region, name=name).exists():
        return
    group = actions.group_create(
        by=staff, region=region, responsible_centre=centre, kind=kind, name=name, level=level, municipality=municipality,
        body_kind=ProjectGroup.BodyKind.COUNCIL if level == ProjectGroup.Level.MUNICIPAL else ProjectGroup.BodyKind.MINISTRY,
        body_name=body, purpose="Координация мер поддержки СОНКО и контроль исполнения решений.",
    )  # fmt: skip
    actions.member_add(
        group=group,
        by=staff,
        category=GroupMember.Category.RC_STAFF,
        role=GroupMember.Role.SECRETARY,
        user=staff,
        organization=centre,
    )
    for org in _ngos(fns, 2):
        actions.member_add(
            group=group, by=staff, category=GroupMember.Category.NGO, full_name=f"Представитель {org}", organization=org
        )
    if roadmap:
        r = actions.roadmap_create(group=group, by=staff, title=f"План работы: {name}", is_public=False)
        goal = actions.node_create(roadmap=r, by=staff, title="Поддержка СОНКО в регионе")
        measure = actions.node_create(roadmap=r, by=staff, parent=goal, title="Консультационная поддержка")
        today = timezone.localdate()
        actions.node_create(
            roadmap=r,
            by=staff,
            parent=measure,
            title="Провести день открытых консультаций",
            deadline=today + datetime.timedelta(days=14),
            owner_organization=centre,
        )
        actions.node_create(
            roadmap=r,
            by=staff,
            parent=measure,
            title="Подготовить памятку для СОНКО",
            deadline=today - datetime.timedelta(days=5),
            owner_organization=centre,
            status=ItemStatus.DONE,
        )
    write(f"Проектное управление: группа «{name}».")


@transaction.atomic
def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    _perm(write)
    _small_group(
        fns="86", username="ugra.consultant", name=UGRA_GROUP, kind=ProjectGroup.Kind.WORKING,
        body="Департамент социального развития Ханты-Мансийского автономного округа — Югры", roadmap=True, write=write,
    )  # fmt: skip
    _small_group(
        fns="54", username="nsk.consultant", name=NSK_GROUP, kind=ProjectGroup.Kind.COORDINATION,
        body="Общественный совет при администрации г. Бердска", level=ProjectGroup.Level.MUNICIPAL,
        municipality="г. Бердск", roadmap=False, write=write,
    )  # fmt: skip
