"""Every change of expert selection: calls and criteria, entries, assignments, reviews, decisions.

The decision is written back to the passport with `practices.actions.practice_record_decision`
(ADR 0002); publication goes through `practices.actions.practice_publish`.
"""

import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from konstruktor.core.audit import change_record, diff, snapshot
from konstruktor.core.roles import Role
from konstruktor.expertise import queries, rules
from konstruktor.expertise.errors import AccessDenied, ExpertiseError
from konstruktor.expertise.models import (
    Assignment,
    AssignmentStatus,
    Call,
    CallEntry,
    CallStatus,
    Criterion,
    Decision,
    EntryStatus,
    Recommendation,
    Resolution,
    ResolutionKind,
    Review,
    ReviewScore,
    ScoreValue,
)
from konstruktor.expertise.standard import STANDARD_CRITERIA, STANDARD_WEIGHT
from konstruktor.organizations.models import Membership
from konstruktor.practices import actions as practice_actions
from konstruktor.practices.errors import PracticeError
from konstruktor.practices.models import Practice, PracticeVersion, Status
from konstruktor.territories.models import Region

THRESHOLD_FIELDS = (
    "recommended_evidence",
    "recommended_merit",
    "recommended_readiness",
    "promising_evidence",
    "promising_merit",
    "not_recommended_merit",
    "disagreement_points",
    "disagreement_total",
    "experts_per_entry",
    "experts_top_category",
)
CALL_FIELDS = ("title", "description", "opens_on", "closes_on")
NO_CONFLICT_TEXT = (
    "Заявляю, что у меня нет конфликта интересов: я не состою в организации, которая ведёт практику, "
    "не связан(а) с её руководителями родственными, трудовыми или финансовыми отношениями и не получаю "
    "выгоды от результата отбора."
)
SCORE_VALUES = frozenset(ScoreValue.values)
CONSENSUS_VALUES = SCORE_VALUES - {rules.MORE_INFO}


def _require_manager(call: Call, by: Any) -> None:
    if not queries.call_can_manage(call=call, user=by):
        raise AccessDenied("Вести этот отбор может руководитель РЦ его региона или федеральный координатор.")


def _require_open(call: Call) -> None:
    if call.status != CallStatus.OPEN:
        raise ExpertiseError(f"Отбор «{call.title}» не идёт: статус «{call.get_status_display()}».")


def _require_in_review(entry: CallEntry) -> None:
    if entry.status != EntryStatus.REVIEW:
        raise ExpertiseError(f"По практике уже «{entry.get_status_display()}»: изменения экспертизы закрыты.")


# ---------------------------------------------------------------- calls and criteria


def _check_thresholds(values: Mapping[str, Any]) -> None:
    top = values.get("experts_top_category")
    per_entry = values.get("experts_per_entry")
    if per_entry is not None and per_entry < 2:
        raise ExpertiseError("Экспертов на практику должно быть не меньше двух.")
    if top is not None and per_entry is not None and top < per_entry:
        raise ExpertiseError("Для высшей категории экспертов нужно не меньше, чем для обычной оценки.")
    rec, prom, low = (values.get(k) for k in ("recommended_merit", "promising_merit", "not_recommended_merit"))
    if rec is not None and prom is not None and low is not None and not (low <= prom <= rec):
        raise ExpertiseError(
            "Пороги экспертной оценки должны идти по возрастанию: «не рекомендована» ≤ «перспективная» "
            "≤ «рекомендована»."
        )
    if (
        values.get("recommended_evidence") is not None
        and values.get("promising_evidence") is not None
        and values["promising_evidence"] > values["recommended_evidence"]
    ):
        raise ExpertiseError("Уровень доказанности для «перспективной» не может быть выше, чем для «рекомендованной».")


