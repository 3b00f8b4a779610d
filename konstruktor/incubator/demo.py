"""Demo initiative groups. Every person and institution here is invented for the demo."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.incubator import actions
from konstruktor.incubator.models import InitiativeGroup, MemberRole, Partnership, Stage
from konstruktor.organizations.models import ActivityArea, LegalForm, Organization, TargetGroup
from konstruktor.territories.models import Municipality, Region

CONSENT = "Письменное согласие на обработку ПДн (демо-данные)"

# name, region, consultant, municipality name hint, problem, target groups, area, stage, due (days), members
GROUPS: list[tuple[str, str, str, str, str, list[str], str, str, int, list[tuple[str, str, str]]]] = [
    (
        "Забота рядом", "59", "perm.consultant", "Кунгур",
        "После сокращения отделения дома-интерната пожилые жители сёл остались без помощи на дому.",
        ["elderly", "disabled"], "31.1-01", Stage.DOCUMENTS, 5,
        [
            ("Сафонова Галина Ивановна", MemberRole.LEADER,
             "ГБУ ПК «Кунгурский дом-интернат для престарелых и инвалидов» (условное название)"),
            ("Мухаметова Лилия Рашидовна", MemberRole.RELEASED_SOCIAL_WORKER,
             "ГБУ ПК «Кунгурский дом-интернат для престарелых и инвалидов» (условное название)"),
            ("Ершова Татьяна Викторовна", MemberRole.RELEASED_SOCIAL_WORKER,
             "ГБУ ПК «Центр социального обслуживания Кунгурского округа» (условное название)"),
        ],
    ),
    (
        "Тёплый дом", "59", "perm.consultant", "Кишерт",
        "Многодетным семьям округа негде получить консультацию психолога и юриста.",
        ["large_families", "families"], "31.1-20", Stage.IDEA, 14,
        [("Логинова Ирина Сергеевна", MemberRole.LEADER, "")],
    ),
    (
        "Вместе сильнее", "59", "perm.manager", "Чусов",
        "Семьи участников СВО нуждаются в сопровождении при оформлении мер поддержки.",
        ["svo"], "31.1-21", Stage.CONSULTATIONS, -3,
        [("Корнилов Денис Андреевич", MemberRole.LEADER, ""), ("Шилова Мария Олеговна", MemberRole.VOLUNTEER, "")],
    ),
    (
        "Добрые соседи", "59", "perm.consultant", "Осин",
        "Людям с инвалидностью в посёлке нужна помощь в быту и транспорт до районного центра.",
        ["disabled"], "31.1-01", Stage.TEAM, -10,
        [("Пермякова Елена Николаевна", MemberRole.RELEASED_SOCIAL_WORKER,
          "ГКУ «Осинский социальный приют» (условное название)")],
    ),
    (
        "Северное сияние", "86", "ugra.consultant", "Берёз",
        "Молодёжи посёлка нечем заняться после школы, растёт число правонарушений.",
        ["youth", "children"], "31.1-09", Stage.FORM_CHOICE, 7,
        [("Айпина Светлана Петровна", MemberRole.LEADER, "")],
    ),
    (
        "Родные традиции", "86", "ugra.consultant", "Кондин",
        "Сохранение языка и ремёсел коренных народов в малых посёлках района.",
        ["indigenous", "youth"], "31.1-11", Stage.SUBMITTED, 20,
        [("Сайнахова Нина Ивановна", MemberRole.LEADER, "")],
    ),
    (
        "Новые соседи", "54", "nsk.consultant", "Карасук",
        "Мигрантам с детьми трудно устроить детей в школу и выучить язык.",
        ["migrants", "children"], "31.1-15", Stage.IDEA, 30,
        [("Юсупова Динара Маратовна", MemberRole.LEADER, "")],
    ),
    (
        "Милосердие", "54", "nsk.consultant", "Купин",
        "Одинокие пожилые люди в сёлах района остались без надомного обслуживания.",
        ["elderly"], "31.1-01", Stage.REGISTERED, 15,
        [("Гришина Валентина Павловна", MemberRole.RELEASED_SOCIAL_WORKER,
          "ГАУ НСО «Купинский комплексный центр социального обслуживания» (условное название)")],
    ),
]  # fmt: skip


def _municipality(region: Region, hint: str) -> Municipality | None:
    qs = Municipality.objects.filter(region=region)
    return qs.filter(name__icontains=hint).first() or qs.order_by("name").first()


def _group(row: tuple[Any, ...], users: dict[str, Any], today: datetime.date) -> InitiativeGroup | None:
    name, fns, login, hint, problem, targets, area_code, stage, due, members = row
    existing = InitiativeGroup.objects.filter(name=name).first()
    if existing is not None:
        return existing
    by = users.get(login)
    region = Region.objects.filter(fns_code=fns).first()
    if by is None or region is None:
        return None
    g = actions.group_create(
        by=by,
        name=name,
        social_problem=problem,
        region=region,
        municipality=_municipality(region, hint),
        target_groups=list(TargetGroup.objects.filter(code__in=targets)),
        areas=list(ActivityArea.objects.filter(code=area_code)),
        planned_services="Социально-бытовые услуги\nКонсультации и сопровождение",
        next_step="Согласовать следующий этап с консультантом РЦ",
        next_step_due=today + datetime.timedelta(days=due),
        next_step_owner=by,
    )
    for full_name, role, institution in members:
        actions.group_member_add(
            group=g, by=by, full_name=full_name, role=role, institution=institution, consent_text=CONSENT
        )
    if stage == Stage.REGISTERED:
        for step in (Stage.TEAM, Stage.FORM_CHOICE, Stage.DOCUMENTS, Stage.SUBMITTED):
            g = actions.group_move(group=g, to_stage=step, by=by)
        seq = f"{g.pk % 10**6:06d}"
        g = actions.group_register(
            group=g,
            by=by,
            ogrn=ogrn_with_check(f"126{fns}0{seq}"),
            inn=inn_with_check(f"{fns}9{seq}"),
            legal_form=LegalForm.objects.get(okopf="71400"),
            full_name=f"Автономная некоммерческая организация социального обслуживания «{name}»",
            short_name=f"АНО «{name}»",
            registration_date=today - datetime.timedelta(days=40),
        )
    elif stage != Stage.IDEA:
        for value in Stage.values[1 : Stage.values.index(stage) + 1]:
            g = actions.group_move(group=g, to_stage=value, by=by)
    return g


@transaction.atomic
def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in={r[2] for r in GROUPS})}
    today = datetime.date.today()
    groups = {row[0]: _group(row, users, today) for row in GROUPS}
    mentee = groups.get("Забота рядом")
    consultant = users.get("perm.consultant")
    if mentee is not None and consultant is not None and not Partnership.objects.filter(mentee=mentee.organization):
        mentor = (
            Organization.objects.filter(
                kind=Organization.Kind.NGO, region=mentee.organization.region, areas__code="31.1-01"
            )
            .exclude(pk=mentee.organization.pk)
            .order_by("registration_date", "id")
            .first()
        )
        if mentor is not None:
            partnership, _ = actions.partnership_create(
                by=consultant,
                mentor=mentor,
                mentee=mentee.organization,
                aim="Перенять опыт организации надомного социального обслуживания",
                plan="Встреча раз в месяц: стандарты услуг, штат, вход в реестр поставщиков",
                started=today - datetime.timedelta(days=30),
            )
            for days, topic in ((25, "Стандарты социальных услуг на дому"), (5, "Штатное расписание и волонтёры")):
                actions.partnership_meeting_add(
                    partnership=partnership,
                    by=consultant,
                    date=today - datetime.timedelta(days=days),
                    topic=topic,
                    outcome="Договорились о следующих шагах",
                )
    made = sum(1 for g in groups.values() if g is not None)
    write(f"Инкубатор: инициативных групп — {made}, наставничеств — {Partnership.objects.count()}.")
