"""Reads of the practice passport: what a user may see and change, snapshots for versions."""

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from konstruktor.core.access import scope_filter, scope_for
from konstruktor.core.roles import Role
from konstruktor.practices.models import Practice, Status

# Statuses in which the passport may be edited, by who edits.
NGO_EDITABLE = frozenset({Status.DRAFT, Status.REWORK})
STAFF_EDITABLE = frozenset({Status.DRAFT, Status.MODERATION, Status.REWORK})
PUBLISHABLE_DECISIONS = frozenset({"recommended", "promising"})
# Statuses from which staff send a practice to a new expert review on new evidence.
RERATABLE = frozenset({Status.DECIDED, Status.PUBLISHED, Status.WITHDRAWN})

# In the federal catalog: published, or published before and being re-rated now (its last
# published decision stays on show until the new one). The same rule as `Practice.is_public`.
CATALOG_Q = Q(status=Status.PUBLISHED) | Q(status=Status.REVIEW, listed_during_review=True)
# Passport fields that are personal data of the practice's leader (152-ФЗ).
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")

# `practices` imports neither expertise nor replication (ADR 0002); expertise registers here
# which practices an expert is assigned to: provider(user) -> ids or a values("practice_id") queryset.
_assigned_providers: list[Callable[[Any], Iterable[int] | QuerySet[Any]]] = []


def register_assigned_practices(provider: Callable[[Any], Iterable[int] | QuerySet[Any]]) -> None:
    if provider not in _assigned_providers:
        _assigned_providers.append(provider)


@dataclass(frozen=True)
class PracticeLink:
    """A link the practice page shows to what other apps did with the practice (an expert
    review, a transfer) or to the next step a user may take (a replication request)."""

    label: str
    url: str
    note: str = ""


# provider(practice, user) -> links the user may follow; registered by expertise and replication
# in their AppConfig.ready() (practices imports neither, ADR 0002).
_link_providers: list[Callable[[Practice, Any], list[PracticeLink]]] = []


def register_practice_links(provider: Callable[[Practice, Any], list[PracticeLink]]) -> None:
    if provider not in _link_providers:
        _link_providers.append(provider)


def practice_links(*, practice: Practice, user: Any) -> list[PracticeLink]:
    return [link for provider in _link_providers for link in provider(practice, user)]


def practice_list_public() -> QuerySet[Practice]:
    """The practices of the federal catalog (see CATALOG_Q)."""
    return Practice.objects.filter(CATALOG_Q)


def practice_list_visible(*, user: Any) -> QuerySet[Practice]:
    """Practices of the catalog for everyone; own organization's, own region's and assigned ones beyond."""
    scope = scope_for(user)
    qs = Practice.objects.all()
    if scope.is_federal:
        return qs
    condition = CATALOG_Q
    if not scope.authenticated:
        return qs.filter(condition)
    # РЦ staff see their region's practices (ADR 0002); officials only the published ones.
    if scope.edit_region_ids:
        condition |= Q(region_id__in=scope.edit_region_ids)
    if scope.organization_ids:
        condition |= Q(organization_id__in=scope.organization_ids)
    if scope.has_role(Role.EXPERT):
        for provider in _assigned_providers:
            condition |= Q(pk__in=provider(user))
    return qs.filter(condition)


def practice_can_edit(*, practice: Practice, user: Any) -> bool:
    scope = scope_for(user)
    if scope.is_rc_staff and scope.can_edit_region(practice.region_id):
        return practice.status in STAFF_EDITABLE
    if practice.organization_id is not None and practice.organization_id in scope.edit_organization_ids:
        return practice.status in NGO_EDITABLE
    return False


def practice_can_see_contacts(*, practice: Practice, user: Any) -> bool:
    """The leader's name, e-mail and phone (personal data, 152-ФЗ): the leading organization, the
    РЦ staff of the practice's region and the federal coordinator; others only with consent."""
    if practice.contact_public:
        return True
    scope = scope_for(user)
    if scope.is_rc_staff and scope.can_edit_region(practice.region_id):
        return True
    return practice.organization_id is not None and practice.organization_id in (
        scope.organization_ids | scope.edit_organization_ids
    )


