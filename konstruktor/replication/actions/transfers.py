"""Transfers: the plan, stages, fidelity checks, adaptations, outcomes and the result."""

import datetime
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record
from konstruktor.core.workdays import WorkCalendar
from konstruktor.organizations import actions as org_actions
from konstruktor.organizations.models import Organization, SupportForm, SupportRecord, SupportService
from konstruktor.organizations.queries import resource_centres_for
from konstruktor.practices import actions as practice_actions
from konstruktor.practices.errors import PracticeError
from konstruktor.practices.models import Component, Effect, EvaluationDesign, EvaluationQuality
from konstruktor.replication.errors import AccessDenied, ReplicationError
from konstruktor.replication.models import (
    CHECKED_STAGES,
    STAGE_ORDER,
    Adaptation,
    Fidelity,
    FidelityCheck,
    FidelityItem,
    FidelityMark,
    ReplicationRequest,
    Stage,
    StageChange,
    Transfer,
    TransferOutcome,
    TransferStatus,
    TransferStep,
)
from konstruktor.replication.queries import (
    centre_of_region,
    member_organizations,
    transfer_can_coordinate,
    transfer_list_visible,
)

STAGE_LABELS = dict(Stage.choices)
MENTOR_WORDS = re.compile(r"наставн|лидер|автор|ведущ", re.IGNORECASE)
CENTRE_WORDS = re.compile(r"\bрц\b|ресурсн", re.IGNORECASE)


def _owner(responsible: str, transfer: Transfer) -> Organization:
    """Who owns a plan step, read from the passport's «кто выполняет»: mentor, РЦ or the recipient."""
    if MENTOR_WORDS.search(responsible) and transfer.mentor is not None:
        return transfer.mentor
    if CENTRE_WORDS.search(responsible):
        return transfer.centre
    return transfer.recipient


def transfer_open(*, request: ReplicationRequest, by: Any, start: datetime.date) -> Transfer:
    practice = request.practice
    centre = centre_of_region(region_id=request.region_id, user=by)
    if centre is None:
        raise ReplicationError(f"В регионе «{request.region}» нет ресурсного центра, который вёл бы трансфер.")
    assert request.recipient is not None
    transfer = Transfer.objects.create(
        request=request,
        practice=practice,
        mentor=practice.organization,
        mentor_contact=practice.contact_name,
        recipient=request.recipient,
        region=request.region,
        municipality=request.municipality or request.recipient.municipality_ref,
        settlement=request.settlement or request.recipient.settlement,
        centre=centre,
        started_on=start,
        created_by=by,
    )
    steps = list(practice.launch_steps.all())
    total = sum(s.duration_days for s in steps)
    calendar = WorkCalendar.between(start, start + datetime.timedelta(days=total * 2 + 60))
    begin, plan = start, []
    for order, step in enumerate(steps):
        due = calendar.add(begin, step.duration_days)
        plan.append(
            TransferStep(
                transfer=transfer,
                launch_step=step,
                order=order,
                title=step.title,
                description=step.description,
                responsible=step.responsible,
                owner=_owner(step.responsible, transfer),
                duration_days=step.duration_days,
                starts_on=begin,
                due_on=due,
            )
        )
        begin = due
    TransferStep.objects.bulk_create(plan)
    FidelityItem.objects.bulk_create(
        FidelityItem(transfer=transfer, component=c, title=c.title, description=c.description, order=i)
        for i, c in enumerate(practice.components.filter(is_core=True))
    )
    TransferOutcome.objects.bulk_create(
        TransferOutcome(
            transfer=transfer,
            outcome=o,
            order=i,
            name=o.name,
            indicator=o.indicator,
            unit=o.unit,
            baseline=o.baseline,
            target=o.target,
        )
        for i, o in enumerate(practice.outcomes.all())
    )
    StageChange.objects.create(transfer=transfer, to_stage=transfer.stage, status=transfer.status, by=by)
    change_record(obj=transfer, actor=by, action="create", changes={"stage": [None, transfer.stage]})
    _support(
        transfer=transfer,
        by=by,
        form=SupportForm.CONSULTATION,
        text=f"Трансфер практики «{practice.title}»: заявка принята, согласованы наставник и план запуска",
    )
    return transfer