def call_create(
    *,
    by: Any,
    title: str,
    region: Region | None,
    description: str = "",
    opens_on: Any = None,
    closes_on: Any = None,
    is_demo: bool = False,
    **thresholds: Any,
) -> Call:
    """A new call in «черновик» with the eight standard criteria of equal weight."""
    may_federal, regions = queries.call_regions_manageable(user=by)
    if region is None and not may_federal:
        raise AccessDenied("Федеральный отбор создаёт федеральный координатор.")
    if region is not None and not may_federal and region.pk not in regions:
        raise AccessDenied("Создавать отборы может руководитель РЦ своего региона.")
    if not title.strip():
        raise ExpertiseError("Укажите название отбора.")
    unknown = set(thresholds) - set(THRESHOLD_FIELDS)
    if unknown:
        raise ExpertiseError("Неизвестные параметры отбора: " + ", ".join(sorted(unknown)) + ".")
    if opens_on and closes_on and closes_on < opens_on:
        raise ExpertiseError("Окончание экспертизы не может быть раньше начала приёма.")
    call = Call(
        title=title.strip(),
        description=description,
        region=region,
        opens_on=opens_on,
        closes_on=closes_on,
        is_demo=is_demo,
        created_by=by if by is not None and by.is_authenticated else None,
        **thresholds,
    )
    _check_thresholds({f: getattr(call, f) for f in THRESHOLD_FIELDS})
    with transaction.atomic():
        call.save()
        Criterion.objects.bulk_create(
            Criterion(
                call=call,
                code=c.code,
                name=c.name,
                description=c.description,
                weight=STANDARD_WEIGHT,
                order=i,
                **{f"anchor_{k}": text for k, text in enumerate(c.anchors)},
            )
            for i, c in enumerate(STANDARD_CRITERIA, start=1)
        )
        change_record(obj=call, actor=by, action="create", changes={"status": [None, call.status]})
    return call


