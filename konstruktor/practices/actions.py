"""Every change of a practice passport: create, edit, workflow, screening, evidence, versions.

`expertise` and `replication` write back only through the functions of the contract in
docs/decisions/0002-practices-three-apps.md: `practice_status_change`, `practice_record_decision`,
`practice_publish`, `practice_withdraw`, `evaluation_record`, `practice_version_create`.
Functions that take `by` check the user's rights when `by` is a user; `by=None` means the
platform itself (management commands, demo seeds) and is never passed by a view.
"""

import datetime
import decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from konstruktor.core.audit import change_record
from konstruktor.practices.errors import AccessDenied, PracticeError, TransitionNotAllowed
from konstruktor.practices.indexing import practice_reindex
from konstruktor.practices.models import (
    DecisionCategory,
    Evaluation,
    EvaluationResult,
    Practice,
    PracticeDecision,
    PracticeVersion,
    Screening,
    Status,
    StatusChange,
)
from konstruktor.practices.passport import (
    MATERIAL_EXTENSIONS,
    MATERIAL_MAX_BYTES,
    STATUS_LABELS,
    PassportData,
    edit_require,
    effect_check,
    evaluation_check,
    material_file_check,
    period_check,
    practice_create,
    practice_evidence_refresh,
    practice_update,
)
from konstruktor.practices.queries import PUBLISHABLE_DECISIONS, RERATABLE, practice_can_moderate, practice_snapshot
from konstruktor.practices.screening import GATE_CODES, GATE_NAMES
from konstruktor.territories.models import Region

__all__ = [
    "GATE_CODES",
    "MATERIAL_EXTENSIONS",
    "MATERIAL_MAX_BYTES",
    "TRANSITIONS",
    "PassportData",
    "evaluation_record",
    "material_file_check",
    "practice_create",
    "practice_evidence_refresh",
    "practice_publish",
    "practice_record_decision",
    "practice_rerate",
    "practice_return",
    "practice_screen",
    "practice_status_change",
    "practice_submit",
    "practice_update",
    "practice_version_create",
    "practice_withdraw",
]


# from → allowed to; the one table of the workflow (черновик → на модерации → на экспертизе →
# решение → опубликована / на доработке). A decided, published or withdrawn practice goes back
# «на экспертизу» on new evidence (re-rating, ANCHORS §5.5 step 10: practice_rerate).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.MODERATION}),
    Status.MODERATION: frozenset({Status.REVIEW, Status.REWORK}),
    Status.REWORK: frozenset({Status.MODERATION}),
    Status.REVIEW: frozenset({Status.DECIDED, Status.REWORK}),
    Status.DECIDED: frozenset({Status.PUBLISHED, Status.REWORK, Status.REVIEW}),
    Status.PUBLISHED: frozenset({Status.WITHDRAWN, Status.REVIEW}),
    Status.WITHDRAWN: frozenset({Status.PUBLISHED, Status.REVIEW, Status.REWORK}),
}


def _require_moderator(practice: Practice, by: Any) -> None:
    if by is not None and not practice_can_moderate(practice=practice, user=by):
        raise AccessDenied("Это действие доступно сотрудникам ресурсного центра региона практики.")


