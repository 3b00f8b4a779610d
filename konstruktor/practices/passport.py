"""Writes of the passport itself: create, edit (with its lists) and the evidence levels.

`practices.actions` re-exports these; callers use `actions.practice_create`, `actions.PassportData`.
"""

import datetime
import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record, diff, snapshot
from konstruktor.organizations.models import ActivityArea, Organization, TargetGroup
from konstruktor.practices import evidence
from konstruktor.practices.errors import AccessDenied, PracticeError
from konstruktor.practices.indexing import practice_reindex
from konstruktor.practices.models import (
    Component,
    Effect,
    Evaluation,
    EvaluationDesign,
    EvaluationQuality,
    EvaluationResult,
    LaunchStep,
    Material,
    Outcome,
    Practice,
    Source,
    Status,
)
from konstruktor.practices.queries import practice_can_edit
from konstruktor.territories.models import Municipality, Region

STATUS_LABELS = dict(Status.choices)

MATERIAL_EXTENSIONS = frozenset({"pdf", "docx", "xlsx", "pptx", "odt", "png", "jpg", "jpeg", "gif", "webp"})
MATERIAL_MAX_BYTES = 20 * 1024 * 1024

PASSPORT_FIELDS = (
    "title",
    "summary",
    "organization",
    "organization_name",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_public",
    "region",
    "social_problem",
    "target_group_criteria",
    "logic_model",
    "resources",
    "cost_per_beneficiary",
    "beneficiaries_per_year",
    "started_year",
    "prior_transfers",
    "grant_amount",
)


@dataclass
class PassportData:
    """The passport as a form or a seed gives it. Child lists replace the stored rows (a row with
    an "id" updates that row); `None` leaves them as they are. Evaluation "effects" map the
    position of an outcome in `outcomes` (or among the stored outcomes) to (effect, months)."""

    title: str
    region: Region
    organization: Organization | None = None
    organization_name: str = ""
    summary: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_public: bool = False
    social_problem: str = ""
    target_group_criteria: str = ""
    logic_model: str = ""
    resources: str = ""
    cost_per_beneficiary: decimal.Decimal | None = None
    beneficiaries_per_year: int | None = None
    started_year: int | None = None
    prior_transfers: str = ""
    grant_amount: decimal.Decimal | None = None
    target_groups: Sequence[TargetGroup] = ()
    areas: Sequence[ActivityArea] = ()
    regions: Sequence[Region] = ()
    municipalities: Sequence[Municipality] = ()
    outcomes: list[dict[str, Any]] | None = None
    components: list[dict[str, Any]] | None = None
    launch_steps: list[dict[str, Any]] | None = None
    materials: list[dict[str, Any]] | None = None
    evaluations: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- checks