def call_update(*, call: Call, by: Any, **fields: Any) -> Call:
    """Change the title, dates and — only before the call opens — its thresholds."""
    _require_manager(call, by)
    unknown = set(fields) - set(CALL_FIELDS) - set(THRESHOLD_FIELDS)
    if unknown:
        raise ExpertiseError("Неизвестные поля отбора: " + ", ".join(sorted(unknown)) + ".")
    changed_thresholds = {k for k in fields if k in THRESHOLD_FIELDS and fields[k] != getattr(call, k)}
    if changed_thresholds and call.status != CallStatus.DRAFT:
        raise ExpertiseError("Пороги меняются только до начала отбора: они опубликованы вместе с ним.")
    if "title" in fields and not str(fields["title"]).strip():
        raise ExpertiseError("Укажите название отбора.")
    merged = {f: fields.get(f, getattr(call, f)) for f in (*CALL_FIELDS, *THRESHOLD_FIELDS)}
    if merged["opens_on"] and merged["closes_on"] and merged["closes_on"] < merged["opens_on"]:
        raise ExpertiseError("Окончание экспертизы не может быть раньше начала приёма.")
    _check_thresholds(merged)
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        before = snapshot(locked, fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        change_record(obj=locked, actor=by, action="update", changes=diff(before, snapshot(locked, fields)))
    return locked


@dataclass(frozen=True)
class CriterionInput:
    code: str
    name: str
    weight: decimal.Decimal
    anchors: Sequence[str]
    description: str = ""


def criteria_save(*, call: Call, by: Any, criteria: Sequence[CriterionInput]) -> list[Criterion]:
    """Replace the call's criteria (only in «черновик»); the weights must sum to 100."""
    _require_manager(call, by)
    if call.status != CallStatus.DRAFT:
        raise ExpertiseError("Критерии и веса меняются только до начала отбора.")
    if not criteria:
        raise ExpertiseError("В отборе должен быть хотя бы один критерий.")
    codes = [c.code for c in criteria]
    if len(set(codes)) != len(codes):
        raise ExpertiseError("Коды критериев повторяются: у каждого критерия должен быть свой код.")
    for c in criteria:
        if not c.code or not c.name.strip():
            raise ExpertiseError("У каждого критерия должны быть код и название.")
        if c.weight < 0:
            raise ExpertiseError(f"Вес критерия «{c.name}» не может быть отрицательным.")
        if len(c.anchors) != rules.SCALE_MAX + 1 or not all(a.strip() for a in c.anchors):
            raise ExpertiseError(f"Опишите все пять уровней шкалы (0–4) для критерия «{c.name}».")
    total = sum((c.weight for c in criteria), decimal.Decimal(0))
    if total != 100:
        raise ExpertiseError(f"Сумма весов должна быть 100, сейчас {rules.fmt(float(total), 2)}.")
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        before = {c.code: str(c.weight) for c in call.criteria.all()}
        call.criteria.exclude(code__in=codes).delete()
        saved = []
        for order, c in enumerate(criteria, start=1):
            obj, _ = Criterion.objects.update_or_create(
                call=call,
                code=c.code,
                defaults={
                    "name": c.name.strip(),
                    "description": c.description,
                    "weight": c.weight,
                    "order": order,
                    **{f"anchor_{k}": a.strip() for k, a in enumerate(c.anchors)},
                },
            )
            saved.append(obj)
        after = {c.code: str(c.weight) for c in saved}
        change_record(obj=call, actor=by, action="update", changes={"criteria": [before, after]}, note="Критерии")
    return saved


def call_open(*, call: Call, by: Any) -> Call:
    """Start the call: criteria, weights and thresholds are fixed and published from now on."""
    _require_manager(call, by)
    if call.status != CallStatus.DRAFT:
        raise ExpertiseError("Открыть можно только отбор в статусе «Черновик».")
    total = call.criteria.aggregate(total=Sum("weight"))["total"]
    if total is None:
        raise ExpertiseError("Добавьте критерии отбора.")
    if total != 100:
        raise ExpertiseError(f"Сумма весов критериев должна быть 100, сейчас {rules.fmt(float(total), 2)}.")
    return _set_status(call, CallStatus.OPEN, by)


def call_close(*, call: Call, by: Any) -> Call:
    _require_manager(call, by)
    if call.status != CallStatus.OPEN:
        raise ExpertiseError("Завершить можно только идущий отбор.")
    return _set_status(call, CallStatus.CLOSED, by)


def _set_status(call: Call, status: str, by: Any) -> Call:
    with transaction.atomic():
        before = call.status
        Call.objects.filter(pk=call.pk).update(status=status, updated_at=timezone.now())
        call.status = status
        change_record(obj=call, actor=by, action="update", changes={"status": [before, status]})
    return call


# ---------------------------------------------------------------- entries and assignments


def entry_add(*, call: Call, practice: Practice, by: Any) -> CallEntry:
    """Take a practice «на экспертизе» into the call; the reviews rate its latest passport version."""
    _require_manager(call, by)
    if call.status == CallStatus.CLOSED:
        raise ExpertiseError("Отбор завершён: новые практики не принимаются.")
    if practice.status != Status.REVIEW:
        raise ExpertiseError(
            f"В отбор включаются практики в статусе «На экспертизе», а эта — «{practice.get_status_display()}»."
        )
    if call.region_id is not None and practice.region_id != call.region_id:
        raise ExpertiseError("В региональный отбор включаются только практики его региона.")
    if CallEntry.objects.filter(call=call, practice=practice, status=EntryStatus.REVIEW).exists():
        raise ExpertiseError("Практика уже включена в этот отбор и ждёт решения.")
    with transaction.atomic():
        version: PracticeVersion | None = practice.versions.order_by("-number").first()
        if version is None:
            version = practice_actions.practice_version_create(
                practice=practice, by=by, comment=f"Включена в отбор «{call.title}»"
            )
        elif CallEntry.objects.filter(call=call, version=version).exists():
            raise ExpertiseError(
                f"Версия {version.number} паспорта уже оценена в этом отборе. Чтобы учесть новые данные, "
                "направьте практику на повторную экспертизу со страницы практики: сохранится новая версия."
            )
        entry = CallEntry.objects.create(
            call=call, practice=practice, version=version, added_by=by if by and by.is_authenticated else None
        )
        change_record(obj=entry, actor=by, action="create", note=f"Версия паспорта {version.number}")
    return entry


def _expert_region_ids(user: Any) -> set[int]:
    return queries.expert_regions([user.pk])[user.pk]


def _check_assignment(entry: CallEntry, expert: Any) -> None:
    """The assignment rules of the call, in the words the manager sees."""
    practice = entry.practice
    name = expert.display_name()
    if not Membership.objects.filter(user=expert, role=Role.EXPERT).exists():
        raise ExpertiseError(f"{name} не эксперт платформы: назначить можно только пользователя с ролью «Эксперт».")
    if practice.organization_id and Membership.objects.filter(user=expert, organization=practice.organization).exists():
        raise ExpertiseError(
            f"{name} состоит в организации, которая ведёт практику: эксперт не может оценивать практику своей организации."
        )
    if entry.assignments.filter(expert=expert).exists():
        raise ExpertiseError(f"{name} уже назначен(а) на эту практику.")
    active = list(entry.assignments.exclude(status=AssignmentStatus.CONFLICT).values_list("expert_id", flat=True))
    regions = queries.expert_regions([*active, expert.pk])
    others = [uid for uid in (*active, expert.pk) if regions[uid] and practice.region_id not in regions[uid]]
    if not others and len(active) + 1 >= entry.call.experts_per_entry:
        raise ExpertiseError(
            f"{name} — из региона практики, как и уже назначенные эксперты. Хотя бы один из "
            f"{entry.call.experts_per_entry} экспертов должен быть из другого региона: выберите эксперта "
            "другого региона."
        )


def assignment_create(*, entry: CallEntry, expert: Any, by: Any, is_tiebreak: bool = False) -> Assignment:
    """Assign an expert; they declare a conflict of interest before they see the passport."""
    _require_manager(entry.call, by)
    _require_open(entry.call)
    _require_in_review(entry)
    with transaction.atomic():
        CallEntry.objects.select_for_update().get(pk=entry.pk)
        _check_assignment(entry, expert)
        assignment = Assignment.objects.create(
            entry=entry, expert=expert, is_tiebreak=is_tiebreak, assigned_by=by if by and by.is_authenticated else None
        )
        change_record(obj=entry, actor=by, action="update", note=f"Назначен эксперт: {expert.display_name()}")
    return assignment


def assignment_declare(*, assignment: Assignment, by: Any, has_conflict: bool, text: str = "") -> Assignment:
    """The expert's conflict-of-interest declaration; with a conflict they cannot review."""
    if by is None or assignment.expert_id != by.pk:
        raise AccessDenied("Декларацию подаёт сам назначенный эксперт.")
    if has_conflict and not text.strip():
        raise ExpertiseError("Опишите, в чём состоит конфликт интересов: это увидит руководитель отбора.")
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.status != AssignmentStatus.AWAITING_DECLARATION:
            raise ExpertiseError("Декларация уже подана.")
        locked.has_conflict = has_conflict
        locked.coi_text = text.strip() if has_conflict else (f"{NO_CONFLICT_TEXT} {text.strip()}".strip())
        locked.coi_declared_at = timezone.now()
        locked.status = AssignmentStatus.CONFLICT if has_conflict else AssignmentStatus.IN_PROGRESS
        locked.save(update_fields=["has_conflict", "coi_text", "coi_declared_at", "status"])
        change_record(
            obj=locked.entry,
            actor=by,
            action="update",
            note=f"Декларация эксперта {by.display_name()}: {'конфликт интересов' if has_conflict else 'конфликта нет'}",
        )
    return locked


# ---------------------------------------------------------------- reviews


@dataclass(frozen=True)
class ScoreInput:
    value: str
    comment: str = ""


def review_save(
    *,
    assignment: Assignment,
    by: Any,
    scores: Mapping[str, ScoreInput],
    readiness: Mapping[str, int | None],
    recommendation: str,
    summary: str,
    submit: bool = False,
) -> Review:
    """Save the expert's draft or submit it; a submitted review is read-only."""
    if by is None or assignment.expert_id != by.pk:
        raise AccessDenied("Оценку заполняет сам назначенный эксперт.")
    entry = assignment.entry
    _require_open(entry.call)
    _require_in_review(entry)
    criteria = {c.code: c for c in queries.call_criteria(entry.call)}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ExpertiseError("Неизвестные критерии: " + ", ".join(sorted(unknown)) + ".")
    for code, s in scores.items():
        if s.value and s.value not in SCORE_VALUES:
            raise ExpertiseError(f"Недопустимая оценка по критерию «{criteria[code].name}».")
    readiness_codes = [code for code, _ in rules.READINESS_ITEMS]
    for code, value in readiness.items():
        if code not in readiness_codes:
            raise ExpertiseError(f"Неизвестный пункт готовности: {code}.")
        if value is not None and not 0 <= value <= rules.SCALE_MAX:
            raise ExpertiseError("Пункты готовности оцениваются от 0 до 4.")
    if recommendation and recommendation not in Recommendation.values:
        raise ExpertiseError("Недопустимая рекомендация.")
    if submit:
        problems = []
        missing = [c.name for code, c in criteria.items() if not (scores.get(code) or ScoreInput("")).value]
        if missing:
            problems.append("оцените критерии: " + ", ".join(f"«{n}»" for n in missing))
        need_comment = [
            criteria[code].name for code, s in scores.items() if s.value == rules.MORE_INFO and not s.comment.strip()
        ]
        if need_comment:
            problems.append(
                "напишите, какой информации не хватает, по критериям: " + ", ".join(f"«{n}»" for n in need_comment)
            )
        labels = dict(rules.READINESS_ITEMS)
        missing_ready = [labels[c] for c in readiness_codes if readiness.get(c) is None]
        if missing_ready:
            problems.append("оцените готовность: " + ", ".join(f"«{n}»" for n in missing_ready))
        if not recommendation:
            problems.append("выберите рекомендацию")
        if not summary.strip():
            problems.append("напишите общее заключение")
        if problems:
            raise ExpertiseError("Чтобы отправить оценку, " + "; ".join(problems) + ".")
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.status == AssignmentStatus.SUBMITTED:
            raise ExpertiseError("Оценка уже отправлена и больше не меняется.")
        if locked.status == AssignmentStatus.AWAITING_DECLARATION:
            raise ExpertiseError("Сначала подайте декларацию об отсутствии конфликта интересов.")
        if locked.status == AssignmentStatus.CONFLICT:
            raise ExpertiseError("Вы заявили конфликт интересов и не оцениваете эту практику.")
        review, _ = Review.objects.get_or_create(assignment=locked)
        review.recommendation = recommendation
        review.summary = summary.strip()
        for code in readiness_codes:
            setattr(review, f"readiness_{code}", readiness.get(code))
        for code, s in scores.items():
            ReviewScore.objects.update_or_create(
                review=review, criterion=criteria[code], defaults={"value": s.value, "comment": s.comment.strip()}
            )
        if submit:
            review.submitted_at = timezone.now()
            locked.status = AssignmentStatus.SUBMITTED
            locked.save(update_fields=["status"])
            change_record(obj=entry, actor=by, action="update", note=f"Оценка отправлена: {by.display_name()}")
        review.save()
    return review


# ---------------------------------------------------------------- resolution and decision


def resolution_consensus(*, entry: CallEntry, by: Any, scores: Mapping[str, str], minutes: str) -> Resolution:
    """Log a consensus meeting: the agreed score of every criterion and the minutes."""
    _require_manager(entry.call, by)
    _require_in_review(entry)
    state = queries.entry_aggregate(entry)
    agg = state.aggregate
    if agg.n_reviews < 2:
        raise ExpertiseError("Консенсусное обсуждение проводится, когда отправлены хотя бы две оценки.")
    if not (agg.needs_resolution or agg.incomplete):
        raise ExpertiseError("Оценки не расходятся и все критерии завершены: консенсусное обсуждение не нужно.")
    if not minutes.strip():
        raise ExpertiseError("Приложите протокол: кто участвовал, что обсуждали, на чём сошлись.")
    codes = [c.code for c in state.criteria]
    missing = [c.name for c in state.criteria if not scores.get(c.code)]
    if missing:
        raise ExpertiseError("Укажите согласованную оценку по критериям: " + ", ".join(f"«{n}»" for n in missing) + ".")
    if set(scores) - set(codes) or any(v not in CONSENSUS_VALUES for v in scores.values()):
        raise ExpertiseError("Согласованная оценка — число от 0 до 4 или «н/п».")
    with transaction.atomic():
        resolution = Resolution.objects.create(
            entry=entry,
            kind=ResolutionKind.CONSENSUS,
            scores={code: scores[code] for code in codes},
            minutes=minutes.strip(),
            by=by,
        )
        change_record(obj=entry, actor=by, action="update", note="Консенсусное обсуждение: оценки согласованы")
    return resolution


def resolution_third_expert(*, entry: CallEntry, expert: Any, by: Any, minutes: str = "") -> Resolution:
    """Resolve a disagreement by a third expert: the median of three scores is used."""
    _require_manager(entry.call, by)
    agg = queries.entry_aggregate(entry).aggregate
    if not agg.needs_resolution:
        raise ExpertiseError("Неразрешённого расхождения оценок нет: третий эксперт для разрешения не нужен.")
    with transaction.atomic():
        assignment = assignment_create(entry=entry, expert=expert, by=by, is_tiebreak=True)
        reasons = "; ".join(agg.disagreement_reasons)
        resolution = Resolution.objects.create(
            entry=entry,
            kind=ResolutionKind.THIRD_EXPERT,
            minutes=minutes.strip() or f"Расхождение: {reasons}. Назначен третий эксперт.",
            assignment=assignment,
            by=by,
        )
    return resolution


def entry_decide(
    *, entry: CallEntry, by: Any, strengths: str = "", weaknesses: str = "", comment: str = ""
) -> Decision:
    """Compute the category by the call's rules, store it and write it back to the passport."""
    _require_manager(entry.call, by)
    given = entry
    with transaction.atomic():
        entry = CallEntry.objects.select_for_update().select_related("call", "practice", "version").get(pk=entry.pk)
        _require_in_review(entry)
        state = queries.entry_aggregate(entry)
        agg, decision = state.aggregate, state.decision
        if decision.verdict != "decided" or decision.category is None:
            raise ExpertiseError(decision.steps[-1].detail)
        submitted_regions = queries.expert_regions([r.assignment.expert_id for r in state.reviews])
        if decision.flags == () and not any(
            regions and entry.practice.region_id not in regions for regions in submitted_regions.values()
        ):
            raise ExpertiseError("Среди экспертов, отправивших оценки, нет ни одного из другого региона.")
        explanation = decision.explanation(agg)
        if strengths.strip():
            explanation.append({"title": "Сильные стороны", "detail": strengths.strip()})
        if weaknesses.strip():
            explanation.append({"title": "Слабые стороны", "detail": weaknesses.strip()})
        # Half up, as the explanation shows the numbers (rules.fmt): 81,25 → 81,3.
        merit = _rounded(agg.total, "0.1")
        readiness = _rounded(agg.readiness, "0.01")
        record = Decision.objects.create(
            entry=entry,
            version=entry.version,
            category=decision.category,
            evidence_level=entry.practice.evidence_level,
            merit=merit,
            readiness=readiness,
            flags=list(decision.flags),
            explanation=explanation,
            strengths=strengths.strip(),
            weaknesses=weaknesses.strip(),
            comment=comment.strip(),
            decided_by=by,
        )
        try:
            practice_actions.practice_record_decision(
                practice=entry.practice,
                category=decision.category,
                merit_score=merit,
                readiness_score=readiness,
                explanation=explanation,
                by=by,
                comment=comment.strip() or f"Решение по итогам отбора «{entry.call.title}»: {decision.category_label}",
                version=entry.version,
                source_label=f"Отбор «{entry.call.title}»",
            )
        except PracticeError as exc:
            raise ExpertiseError(str(exc)) from exc
        CallEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.DECIDED)
        entry.status = given.status = EntryStatus.DECIDED
        change_record(
            obj=entry, actor=by, action="update", changes={"status": [EntryStatus.REVIEW, EntryStatus.DECIDED]}
        )
    return record


def _rounded(value: float | None, step: str) -> decimal.Decimal | None:
    if value is None:
        return None
    return decimal.Decimal(str(value)).quantize(decimal.Decimal(step), rounding=decimal.ROUND_HALF_UP)


def entry_publish(*, entry: CallEntry, by: Any) -> Practice:
    """Publish the decided practice in the federal catalog (practices.actions.practice_publish)."""
    _require_manager(entry.call, by)
    entry = CallEntry.objects.select_related("practice").get(pk=entry.pk)
    if entry.status != EntryStatus.DECIDED:
        raise ExpertiseError("Опубликовать можно практику, по которой принято решение.")
    try:
        return practice_actions.practice_publish(practice=entry.practice, by=by)
    except PracticeError as exc:
        raise ExpertiseError(str(exc)) from exc
