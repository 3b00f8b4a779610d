"""Reads of the documents module: questionnaires, parameters, scoped drafts, template selection."""

import datetime
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from konstruktor.core.access import Scope, get_scoped_or_404, scope_filter, scope_for
from konstruktor.core.roles import Role
from konstruktor.core.text import normalize as text_normalize
from konstruktor.documents.models import (
    DocumentTemplate,
    GeneratedPackage,
    PackageDefinition,
    PackageDraft,
    ParameterValue,
    Question,
    TemplateVersion,
)
from konstruktor.documents.parameters import PARAMETERS, parameter_typed
from konstruktor.documents.questionnaire import (
    COMPUTED_DEPENDENCIES,
    DocumentSpec,
    Questionnaire,
    QuestionSpec,
    StepSpec,
)
from konstruktor.documents.reference import LEGAL_FORMS
from konstruktor.documents.timeline import TimelineStep, registration_timeline
from konstruktor.documents.validation import Problem, prepared_answers, validate, validation_date
from konstruktor.organizations.models import Organization
from konstruktor.organizations.queries import OrganizationFilters, organization_filter, organization_list_visible

# --- questionnaires --------------------------------------------------------------------------------

_questionnaires: dict[tuple[Any, ...], Questionnaire] = {}
_lock = threading.Lock()


def _spec(question: Question, children: dict[int, list[Question]], step_index: int) -> QuestionSpec:
    return QuestionSpec(
        key=question.key,
        kind=question.kind,
        label=question.label,
        help_text=question.help_text,
        legal_basis=question.legal_basis,
        required=question.required,
        choices=tuple((str(c[0]), str(c[1])) for c in question.choices if isinstance(c, list | tuple) and len(c) == 2),
        condition=question.condition,
        children=tuple(_spec(child, children, step_index) for child in children.get(question.pk, [])),
        min_items=question.min_items,
        max_items=question.max_items,
        options=dict(question.options or {}),
        step_index=step_index,
        pk=question.pk,
    )


def questionnaire_build(package: PackageDefinition) -> Questionnaire:
    """The questionnaire from the database (two queries), without the cache."""
    questions = list(Question.objects.filter(package=package).order_by("order", "id"))
    children: dict[int, list[Question]] = {}
    top: dict[int, list[Question]] = {}
    for question in questions:
        if question.parent_id:
            children.setdefault(question.parent_id, []).append(question)
        else:
            top.setdefault(question.step_id, []).append(question)
    steps = []
    for index, step in enumerate(package.steps.order_by("order", "id")):
        steps.append(
            StepSpec(
                index=index,
                title=step.title,
                help_text=step.help_text,
                condition=step.condition,
                questions=tuple(_spec(q, children, index) for q in top.get(step.pk, [])),
            )
        )
    documents = tuple(
        DocumentSpec(pk=t.pk, title=t.title, filename=t.filename, condition=t.condition, copies=t.copies, note=t.note)
        for t in package.templates.filter(is_active=True).order_by("order", "id")
    )
    return Questionnaire(
        slug=package.slug,
        title=package.title,
        kind=package.kind,
        legal_basis=package.legal_basis,
        description=package.description,
        steps=tuple(steps),
        documents=documents,
        rules=tuple(package.rules or ()),
        pk=package.pk,
    )


def questionnaire_for(package: PackageDefinition) -> Questionnaire:
    """Cached by the package's revision, which every builder action bumps."""
    # updated_at too: a test database may reuse a primary key with another package.
    key = (package.pk, package.revision, package.updated_at)
    with _lock:
        found = _questionnaires.get(key)
    if found is not None:
        return found
    built = questionnaire_build(package)
    with _lock:
        for old in [k for k in _questionnaires if k[0] == package.pk]:
            del _questionnaires[old]
        _questionnaires[key] = built
    return built


def package_list_active() -> QuerySet[PackageDefinition]:
    return PackageDefinition.objects.filter(is_active=True).annotate(template_count=Count("templates"))