def evaluation_record(
    *,
    practice: Practice,
    by: Any,
    title: str,
    design: str,
    quality: str,
    results: str = "",
    has_comparison: bool = False,
    region: Region | None = None,
    independent_replication: bool = False,
    source_label: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    effects: dict[int, tuple[str, int]],
    sample: str = "",
) -> Evaluation:
    """Add an evaluation (`effects`: outcome id → (effect, sustained months)) and re-rate the practice.

    The caller checks the user's rights (the passport form, a transfer's mentor in `replication`)."""
    evaluation_check(design, quality)
    if not title.strip():
        raise PracticeError("Укажите название оценки.")
    period_check(title, period_start, period_end)
    outcome_ids = set(practice.outcomes.values_list("pk", flat=True))
    for outcome_id, (effect, months) in effects.items():
        if outcome_id not in outcome_ids:
            raise PracticeError("Эффект указан для результата другой практики.")
        effect_check(effect, months)
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            practice=practice,
            title=title.strip(),
            design=design,
            quality=quality,
            sample=sample,
            results=results,
            has_comparison=has_comparison,
            region=region,
            independent_replication=independent_replication,
            source_label=source_label,
            period_start=period_start,
            period_end=period_end,
        )
        EvaluationResult.objects.bulk_create(
            EvaluationResult(evaluation=evaluation, outcome_id=oid, effect=effect, sustained_months=months)
            for oid, (effect, months) in effects.items()
        )
        level_before = practice.evidence_level
        practice_evidence_refresh(practice=practice)
        change_record(
            obj=practice,
            actor=by,
            action="update",
            changes={"evidence_level": [level_before, practice.evidence_level]},
            note=f"Оценка: {evaluation.title}",
        )
    return evaluation


# ---------------------------------------------------------------- workflow


def practice_version_create(*, practice: Practice, by: Any, comment: str = "") -> PracticeVersion:
    """Freeze the passport as the next version; screenings, reviews and decisions refer to it."""
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        number = locked.version_number + 1
        version = PracticeVersion.objects.create(
            practice=locked,
            number=number,
            data=practice_snapshot(locked),
            comment=comment[:500],
            created_by=by if by is not None and by.is_authenticated else None,
        )
        Practice.objects.filter(pk=practice.pk).update(version_number=number)
        practice.version_number = number
    return version


def practice_status_change(*, practice: Practice, to_status: str, by: Any, comment: str = "") -> Practice:
    """The one place that changes `Practice.status`: checks TRANSITIONS, logs, reindexes."""
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        from_status = locked.status
        if to_status not in TRANSITIONS.get(from_status, frozenset()):
            raise TransitionNotAllowed(
                f"Нельзя перевести практику из статуса «{STATUS_LABELS[from_status]}» "
                f"в статус «{STATUS_LABELS.get(to_status, to_status)}»."
            )
        # A published practice sent to re-rating stays in the catalog until the new decision.
        listed = from_status == Status.PUBLISHED and to_status == Status.REVIEW
        updates: dict[str, Any] = {"status": to_status, "listed_during_review": listed}
        if to_status == Status.PUBLISHED:
            updates["published_at"] = timezone.now()
        Practice.objects.filter(pk=locked.pk).update(**updates, updated_at=timezone.now())
        for name, value in updates.items():
            setattr(practice, name, value)
        StatusChange.objects.create(
            practice=locked,
            from_status=from_status,
            to_status=to_status,
            version_number=locked.version_number,
            comment=comment,
            by=by if by is not None and by.is_authenticated else None,
        )
        change_record(
            obj=practice, actor=by, action="update", changes={"status": [from_status, to_status]}, note=comment
        )
        practice_reindex(practice)
    return practice


def practice_submit(*, practice: Practice, by: Any, comment: str = "") -> Practice:
    """«Отправить на модерацию»: freezes a version and moves the draft (or reworked) passport on."""
    edit_require(practice, by)
    missing = []
    if not practice.social_problem.strip():
        missing.append("социальная проблема")
    if not practice.outcomes.exists():
        missing.append("хотя бы один ожидаемый результат")
    if missing:
        raise PracticeError("Перед отправкой на модерацию заполните: " + ", ".join(missing) + ".")
    with transaction.atomic():
        practice_version_create(practice=practice, by=by, comment=comment or "Отправлена на модерацию")
        return practice_status_change(practice=practice, to_status=Status.MODERATION, by=by, comment=comment)


