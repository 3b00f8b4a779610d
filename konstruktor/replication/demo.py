"""Demo replication: regional priorities, Hexagon ratings, requests and transfers at different stages.

Runs after the practices' demo passports and the expertise seed that decides and publishes them
(seed_order 80). It uses the published demo practices (`Practice.source_key` «demo:<key>») and
skips what it cannot build yet: without published practices only the priorities are set.
Everything goes through `replication.actions` as the demo users of the registry, so the support
log, the stage history and the practice's evidence are filled exactly as in real use. Idempotent:
a transfer is keyed by the demo user who runs it, a request by (practice, requester).
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from konstruktor.organizations.models import ActivityArea, Organization, TargetGroup
from konstruktor.practices.models import EvaluationQuality, Practice
from konstruktor.replication import actions
from konstruktor.replication.matching import practice_matches_for_organization, practices_offered
from konstruktor.replication.models import (
    STAGE_ORDER,
    Fidelity,
    FitAssessment,
    RegionalPriority,
    ReplicationRequest,
    Stage,
    Transfer,
)
from konstruktor.territories.models import Region

# Region (ФНС code) → priority target groups and areas of activity, as a РЦ manager would keep them.
PRIORITIES: dict[str, tuple[list[str], list[str], str]] = {
    "59": (
        ["elderly", "disabled", "svo"],
        ["31.1-01", "31.1-21"],
        "Госпрограмма Пермского края «Социальная поддержка жителей» (условное основание для демонстрации)",
    ),
    "86": (
        ["indigenous", "youth", "children"],
        ["31.1-09", "31.1-11"],
        "Стратегия социально-экономического развития Югры (условное основание для демонстрации)",
    ),
    "54": (
        ["families", "large_families", "elderly"],
        ["31.1-20", "31.1-01"],
        "Госпрограмма Новосибирской области «Социальная поддержка» (условное основание для демонстрации)",
    ),
}

# (consultant login, region ФНС code, preferred practice keys, the stage to reach, "completed" or "")
TRANSFERS: list[tuple[str, str, list[str], str, str]] = [
    ("perm.consultant", "59", ["active-ageing-clubs", "rural-social-taxi", "neighbour-help-elderly"], Stage.PILOT, ""),
    ("ugra.consultant", "86", ["indigenous-crafts-youth", "teen-mentoring-kdn", "inclusive-theatre"], Stage.INTERNSHIP, ""),
    ("nsk.consultant", "54", ["respite-care", "family-centre-crisis", "rural-early-intervention"], Stage.EVALUATION, "completed"),
    ("perm.manager", "59", ["supported-employment", "palliative-home-visiting", "dementia-caregivers-school"], Stage.ADAPTATION, ""),
]  # fmt: skip

MOTIVATION = (
    "В муниципалитете нет организаций, которые оказывают такие услуги, а потребность подтверждают обращения "
    "в РЦ и данные управления социальной защиты. Организация-получатель готова выделить команду и помещение."
)


def _demo_practices() -> dict[str, Practice]:
    qs = practices_offered().filter(source_key__startswith="demo:").select_related("organization", "region")
    return {p.source_key.removeprefix("demo:"): p for p in qs}


def _pick(practices: dict[str, Practice], keys: list[str], region: Region, taken: set[int]) -> Practice | None:
    """The first preferred practice from another region, else any published demo practice from one."""
    candidates = [practices[k] for k in keys if k in practices]
    candidates += sorted(practices.values(), key=lambda p: p.source_key)
    for p in candidates:
        if p.region_id != region.pk and p.pk not in taken and p.components.filter(is_core=True).exists():
            return p
    return None


def _recipient(region: Region, practice: Practice, taken: set[int]) -> Organization | None:
    """A demo NGO of the region, preferably working in one of the practice's areas."""
    qs = Organization.objects.filter(region=region, kind=Organization.Kind.NGO).exclude(pk__in=taken)
    if practice.organization_id:
        qs = qs.exclude(pk=practice.organization_id)
    return qs.filter(areas__in=practice.areas.all()).order_by("pk").first() or qs.order_by("pk").first()