def package_get_active(slug: str) -> PackageDefinition:
    return get_scoped_or_404(PackageDefinition.objects.filter(is_active=True), slug=slug)


# --- parameters ------------------------------------------------------------------------------------


def parameters_with_notes_on(on: datetime.date) -> tuple[dict[str, Any], dict[str, str]]:
    """Each parameter's value in force on the date (the latest valid_from not after it), and the
    notes of those values that need checking (confidence L, or a note on an unconfirmed value)."""
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for row in ParameterValue.objects.filter(valid_from__lte=on).order_by("key", "-valid_from"):
        if row.key in values:
            continue
        values[row.key] = parameter_typed(row.key, row.value)
        if row.confidence == ParameterValue.Confidence.LOW or (row.note and row.confidence != "H"):
            title = PARAMETERS[row.key].title if row.key in PARAMETERS else row.key
            notes[row.key] = f"{title}: {row.note or 'значение требует проверки'}"
    return values, notes


def parameters_on(on: datetime.date) -> dict[str, Any]:
    return parameters_with_notes_on(on)[0]


def parameter_rows_on(on: datetime.date) -> list[dict[str, Any]]:
    """For the parameters page: every known key with its current value, next change and history."""
    rows: dict[str, dict[str, Any]] = {
        key: {"key": key, "definition": definition, "current": None, "upcoming": [], "history": []}
        for key, definition in PARAMETERS.items()
    }
    for value in ParameterValue.objects.order_by("key", "-valid_from"):
        row = rows.setdefault(
            value.key, {"key": value.key, "definition": None, "current": None, "upcoming": [], "history": []}
        )
        if value.valid_from > on:
            row["upcoming"].append(value)
        elif row["current"] is None:
            row["current"] = value
        else:
            row["history"].append(value)
    return list(rows.values())


# --- access ----------------------------------------------------------------------------------------


def can_edit_packages(user: Any) -> bool:
    """Federal packages and their questionnaires are edited by the federal coordinator."""
    return scope_for(user).is_federal


def can_edit_parameters(user: Any) -> bool:
    return scope_for(user).is_federal


def regions_for_variants(user: Any) -> Any:
    """Regions for which the user may upload a regional variant of a template."""
    from konstruktor.territories.models import Region

    scope = scope_for(user)
    if scope.is_federal:
        return Region.objects.all()
    if not scope.has_role(Role.RC_MANAGER, Role.RC_CONSULTANT):
        return Region.objects.none()
    return Region.objects.filter(pk__in=scope.edit_region_ids)


def can_use_editor(user: Any) -> bool:
    scope: Scope = scope_for(user)
    return scope.is_federal or scope.is_rc_staff


def organizations_for_drafts(*, user: Any) -> QuerySet[Organization]:
    """Organizations and initiative groups the user may prepare packages for."""
    return organization_list_visible(user=user, edit=True).select_related("region").order_by("full_name")


def draft_list_visible(*, user: Any, edit: bool = False) -> QuerySet[PackageDraft]:
    """Drafts are seen under the same rules as their organization."""
    qs = PackageDraft.objects.select_related("package", "organization", "organization__region", "created_by")
    return scope_filter(
        qs, scope_for(user), region_field="organization__region", organization_field="organization", edit=edit
    ).annotate(version_count=Count("versions"), last_version=Max("versions__number"))


def draft_list_for_organization(*, user: Any, organization: Organization) -> QuerySet[PackageDraft]:
    """One organization's or initiative group's drafts the user may see (for other modules' cards)."""
    return draft_list_visible(user=user).filter(organization=organization)


def draft_get_visible(*, user: Any, pk: int, edit: bool = False) -> PackageDraft:
    qs = PackageDraft.objects.select_related("package", "organization", "organization__region")
    scoped = scope_filter(
        qs, scope_for(user), region_field="organization__region", organization_field="organization", edit=edit
    )
    return get_scoped_or_404(scoped, pk=pk)