def practice_return(*, practice: Practice, by: Any, comment: str) -> Practice:
    """Staff send the passport back for work with a comment (from moderation, review or decision)."""
    _require_moderator(practice, by)
    if not comment.strip():
        raise PracticeError("Напишите, что нужно доработать: комментарий увидит организация.")
    return practice_status_change(practice=practice, to_status=Status.REWORK, by=by, comment=comment.strip())


def practice_screen(*, practice: Practice, by: Any, gates: dict[str, tuple[bool, str]]) -> Screening:
    """Check the screening gates: all passed → «На экспертизе», any failed → «На доработке» with reasons."""
    _require_moderator(practice, by)
    if practice.status != Status.MODERATION:
        raise TransitionNotAllowed("Первичный отбор проходят практики в статусе «На модерации».")
    missing = [GATE_NAMES[c] for c in GATE_CODES if c not in gates]
    if missing:
        raise PracticeError("Отметьте все фильтры первичного отбора: " + ", ".join(missing) + ".")
    unknown = set(gates) - set(GATE_CODES)
    if unknown:
        raise PracticeError("Неизвестный фильтр первичного отбора: " + ", ".join(sorted(unknown)) + ".")
    failed = [(c, gates[c][1].strip()) for c in GATE_CODES if not gates[c][0]]
    for code, reason in failed:
        if not reason:
            raise PracticeError(f"Укажите причину, по которой не пройден фильтр «{GATE_NAMES[code]}».")
    with transaction.atomic():
        version = practice.versions.order_by("-number").first() or practice_version_create(
            practice=practice, by=by, comment="Первичный отбор"
        )
        screening = Screening.objects.create(
            practice=practice,
            version=version,
            gates={c: {"passed": bool(gates[c][0]), "comment": gates[c][1].strip()} for c in GATE_CODES},
            passed=not failed,
            by=by if by is not None and by.is_authenticated else None,
        )
        if failed:
            comment = "Не пройден первичный отбор. " + " ".join(
                f"{GATE_NAMES[code]}: {reason}" for code, reason in failed
            )
            practice_status_change(practice=practice, to_status=Status.REWORK, by=by, comment=comment)
        else:
            practice_status_change(
                practice=practice, to_status=Status.REVIEW, by=by, comment="Первичный отбор пройден по всем фильтрам."
            )
    return screening


def practice_record_decision(
    *,
    practice: Practice,
    category: str,
    merit_score: decimal.Decimal | float | None,
    readiness_score: decimal.Decimal | float | None,
    explanation: list[dict[str, str]],
    by: Any,
    comment: str = "",
    version: PracticeVersion | None = None,
    source_label: str = "",
) -> Practice:
    """Store the decision of a call on a version (the latest one by default), add it to the
    practice's history of decisions and move the practice to «Решение принято».

    A practice re-rated while in the catalog (`listed_during_review`) is published again at once
    with a publishable decision and leaves the catalog with any other. A re-rating of a decided
    or published practice in place (a second call) updates the decision; a published practice
    that is no longer recommended or promising is withdrawn from the catalog."""
    if category not in DecisionCategory.values:
        raise PracticeError("Неизвестная категория решения.")
    if practice.status not in (Status.REVIEW, Status.DECIDED, Status.PUBLISHED):
        raise TransitionNotAllowed(
            f"Решение принимается по практике на экспертизе, а она в статусе «{STATUS_LABELS[practice.status]}»."
        )
    if version is not None and version.practice_id != practice.pk:
        raise PracticeError("Решение относится к версии паспорта другой практики.")
    labels = dict(DecisionCategory.choices)
    publishable = category in PUBLISHABLE_DECISIONS
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        was_listed = locked.status == Status.REVIEW and locked.listed_during_review
        before = locked.decision_category
        now = timezone.now()
        merit, readiness = _decimal(merit_score, "0.1"), _decimal(readiness_score, "0.01")
        Practice.objects.filter(pk=practice.pk).update(
            decision_category=category,
            merit_score=merit,
            readiness_score=readiness,
            decision_explanation=explanation,
            decided_at=now,
        )
        version = version or locked.versions.order_by("-number").first()
        PracticeDecision.objects.create(
            practice=locked,
            version=version,
            version_number=version.number if version is not None else locked.version_number,
            category=category,
            merit_score=merit,
            readiness_score=readiness,
            evidence_level=locked.evidence_level,
            evidence_flag=locked.evidence_flag,
            explanation=explanation,
            source_label=source_label[:300],
            comment=comment,
            by=by if by is not None and by.is_authenticated else None,
            decided_at=now,
        )
        practice.refresh_from_db()
        note = comment or f"Решение: {labels[category]}"
        if practice.status == Status.REVIEW and was_listed and not publishable:
            note = f"{note}. Снята с публикации: новое решение — «{labels[category]}»."
        if practice.status == Status.REVIEW:
            practice_status_change(practice=practice, to_status=Status.DECIDED, by=by, comment=note)
            if was_listed and publishable:
                practice_status_change(
                    practice=practice,
                    to_status=Status.PUBLISHED,
                    by=by,
                    comment=f"Повторная экспертиза завершена: в каталоге показано новое решение «{labels[category]}».",
                )
        elif practice.status == Status.PUBLISHED and not publishable:
            practice_status_change(
                practice=practice,
                to_status=Status.WITHDRAWN,
                by=by,
                comment=f"Снята с публикации по новому решению: {labels[category]}. {comment}".strip(),
            )
        else:
            change_record(
                obj=practice, actor=by, action="update", changes={"decision_category": [before, category]}, note=note
            )
            practice_reindex(practice)
    return practice