def material_file_check(file: Any) -> None:
    """Raise PracticeError unless the upload is an allowed document or image of at most 20 МБ."""
    name = getattr(file, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in MATERIAL_EXTENSIONS:
        raise PracticeError(
            f"Файл «{name}» не принят: допустимы PDF, DOCX, XLSX, PPTX, ODT и изображения (PNG, JPG, GIF, WEBP)."
        )
    if (getattr(file, "size", 0) or 0) > MATERIAL_MAX_BYTES:
        raise PracticeError(f"Файл «{name}» больше 20 МБ.")


def edit_require(practice: Practice, by: Any) -> None:
    if by is not None and not practice_can_edit(practice=practice, user=by):
        raise AccessDenied(
            f"Паспорт в статусе «{STATUS_LABELS[practice.status]}» нельзя изменить: "
            "редактируют представители организации (в черновике и на доработке) и сотрудники РЦ региона."
        )


FIRST_YEAR = 1900


def _check_passport(data: PassportData) -> None:
    if not data.title.strip():
        raise PracticeError("Укажите название практики.")
    if data.cost_per_beneficiary is not None and data.cost_per_beneficiary < 0:
        raise PracticeError("Затраты на одного благополучателя не могут быть отрицательными.")
    if data.grant_amount is not None and data.grant_amount < 0:
        raise PracticeError("Сумма поддержки не может быть отрицательной.")
    this_year = timezone.localdate().year
    if data.started_year is not None and not FIRST_YEAR <= data.started_year <= this_year:
        raise PracticeError(f"Год начала практики — от {FIRST_YEAR} до {this_year}.")
    if data.organization is not None and data.organization.region_id != data.region.pk:
        raise PracticeError("Регион практики должен совпадать с регионом ведущей организации.")
    for m in data.municipalities:
        if m.region_id not in {data.region.pk, *(r.pk for r in data.regions)}:
            raise PracticeError(f"Муниципалитет «{m.name}» не относится к регионам, где работает практика.")
    for row in data.materials or ():
        if row.get("file"):
            material_file_check(row["file"])
    for row in data.evaluations or ():
        evaluation_check(row.get("design", ""), row.get("quality", ""))
        period_check(row.get("title", ""), row.get("period_start"), row.get("period_end"))
        for effect, months in (row.get("effects") or {}).values():
            effect_check(effect, months)


def evaluation_check(design: str, quality: str) -> None:
    if design not in EvaluationDesign.values:
        raise PracticeError("Укажите дизайн оценки из списка.")
    if quality not in EvaluationQuality.values:
        raise PracticeError("Укажите качество исполнения оценки из списка.")


def period_check(title: str, start: datetime.date | None, end: datetime.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise PracticeError(f"Оценка «{title}»: конец периода раньше начала.")


def effect_check(effect: str, months: int) -> None:
    if effect not in Effect.values:
        raise PracticeError("Укажите эффект из списка: положительный, нет эффекта, вред или неясно.")
    if months < 0:
        raise PracticeError("Срок сохранения эффекта не может быть отрицательным.")


# ---------------------------------------------------------------- passport


def _sync(model: type[Model], practice: Practice, rows: list[dict[str, Any]], fields: Sequence[str]) -> list[Any]:
    """Replace the practice's rows of `model` by `rows` (keeping ids); returns them in row order."""
    existing = {obj.pk: obj for obj in model._default_manager.filter(practice=practice)}  # type: ignore[attr-defined]
    kept: list[Any] = []
    for order, row in enumerate(rows):
        obj = existing.pop(row["id"], None) if row.get("id") else None
        obj = obj or model(practice=practice)  # type: ignore[call-arg]
        for name in fields:
            if name in row and not (name == "file" and not row[name]):
                setattr(obj, name, row[name])
        if "order" in {f.name for f in model._meta.get_fields()}:
            obj.order = order  # type: ignore[attr-defined]
        obj.full_clean(exclude=["practice", "file"])
        obj.save()
        kept.append(obj)
    for obj in existing.values():
        obj.delete()
    return kept


OUTCOME_FIELDS = ("name", "indicator", "unit", "baseline", "target", "is_priority")
COMPONENT_FIELDS = ("title", "description", "is_core")
STEP_FIELDS = ("title", "description", "duration_days", "responsible")
MATERIAL_FIELDS = ("kind", "title", "file", "url", "description")
EVALUATION_FIELDS = (
    "title",
    "design",
    "quality",
    "sample",
    "period_start",
    "period_end",
    "results",
    "has_comparison",
    "region",
    "independent_replication",
    "source_label",
)


def _apply(practice: Practice, data: PassportData) -> None:
    for name in PASSPORT_FIELDS:
        setattr(practice, name, getattr(data, name))
    if practice.organization_id and not practice.organization_name:
        practice.organization_name = ""
    practice.save()
    practice.target_groups.set(data.target_groups)
    practice.areas.set(data.areas)
    practice.regions.set(data.regions)
    practice.municipalities.set(data.municipalities)
    outcomes = (
        _sync(Outcome, practice, data.outcomes, OUTCOME_FIELDS)
        if data.outcomes is not None
        else list(practice.outcomes.all())
    )
    if data.components is not None:
        _sync(Component, practice, data.components, COMPONENT_FIELDS)
    if data.launch_steps is not None:
        _sync(LaunchStep, practice, data.launch_steps, STEP_FIELDS)
    if data.materials is not None:
        _sync(Material, practice, data.materials, MATERIAL_FIELDS)
    if data.evaluations is not None:
        evaluations = _sync(Evaluation, practice, data.evaluations, EVALUATION_FIELDS)
        for evaluation, row in zip(evaluations, data.evaluations, strict=True):
            if "effects" in row:
                _effects_set(evaluation, outcomes, row["effects"] or {})


def _effects_set(evaluation: Evaluation, outcomes: Sequence[Outcome], effects: Mapping[int, Sequence[Any]]) -> None:
    EvaluationResult.objects.filter(evaluation=evaluation).delete()
    rows = []
    for index, (effect, months) in effects.items():
        if not 0 <= int(index) < len(outcomes):
            raise PracticeError("Эффект указан для результата, которого нет в паспорте.")
        rows.append(
            EvaluationResult(
                evaluation=evaluation, outcome=outcomes[int(index)], effect=effect, sustained_months=int(months or 0)
            )
        )
    EvaluationResult.objects.bulk_create(rows)


def practice_create(
    *, by: Any, passport: PassportData, source: str | None = None, source_key: str = "", is_demo: bool = False
) -> Practice:
    """A new draft. NGO members create for their own organization, РЦ staff for their region.

    `source_key` identifies an imported or seeded passport so that a re-run updates it."""
    _check_passport(passport)
    if by is not None:
        scope = scope_for(by)
        staff = scope.is_rc_staff and scope.can_edit_region(passport.region.pk)
        own = passport.organization is not None and passport.organization.pk in scope.edit_organization_ids
        if not (staff or own):
            raise AccessDenied(
                "Внести практику может сотрудник РЦ своего региона или представитель ведущей организации."
            )
        source = source or (Source.ENTERED if staff else Source.SUBMITTED)
    with transaction.atomic():
        practice = Practice(
            created_by=by if by is not None and by.is_authenticated else None,
            source=source or Source.ENTERED,
            source_key=source_key,
            is_demo=is_demo,
        )
        _apply(practice, passport)
        practice_evidence_refresh(practice=practice)
        change_record(obj=practice, actor=by, action="create", changes={"status": [None, practice.status]})
    return practice


def practice_update(*, practice: Practice, by: Any, passport: PassportData) -> Practice:
    edit_require(practice, by)
    _check_passport(passport)
    with transaction.atomic():
        before = snapshot(practice, PASSPORT_FIELDS)
        _apply(practice, passport)
        practice_evidence_refresh(practice=practice)
        changes = diff(before, snapshot(practice, PASSPORT_FIELDS))
        change_record(obj=practice, actor=by, action="update", changes=changes)
    return practice


# ---------------------------------------------------------------- evidence


def practice_evidence_refresh(*, practice: Practice) -> Practice:
    """Recompute the level of every outcome and the headline; reindex the practice."""
    findings = evidence.practice_findings(practice)
    has_logic_model = bool(practice.logic_model.strip())
    outcomes = list(practice.outcomes.all())
    rated = []
    for outcome in outcomes:
        result = evidence.outcome_evidence(findings.get(outcome.pk, []), has_logic_model=has_logic_model)
        outcome.evidence_level, outcome.evidence_flag, outcome.evidence_reasons = (
            result.level,
            result.flag,
            result.reasons,
        )
        rated.append((outcome.name, outcome.is_priority, result))
    Outcome.objects.bulk_update(outcomes, ["evidence_level", "evidence_flag", "evidence_reasons"])
    headline = evidence.practice_headline(rated)
    if (practice.evidence_level, practice.evidence_flag) != (headline.level, headline.flag):
        practice.evidence_level, practice.evidence_flag = headline.level, headline.flag
        Practice.objects.filter(pk=practice.pk).update(evidence_level=headline.level, evidence_flag=headline.flag)
    practice_reindex(practice)
    return practice