def generated_get_visible(*, user: Any, pk: int) -> GeneratedPackage:
    qs = GeneratedPackage.objects.select_related("draft", "draft__package", "draft__organization")
    scoped = scope_filter(
        qs,
        scope_for(user),
        region_field="draft__organization__region",
        organization_field="draft__organization",
    )
    return get_scoped_or_404(scoped, pk=pk)


def draft_versions(draft: PackageDraft) -> QuerySet[GeneratedPackage]:
    return draft.versions.select_related("created_by").order_by("-number")


# --- templates -------------------------------------------------------------------------------------


def template_versions_for(*, package: PackageDefinition, region_id: int | None) -> dict[int, TemplateVersion]:
    """template id → the version to render: the region's current variant, else the federal one."""
    versions = TemplateVersion.objects.filter(template__package=package, is_current=True).filter(
        Q(region__isnull=True) | Q(region_id=region_id)
    )
    chosen: dict[int, TemplateVersion] = {}
    for version in versions.order_by("template_id", "-number"):
        current = chosen.get(version.template_id)
        if current is None or (version.region_id is not None and current.region_id is None):
            chosen[version.template_id] = version
    return chosen


def templates_with_versions(package: PackageDefinition) -> QuerySet[DocumentTemplate]:
    return package.templates.prefetch_related(
        Prefetch(
            "versions",
            queryset=TemplateVersion.objects.select_related("region", "uploaded_by").order_by("-number"),
        )
    )


def question_keys_used_by_templates(package: PackageDefinition) -> set[str]:
    used: set[str] = set()
    for variables in TemplateVersion.objects.filter(template__package=package, is_current=True).values_list(
        "variables", flat=True
    ):
        for name in variables or []:
            used.add(name)
            used.update(COMPUTED_DEPENDENCIES.get(name, ()))
    return used


# --- validation ------------------------------------------------------------------------------------


@dataclass
class Checked:
    """Answers prepared for templates, the problems found and what they were checked against."""

    questionnaire: Questionnaire
    answers: dict[str, Any]
    problems: list[Problem]
    on: datetime.date
    params: dict[str, Any]
    timeline: list[TimelineStep] = field(default_factory=list)
    param_notes: dict[str, str] = field(default_factory=dict)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    def problems_for(self, path: str) -> list[Problem]:
        return [p for p in self.problems if p.field == path]


def name_duplicates(full_name: str, *, limit: int = 3) -> list[str]:
    """Registry organizations whose full name equals this one (case, ё and quotes ignored)."""
    wanted = text_normalize(full_name)
    if len(wanted) < 8:
        return []
    candidates = organization_filter(Organization.objects.all(), OrganizationFilters(q=full_name))
    return [o.full_name for o in candidates.only("full_name")[:50] if text_normalize(o.full_name) == wanted][:limit]


def package_check(
    *,
    package: PackageDefinition,
    answers: Mapping[str, Any],
    region_name: str = "",
    today: datetime.date | None = None,
    questionnaire: Questionnaire | None = None,
) -> Checked:
    questionnaire = questionnaire or questionnaire_for(package)
    prepared = prepared_answers(questionnaire, answers, package.constants or {})
    on = validation_date(prepared, today)
    params, notes = parameters_with_notes_on(on)
    extra: dict[str, Any] = {}
    if "N8" in questionnaire.rules and prepared.get("full_name"):
        extra["name_duplicates"] = name_duplicates(str(prepared["full_name"]))
    timeline: list[TimelineStep] = []
    form = LEGAL_FORMS.get(str(prepared.get("legal_form") or ""))
    filing = _date(prepared.get("filing_date"))
    if form is not None and filing is not None:
        timeline = registration_timeline(
            filing_date=filing, law=form.law, params=params, decision_date=_date(prepared.get("decision_date"))
        )
        extra["timeline"] = timeline
    problems = validate(questionnaire, prepared, params=params, on=on, extra=extra, region_name=region_name)
    return Checked(questionnaire, prepared, problems, on, params, timeline, notes)


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