def _decimal(value: decimal.Decimal | float | None, step: str) -> decimal.Decimal | None:
    if value is None:
        return None
    return decimal.Decimal(str(value)).quantize(decimal.Decimal(step))


def practice_publish(*, practice: Practice, by: Any) -> Practice:
    """Publish in the federal catalog after a decision «рекомендована» or «перспективная»."""
    _require_moderator(practice, by)
    if practice.decision_category not in PUBLISHABLE_DECISIONS:
        raise PracticeError(
            "Публикуются практики с решением «Рекомендована к тиражированию» или «Перспективная»; "
            "у этой практики такого решения нет."
        )
    return practice_status_change(
        practice=practice, to_status=Status.PUBLISHED, by=by, comment="Опубликована в федеральном каталоге."
    )


def practice_withdraw(*, practice: Practice, by: Any, comment: str) -> Practice:
    _require_moderator(practice, by)
    if not comment.strip():
        raise PracticeError("Укажите причину снятия с публикации.")
    return practice_status_change(practice=practice, to_status=Status.WITHDRAWN, by=by, comment=comment.strip())


def practice_rerate(*, practice: Practice, by: Any, comment: str) -> Practice:
    """«Направить на повторную экспертизу» on new evidence (ANCHORS §5.5 step 10): freezes a new
    version and moves a decided, published or withdrawn practice back «на экспертизу». A published
    one stays in the catalog with its last published decision until the new decision; every
    earlier decision stays in the practice's history of decisions."""
    _require_moderator(practice, by)
    if practice.status not in RERATABLE:
        raise TransitionNotAllowed(
            "На повторную экспертизу направляется практика с принятым решением, опубликованная или снятая "
            f"с публикации, а эта — в статусе «{STATUS_LABELS[practice.status]}»."
        )
    if not comment.strip():
        raise PracticeError(
            "Укажите, какие новые данные требуют повторной экспертизы: это увидят эксперты и организация."
        )
    with transaction.atomic():
        practice_version_create(practice=practice, by=by, comment=f"Повторная экспертиза: {comment.strip()}")
        return practice_status_change(
            practice=practice, to_status=Status.REVIEW, by=by, comment=f"Повторная экспертиза: {comment.strip()}"
        )