@dataclass(frozen=True)
class PublicContact:
    name: str
    email: str
    phone: str


def practice_public_contact(practice: Practice) -> PublicContact | None:
    """What the open catalog, open data and the API may show of the leader's contact: all of it
    with the consent to publication (`contact_public`), nothing without it."""
    if not practice.contact_public or not any(getattr(practice, f) for f in CONTACT_FIELDS):
        return None
    return PublicContact(practice.contact_name, practice.contact_email, practice.contact_phone)


def practice_can_moderate(*, practice: Practice, user: Any) -> bool:
    """РЦ staff of the practice's region (and the federal coordinator) moderate, screen and publish."""
    scope = scope_for(user)
    return scope.is_rc_staff and scope.can_edit_region(practice.region_id)


def practice_can_create(*, user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_rc_staff or bool(scope.edit_organization_ids)


def practice_can_import(*, user: Any) -> bool:
    return scope_for(user).is_rc_staff


def _text(value: Any) -> Any:
    return "" if value is None else str(value)


def practice_snapshot(practice: Practice) -> dict[str, Any]:
    """The whole passport as plain JSON: what a version freezes and a diff compares."""
    outcomes = list(practice.outcomes.all())
    outcome_names = {o.pk: o.name for o in outcomes}
    evaluations = []
    for e in practice.evaluations.select_related("region").prefetch_related("results_by_outcome"):
        evaluations.append(
            {
                "title": e.title,
                "design": e.get_design_display(),
                "quality": e.get_quality_display(),
                "sample": e.sample,
                "period_start": _text(e.period_start),
                "period_end": _text(e.period_end),
                "results": e.results,
                "has_comparison": e.has_comparison,
                "independent_replication": e.independent_replication,
                "region": e.region.name if e.region is not None else "",
                "effects": {
                    outcome_names.get(r.outcome_id, str(r.outcome_id)): [r.get_effect_display(), r.sustained_months]
                    for r in e.results_by_outcome.all()
                },
            }
        )
    return {
        "title": practice.title,
        "summary": practice.summary,
        "organization": str(practice.organization) if practice.organization_id else practice.organization_name,
        "contact_name": practice.contact_name,
        "contact_email": practice.contact_email,
        "contact_phone": practice.contact_phone,
        "contact_public": "да" if practice.contact_public else "нет",
        "region": practice.region.name,
        "regions": sorted(r.name for r in practice.regions.all()),
        "municipalities": sorted(m.name for m in practice.municipalities.all()),
        "social_problem": practice.social_problem,
        "target_groups": sorted(t.name for t in practice.target_groups.all()),
        "target_group_criteria": practice.target_group_criteria,
        "areas": sorted(a.name for a in practice.areas.all()),
        "logic_model": practice.logic_model,
        "resources": practice.resources,
        "cost_per_beneficiary": _text(practice.cost_per_beneficiary),
        "beneficiaries_per_year": _text(practice.beneficiaries_per_year),
        "started_year": _text(practice.started_year),
        "prior_transfers": practice.prior_transfers,
        "grant_amount": _text(practice.grant_amount),
        "evidence_level": practice.get_evidence_level_display(),
        "evidence_flag": practice.get_evidence_flag_display() if practice.evidence_flag else "",
        "outcomes": [
            {
                "name": o.name,
                "indicator": o.indicator,
                "unit": o.unit,
                "baseline": o.baseline,
                "target": o.target,
                "is_priority": o.is_priority,
                "evidence_level": o.get_evidence_level_display(),
            }
            for o in outcomes
        ],
        "components": [
            {"title": c.title, "description": c.description, "is_core": c.is_core} for c in practice.components.all()
        ],
        "launch_steps": [
            {
                "title": s.title,
                "description": s.description,
                "duration_days": s.duration_days,
                "responsible": s.responsible,
            }
            for s in practice.launch_steps.all()
        ],
        "materials": [
            {
                "kind": m.get_kind_display(),
                "title": m.title,
                "file": m.file.name.rsplit("/", 1)[-1] if m.file else "",
                "url": m.url,
                "description": m.description,
            }
            for m in practice.materials.all()
        ],
        "evaluations": evaluations,
    }


def practice_list_manageable(*, user: Any) -> QuerySet[Practice]:
    """Practices the user may act on: own region's (РЦ staff) or own organization's (NGO members)."""
    return scope_filter(
        Practice.objects.all(), scope_for(user), region_field="region", organization_field="organization", edit=True
    )


@dataclass(frozen=True)
class PracticeFilters:
    q: str = ""
    status: str = ""
    region: int | None = None
    area: int | None = None
    target_group: int | None = None
    level: int | None = None
    decision: str = ""


def practice_filter(qs: QuerySet[Practice], f: PracticeFilters) -> QuerySet[Practice]:
    if f.q.strip():
        q = f.q.strip()
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(organization_name__icontains=q)
            | Q(organization__full_name__icontains=q)
            | Q(organization__short_name__icontains=q)
        )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.region:
        qs = qs.filter(Q(region_id=f.region) | Q(regions__pk=f.region)).distinct()
    if f.area:
        qs = qs.filter(areas__pk=f.area)
    if f.target_group:
        qs = qs.filter(target_groups__pk=f.target_group)
    if f.level is not None:
        qs = qs.filter(evidence_level=f.level)
    if f.decision:
        qs = qs.filter(decision_category=f.decision)
    return qs