def _support(
    *, transfer: Transfer, by: Any, text: str, form: str = SupportForm.METHODICAL, mentor_reason: str = ""
) -> SupportRecord | None:
    """A support record from the РЦ the user acts for in the region. When the mentor acts and
    `mentor_reason` is given, the platform records it from the transfer's РЦ; otherwise none."""
    scope = scope_for(by)
    provider = resource_centres_for(user=by).filter(region_id=transfer.region_id).order_by("pk").first()
    if provider is None and scope.is_federal:
        provider = transfer.centre
    if provider is None:
        mentor_id = transfer.mentor_id
        if not (mentor_reason and mentor_id and member_organizations(by).filter(organization_id=mentor_id).exists()):
            return None
        return org_actions.support_record_create_for_platform(
            provider=transfer.centre,
            recipient=transfer.recipient,
            actor=by,
            date=timezone.localdate(),
            form=form,
            service=SupportService.PRACTICE_TRANSFER,
            description=text,
            source=transfer,
            reason=mentor_reason,
        )
    return org_actions.support_record_create(
        by=by,
        provider=provider,
        recipient=transfer.recipient,
        date=timezone.localdate(),
        form=form,
        service=SupportService.PRACTICE_TRANSFER,
        description=text,
        source=transfer,
    )


def _editable(transfer: Transfer, by: Any) -> Transfer:
    """The transfer, locked, if the user may work on it and it is still going on."""
    if not transfer_list_visible(user=by).filter(pk=transfer.pk).exists():
        raise AccessDenied("Работать с трансфером могут РЦ региона получателя, наставник и получатель.")
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status != TransferStatus.ACTIVE:
        raise ReplicationError(f"Трансфер уже {locked.get_status_display().lower()}: изменения не принимаются.")
    return locked


def _coordinated(transfer: Transfer, by: Any) -> Transfer:
    if not transfer_can_coordinate(transfer=transfer, user=by):
        raise AccessDenied("Этапы и итог трансфера отмечает сотрудник РЦ региона получателя.")
    return _editable(transfer, by)


def _checked_at(transfer: Transfer, stage: str) -> bool:
    return not transfer.fidelity_items.exists() or transfer.fidelity_checks.filter(stage=stage).exists()


def transfer_stage_advance(*, transfer: Transfer, by: Any, comment: str = "") -> Transfer:
    """Pass the current stage. From «Адаптация» on, a stage needs a fidelity check before it is passed."""
    with transaction.atomic():
        locked = _coordinated(transfer, by)
        current = locked.stage
        if current == STAGE_ORDER[-1]:
            raise ReplicationError("«Оценка» — последний этап: завершите трансфер и внесите итог.")
        if current in CHECKED_STAGES and not _checked_at(locked, current):
            raise ReplicationError(
                f"Перед переходом дальше проверьте соответствие модели на этапе «{STAGE_LABELS[current]}»."
            )
        locked.stage = STAGE_ORDER[STAGE_ORDER.index(current) + 1]
        locked.save(update_fields=["stage", "updated_at"])
        StageChange.objects.create(
            transfer=locked,
            from_stage=current,
            to_stage=locked.stage,
            status=locked.status,
            comment=comment.strip(),
            by=by,
        )
        change_record(obj=locked, actor=by, action="update", changes={"stage": [current, locked.stage]}, note=comment)
        _support(
            transfer=locked,
            by=by,
            text=f"Трансфер практики «{locked.practice.title}»: пройден этап «{STAGE_LABELS[current]}»",
        )
    transfer.stage = locked.stage
    return locked


def fidelity_index(statuses: Sequence[str]) -> Decimal:
    """The share of core components implemented as specified, in per cent (one decimal)."""
    if not statuses:
        return Decimal("0.0")
    share = Decimal(sum(1 for s in statuses if s == Fidelity.AS_SPECIFIED) * 100) / Decimal(len(statuses))
    return share.quantize(Decimal("0.1"))


