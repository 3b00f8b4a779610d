"""Demo selection: the federal call «Отбор лучших практик СОНКО — 2026», four experts and the
reviews of the demo practices (`practices.demo_data.PRACTICES`), all through the actions.

Idempotent: the call is keyed by its title, experts by login, entries by (call, practice),
assignments by (entry, expert); submitted reviews and decided entries are left as they are.
The practices' demo seed leaves practices that have a `review` «на экспертизе»; this seed takes
them through the call to a decision and publishes those whose demo status is «опубликована».
"""

import datetime
import importlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from konstruktor.core.roles import Role
from konstruktor.expertise import actions, queries, rules
from konstruktor.expertise.errors import ExpertiseError
from konstruktor.expertise.models import AssignmentStatus, Call, CallEntry, CallStatus, EntryStatus
from konstruktor.organizations.models import Membership, Organization
from konstruktor.practices.models import Practice, Status
from konstruktor.territories.models import Region

CALL_TITLE = "Отбор лучших практик СОНКО — 2026"
CALL_DESCRIPTION = (
    "Федеральный отбор практик социально ориентированных НКО для тиражирования в регионах программы. "
    "Каждую практику оценивают не меньше двух экспертов, хотя бы один — из другого региона; для категории "
    "«Рекомендована к тиражированию» — три эксперта. Критерии, веса и пороги опубликованы на странице отбора."
)
# login, last, first, middle, region name (as territories.Region.name spells it)
EXPERTS = [
    ("expert.perm", "Вершинина", "Людмила", "Аркадьевна", "Пермский край"),
    ("expert.nsk", "Гордеев", "Максим", "Олегович", "Новосибирская область"),
    ("expert.spb", "Румянцева", "Ирина", "Валерьевна", "г. Санкт-Петербург"),
    ("expert.yar", "Соколов", "Дмитрий", "Евгеньевич", "Ярославская область"),
]  # fmt: skip


def _demo_practices() -> list[dict[str, Any]]:
    """The demo practices of the passport app; empty while they are not written yet."""
    try:
        module = importlib.import_module("konstruktor.practices.demo_data")
    except ImportError:
        return []
    return list(getattr(module, "PRACTICES", []))


def _coordinator() -> Any:
    User = get_user_model()
    return (
        User.objects.filter(username="coordinator").first()
        or User.objects.filter(memberships__role=Role.FEDERAL_COORDINATOR).order_by("id").first()
    )


def _expert_home(region: Region, by: Any) -> Organization:
    """The organization an expert belongs to: the region's РЦ, or an expert association."""
    centre = Organization.objects.filter(region=region, kind=Organization.Kind.RESOURCE_CENTRE).order_by("id").first()
    if centre is not None:
        return centre
    name = f"Ассоциация «Экспертный совет по социальным практикам» ({region.name})"
    existing = Organization.objects.filter(full_name=name, region=region).first()
    if existing is not None:
        return existing
    from konstruktor.organizations.actions import organization_create

    return organization_create(
        by=by, kind=Organization.Kind.NGO, full_name=name, short_name="Ассоциация «Экспертный совет»", region=region
    )


