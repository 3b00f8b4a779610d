"""Installing the shipped packages into the database (idempotent; an action of the seed).

A package's questionnaire is created once and then belongs to its editors: a second run leaves it
alone unless `reset` is asked for. Templates are rebuilt from source and get a new version only
when their source changed and the current federal version is the platform's own.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from konstruktor.documents.actions import template_version_upload
from konstruktor.documents.models import DocumentTemplate, PackageDefinition, ParameterValue, Question, Step
from konstruktor.documents.parameters import SHIPPED_VALUES
from konstruktor.documents.shipped import PACKAGES
from konstruktor.documents.shipped.spec import ACTIVITY_AREAS, PackageSpec, Q
from konstruktor.organizations.queries import activity_areas_for_region


def parameters_install() -> int:
    created = 0
    for key, value, valid_from, source, note, confidence in SHIPPED_VALUES:
        _, made = ParameterValue.objects.get_or_create(
            key=key,
            valid_from=valid_from,
            defaults={"value": value, "source": source, "note": note, "confidence": confidence},
        )
        created += int(made)
    return created


def _choices(q: Q) -> list[list[str]]:
    if q.choices == ACTIVITY_AREAS:
        return [[a.code, a.short_name] for a in activity_areas_for_region(None).filter(region__isnull=True)]
    pairs: list[tuple[str, str]] = q.choices if isinstance(q.choices, list) else []
    return [[value, label] for value, label in pairs]


def _question(package: PackageDefinition, step: Step, q: Q, order: int, parent: Question | None = None) -> None:
    question = Question.objects.create(
        package=package,
        step=step,
        parent=parent,
        key=q.key,
        kind=q.kind,
        label=q.label,
        help_text=q.help,
        legal_basis=q.basis,
        required=q.required,
        choices=_choices(q),
        condition=q.condition,
        order=order,
        min_items=q.min_items,
        max_items=q.max_items,
        options=q.options,
    )
    for index, child in enumerate(q.children, 1):
        _question(package, step, child, index * 10, question)


def _questionnaire_install(package: PackageDefinition, spec: PackageSpec) -> None:
    package.steps.all().delete()
    for step_index, s in enumerate(spec.steps, 1):
        step = Step.objects.create(
            package=package, order=step_index * 10, title=s.title, help_text=s.help, condition=s.condition
        )
        for index, q in enumerate(s.questions, 1):
            _question(package, step, q, index * 10)


def package_install(
    spec: PackageSpec, *, reset: bool = False, write: Callable[[str], Any] = print
) -> PackageDefinition:
    with transaction.atomic():
        package, created = PackageDefinition.objects.get_or_create(
            slug=spec.slug,
            defaults={"title": spec.title, "kind": spec.kind},
        )
        if created or reset:
            package.title = spec.title
            package.description = spec.description
            package.kind = spec.kind
            package.legal_basis = spec.legal_basis
            package.order = spec.order
            package.rules = list(spec.rules)
            package.constants = dict(spec.constants)
            package.is_shipped = True
            package.is_active = True
            package.revision += 1
            package.save()
            _questionnaire_install(package, spec)
        for order, doc in enumerate(spec.documents, 1):
            template, made = DocumentTemplate.objects.get_or_create(
                package=package,
                filename=doc.filename,
                defaults={
                    "title": doc.title,
                    "condition": doc.condition,
                    "order": order * 10,
                    "copies": doc.copies,
                    "note": doc.note,
                },
            )
            if reset and not made:
                template.title, template.condition, template.order = doc.title, doc.condition, order * 10
                template.copies, template.note, template.is_active = doc.copies, doc.note, True
                template.save()
        PackageDefinition.objects.filter(pk=package.pk).update(revision=package.revision + 1)
        package.refresh_from_db()
    for doc in spec.documents:
        template = DocumentTemplate.objects.get(package=package, filename=doc.filename)
        source_hash = doc.source_hash()
        if template.versions.filter(region__isnull=True, source_hash=source_hash).exists():
            continue
        current = template.versions.filter(region__isnull=True, is_current=True).first()
        if current is not None and not current.source_hash and not reset:
            write(f"  «{template}»: действует версия редактора, версия платформы не загружена.")
            continue
        template_version_upload(
            template=template,
            by=None,
            data=doc.build(),
            original_name=f"{doc.filename}.docx",
            comment="Версия, поставляемая с платформой",
            source_hash=source_hash,
        )
    return package


def shipped_install(
    *, slugs: list[str] | None = None, reset: bool = False, write: Callable[[str], Any] = print
) -> list[PackageDefinition]:
    """Install parameters and the shipped packages (all, or those named)."""
    made = parameters_install()
    if made:
        write(f"Параметры: добавлено значений — {made}.")
    installed = []
    for spec in PACKAGES:
        if slugs is not None and spec.slug not in slugs:
            continue
        installed.append(package_install(spec, reset=reset, write=write))
    write(f"Пакеты документов: {len(installed)} установлено или обновлено.")
    return installed