def fidelity_check_record(
    *,
    transfer: Transfer,
    by: Any,
    marks: Mapping[int, tuple[str, str]],
    comment: str = "",
    checked_on: datetime.date | None = None,
) -> FidelityCheck:
    """A checkpoint at the current stage: every core component marked (item id → (status, comment))."""
    with transaction.atomic():
        locked = _editable(transfer, by)
        items = list(locked.fidelity_items.all())
        if not items:
            raise ReplicationError("У практики нет ключевых компонентов: чек-лист соответствия пуст.")
        missing = [i.title for i in items if i.pk not in marks]
        if missing:
            raise ReplicationError("Отметьте каждый ключевой компонент: " + ", ".join(f"«{t}»" for t in missing) + ".")
        unknown = set(marks) - {i.pk for i in items}
        if unknown:
            raise ReplicationError("В проверке есть пункт, которого нет в чек-листе этого трансфера.")
        for status, _ in marks.values():
            if status not in Fidelity.values:
                raise ReplicationError("Отметка пункта: как в модели, с изменениями или не реализован.")
        statuses = [marks[i.pk][0] for i in items]
        check = FidelityCheck.objects.create(
            transfer=locked,
            stage=locked.stage,
            checked_on=checked_on or timezone.localdate(),
            index=fidelity_index(statuses),
            comment=comment.strip(),
            by=by,
        )
        FidelityMark.objects.bulk_create(
            FidelityMark(fidelity_check=check, item=i, status=marks[i.pk][0], comment=marks[i.pk][1].strip()[:500])
            for i in items
        )
        Transfer.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
        _support(
            transfer=locked,
            by=by,
            form=SupportForm.CONSULTATION,
            text=(
                f"Трансфер практики «{locked.practice.title}»: проверка соответствия модели на этапе "
                f"«{STAGE_LABELS[locked.stage]}», индекс {check.index} %"
            ),
            mentor_reason="проверку соответствия модели провёл наставник",
        )
    return check


def adaptation_record(
    *,
    transfer: Transfer,
    by: Any,
    what_changed: str,
    reason: str,
    component: Component | None = None,
    justification: str = "",
) -> Adaptation:
    """Log an adaptation; changing a core component needs a justification and is flagged."""
    if not what_changed.strip() or not reason.strip():
        raise ReplicationError("Опишите, что изменено и почему.")
    with transaction.atomic():
        locked = _editable(transfer, by)
        if component is not None and component.practice_id != locked.practice_id:
            raise ReplicationError("Компонент относится к другой практике.")
        changes_core = component is not None and component.is_core
        if changes_core and not justification.strip():
            raise ReplicationError(
                f"«{component}» — ключевой компонент модели: обоснуйте его изменение "
                "(без него результат практики может не повториться)."
            )
        adaptation = Adaptation.objects.create(
            transfer=locked,
            stage=locked.stage,
            component=component,
            component_title=component.title if component is not None else "",
            changes_core=changes_core,
            what_changed=what_changed.strip(),
            reason=reason.strip(),
            justification=justification.strip() if changes_core else "",
            by=by,
        )
        Transfer.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return adaptation


def transfer_step_mark(*, transfer: Transfer, step: TransferStep, by: Any, done: bool) -> TransferStep:
    with transaction.atomic():
        locked = _editable(transfer, by)
        if step.transfer_id != locked.pk:
            raise ReplicationError("Шаг относится к другому трансферу.")
        step.done_on = timezone.localdate() if done else None
        step.save(update_fields=["done_on"])
    return step


OUTCOME_VALUES = ("actual", "comparison", "effect", "sustained_months")


def transfer_outcomes_update(
    *, transfer: Transfer, by: Any, values: Mapping[int, Mapping[str, Any]]
) -> list[TransferOutcome]:
    """Record the measured values: outcome id → {actual, comparison, effect, sustained_months}."""
    with transaction.atomic():
        locked = _editable(transfer, by)
        outcomes = {o.pk: o for o in locked.outcomes.all()}
        if set(values) - set(outcomes):
            raise ReplicationError("Показатель относится к другому трансферу.")
        for pk, row in values.items():
            outcome = outcomes[pk]
            effect = row.get("effect", outcome.effect) or ""
            if effect and effect not in Effect.values:
                raise ReplicationError("Эффект: положительный, нет эффекта, вред или неясно.")
            months = int(row.get("sustained_months", outcome.sustained_months) or 0)
            if months < 0:
                raise ReplicationError("Срок сохранения эффекта не может быть отрицательным.")
            outcome.actual = str(row.get("actual", outcome.actual)).strip()[:100]
            outcome.comparison = str(row.get("comparison", outcome.comparison)).strip()[:100]
            outcome.effect, outcome.sustained_months = effect, months
        TransferOutcome.objects.bulk_update(list(outcomes.values()), list(OUTCOME_VALUES))
        Transfer.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return list(outcomes.values())