def practice_rows(qs: QuerySet[Practice]) -> QuerySet[Practice]:
    return qs.select_related("region", "organization").order_by("-updated_at", "-id")


SNAPSHOT_LABELS: tuple[tuple[str, str], ...] = (
    ("title", "Название"),
    ("summary", "Краткое описание"),
    ("organization", "Ведущая организация"),
    ("contact_name", "Контактное лицо"),
    ("contact_email", "E-mail"),
    ("contact_phone", "Телефон"),
    ("contact_public", "Согласие на публикацию контактов"),
    ("region", "Регион"),
    ("regions", "Регионы, где работает"),
    ("municipalities", "Муниципалитеты"),
    ("social_problem", "Социальная проблема"),
    ("target_groups", "Целевые группы"),
    ("target_group_criteria", "Критерии включения"),
    ("areas", "Направления"),
    ("logic_model", "Логическая модель"),
    ("resources", "Ресурсы"),
    ("cost_per_beneficiary", "Затраты на одного благополучателя"),
    ("beneficiaries_per_year", "Благополучателей в год"),
    ("started_year", "Год начала"),
    ("prior_transfers", "Где уже тиражировалась"),
    ("outcomes", "Результаты"),
    ("components", "Компоненты"),
    ("launch_steps", "Шаги запуска"),
    ("materials", "Материалы"),
    ("evaluations", "Оценки эффективности"),
    ("evidence_level", "Уровень доказанности"),
)


def _snapshot_lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return [line for item in value for line in _snapshot_lines(item)] if value else []
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            if isinstance(v, dict):
                parts.append("; ".join(f"{ek}: {ev[0]}, {ev[1]} мес." for ek, ev in v.items()))
            elif isinstance(v, bool):
                parts.append(f"{k}: {'да' if v else 'нет'}")
            elif v not in ("", None):
                parts.append(str(v))
        return [" · ".join(p for p in parts if p)]
    return str(value or "").splitlines()


@dataclass(frozen=True)
class DiffLine:
    kind: str  # equal | insert | delete
    text: str


@dataclass(frozen=True)
class FieldDiff:
    label: str
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.kind != "equal" for line in self.lines)


def version_diff(*, older: dict[str, Any], newer: dict[str, Any], contacts: bool = True) -> list[FieldDiff]:
    """Line by line differences of every passport section between two frozen versions
    (without the leader's contacts when `contacts` is false: see practice_can_see_contacts)."""
    result = []
    for key, label in SNAPSHOT_LABELS:
        if not contacts and key in CONTACT_FIELDS:
            continue
        old, new = _snapshot_lines(older.get(key)), _snapshot_lines(newer.get(key))
        lines: list[DiffLine] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if op == "equal":
                lines.extend(DiffLine("equal", line) for line in old[i1:i2])
                continue
            lines.extend(DiffLine("delete", line) for line in old[i1:i2])
            lines.extend(DiffLine("insert", line) for line in new[j1:j2])
        result.append(FieldDiff(label, lines))
    return result
