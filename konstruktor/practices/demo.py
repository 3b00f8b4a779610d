"""Demo practices: the passports of `practices.demo_data.PRACTICES`, their leading organizations
and their way through the workflow, all through the actions of `organizations` and `practices`.

Idempotent: a practice is keyed by `source_key = "demo:<key>"` and left as it is once it exists
(the expertise demo may have decided and published it meanwhile); an organization is keyed by
its full name and region. Identifiers are generated with valid check digits by the registry's
demo generator and belong to no real organization.

Where each practice ends in this seed:
- «draft» stays a draft; «moderation» is submitted (a version is frozen);
- «rework» is submitted and screened with the gates of its `screening`, so it goes back with the
  reasons;
- «review» and «published» are submitted and pass screening, so they end «на экспертизе». The
  practices that end «published» in the demo have a `review`: the expertise demo (`expertise.demo`,
  seed order 75, after this one at 70) takes them through the call «Отбор лучших практик СОНКО —
  2026», records the decision and publishes them. A decision and a publication are never made here.

Evaluations are recorded with `evaluation_record`, so every outcome's evidence level and the
headline level are computed by the rules of `practices.evidence`, not written by hand.
"""

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from konstruktor.core.roles import Role
from konstruktor.organizations.actions import (
    organization_create,
    organization_status_set,
    organizations_link_territories,
)
from konstruktor.organizations.demo import _identifiers
from konstruktor.organizations.errors import DuplicateOrganization
from konstruktor.organizations.models import ActivityArea, LegalForm, Organization, OrganizationStatus, TargetGroup
from konstruktor.practices import actions
from konstruktor.practices.demo_data import PRACTICES
from konstruktor.practices.models import Practice, Status
from konstruktor.practices.screening import GATE_CODES
from konstruktor.territories.models import Municipality, Region

SOURCE_PREFIX = "demo:"
STREETS = ("Ленина", "Мира", "Советская", "Садовая", "Школьная", "Набережная", "Заводская")


def demo_source_key(key: str) -> str:
    return f"{SOURCE_PREFIX}{key}"


def _coordinator() -> Any:
    User = get_user_model()
    return (
        User.objects.filter(username="coordinator", memberships__role=Role.FEDERAL_COORDINATOR).first()
        or User.objects.filter(memberships__role=Role.FEDERAL_COORDINATOR).order_by("id").first()
    )


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _organization(data: dict[str, Any], *, practice: dict[str, Any], by: Any) -> tuple[Organization, bool]:
    """The leading organization: found by name and region, or registered through the registry actions."""
    region = Region.objects.get(name=data["region"])
    existing = Organization.objects.filter(full_name=data["full_name"], region=region).first()
    if existing is not None:
        return existing, False
    rng = random.Random(f"konstruktor-demo-practice:{practice['key']}")
    year = min(practice.get("started_year") or 2020, 2024) - rng.randint(0, 3)
    city = data["city"]
    areas = list(ActivityArea.objects.filter(code__in=practice["areas"]))
    for _attempt in range(20):
        inn, ogrn, kpp = _identifiers(rng, region.fns_code, year)
        try:
            org = organization_create(
                by=by,
                areas=areas,
                kind=Organization.Kind.NGO,
                full_name=data["full_name"],
                short_name=data["short_name"],
                legal_form=LegalForm.objects.filter(okopf=data["okopf"]).first(),
                inn=inn,
                ogrn=ogrn,
                kpp=kpp,
                registration_date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                region=region,
                municipality=f"г. {city}",
                address=f"г. {city}, ул. {rng.choice(STREETS)}, д. {rng.randint(1, 90)}",
                phone=f"+7 ({rng.randint(300, 399)}) {rng.randint(200, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                email=f"{practice['key']}@example.ru",
                contact_person=practice.get("contact_name", ""),
                main_activity="Предоставление прочих социальных услуг без обеспечения проживания",
            )
            break
        except DuplicateOrganization:
            continue
    else:  # pragma: no cover - 20 random collisions in a row do not happen
        raise RuntimeError(f"не удалось подобрать свободные ИНН и ОГРН для «{data['full_name']}»")
    org.target_groups.set(TargetGroup.objects.filter(code__in=practice["target_groups"]))
    for kind, since, until, note in data.get("statuses", ()):
        organization_status_set(
            organization=org,
            by=by,
            kind=OrganizationStatus.Kind(kind),
            since=_date(since),
            until=_date(until),
            note=note,
        )
    return org, True


