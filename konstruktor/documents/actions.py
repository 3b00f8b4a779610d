"""Every change in the documents module: drafts, generation, the form builder, templates, parameters."""

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record
from konstruktor.documents import conditions
from konstruktor.documents.assembly import package_assemble
from konstruktor.documents.checking import template_check, template_names
from konstruktor.documents.errors import AccessDenied, DocumentsError, RenderError
from konstruktor.documents.models import (
    DocumentTemplate,
    GeneratedPackage,
    PackageDefinition,
    PackageDraft,
    ParameterValue,
    Question,
    Step,
    TemplateVersion,
)
from konstruktor.documents.naming import inflect, minjust_office
from konstruktor.documents.parameters import PARAMETERS, parameter_error
from konstruktor.documents.queries import (
    can_edit_packages,
    can_edit_parameters,
    question_keys_used_by_templates,
    questionnaire_for,
    regions_for_variants,
)
from konstruktor.documents.questionnaire import (
    COMPUTED_NAMES,
    KEY_RE,
    Questionnaire,
    QuestionSpec,
    answers_diff,
)
from konstruktor.documents.rendering import PDF_UNAVAILABLE, package_zip, pdf_convert, soffice_path, zip_members
from konstruktor.organizations.actions import support_record_create, support_record_create_for_platform
from konstruktor.organizations.models import Organization, SupportForm, SupportRecord, SupportService
from konstruktor.organizations.queries import organization_list_visible, resource_centre_of_region
from konstruktor.territories.models import Region

# --- drafts ----------------------------------------------------------------------------------------


def _can_edit_draft_of(organization: Organization, user: Any) -> bool:
    return organization_list_visible(user=user, edit=True).filter(pk=organization.pk).exists()


def _item_defaults(group: QuestionSpec) -> dict[str, Any]:
    return {c.key: c.options["default"] for c in group.children if "default" in c.options}


def answers_initial(questionnaire: Questionnaire, organization: Organization) -> dict[str, Any]:
    """Defaults and what the platform already knows about the organization."""
    region = organization.region.name if organization.region_id else ""
    answers: dict[str, Any] = {}
    for question in questionnaire.questions():
        prefill = question.options.get("prefill")
        if "default" in question.options:
            answers[question.key] = question.options["default"]
        if question.kind == "group" and question.min_items:
            answers[question.key] = [_item_defaults(question) for _ in range(question.min_items)]
        if question.kind == "address" and region:
            answers[question.key] = {"region": region}
        if prefill == "owner":
            answers[question.key] = {
                "full_name": organization.full_name,
                "ogrn": organization.ogrn,
                "inn": organization.inn,
                "kpp": organization.kpp,
                "address": organization.address,
                "head_name": organization.contact_person,
                "authority": "устав",
            }
        elif prefill == "minjust_office":
            answers[question.key] = minjust_office(region)
        elif prefill == "region_name":
            answers[question.key] = region
        elif prefill == "region_genitive" and region:
            answers[question.key] = inflect(region, "gent")
    return answers


def draft_create(*, package: PackageDefinition, organization: Organization, by: Any) -> PackageDraft:
    if not package.is_active:
        raise DocumentsError("Пакет отключён редактором.")
    if not _can_edit_draft_of(organization, by):
        raise AccessDenied("Готовить пакеты можно только для своей организации или организаций своего региона.")
    questionnaire = questionnaire_for(package)
    with transaction.atomic():
        draft = PackageDraft.objects.create(
            package=package,
            organization=organization,
            title=f"{package.title} — {organization}"[:500],
            answers=answers_initial(questionnaire, organization),
            created_by=by,
            updated_by=by,
        )
        change_record(obj=draft, actor=by, action="create", note=package.title)
    return draft


def draft_save(
    *, draft: PackageDraft, by: Any, answers: Mapping[str, Any], step_seen: int | None = None
) -> PackageDraft:
    """Autosave: the answers as they are now (checked only when shown or generated)."""
    if not _can_edit_draft_of(draft.organization, by):
        raise AccessDenied("У вас нет прав на изменение этого черновика.")
    with transaction.atomic():
        locked = PackageDraft.objects.select_for_update().get(pk=draft.pk)
        locked.answers = dict(answers)
        if step_seen is not None and step_seen not in locked.steps_seen:
            locked.steps_seen = sorted({*locked.steps_seen, step_seen})
        locked.updated_by = by
        locked.save(update_fields=["answers", "steps_seen", "updated_by", "updated_at"])
    return locked


