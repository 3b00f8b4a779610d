"""Every change of the NGO registry and the support log."""

import csv
import datetime
import decimal
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record, diff, snapshot
from konstruktor.organizations.errors import AccessDenied, DuplicateOrganization, OrganizationError
from konstruktor.organizations.models import (
    ActivityArea,
    LegalForm,
    Membership,
    Organization,
    OrganizationStatus,
    SupportRecord,
    TargetGroup,
)
from konstruktor.organizations.queries import (
    legal_form_index_reset,
    organization_duplicate,
    organization_search_text,
)
from konstruktor.territories.queries import SettlementMatcher

DATA = Path(__file__).parent / "data"
TRACKED_FIELDS = (
    "kind", "full_name", "short_name", "legal_form", "inn", "ogrn", "kpp", "minjust_number",
    "registration_date", "state", "region", "municipality", "address", "phone", "email",
    "website", "contact_person", "main_activity", "municipality_ref", "settlement",
)  # fmt: skip


def reference_sync(*, legal_form_model: Any = LegalForm, area_model: Any = ActivityArea) -> None:
    """Create or update the shipped legal forms (ОКОПФ) and federal activity types (31.1)."""
    with transaction.atomic():
        with (DATA / "legal_forms.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                legal_form_model.objects.update_or_create(
                    okopf=row["okopf"],
                    defaults={
                        "name": row["name"],
                        "short_name": row["short_name"],
                        "aliases": "\n".join(a for a in row["aliases"].split("|") if a),
                        "code_uncertain": row["code_uncertain"] == "1",
                        "order": int(row["order"]),
                    },
                )
        with (DATA / "activity_areas.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                area_model.objects.update_or_create(
                    code=row["code"],
                    defaults={
                        "name": row["name"],
                        "short_name": row["short_name"],
                        "law_reference": row["law_reference"],
                        "valid_from": row["valid_from"] or None,
                        "order": int(row["order"]),
                    },
                )
    legal_form_index_reset()


def _require_duplicate_free(org: Organization) -> None:
    existing = organization_duplicate(ogrn=org.ogrn, inn=org.inn, exclude_pk=org.pk)
    if existing is not None:
        field, value = ("ОГРН", org.ogrn) if org.ogrn and existing.ogrn == org.ogrn else ("ИНН", org.inn)
        raise DuplicateOrganization(existing_pk=existing.pk, field=field, value=value)


def _refresh_search_text(org: Organization) -> None:
    org.search_text = organization_search_text(
        full_name=org.full_name,
        short_name=org.short_name,
        legal_form=org.legal_form,
    )