def _marks(transfer: Transfer, step: int) -> dict[int, tuple[str, str]]:
    """Fidelity grows over the checkpoints: one component adapted, one not yet implemented at first."""
    items = list(transfer.fidelity_items.all())
    marks: dict[int, tuple[str, str]] = {i.pk: (Fidelity.AS_SPECIFIED, "") for i in items}
    if items and step == 0 and len(items) > 2:
        marks[items[-1].pk] = (Fidelity.NOT_IMPLEMENTED, "Запуск компонента запланирован на пилот")
    if items and step <= 1 and len(items) > 1:
        marks[items[0].pk] = (Fidelity.ADAPTED, "Частота встреч сокращена на время пилота")
    return marks


def _walk(transfer: Transfer, by: Any, target: str) -> Transfer:
    checkpoint = 0
    while STAGE_ORDER.index(transfer.stage) < STAGE_ORDER.index(target):
        if transfer.stage == Stage.ADAPTATION:
            adaptable = transfer.practice.components.filter(is_core=False).first()
            core = transfer.practice.components.filter(is_core=True).first()
            if adaptable is not None:
                actions.adaptation_record(
                    transfer=transfer,
                    by=by,
                    component=adaptable,
                    what_changed="Материалы переведены на язык и реалии территории, расписание — под сельский транспорт",
                    reason="Благополучатели живут в отдалённых сёлах, автобус ходит два раза в день",
                )
            if core is not None:
                actions.adaptation_record(
                    transfer=transfer,
                    by=by,
                    component=core,
                    what_changed="Первые три месяца компонент проводится в группах по 6 человек вместо 10",
                    reason="Специалистов пока двое, набор идёт постепенно",
                    justification="Наставник согласовал: содержание и частота сохраняются, меняется только размер "
                    "группы; к этапу «Внедрение» группа доводится до нормы модели.",
                )
        if transfer.stage in (Stage.ADAPTATION, Stage.PILOT, Stage.IMPLEMENTATION):
            actions.fidelity_check_record(transfer=transfer, by=by, marks=_marks(transfer, checkpoint))
            checkpoint += 1
        transfer = actions.transfer_stage_advance(transfer=transfer, by=by, comment="Этап пройден по плану")
    return transfer


def _complete(transfer: Transfer, by: Any) -> Transfer:
    actions.fidelity_check_record(transfer=transfer, by=by, marks=_marks(transfer, 9))
    outcomes = list(transfer.outcomes.all())
    values = {
        o.pk: {
            "actual": o.target or "достигнуто",
            "comparison": o.baseline or "без изменений",
            "effect": "positive",
            "sustained_months": 6,
        }
        for o in outcomes
    }
    actions.transfer_outcomes_update(transfer=transfer, by=by, values=values)
    return actions.transfer_complete(
        transfer=transfer,
        by=by,
        summary="Практика запущена и работает по модели: индекс соответствия на оценке — 100 %. Показатели "
        "участников сравнивались с семьями из соседнего района, которые услугу не получали.",
        has_comparison=True,
        quality=EvaluationQuality.MODERATE,
        sample="42 семьи-участницы и 38 семей группы сравнения",
    )


def _priorities(coordinator: Any, write: Callable[[str], Any]) -> None:
    groups = {g.code: g for g in TargetGroup.objects.all()}
    areas = {a.code: a for a in ActivityArea.objects.filter(region__isnull=True)}
    for fns, (group_codes, area_codes, basis) in PRIORITIES.items():
        region = Region.objects.filter(fns_code=fns).first()
        if region is None or RegionalPriority.objects.filter(region=region).exists():
            continue
        actions.regional_priorities_set(
            region=region,
            by=coordinator,
            target_groups=[groups[c] for c in group_codes if c in groups],
            areas=[areas[c] for c in area_codes if c in areas],
            basis=basis,
        )
        write(f"Тиражирование: приоритеты региона «{region.name}» заданы.")


