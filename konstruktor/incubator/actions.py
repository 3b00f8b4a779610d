"""Every change of the incubator: groups, their stages and members, registration, mentoring."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from konstruktor.core.access import scope_for
from konstruktor.core.audit import change_record
from konstruktor.incubator.chooser import Recommendation, legal_form_recommend
from konstruktor.incubator.errors import AccessDenied, IncubatorError
from konstruktor.incubator.models import (
    STAGE_ORDER,
    GroupMember,
    GroupNote,
    InitiativeGroup,
    Partnership,
    PartnershipMeeting,
    Stage,
    stage_index,
)
from konstruktor.incubator.queries import group_can_manage, municipality_ngo_count, staff_of_regions
from konstruktor.organizations import actions as org_actions
from konstruktor.organizations.errors import AccessDenied as SupportAccessDenied
from konstruktor.organizations.models import (
    ActivityArea,
    LegalForm,
    Organization,
    SupportForm,
    SupportService,
    TargetGroup,
)
from konstruktor.organizations.queries import resource_centres_for
from konstruktor.territories.models import Municipality, Region, Settlement

REGISTERED_INDEX = stage_index(Stage.REGISTERED)


def _require_manager(group: InitiativeGroup, by: Any) -> None:
    if not group_can_manage(group=group, user=by):
        raise AccessDenied("Вести инициативную группу может только сотрудник РЦ её региона.")


def _centre_for(*, by: Any, region_id: int, fallback: Organization | None = None) -> Organization:
    """The РЦ the user acts for in the region (the provider of the support records)."""
    centres = resource_centres_for(user=by)
    centre = centres.filter(region_id=region_id).first() or fallback or centres.first()
    if centre is None:
        raise AccessDenied("Вы не работаете ни в одном ресурсном центре.")
    return centre


def group_create(
    *,
    by: Any,
    name: str,
    social_problem: str,
    region: Region,
    municipality: Municipality | None = None,
    settlement: Settlement | None = None,
    target_groups: list[TargetGroup] | None = None,
    areas: list[ActivityArea] | None = None,
    planned_services: str = "",
    next_step: str = "",
    next_step_due: datetime.date | None = None,
    next_step_owner: Any | None = None,
) -> InitiativeGroup:
    scope = scope_for(by)
    if not (scope.is_rc_staff and scope.can_edit_region(region.pk)):
        raise AccessDenied("Создавать инициативные группы может только сотрудник РЦ своего региона.")
    if municipality is not None and municipality.region_id != region.pk:
        raise IncubatorError("Муниципальное образование не относится к выбранному региону.")
    if (
        settlement is not None
        and municipality is not None
        and settlement.municipality_id not in (None, municipality.pk)
    ):
        raise IncubatorError("Населённый пункт не относится к выбранному муниципальному образованию.")
    centre = _centre_for(by=by, region_id=region.pk)
    place = settlement or municipality
    with transaction.atomic():
        organization = org_actions.organization_create(
            by=by,
            areas=areas,
            target_groups=target_groups,
            kind=Organization.Kind.INITIATIVE_GROUP,
            full_name=f"Инициативная группа «{name}»",
            short_name=f"ИГ «{name}»"[:500],
            region=region,
            municipality_ref=municipality,
            settlement=settlement,
            municipality=place.name if place is not None else "",
        )
        group = InitiativeGroup.objects.create(
            organization=organization,
            name=name,
            social_problem=social_problem,
            planned_services=planned_services,
            next_step=next_step,
            next_step_due=next_step_due,
            next_step_owner=next_step_owner,
            responsible_centre=centre,
            municipality_had_no_ngos=municipality is not None
            and municipality_ngo_count(municipality_id=municipality.pk) == 0,
            created_by=by,
        )
        if target_groups:
            group.target_groups.set(target_groups)
        change_record(obj=group, actor=by, action="create", changes={"stage": [None, group.stage]})
        _stage_supported(group=group, by=by, centre=centre)
    return group


def _check_territory(*, region_id: int, municipality: Municipality | None, settlement: Settlement | None) -> None:
    if municipality is not None and municipality.region_id != region_id:
        raise IncubatorError("Муниципальное образование не относится к региону группы.")
    if settlement is not None and settlement.region_id != region_id:
        raise IncubatorError("Населённый пункт не относится к региону группы.")
    if (
        settlement is not None
        and municipality is not None
        and settlement.municipality_id not in (None, municipality.pk)
    ):
        raise IncubatorError("Населённый пункт не относится к выбранному муниципальному образованию.")


def _names(items: Any) -> str:
    return ", ".join(sorted(str(item) for item in items))


def group_update(
    *,
    group: InitiativeGroup,
    by: Any,
    name: str,
    social_problem: str,
    target_groups: list[TargetGroup],
    planned_services: str,
    municipality: Municipality | None,
    settlement: Settlement | None,
    responsible_centre: Organization | None,
    next_step: str,
    next_step_due: datetime.date | None,
    next_step_owner: Any | None,
) -> InitiativeGroup:
    """Change the group's core fields; its organization follows (territory, target groups, and the
    name while it is not yet a registered NGO). Every changed field goes to the group's history.

    A new municipality re-fixes «в муниципалитете не было НКО» as of today, the group's own
    organization not counted: the old figure described a territory the group is not in.
    """
    _require_manager(group, by)
    name, social_problem = name.strip(), social_problem.strip()
    if not name:
        raise IncubatorError("Укажите название группы.")
    if not social_problem:
        raise IncubatorError("Опишите социальную проблему, которую решает группа.")
    region_id = group.organization.region_id
    _check_territory(region_id=region_id, municipality=municipality, settlement=settlement)
    if settlement is not None and municipality is None and settlement.municipality_id is not None:
        municipality = settlement.municipality
    if responsible_centre is not None and (
        responsible_centre.kind != Organization.Kind.RESOURCE_CENTRE or responsible_centre.region_id != region_id
    ):
        raise IncubatorError("Ответственным может быть только ресурсный центр региона группы.")
    if (
        next_step_owner is not None
        and not staff_of_regions(region_ids=[region_id]).filter(pk=next_step_owner.pk).exists()
    ):
        raise IncubatorError("Ответственным за шаг может быть только сотрудник РЦ региона группы.")
    with transaction.atomic():
        group = InitiativeGroup.objects.select_for_update().select_related("organization").get(pk=group.pk)
        org = group.organization
        before = {
            "name": group.name, "social_problem": group.social_problem, "planned_services": group.planned_services,
            "target_groups": _names(group.target_groups.all()),
            "responsible_centre": str(group.responsible_centre or ""), "next_step": group.next_step,
            "next_step_due": str(group.next_step_due or ""), "next_step_owner": str(group.next_step_owner or ""),
            "муниципальное образование": str(org.municipality_ref or ""),
            "населённый пункт": str(org.settlement or ""),
            "municipality_had_no_ngos": group.municipality_had_no_ngos,
        }  # fmt: skip
        group.name, group.social_problem, group.planned_services = name, social_problem, planned_services.strip()
        group.responsible_centre, group.next_step = responsible_centre, next_step.strip()
        group.next_step_due, group.next_step_owner = next_step_due, next_step_owner
        if municipality is not None and municipality.pk != org.municipality_ref_id:
            group.municipality_had_no_ngos = (
                municipality_ngo_count(municipality_id=municipality.pk, exclude_organization_id=org.pk) == 0
            )
        elif municipality is None:
            group.municipality_had_no_ngos = False
        group.save()
        group.target_groups.set(target_groups)
        place = settlement or municipality
        org_fields: dict[str, Any] = {
            "municipality_ref": municipality,
            "settlement": settlement,
            "municipality": place.name if place is not None else "",
        }
        if org.kind == Organization.Kind.INITIATIVE_GROUP:
            org_fields.update(full_name=f"Инициативная группа «{name}»", short_name=f"ИГ «{name}»"[:500])
        group.organization = org_actions.organization_update(
            organization=org, by=by, target_groups=target_groups, **org_fields
        )
        after = {
            "name": group.name, "social_problem": group.social_problem, "planned_services": group.planned_services,
            "target_groups": _names(target_groups), "responsible_centre": str(responsible_centre or ""),
            "next_step": group.next_step, "next_step_due": str(next_step_due or ""),
            "next_step_owner": str(next_step_owner or ""),
            "муниципальное образование": str(municipality or ""), "населённый пункт": str(settlement or ""),
            "municipality_had_no_ngos": group.municipality_had_no_ngos,
        }  # fmt: skip
        changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
        if changes:
            change_record(obj=group, actor=by, action="update", changes=changes)
    return group


def _stage_supported(*, group: InitiativeGroup, by: Any, centre: Organization) -> None:
    """One support record per stage the РЦ worked on with the group (the support log's spine)."""
    if group.stage in group.supported_stages:
        return
    org_actions.support_record_create(
        by=by,
        provider=centre,
        recipient=group.organization,
        date=datetime.date.today(),
        form=SupportForm.CONSULTATION,
        service=SupportService.NGO_CREATION,
        description=f"Инкубатор: сопровождение инициативной группы на этапе «{Stage(group.stage).label}»",
        source=group,
    )
    group.supported_stages = [*group.supported_stages, group.stage]
    group.save(update_fields=["supported_stages", "updated_at"])


def _move(*, group: InitiativeGroup, to_stage: str, by: Any, note: str) -> InitiativeGroup:
    before = group.stage
    group.stage = to_stage
    group.save(update_fields=["stage", "updated_at"])
    change_record(obj=group, actor=by, action="update", changes={"stage": [before, to_stage]}, note=note)
    if note.strip():
        GroupNote.objects.create(group=group, text=note.strip(), author=by)
    centre = _centre_for(by=by, region_id=group.organization.region_id, fallback=group.responsible_centre)
    _stage_supported(group=group, by=by, centre=centre)
    return group


def group_move(*, group: InitiativeGroup, to_stage: str, by: Any, note: str = "") -> InitiativeGroup:
    """Move the group forward or back one or more stages; registration has its own action."""
    _require_manager(group, by)
    if to_stage not in STAGE_ORDER:
        raise IncubatorError("Неизвестный этап.")
    with transaction.atomic():
        group = InitiativeGroup.objects.select_for_update().select_related("organization").get(pk=group.pk)
        if to_stage == group.stage:
            raise IncubatorError("Группа уже на этом этапе.")
        registered = group.organization.kind == Organization.Kind.NGO
        if stage_index(to_stage) >= REGISTERED_INDEX and not registered:
            raise IncubatorError("Сначала внесите сведения о регистрации НКО: ОГРН, ИНН, дату регистрации.")
        if stage_index(to_stage) < REGISTERED_INDEX and registered:
            raise IncubatorError("НКО уже зарегистрирована: вернуть её на этапы до регистрации нельзя.")
        return _move(group=group, to_stage=to_stage, by=by, note=note)


def group_register(
    *,
    group: InitiativeGroup,
    by: Any,
    ogrn: str,
    inn: str,
    legal_form: LegalForm,
    full_name: str,
    registration_date: datetime.date,
    short_name: str = "",
    kpp: str = "",
    minjust_number: str = "",
    address: str = "",
) -> InitiativeGroup:
    """The group became an NGO: its Organization turns into a registry NGO, history and members kept."""
    _require_manager(group, by)
    if not ogrn or not inn:
        raise IncubatorError("Для регистрации нужны ОГРН и ИНН.")
    if registration_date > datetime.date.today():
        raise IncubatorError("Дата регистрации не может быть в будущем.")
    with transaction.atomic():
        group = InitiativeGroup.objects.select_for_update().select_related("organization").get(pk=group.pk)
        if group.organization.kind == Organization.Kind.NGO:
            raise IncubatorError("Группа уже зарегистрирована как НКО.")
        fields: dict[str, Any] = {
            "kind": Organization.Kind.NGO,
            "ogrn": ogrn,
            "inn": inn,
            "kpp": kpp,
            "legal_form": legal_form,
            "full_name": full_name,
            "short_name": short_name,
            "registration_date": registration_date,
            "minjust_number": minjust_number,
        }
        if address:
            fields["address"] = address
        # Identifiers are validated and duplicates refused (with a link) by the registry itself.
        group.organization = org_actions.organization_update(organization=group.organization, by=by, **fields)
        if group.stage != Stage.REGISTERED:
            _move(group=group, to_stage=Stage.REGISTERED, by=by, note="НКО зарегистрирована")
    return group


def group_next_step_set(
    *, group: InitiativeGroup, by: Any, next_step: str, next_step_due: datetime.date | None, next_step_owner: Any
) -> InitiativeGroup:
    _require_manager(group, by)
    with transaction.atomic():
        group = InitiativeGroup.objects.select_for_update().get(pk=group.pk)
        before = {
            "next_step": group.next_step,
            "next_step_due": str(group.next_step_due or ""),
            "next_step_owner": str(group.next_step_owner or ""),
        }
        group.next_step, group.next_step_due, group.next_step_owner = next_step, next_step_due, next_step_owner
        group.save(update_fields=["next_step", "next_step_due", "next_step_owner", "updated_at"])
        after = {
            "next_step": next_step,
            "next_step_due": str(next_step_due or ""),
            "next_step_owner": str(next_step_owner or ""),
        }
        changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
        if changes:
            change_record(obj=group, actor=by, action="update", changes=changes)
    return group


def group_member_add(
    *,
    group: InitiativeGroup,
    by: Any,
    full_name: str,
    role: str,
    institution: str = "",
    contacts: str = "",
    consent_text: str = "",
    user: Any | None = None,
) -> GroupMember:
    _require_manager(group, by)
    if not full_name.strip():
        raise IncubatorError("Укажите ФИО участника.")
    if contacts.strip() and not consent_text.strip():
        raise IncubatorError(
            "Контакты участника можно сохранить только с его согласием на обработку персональных данных."
        )
    with transaction.atomic():
        member = GroupMember.objects.create(
            group=group,
            full_name=full_name.strip(),
            role=role,
            institution=institution.strip(),
            contacts=contacts.strip(),
            consent_text=consent_text.strip(),
            consent_at=timezone.now() if consent_text.strip() else None,
            user=user,
        )
        change_record(obj=group, actor=by, action="update", changes={"участник": [None, str(member)]})
    return member


def group_note_add(*, group: InitiativeGroup, by: Any, text: str) -> GroupNote:
    _require_manager(group, by)
    if not text.strip():
        raise IncubatorError("Заметка пуста.")
    return GroupNote.objects.create(group=group, text=text.strip(), author=by)


def group_chooser_save(*, group: InitiativeGroup, by: Any, answers: dict[str, Any]) -> Recommendation:
    """Save the chooser's answers and recommendation on the group; the group reaches «выбор формы»."""
    _require_manager(group, by)
    recommendation = legal_form_recommend(answers)
    with transaction.atomic():
        group = InitiativeGroup.objects.select_for_update().select_related("organization").get(pk=group.pk)
        group.chooser_answers = {k: v for k, v in answers.items() if k != "csrfmiddlewaretoken"}
        group.chooser_result = recommendation.as_dict()
        group.save(update_fields=["chooser_answers", "chooser_result", "updated_at"])
        change_record(
            obj=group, actor=by, action="update", changes={"рекомендованная форма": [None, recommendation.name]}
        )
        if stage_index(group.stage) < stage_index(Stage.FORM_CHOICE):
            _move(group=group, to_stage=Stage.FORM_CHOICE, by=by, note=f"Рекомендована форма: {recommendation.name}")
    return recommendation


# --- Mentoring ------------------------------------------------------------------------------


def _partnership_supported(*, partnership: Partnership, by: Any, centre: Organization, description: str) -> list[str]:
    """Support records for both sides; a side outside the user's scope is skipped and named."""
    skipped = []
    for side in (partnership.mentee, partnership.mentor):
        try:
            org_actions.support_record_create(
                by=by,
                provider=centre,
                recipient=side,
                date=datetime.date.today(),
                form=SupportForm.METHODICAL,
                service=SupportService.NGO_CREATION,
                description=description,
                source=partnership,
            )
        except SupportAccessDenied:
            # The support log keeps to the user's region; the mentor's own РЦ records its part.
            skipped.append(str(side))
    return skipped


def _require_partnership_manager(*, mentee: Organization, by: Any) -> Organization:
    scope = scope_for(by)
    if not (scope.is_rc_staff and scope.can_edit_region(mentee.region_id)):
        raise AccessDenied("Оформлять наставничество может только сотрудник РЦ региона подопечной организации.")
    return _centre_for(by=by, region_id=mentee.region_id)


def partnership_create(
    *,
    by: Any,
    mentor: Organization,
    mentee: Organization,
    aim: str,
    plan: str = "",
    started: datetime.date | None = None,
) -> tuple[Partnership, list[str]]:
    """Record an agreed mentoring partnership; returns it and the sides left without a support record."""
    centre = _require_partnership_manager(mentee=mentee, by=by)
    if mentor.pk == mentee.pk:
        raise IncubatorError("Организация не может быть наставником самой себе.")
    if mentor.kind != Organization.Kind.NGO or mentor.state != Organization.State.ACTIVE:
        raise IncubatorError("Наставником может быть только действующая НКО из реестра.")
    if mentee.kind not in (Organization.Kind.NGO, Organization.Kind.INITIATIVE_GROUP):
        raise IncubatorError("Подопечной может быть инициативная группа или молодая НКО.")
    if not aim.strip():
        raise IncubatorError("Укажите цель наставничества.")
    with transaction.atomic():
        partnership = Partnership.objects.create(
            mentor=mentor,
            mentee=mentee,
            aim=aim.strip(),
            plan=plan.strip(),
            started=started or datetime.date.today(),
            centre=centre,
            created_by=by,
        )
        change_record(obj=partnership, actor=by, action="create", changes={"mentor": [None, str(mentor)]})
        skipped = _partnership_supported(
            partnership=partnership, by=by, centre=centre, description=f"Наставничество согласовано: {partnership.aim}"
        )
    return partnership, skipped


def partnership_meeting_add(
    *,
    partnership: Partnership,
    by: Any,
    date: datetime.date,
    topic: str,
    notes: str = "",
    outcome: str = "",
) -> tuple[PartnershipMeeting, list[str]]:
    centre = _require_partnership_manager(mentee=partnership.mentee, by=by)
    if not topic.strip():
        raise IncubatorError("Укажите тему встречи.")
    if date < partnership.started:
        raise IncubatorError("Встреча не может быть раньше начала наставничества.")
    with transaction.atomic():
        meeting = PartnershipMeeting.objects.create(
            partnership=partnership, date=date, topic=topic.strip(), notes=notes, outcome=outcome, created_by=by
        )
        if partnership.status == Partnership.Status.AGREED:
            partnership.status = Partnership.Status.ACTIVE
            partnership.save(update_fields=["status"])
        skipped = _partnership_supported(
            partnership=partnership, by=by, centre=centre, description=f"Встреча наставничества: {meeting.topic}"
        )
    return meeting, skipped


def partnership_close(
    *, partnership: Partnership, by: Any, results: str, ended: datetime.date | None = None, completed: bool = True
) -> Partnership:
    _require_partnership_manager(mentee=partnership.mentee, by=by)
    ended = ended or datetime.date.today()
    if ended < partnership.started:
        raise IncubatorError("Окончание не может быть раньше начала.")
    with transaction.atomic():
        before = partnership.status
        partnership.status = Partnership.Status.COMPLETED if completed else Partnership.Status.CANCELLED
        partnership.results, partnership.ended = results.strip(), ended
        partnership.save(update_fields=["status", "results", "ended"])
        change_record(obj=partnership, actor=by, action="update", changes={"status": [before, partnership.status]})
    return partnership