def _municipalities(names: list[str], regions: list[Region]) -> list[Municipality]:
    """The municipalities the territorial reference has for these city names; the others are skipped."""
    found: list[Municipality] = []
    scope = Municipality.objects.filter(region__in=regions)
    for name in names:
        match = scope.filter(name__iexact=f"г. {name}").first() or scope.filter(name__icontains=name).first()
        if match is not None and match not in found:
            found.append(match)
    return found


def _passport(data: dict[str, Any], organization: Organization) -> actions.PassportData:
    region = Region.objects.get(name=data["region"])
    regions = list(Region.objects.filter(name__in=data["regions"]))
    return actions.PassportData(
        title=data["title"],
        region=region,
        organization=organization,
        summary=data["summary"],
        contact_name=data["contact_name"],
        contact_email=f"{data['key']}@example.ru",
        social_problem=data["social_problem"],
        target_group_criteria=data["target_group_criteria"],
        logic_model=data["logic_model"],
        resources=data["resources"],
        cost_per_beneficiary=data["cost_per_beneficiary"],
        beneficiaries_per_year=data["beneficiaries_per_year"],
        started_year=data["started_year"],
        prior_transfers=data["prior_transfers"],
        target_groups=list(TargetGroup.objects.filter(code__in=data["target_groups"])),
        areas=list(ActivityArea.objects.filter(code__in=data["areas"])),
        regions=regions,
        municipalities=_municipalities(data.get("municipalities", []), regions),
        outcomes=[dict(o) for o in data["outcomes"]],
        components=[dict(c) for c in data["components"]],
        launch_steps=[dict(s) for s in data["launch_steps"]],
        materials=[dict(m) for m in data["materials"]],
    )


def _record_evaluations(practice: Practice, data: dict[str, Any], by: Any) -> None:
    outcome_ids = list(practice.outcomes.order_by("order", "id").values_list("pk", flat=True))
    for row in data["evaluations"]:
        actions.evaluation_record(
            practice=practice,
            by=by,
            title=row["title"],
            design=row["design"],
            quality=row["quality"],
            sample=row["sample"],
            results=row["results"],
            has_comparison=row["has_comparison"],
            period_start=_date(row["period_start"]),
            period_end=_date(row["period_end"]),
            effects={outcome_ids[int(i)]: (effect, int(months)) for i, (effect, months) in row["effects"].items()},
        )


def _move(practice: Practice, data: dict[str, Any], by: Any) -> None:
    """Take the new draft as far as this seed goes (see the module docstring)."""
    final = data["status"]
    if final == Status.DRAFT:
        return
    who = "организацией" if data.get("source") == "submitted" else "ресурсным центром"
    actions.practice_submit(practice=practice, by=by, comment=f"Паспорт заполнен {who}, отправлен на модерацию.")
    if final == Status.MODERATION:
        return
    if final == Status.REWORK:
        gates = {code: (bool(passed), reason) for code, (passed, reason) in data["screening"].items()}
    else:
        gates = {code: (True, "") for code in GATE_CODES}
    actions.practice_screen(practice=practice, by=by, gates=gates)


def _seed_one(data: dict[str, Any], by: Any) -> tuple[Practice, bool]:
    with transaction.atomic():
        organization, created = _organization(data["organization"], practice=data, by=by)
        practice = actions.practice_create(
            by=by,
            passport=_passport(data, organization),
            source=data.get("source") or "entered",
            source_key=demo_source_key(data["key"]),
            is_demo=True,
        )
        _record_evaluations(practice, data, by)
        _move(practice, data, by)
    return practice, created


def demo_seed(*, write: Callable[[str], Any] = print) -> None:
    """Create the demo practices that do not exist yet; see the module docstring for the statuses."""
    by = _coordinator()
    if by is None:
        write("Демонстрационные практики пропущены: нет федерального координатора (сначала демо-данные реестра).")
        return
    existing = set(Practice.objects.filter(source_key__startswith=SOURCE_PREFIX).values_list("source_key", flat=True))
    created_practices = 0
    new_organizations: list[int] = []
    for data in PRACTICES:
        if demo_source_key(data["key"]) in existing:
            continue
        practice, org_created = _seed_one(data, by)
        created_practices += 1
        if org_created and practice.organization_id is not None:
            new_organizations.append(practice.organization_id)
    if new_organizations:
        organizations_link_territories(organization_ids=new_organizations)
    demo = Practice.objects.filter(source_key__startswith=SOURCE_PREFIX)
    by_status = {label: demo.filter(status=value).count() for value, label in Status.choices}
    write(
        f"Демо-практики: {demo.count()} (новых {created_practices}, новых организаций {len(new_organizations)}); "
        + ", ".join(f"{label.lower()} — {n}" for label, n in by_status.items() if n)
        + ". Решения по практикам «на экспертизе» с оценками экспертов принимает демо экспертизы."
    )
