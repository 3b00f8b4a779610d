"""Initiative groups: creation, stage moves with support records, registration, overdue steps."""

import datetime

import pytest

from konstruktor.core.audit import change_history
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.incubator import actions, queries
from konstruktor.incubator.errors import AccessDenied, IncubatorError
from konstruktor.incubator.models import GroupMember, InitiativeGroup, MemberRole, Stage
from konstruktor.incubator.tests.factories import group, municipality, ngo
from konstruktor.organizations.errors import DuplicateOrganization
from konstruktor.organizations.models import LegalForm, Organization, SupportRecord, SupportService

pytestmark = pytest.mark.django_db


def _stage_records(g: InitiativeGroup) -> list[str]:
    return list(
        SupportRecord.objects.filter(recipient=g.organization, service=SupportService.NGO_CREATION)
        .order_by("id")
        .values_list("description", flat=True)
    )


def test_creating_a_group_creates_an_initiative_group_organization_and_a_support_record(perm_consultant) -> None:
    g = group(by=perm_consultant)
    assert g.organization.kind == Organization.Kind.INITIATIVE_GROUP
    assert g.organization.region.fns_code == "59"
    assert g.responsible_centre.kind == Organization.Kind.RESOURCE_CENTRE
    assert g.municipality_had_no_ngos is True
    assert len(_stage_records(g)) == 1


def test_a_group_in_a_municipality_with_an_ngo_is_not_counted_as_a_white_spot(perm_consultant) -> None:
    place = municipality()
    ngo(municipality_ref=place)
    g = group(by=perm_consultant, municipality=place)
    assert g.municipality_had_no_ngos is False


def test_consultant_of_another_region_cannot_create_a_group_and_nothing_is_written(ugra_consultant) -> None:
    before = Organization.objects.count()
    with pytest.raises(Exception, match="своего региона"):
        group(by=ugra_consultant, municipality=municipality(fns_code="59"))
    assert Organization.objects.count() == before
    assert not InitiativeGroup.objects.exists()


def test_moving_through_stages_writes_one_support_record_per_stage_without_duplicates(perm_consultant) -> None:
    g = group(by=perm_consultant)
    actions.group_move(group=g, to_stage=Stage.TEAM, by=perm_consultant, note="Собрали команду из 5 человек")
    actions.group_move(group=g, to_stage=Stage.FORM_CHOICE, by=perm_consultant)
    actions.group_move(group=g, to_stage=Stage.TEAM, by=perm_consultant, note="Ушёл один из учредителей")
    actions.group_move(group=g, to_stage=Stage.FORM_CHOICE, by=perm_consultant)
    g.refresh_from_db()
    assert g.stage == Stage.FORM_CHOICE
    records = _stage_records(g)
    assert len(records) == 3  # идея, команда, выбор формы — revisits add nothing
    assert "«Выбор формы»" in records[-1]
    moves = [e for e in change_history(g) if "stage" in e.changes]
    assert len(moves) == 5  # creation + four moves
    assert g.notes.count() == 2


def test_moving_to_the_same_stage_is_refused(perm_consultant) -> None:
    g = group(by=perm_consultant)
    with pytest.raises(IncubatorError, match="уже на этом этапе"):
        actions.group_move(group=g, to_stage=Stage.IDEA, by=perm_consultant)


def test_a_group_cannot_skip_to_registered_without_registration_data(perm_consultant) -> None:
    g = group(by=perm_consultant)
    with pytest.raises(IncubatorError, match="ОГРН"):
        actions.group_move(group=g, to_stage=Stage.REGISTERED, by=perm_consultant)
    g.refresh_from_db()
    assert g.stage == Stage.IDEA


def test_consultant_of_another_region_cannot_move_a_group_and_nothing_is_written(
    perm_consultant, ugra_consultant
) -> None:
    g = group(by=perm_consultant)
    with pytest.raises(AccessDenied):
        actions.group_move(group=g, to_stage=Stage.TEAM, by=ugra_consultant)
    g.refresh_from_db()
    assert g.stage == Stage.IDEA
    assert len(_stage_records(g)) == 1