def organization_create(
    *,
    by: Any,
    areas: list[ActivityArea] | None = None,
    target_groups: list[TargetGroup] | None = None,
    **fields: Any,
) -> Organization:
    scope = scope_for(by)
    org = Organization(**fields)
    if not (scope.is_rc_staff and scope.can_edit_region(org.region_id)):
        raise AccessDenied("Добавлять организации может только сотрудник РЦ своего региона.")
    org.full_clean(exclude=["search_text"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        _require_duplicate_free(org)
        _refresh_search_text(org)
        org.save()
        changes: dict[str, Any] = {
            k: [None, v] for k, v in snapshot(org, TRACKED_FIELDS).items() if v not in ("", None)
        }
        if areas:
            org.areas.set(areas)
        if target_groups:
            org.target_groups.set(target_groups)
            changes["target_groups"] = [None, _names(target_groups)]
        change_record(obj=org, actor=by, action="create", changes=changes)
    return org


def _names(items: Iterable[Any]) -> str:
    return ", ".join(sorted(str(item) for item in items))


def organization_can_edit(*, organization: Organization, user: Any) -> bool:
    scope = scope_for(user)
    return scope.can_edit_region(organization.region_id) or organization.pk in scope.edit_organization_ids


def organization_update(
    *,
    organization: Organization,
    by: Any,
    areas: list[ActivityArea] | None = None,
    target_groups: list[TargetGroup] | None = None,
    **fields: Any,
) -> Organization:
    """Change the given fields; areas and target groups are replaced when given (None keeps them)."""
    if not organization_can_edit(organization=organization, user=by):
        raise AccessDenied("У вас нет прав на изменение этой организации.")
    scope = scope_for(by)
    new_region = fields.get("region")
    if new_region is not None and new_region.pk != organization.region_id and not scope.can_edit_region(new_region.pk):
        raise AccessDenied("Перенести организацию можно только в регион, где вы работаете.")
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        before = snapshot(org, TRACKED_FIELDS)
        before_areas = sorted(a.short_name for a in org.areas.all())
        before_targets = _names(org.target_groups.all())
        for name, value in fields.items():
            setattr(org, name, value)
        org.full_clean(exclude=["search_text"], validate_unique=False, validate_constraints=False)
        _require_duplicate_free(org)
        _refresh_search_text(org)
        org.save()
        changes = diff(before, snapshot(org, TRACKED_FIELDS))
        if areas is not None:
            org.areas.set(areas)
            after_areas = sorted(a.short_name for a in areas)
            if after_areas != before_areas:
                changes["areas"] = [before_areas, after_areas]
        if target_groups is not None:
            org.target_groups.set(target_groups)
            if _names(target_groups) != before_targets:
                changes["target_groups"] = [before_targets, _names(target_groups)]
        if changes:
            change_record(obj=org, actor=by, action="update", changes=changes)
    return org


def organization_status_set(
    *,
    organization: Organization,
    by: Any,
    kind: str,
    since: datetime.date | None,
    until: datetime.date | None = None,
    note: str = "",
) -> OrganizationStatus:
    if not organization_can_edit(organization=organization, user=by):
        raise AccessDenied("У вас нет прав на изменение этой организации.")
    if since and until and until < since:
        raise OrganizationError("Дата окончания статуса раньше даты начала.")
    with transaction.atomic():
        status = OrganizationStatus.objects.create(
            organization=organization, kind=kind, since=since, until=until, note=note
        )
        change_record(
            obj=organization,
            actor=by,
            action="update",
            changes={"статус": [None, f"{status.get_kind_display()} с {since or '—'} по {until or '—'}"]},
        )
    return status


def membership_grant(*, user: Any, organization: Organization, role: str, by: Any | None = None) -> Membership:
    if by is not None and not scope_for(by).is_federal and not (scope_for(by).can_edit_region(organization.region_id)):
        raise AccessDenied("Назначать роли может только сотрудник РЦ этого региона или координатор.")
    membership, _ = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    return membership


def support_record_create(
    *,
    by: Any,
    provider: Organization,
    recipient: Organization,
    date: datetime.date,
    form: str,
    service: str,
    description: str,
    amount: decimal.Decimal | None = None,
    term_until: datetime.date | None = None,
    source: Model | None = None,
) -> SupportRecord:
    """Record one act of support. Other modules call this for the acts they perform."""
    scope = scope_for(by)
    if provider.kind != Organization.Kind.RESOURCE_CENTRE:
        raise OrganizationError("Поддержку в журнале записывает ресурсный центр.")
    if not (scope.is_federal or provider.pk in scope.rc_organization_ids):
        raise AccessDenied("Записывать поддержку можно только от имени своего РЦ.")
    if not (scope.is_federal or scope.can_view_region(recipient.region_id) or recipient.pk in scope.organization_ids):
        raise AccessDenied("Получатель поддержки вне вашего региона.")
    if term_until and term_until < date:
        raise OrganizationError("Срок оказания поддержки не может быть раньше её даты.")
    record = SupportRecord(
        provider=provider,
        recipient=recipient,
        date=date,
        form=form,
        service=service,
        description=description,
        amount=amount,
        term_until=term_until,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    return _support_record_save(record, source=source)


def _support_record_save(record: SupportRecord, *, source: Model | None, label: str = "") -> SupportRecord:
    """Link the module object the support came from (`label`, else its name), validate and save."""
    if source is not None:
        record.source_type = ContentType.objects.get_for_model(source)
        record.source_id = source.pk
        record.source_label = (label or str(source))[:255]
    record.full_clean(exclude=["created_by", "source_type"])
    record.save()
    return record


PLATFORM_LABEL = "Записано платформой от имени РЦ"


def support_record_create_for_platform(
    *,
    provider: Organization,
    recipient: Organization,
    actor: Any | None,
    date: datetime.date,
    form: str,
    service: str,
    description: str,
    source: Model,
    reason: str,
) -> SupportRecord:
    """Record support the platform gave on a РЦ's behalf when no РЦ staff member acted.

    The system path beside `support_record_create`, without its staff check. Use it only from
    another app's actions — never from a view, an API endpoint or a form (a test enforces it) —
    and only after that action has authorized `actor` for the act itself, when someone who is
    not РЦ staff does what the РЦ offers through the platform: an NGO member generates their
    own organization's document package, an NGO delivers its roadmap item, a mentor checks a
    transfer's fidelity. `provider` is the РЦ of the recipient's region (no РЦ there — no record:
    the caller skips the call); `created_by` is the actor (None for a scheduled job); `source`
    is the module object and `reason` says in the log why the platform wrote the record.
    """
    reason = reason.strip()
    if not reason:
        raise OrganizationError("Укажите, почему поддержку записывает платформа.")
    if provider.kind != Organization.Kind.RESOURCE_CENTRE:
        raise OrganizationError("Поддержку в журнале записывает ресурсный центр.")
    if provider.region_id != recipient.region_id:
        raise OrganizationError("От имени платформы поддержку записывает РЦ региона получателя.")
    record = SupportRecord(
        provider=provider,
        recipient=recipient,
        date=date,
        form=form,
        service=service,
        description=description,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    with transaction.atomic():
        return _support_record_save(record, source=source, label=f"{PLATFORM_LABEL}: {reason} ({source})")


@dataclass
class LinkReport:
    """What organizations_link_territories did: how many were linked, which texts matched nothing."""

    matched: int = 0
    to_settlement: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.matched + len(self.unmatched)


LINK_CHUNK = 900  # ids per UPDATE … WHERE id IN (…): under SQLite's default parameter limit


def organizations_link_territories(
    *, organization_ids: Iterable[int] | None = None, only_unlinked: bool = True
) -> LinkReport:
    """Link organizations to the municipality and settlement their address or place name names.

    Looks at «муниципальное образование / населённый пункт» first, then the address, within the
    organization's subject (and the subjects sharing its code: Тюменская область with ХМАО and
    ЯНАО). only_unlinked leaves organizations that already have a link — set by hand or earlier —
    alone; with it off, a found match replaces the link and a miss keeps it. No history entries:
    this is a bulk reference operation, repeated after every import.
    """
    qs = Organization.objects.all()
    if only_unlinked:
        qs = qs.filter(municipality_ref__isnull=True, settlement__isnull=True)
    ids = None if organization_ids is None else sorted(set(organization_ids))
    chunks = (
        [qs] if ids is None else [qs.filter(pk__in=ids[i : i + LINK_CHUNK]) for i in range(0, len(ids), LINK_CHUNK)]
    )
    matcher = SettlementMatcher()
    report = LinkReport()
    targets: dict[tuple[int | None, int | None], list[int]] = defaultdict(list)
    for chunk in chunks:
        for pk, region_id, municipality, address in chunk.values_list("pk", "region_id", "municipality", "address"):
            found = None
            for text in (municipality, address):
                candidate = matcher.match(region_id=region_id, text=text) if text else None
                if candidate is not None and (found is None or candidate.settlement_id):
                    found = candidate
                if found is not None and found.settlement_id:
                    break
            if found is None:
                report.unmatched.append((pk, " | ".join(t for t in (municipality, address) if t)))
                continue
            report.matched += 1
            report.to_settlement += bool(found.settlement_id)
            targets[(found.municipality_id, found.settlement_id)].append(pk)
    with transaction.atomic():
        for (municipality_id, settlement_id), pks in targets.items():
            for i in range(0, len(pks), LINK_CHUNK):
                Organization.objects.filter(pk__in=pks[i : i + LINK_CHUNK]).update(
                    municipality_ref_id=municipality_id, settlement_id=settlement_id
                )
    return report