def draft_delete(*, draft: PackageDraft, by: Any) -> None:
    if not _can_edit_draft_of(draft.organization, by):
        raise AccessDenied("У вас нет прав на удаление этого черновика.")
    files = [name for v in draft.versions.all() for name in (v.file.name, v.pdf_file.name) if name]
    storage = GeneratedPackage._meta.get_field("file").storage

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    with transaction.atomic():
        draft.delete()
        transaction.on_commit(delete_files)


# --- generation ------------------------------------------------------------------------------------

NGO_KINDS = (Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP)


def _provider_for(by: Any, recipient: Organization) -> Organization | None:
    """The РЦ the user acts for, preferably of the recipient's region; None for NGO members."""
    ids = scope_for(by).rc_organization_ids
    if not ids:
        return None
    centres = list(Organization.objects.filter(pk__in=ids, kind=Organization.Kind.RESOURCE_CENTRE))
    return next((c for c in centres if c.region_id == recipient.region_id), centres[0] if centres else None)


def _support_record(*, generated: GeneratedPackage, by: Any, today: datetime.date) -> None:
    """One support record per draft and day: a regeneration on the same day is the same act.

    РЦ staff record it from their РЦ. An NGO member who generates their own organization's
    package used the РЦ's service through the platform: the region's РЦ is the provider, written
    by the platform path; a region without a РЦ gets no record.
    """
    draft = generated.draft
    recipient = draft.organization
    provider = _provider_for(by, recipient)
    by_own_member = provider is None and recipient.kind in NGO_KINDS and recipient.pk in scope_for(by).organization_ids
    if by_own_member:
        provider = resource_centre_of_region(region_id=recipient.region_id)
    if provider is None:
        return
    already = SupportRecord.objects.filter(
        source_type__model="generatedpackage",
        source_id__in=draft.versions.values("pk"),
        date=today,
        recipient=recipient,
    ).exists()
    if already:
        return
    description = f"Сформирован пакет документов «{draft.package.title}» (версия {generated.number})"
    if by_own_member:
        support_record_create_for_platform(
            provider=provider,
            recipient=recipient,
            actor=by,
            date=today,
            form=SupportForm.METHODICAL,
            service=SupportService.DOCUMENTS,
            description=description,
            source=generated,
            reason="пакет сформировал представитель НКО в конструкторе документов",
        )
        return
    support_record_create(
        by=by,
        provider=provider,
        recipient=recipient,
        date=today,
        form=SupportForm.METHODICAL,
        service=SupportService.DOCUMENTS,
        description=description,
        source=generated,
    )