def _register(g: InitiativeGroup, by, ogrn: str, inn: str) -> InitiativeGroup:  # type: ignore[no-untyped-def]
    return actions.group_register(
        group=g,
        by=by,
        ogrn=ogrn,
        inn=inn,
        legal_form=LegalForm.objects.get(okopf="71400"),
        full_name="Автономная некоммерческая организация социального обслуживания «Забота рядом»",
        short_name="АНО «Забота рядом»",
        registration_date=datetime.date(2026, 3, 2),
    )


def test_registration_turns_the_group_into_a_registry_ngo_keeping_members_and_history(perm_consultant) -> None:
    g = group(by=perm_consultant)
    actions.group_member_add(
        group=g,
        by=perm_consultant,
        full_name="Сидорова Анна Петровна",
        role=MemberRole.RELEASED_SOCIAL_WORKER,
        institution="ГБУ «Кунгурский психоневрологический интернат № 2» (условное название)",
        contacts="+7 900 000-00-00",
        consent_text="Письменное согласие от 10.03.2026",
    )
    actions.group_move(group=g, to_stage=Stage.SUBMITTED, by=perm_consultant)
    org_pk = g.organization.pk
    g = _register(g, perm_consultant, ogrn_with_check("112590099999"), inn_with_check("590499999"))
    org = Organization.objects.get(pk=org_pk)
    assert org.kind == Organization.Kind.NGO
    assert org.short_name == "АНО «Забота рядом»"
    assert g.stage == Stage.REGISTERED
    assert GroupMember.objects.filter(group=g).count() == 1
    assert change_history(org).filter(changes__has_key="kind").exists()
    assert len(_stage_records(g)) == 3  # идея, подача, зарегистрирована


def test_registration_with_a_taken_ogrn_is_refused_and_the_group_stays_a_group(perm_consultant) -> None:
    existing = ngo()
    g = group(by=perm_consultant)
    with pytest.raises(DuplicateOrganization) as exc:
        _register(g, perm_consultant, existing.ogrn, inn_with_check("590488888"))
    assert str(existing.pk) in exc.value.url
    g.refresh_from_db()
    g.organization.refresh_from_db()
    assert g.organization.kind == Organization.Kind.INITIATIVE_GROUP
    assert g.stage == Stage.IDEA


def test_contacts_without_consent_are_refused(perm_consultant) -> None:
    g = group(by=perm_consultant)
    with pytest.raises(IncubatorError, match="согласием"):
        actions.group_member_add(
            group=g, by=perm_consultant, full_name="Иванов И. И.", role=MemberRole.LEADER, contacts="ivanov@example.ru"
        )
    assert not g.members.exists()


def test_a_next_step_past_its_due_date_is_overdue_and_filtered(perm_consultant) -> None:
    today = datetime.date(2026, 5, 10)
    late = group(
        by=perm_consultant, name="Поздняя", next_step="Собрать учредителей", next_step_due=today.replace(day=9)
    )
    on_time = group(by=perm_consultant, name="Вовремя", next_step="Устав", next_step_due=today)
    assert late.is_overdue(today) and not on_time.is_overdue(today)
    qs = queries.group_filter(
        queries.group_list_visible(user=perm_consultant), queries.GroupFilters(overdue=True), today=today
    )
    assert list(qs) == [late]


def test_saving_the_chooser_on_a_group_stores_the_answers_and_moves_it_to_form_choice(perm_consultant) -> None:
    g = group(by=perm_consultant)
    rec = actions.group_chooser_save(group=g, by=perm_consultant, answers={"founders": 1, "social_services": True})
    g.refresh_from_db()
    assert g.stage == Stage.FORM_CHOICE
    assert g.chooser_result["name"] == rec.name == "Автономная некоммерческая организация"
    assert g.chooser_answers["founders"] == 1


def test_registered_groups_from_empty_municipalities_count_in_the_indicator(perm_consultant) -> None:
    g = group(by=perm_consultant)
    assert queries.groups_registered_from_empty_municipalities() == 0
    _register(g, perm_consultant, ogrn_with_check("112590077777"), inn_with_check("590477777"))
    assert queries.groups_registered_from_empty_municipalities() == 1