def _experts(by: Any) -> dict[str, Any]:
    """region name → expert user; created with the demo password of the other demo users."""
    from konstruktor.organizations.demo import DEMO_PASSWORD

    User = get_user_model()
    result = {}
    for login, last, first, middle, region_name in EXPERTS:
        region = Region.objects.filter(name=region_name).first()
        if region is None:
            continue
        user, created = User.objects.get_or_create(
            username=login,
            defaults={"last_name": last, "first_name": first, "middle_name": middle, "email": f"{login}@example.ru"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(user=user, organization=_expert_home(region, by), role=Role.EXPERT)
        result[region_name] = user
    return result


def _find_practice(data: dict[str, Any]) -> Practice | None:
    # The practices' demo seed keys its passports as "demo:<key>" (practices.demo.demo_source_key).
    qs = Practice.objects.filter(source_key__in=[f"demo:{data['key']}", data["key"]])
    return qs.order_by("id").first()


def _call(by: Any) -> Call:
    call = Call.objects.filter(title=CALL_TITLE, is_demo=True).first()
    if call is None:
        call = actions.call_create(
            by=by,
            title=CALL_TITLE,
            description=CALL_DESCRIPTION,
            region=None,
            opens_on=datetime.date(2026, 3, 1),
            closes_on=datetime.date(2026, 11, 30),
            is_demo=True,
        )
    if call.status == CallStatus.DRAFT:
        actions.call_open(call=call, by=by)
    return call


def _ordered_experts(practice: Practice, review: dict[str, Any], experts: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(expert user, their review dict), experts from other regions first (the assignment rule)."""
    pairs = [(experts.get(e["region"]), e) for e in review["experts"]]
    pairs = [(u, e) for u, e in pairs if u is not None]
    return sorted(pairs, key=lambda p: p[1]["region"] == practice.region.name)


def _default_comment(value: Any) -> str:
    if value == rules.MORE_INFO:
        return "В паспорте не хватает сведений, чтобы оценить критерий: нужны пояснения организации."
    return ""


def _consensus_scores(state: queries.EntryAggregate) -> dict[str, str]:
    """The demo consensus: the experts agree on the rounded mean of their numeric scores."""
    agreed = {}
    for c in state.aggregate.criteria:
        numbers = [v for v in c.values if isinstance(v, int)]
        if not numbers:
            agreed[c.code] = rules.NA
        else:
            mean = Decimal(sum(numbers)) / len(numbers)
            agreed[c.code] = str(int(mean.quantize(Decimal(1), rounding="ROUND_HALF_UP")))
    return agreed


def _run_entry(
    *,
    call: Call,
    practice: Practice,
    data: dict[str, Any],
    experts: dict[str, Any],
    by: Any,
    write: Callable[[str], Any],
) -> str:
    review = data["review"]
    entry = CallEntry.objects.filter(call=call, practice=practice).first()
    if entry is None:
        if practice.status != Status.REVIEW:
            return "skipped"
        entry = actions.entry_add(call=call, practice=practice, by=by)
    if entry.status == EntryStatus.DECIDED:
        return "kept"
    for user, expert_data in _ordered_experts(practice, review, experts):
        assignment = entry.assignments.filter(expert=user).first()
        if assignment is None:
            assignment = actions.assignment_create(entry=entry, expert=user, by=by)
        if assignment.status == AssignmentStatus.AWAITING_DECLARATION:
            assignment = actions.assignment_declare(assignment=assignment, by=user, has_conflict=False)
        if assignment.status != AssignmentStatus.IN_PROGRESS:
            continue
        comments = expert_data.get("comments", {})
        actions.review_save(
            assignment=assignment,
            by=user,
            scores={
                code: actions.ScoreInput(str(value), comments.get(code, "") or _default_comment(value))
                for code, value in expert_data["scores"].items()
            },
            readiness=review["readiness"],
            recommendation=expert_data["recommendation"],
            summary=expert_data["summary"],
            submit=True,
        )
    state = queries.entry_aggregate(entry)
    if state.decision.verdict in ("disagreement", "incomplete"):
        actions.resolution_consensus(
            entry=entry,
            by=by,
            scores=_consensus_scores(state),
            minutes=(
                "Консенсусное обсуждение экспертов по видеосвязи. Эксперты обсудили расхождения и недостающие "
                "сведения, организация прислала пояснения; по каждому критерию согласована оценка, близкая "
                "к средней."
            ),
        )
        state = queries.entry_aggregate(entry)
    if state.decision.verdict != "decided":
        write(f"  «{practice.title}»: {state.decision.steps[-1].detail}")
        return "pending"
    decision = actions.entry_decide(entry=entry, by=by, comment=review.get("decision_comment", "")[:500])
    expected = review.get("category")
    if expected and expected != decision.category:
        write(
            f"  «{practice.title}»: по правилам отбора получилось «{decision.get_category_display()}», "
            f"в демо-данных ожидалось «{rules.CATEGORY_LABELS.get(expected, expected)}»."
        )
    if data.get("status") == "published" and decision.category in (rules.RECOMMENDED, rules.PROMISING):
        actions.entry_publish(entry=entry, by=by)
    return "decided"


def _waiting_entries(*, call: Call, experts: dict[str, Any], by: Any) -> int:
    """Demo practices «на экспертизе» without reviews enter the call too: the manager has experts
    to assign, and the first one already waits for two experts' declarations (their queue)."""
    keys = [f"demo:{p['key']}" for p in _demo_practices() if not p.get("review")]
    waiting = Practice.objects.filter(source_key__in=keys, status=Status.REVIEW).select_related("region")
    count = 0
    for i, practice in enumerate(waiting.order_by("title", "id")):
        with transaction.atomic():
            entry = CallEntry.objects.filter(call=call, practice=practice).first()
            if entry is None:
                entry = actions.entry_add(call=call, practice=practice, by=by)
            if i == 0 and not entry.assignments.exists():
                others = [u for region, u in experts.items() if region != practice.region.name][:2]
                for user in others:
                    actions.assignment_create(entry=entry, expert=user, by=by)
        count += 1
    return count


def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    by = _coordinator()
    if by is None:
        write("Экспертиза: нет федерального координатора (сначала демо-данные реестра) — пропущено.")
        return
    with transaction.atomic():
        experts = _experts(by)
        call = _call(by)
    counts: dict[str, int] = {}
    practices = [p for p in _demo_practices() if p.get("review")]
    for data in practices:
        practice = _find_practice(data)
        if practice is None:
            counts["missing"] = counts.get("missing", 0) + 1
            continue
        try:
            with transaction.atomic():
                outcome = _run_entry(call=call, practice=practice, data=data, experts=experts, by=by, write=write)
        except ExpertiseError as exc:
            write(f"  «{practice.title}»: {exc}")
            outcome = "failed"
        counts[outcome] = counts.get(outcome, 0) + 1
    waiting = _waiting_entries(call=call, experts=experts, by=by)
    write(
        f"Экспертиза: отбор «{call.title}», практик с оценками в демо-данных: {len(practices)}; "
        f"решений принято сейчас: {counts.get('decided', 0)}, ранее: {counts.get('kept', 0)}, "
        f"ждут решения: {counts.get('pending', 0)}, не на экспертизе: {counts.get('skipped', 0)}, "
        f"не найдено: {counts.get('missing', 0)}, с ошибкой: {counts.get('failed', 0)}; "
        f"ждут назначения экспертов и оценок: {waiting}."
    )
    write(f"Демо-входы экспертов (пароль как у остальных демо-пользователей, {_password()}):")
    for login, last, first, _, region in EXPERTS:
        write(f"  {login:<18} Эксперт, {region} ({last} {first})")


def _password() -> str:
    from konstruktor.organizations.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