def package_generate(*, draft: PackageDraft, by: Any, today: datetime.date | None = None) -> GeneratedPackage:
    """Check and render the draft into a new version; refuses while blocking problems remain."""
    if not _can_edit_draft_of(draft.organization, by):
        raise AccessDenied("У вас нет прав на формирование этого пакета.")
    today = today or timezone.localdate()
    storage = GeneratedPackage._meta.get_field("file").storage
    saved_name = ""
    try:
        with transaction.atomic():
            locked = PackageDraft.objects.select_for_update().select_related("package", "organization").get(pk=draft.pk)
            previous = locked.versions.order_by("-number").first()
            number = previous.number + 1 if previous else 1
            organization = locked.organization
            assembled = package_assemble(
                package=locked.package,
                answers=locked.answers,
                region_id=organization.region_id,
                region_name=organization.region.name if organization.region_id else "",
                version=number,
                prepared_by=by.display_name() if hasattr(by, "display_name") else str(by),
                today=today,
            )
            questionnaire = assembled.checked.questionnaire
            generated = GeneratedPackage(
                draft=locked,
                number=number,
                answers=assembled.checked.answers,
                problems=[p.as_dict() for p in assembled.checked.problems],
                changes=answers_diff(questionnaire, previous.answers if previous else {}, assembled.checked.answers)
                if previous
                else [],
                documents=[
                    {
                        "title": d.title,
                        "filename": d.filename,
                        "copies": d.copies,
                        "template_version": d.template_version,
                    }
                    for d in assembled.documents
                ],
                size=len(assembled.archive),
                render_ms=assembled.render_ms,
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
            generated.file.save(f"{number}.zip", ContentFile(assembled.archive), save=False)
            saved_name = generated.file.name
            generated.save()
            _support_record(generated=generated, by=by, today=today)
    except Exception:
        if saved_name:
            storage.delete(saved_name)
        raise
    return generated


def generated_pdf_build(*, generated: GeneratedPackage, by: Any) -> GeneratedPackage:
    """PDF copies of the version's documents through LibreOffice, made once and kept."""
    if generated.pdf_file:
        return generated
    if soffice_path() is None:
        raise RenderError(PDF_UNAVAILABLE)
    with generated.file.open("rb") as handle:
        members = zip_members(handle.read())
    docx = {name: data for name, data in members.items() if name.endswith(".docx")}
    pdfs = pdf_convert(docx)
    archive = package_zip([], extra=pdfs)
    with transaction.atomic():
        locked = GeneratedPackage.objects.select_for_update().get(pk=generated.pk)
        if not locked.pdf_file:
            locked.pdf_file.save(f"{locked.number}-pdf.zip", ContentFile(archive), save=False)
            locked.save(update_fields=["pdf_file"])
    return locked


# --- the form builder --------------------------------------------------------------------------------


def _require_editor(by: Any) -> None:
    if not can_edit_packages(by):
        raise AccessDenied("Анкеты и шаблоны федеральных пакетов изменяет федеральный координатор.")


def _bump(package: PackageDefinition) -> None:
    PackageDefinition.objects.filter(pk=package.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
    package.refresh_from_db(fields=["revision", "updated_at"])


def choices_parse(text: str) -> list[list[str]]:
    """«value | label» per line → [[value, label], ...]; a line without «|» is its own label."""
    result: list[list[str]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        value, _, label = line.partition("|")
        value, label = value.strip(), (label or value).strip()
        if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,64}", value):
            raise DocumentsError(
                f"Вариант «{line.strip()}»: код слева от «|» — латиница, цифры, «_», «-» или «.», например "
                "«paper | На бумаге»."
            )
        result.append([value, label])
    if len({v for v, _ in result}) != len(result):
        raise DocumentsError("Коды вариантов повторяются.")
    return result


def choices_text(choices: list[Any]) -> str:
    return "\n".join(f"{c[0]} | {c[1]}" for c in choices if isinstance(c, list | tuple) and len(c) == 2)


PACKAGE_FIELDS = ("title", "description", "kind", "legal_basis", "order", "is_active", "rules", "constants")


def package_create(*, by: Any, slug: str, title: str, kind: str, **fields: Any) -> PackageDefinition:
    _require_editor(by)
    if PackageDefinition.objects.filter(slug=slug).exists():
        raise DocumentsError(f"Пакет с кодом «{slug}» уже есть.")
    package = PackageDefinition(slug=slug, title=title, kind=kind, **fields)
    package.full_clean()
    with transaction.atomic():
        package.save()
        Step.objects.create(package=package, order=10, title="Основные сведения")
        change_record(obj=package, actor=by, action="create", note=title)
    return package


def package_update(*, package: PackageDefinition, by: Any, **fields: Any) -> PackageDefinition:
    _require_editor(by)
    unknown = set(fields) - set(PACKAGE_FIELDS)
    if unknown:
        raise DocumentsError(f"Нельзя изменить поля: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = PackageDefinition.objects.select_for_update().get(pk=package.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.revision += 1
        locked.save()
    return locked


def _next_order(qs: Any) -> int:
    return int((qs.aggregate(m=Max("order"))["m"] or 0) + 10)


def step_create(*, package: PackageDefinition, by: Any, title: str, help_text: str = "", condition: str = "") -> Step:
    _require_editor(by)
    _check_condition(package, condition)
    with transaction.atomic():
        step = Step.objects.create(
            package=package, order=_next_order(package.steps), title=title, help_text=help_text, condition=condition
        )
        _bump(package)
    return step


def step_update(*, step: Step, by: Any, title: str, help_text: str = "", condition: str = "") -> Step:
    _require_editor(by)
    _check_condition(step.package, condition)
    with transaction.atomic():
        step.title, step.help_text, step.condition = title, help_text, condition
        step.full_clean()
        step.save()
        _bump(step.package)
    return step


def step_delete(*, step: Step, by: Any) -> None:
    _require_editor(by)
    used = question_keys_used_by_templates(step.package) & set(step.questions.values_list("key", flat=True))
    if used:
        raise DocumentsError(f"Шаг содержит вопросы, которые используют шаблоны: {', '.join(sorted(used))}.")
    if step.package.steps.count() == 1:
        raise DocumentsError("В анкете должен остаться хотя бы один шаг.")
    with transaction.atomic():
        package = step.package
        step.delete()
        _bump(package)


def _swap(items: list[Any], item: Any, direction: int) -> None:
    index = next(i for i, x in enumerate(items) if x.pk == item.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, obj in enumerate(items, 1):
        if obj.order != position * 10:
            obj.order = position * 10
            obj.save(update_fields=["order"])


def step_move(*, step: Step, by: Any, direction: int) -> None:
    _require_editor(by)
    with transaction.atomic():
        _swap(list(step.package.steps.select_for_update().order_by("order", "id")), step, direction)
        _bump(step.package)


def _known_names(package: PackageDefinition, parent: Question | None = None) -> set[str]:
    names = set(Question.objects.filter(package=package, parent__isnull=True).values_list("key", flat=True))
    names |= {"params"} | set(package.constants or {})
    if parent is not None:
        names |= set(parent.children.values_list("key", flat=True))
    return names


def _check_condition(package: PackageDefinition, condition: str, parent: Question | None = None) -> None:
    message = conditions.check(condition or "", _known_names(package, parent))
    if message:
        raise DocumentsError(message)


QUESTION_FIELDS = (
    "key", "kind", "label", "help_text", "legal_basis", "required", "choices", "condition",
    "min_items", "max_items", "options",
)  # fmt: skip


def _question_validate(question: Question) -> None:
    if not KEY_RE.fullmatch(question.key or ""):
        raise DocumentsError(
            "Переменная — латинские строчные буквы, цифры и «_», начинается с буквы (например, full_name)."
        )
    if question.key in COMPUTED_NAMES and question.parent_id is None:
        raise DocumentsError(f"Имя «{question.key}» занято платформой: выберите другое.")
    if question.kind in ("choice", "multichoice") and not question.choices:
        raise DocumentsError("Укажите варианты ответа.")
    if question.kind not in ("choice", "multichoice"):
        question.choices = []
    if question.parent_id and question.kind == "group":
        raise DocumentsError("Группа не может быть вложена в группу.")
    siblings = Question.objects.filter(package=question.package, parent=question.parent).exclude(pk=question.pk)
    if siblings.filter(key=question.key).exists():
        raise DocumentsError(f"Переменная «{question.key}» уже есть в анкете.")
    if question.min_items and question.max_items and question.min_items > question.max_items:
        raise DocumentsError("Минимум элементов больше максимума.")


def question_create(*, step: Step, by: Any, parent: Question | None = None, **fields: Any) -> Question:
    _require_editor(by)
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise DocumentsError(f"Неизвестные поля вопроса: {', '.join(sorted(unknown))}.")
    if parent is not None and parent.kind != Question.Kind.GROUP:
        raise DocumentsError("Вложенные вопросы бывают только у повторяющейся группы.")
    question = Question(package=step.package, step=step, parent=parent, **fields)
    _question_validate(question)
    _check_condition(step.package, question.condition, parent)
    siblings = parent.children.all() if parent else step.questions.filter(parent__isnull=True)
    question.order = _next_order(siblings)
    with transaction.atomic():
        try:
            question.save()
        except IntegrityError as exc:
            raise DocumentsError(f"Переменная «{question.key}» уже есть в анкете.") from exc
        _bump(step.package)
    return question


def question_update(*, question: Question, by: Any, **fields: Any) -> Question:
    _require_editor(by)
    unknown = set(fields) - set(QUESTION_FIELDS) - {"step"}
    if unknown:
        raise DocumentsError(f"Неизвестные поля вопроса: {', '.join(sorted(unknown))}.")
    old_key = question.key
    renamed = "key" in fields and fields["key"] != old_key and question.parent_id is None
    if renamed and old_key in question_keys_used_by_templates(question.package):
        raise DocumentsError(
            f"Переменную «{old_key}» используют шаблоны: сначала загрузите шаблоны без неё, затем переименуйте."
        )
    for name, value in fields.items():
        setattr(question, name, value)
    _question_validate(question)
    _check_condition(question.package, question.condition, question.parent)
    with transaction.atomic():
        question.save()
        if "step" in fields:
            question.children.update(step=question.step)
        _bump(question.package)
    return question


def question_delete(*, question: Question, by: Any) -> None:
    _require_editor(by)
    if question.parent_id is None and question.key in question_keys_used_by_templates(question.package):
        raise DocumentsError(f"Вопрос «{question.key}» используют шаблоны документов: его нельзя удалить.")
    package = question.package
    with transaction.atomic():
        question.delete()
        _bump(package)


def question_move(*, question: Question, by: Any, direction: int) -> None:
    _require_editor(by)
    if question.parent_id:
        siblings = Question.objects.filter(parent_id=question.parent_id)
    else:
        siblings = Question.objects.filter(step=question.step, parent__isnull=True)
    with transaction.atomic():
        _swap(list(siblings.select_for_update().order_by("order", "id")), question, direction)
        _bump(question.package)


# --- templates ---------------------------------------------------------------------------------------

TEMPLATE_FIELDS = ("title", "filename", "condition", "order", "copies", "note", "is_active")


def document_template_create(*, package: PackageDefinition, by: Any, **fields: Any) -> DocumentTemplate:
    _require_editor(by)
    _check_condition(package, fields.get("condition", ""))
    template = DocumentTemplate(package=package, **fields)
    if not fields.get("order"):
        template.order = _next_order(package.templates)
    template.full_clean()
    with transaction.atomic():
        template.save()
        _bump(package)
    return template


def document_template_update(*, template: DocumentTemplate, by: Any, **fields: Any) -> DocumentTemplate:
    _require_editor(by)
    _check_condition(template.package, fields.get("condition", template.condition))
    for name, value in fields.items():
        if name not in TEMPLATE_FIELDS:
            raise DocumentsError(f"Нельзя изменить поле «{name}».")
        setattr(template, name, value)
    template.full_clean()
    with transaction.atomic():
        template.save()
        _bump(template.package)
    return template


def template_version_upload(
    *,
    template: DocumentTemplate,
    by: Any,
    data: bytes,
    original_name: str = "",
    region: Region | None = None,
    comment: str = "",
    source_hash: str = "",
) -> TemplateVersion:
    """Check the DOCX against the package's questionnaire and make it the current version.

    A federal version is uploaded by the federal coordinator; a regional variant by РЦ staff of
    that region and applies only to organizations of the region. A refused file is not saved.
    """
    if by is not None:
        if region is None and not can_edit_packages(by):
            raise AccessDenied("Федеральную версию шаблона загружает федеральный координатор.")
        if region is not None and not regions_for_variants(by).filter(pk=region.pk).exists():
            raise AccessDenied("Региональный вариант можно загрузить только для своего региона.")
    package = template.package
    questionnaire = questionnaire_for(package)
    variables = template_check(data, allowed=template_names(questionnaire, package.constants))
    with transaction.atomic():
        DocumentTemplate.objects.select_for_update().get(pk=template.pk)
        number = (template.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        template.versions.filter(region=region, is_current=True).update(is_current=False)
        version = TemplateVersion(
            template=template,
            number=number,
            region=region,
            original_name=original_name[:255],
            variables=variables,
            comment=comment[:500],
            source_hash=source_hash,
            is_current=True,
            uploaded_by=by if by is not None and getattr(by, "is_authenticated", False) else None,
        )
        version.file.save(f"{number}.docx", ContentFile(data), save=False)
        version.save()
        if by is not None:
            change_record(
                obj=template,
                actor=by,
                action="update",
                note=f"Загружена версия {number}" + (f" для региона {region}" if region else ""),
            )
    return version


def template_version_activate(*, version: TemplateVersion, by: Any) -> TemplateVersion:
    """Make an earlier version current again (a rollback) for its region or for the federation."""
    if version.region_id is None:
        _require_editor(by)
    elif not regions_for_variants(by).filter(pk=version.region_id).exists():
        raise AccessDenied("Региональный вариант можно менять только для своего региона.")
    with transaction.atomic():
        version.template.versions.filter(region=version.region).update(is_current=False)
        TemplateVersion.objects.filter(pk=version.pk).update(is_current=True)
    version.refresh_from_db()
    return version


# --- parameters --------------------------------------------------------------------------------------


def parameter_value_create(
    *,
    by: Any,
    key: str,
    value: str,
    valid_from: datetime.date,
    source: str = "",
    note: str = "",
    confidence: str = ParameterValue.Confidence.MEDIUM,
) -> ParameterValue:
    if by is not None and not can_edit_parameters(by):
        raise AccessDenied("Суммы, сроки и формы изменяет федеральный координатор.")
    message = parameter_error(key, value)
    if message:
        raise DocumentsError(f"{PARAMETERS[key].title if key in PARAMETERS else key}: {message}")
    if ParameterValue.objects.filter(key=key, valid_from=valid_from).exists():
        raise DocumentsError("Значение с этой датой вступления в силу уже есть: укажите другую дату.")
    with transaction.atomic():
        row = ParameterValue.objects.create(
            key=key,
            value=str(value).strip(),
            valid_from=valid_from,
            source=source,
            note=note,
            confidence=confidence,
            created_by=by if by is not None and getattr(by, "is_authenticated", False) else None,
        )
        if by is not None:
            change_record(obj=row, actor=by, action="create", note=f"{key} = {value} с {valid_from:%d.%m.%Y}")
    return row