def transfer_complete(
    *,
    transfer: Transfer,
    by: Any,
    summary: str,
    has_comparison: bool,
    quality: str = EvaluationQuality.LOW,
    sample: str = "",
) -> Transfer:
    """Complete the transfer at «Оценка». With comparison data the result is recorded in the
    practice's evidence as an independent replication in the recipient's region."""
    if not summary.strip():
        raise ReplicationError("Опишите итог трансфера.")
    if quality not in EvaluationQuality.values:
        raise ReplicationError("Укажите качество исполнения оценки из списка.")
    with transaction.atomic():
        locked = _coordinated(transfer, by)
        if locked.stage != Stage.EVALUATION:
            raise ReplicationError("Завершить трансфер можно на этапе «Оценка»; прекратить — на любом этапе.")
        if not _checked_at(locked, Stage.EVALUATION):
            raise ReplicationError("Перед завершением проверьте соответствие модели на этапе «Оценка».")
        effects = {
            o.outcome_id: (o.effect, o.sustained_months)
            for o in locked.outcomes.all()
            if o.outcome_id is not None and o.effect
        }
        if has_comparison and not effects:
            raise ReplicationError(
                "Данные сравнения учитываются по показателям: укажите эффект хотя бы по одному показателю."
            )
        today = timezone.localdate()
        if has_comparison:
            try:
                locked.evaluation = practice_actions.evaluation_record(
                    practice=locked.practice,
                    by=by,
                    title=f"Тиражирование: {locked.recipient} ({locked.region})"[:300],
                    design=EvaluationDesign.QED,
                    quality=quality,
                    results=_results_text(locked, summary),
                    has_comparison=True,
                    region=locked.region,
                    independent_replication=True,
                    source_label=f"Трансфер №{locked.pk} на платформе «Конструктор»",
                    period_start=locked.started_on,
                    period_end=today,
                    effects=effects,
                    sample=sample.strip()[:300],
                )
            except PracticeError as exc:
                raise ReplicationError(str(exc)) from exc
        locked.status, locked.finished_on = TransferStatus.COMPLETED, today
        locked.result_summary, locked.has_comparison = summary.strip(), has_comparison
        locked.save(
            update_fields=["status", "finished_on", "result_summary", "has_comparison", "evaluation", "updated_at"]
        )
        StageChange.objects.create(
            transfer=locked, from_stage=locked.stage, status=locked.status, comment=summary.strip(), by=by
        )
        change_record(obj=locked, actor=by, action="update", changes={"status": [TransferStatus.ACTIVE, locked.status]})
        _support(
            transfer=locked,
            by=by,
            text=f"Трансфер практики «{locked.practice.title}» завершён"
            + (": результат учтён в доказанности практики" if has_comparison else ""),
        )
    return locked


def _results_text(transfer: Transfer, summary: str) -> str:
    lines = [summary.strip(), ""]
    for o in transfer.outcomes.all():
        parts = [f"было {o.baseline}" if o.baseline else "", f"цель {o.target}" if o.target else ""]
        parts += [
            f"достигнуто {o.actual}" if o.actual else "",
            f"в группе сравнения {o.comparison}" if o.comparison else "",
        ]
        values = ", ".join(p for p in parts if p)
        lines.append(f"{o.name}{f' ({o.unit})' if o.unit else ''}: {values or 'нет данных'}")
    return "\n".join(lines).strip()


def transfer_stop(*, transfer: Transfer, by: Any, summary: str) -> Transfer:
    """Stop the transfer at any stage, with the reasons."""
    if not summary.strip():
        raise ReplicationError("Напишите, почему трансфер прекращён.")
    with transaction.atomic():
        locked = _coordinated(transfer, by)
        locked.status, locked.finished_on = TransferStatus.STOPPED, timezone.localdate()
        locked.result_summary = summary.strip()
        locked.save(update_fields=["status", "finished_on", "result_summary", "updated_at"])
        StageChange.objects.create(
            transfer=locked, from_stage=locked.stage, status=locked.status, comment=summary.strip(), by=by
        )
        change_record(obj=locked, actor=by, action="update", changes={"status": [TransferStatus.ACTIVE, locked.status]})
        _support(transfer=locked, by=by, text=f"Трансфер практики «{locked.practice.title}» прекращён")
    return locked