@transaction.atomic
def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    logins = {"coordinator", "ngo.member", *(row[0] for row in TRANSFERS)}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=logins)}
    coordinator = users.get("coordinator")
    if coordinator is None:
        write("Тиражирование: демо-пользователей нет (сначала загрузите реестр) — пропущено.")
        return
    _priorities(coordinator, write)
    practices = _demo_practices()
    if not practices:
        write("Тиражирование: опубликованных демо-практик пока нет — трансферы не созданы.")
        return
    taken_practices: set[int] = set()
    taken_recipients: set[int] = set()
    made = 0
    today = timezone.localdate()
    for login, fns, keys, stage, result in TRANSFERS:
        by, region = users.get(login), Region.objects.filter(fns_code=fns).first()
        if by is None or region is None:
            continue
        # One demo transfer per consultant: the row's key is the user who runs it.
        done = Transfer.objects.filter(created_by=by, region=region).first()
        if done is not None:
            taken_practices.add(done.practice_id)
            taken_recipients.add(done.recipient_id)
            continue
        practice = _pick(practices, keys, region, taken_practices)
        recipient = _recipient(region, practice, taken_recipients) if practice else None
        centre = Organization.objects.filter(region=region, kind=Organization.Kind.RESOURCE_CENTRE).first()
        if practice is None or recipient is None or centre is None:
            continue
        taken_practices.add(practice.pk)
        taken_recipients.add(recipient.pk)
        request = actions.request_create(
            by=by, practice=practice, requester=centre, recipient=recipient, motivation=MOTIVATION
        )
        transfer = actions.request_accept(
            request=request,
            by=by,
            comment="Наставник согласен, план согласован на встрече в РЦ",
            start=today - datetime.timedelta(days=30 * (1 + STAGE_ORDER.index(stage))),
        )
        transfer = _walk(transfer, by, stage)
        if result == "completed":
            _complete(transfer, by)
        made += 1
    _member_request(users.get("ngo.member"), practices, write)
    write(f"Тиражирование: новых трансферов — {made}, всего — {Transfer.objects.count()}.")


def _member_request(member: Any, practices: dict[str, Practice], write: Callable[[str], Any]) -> None:
    """The demo NGO member rates a well-ranked practice for their organization and asks for it."""
    if member is None:
        return
    org = Organization.objects.filter(memberships__user=member, kind=Organization.Kind.NGO).first()
    if org is None:
        return
    asked = ReplicationRequest.objects.filter(requester=org).select_related("practice").first()
    if asked is not None:
        practice: Practice | None = asked.practice
    else:
        # The best-ranked practice for this organization without a blocking risk in the data.
        ranked = practice_matches_for_organization(organization=org, limit=10).matches
        best = next((m for m in ranked if not m.risks), ranked[0] if ranked else None)
        practice = next((p for p in practices.values() if best and p.pk == best.practice_id), None)
    if practice is None:
        return
    if not FitAssessment.objects.filter(practice=practice, organization=org, assessor=member).exists():
        actions.fit_assessment_save(
            practice=practice,
            by=member,
            organization=org,
            need=5,
            fit=4,
            resources=2,
            capacity=3,
            comment="Помещение есть, но нет второго специалиста: нужен грант на полставки.",
        )
    if not ReplicationRequest.objects.filter(practice=practice, requester=org).exists():
        actions.request_create(
            by=member,
            practice=practice,
            requester=org,
            motivation="Наши благополучатели просят такую услугу; команда оценила практику по методике Hexagon, "
            "риск — ресурсы: ищем финансирование второго специалиста.",
        )
        write(f"Тиражирование: заявка НКО «{org}» на практику «{practice.title}» подана.")
