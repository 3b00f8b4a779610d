"""Editing an initiative group's core fields: the page, the history, who may do it."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from konstruktor.core.audit import change_history, change_history_rows
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory, login
from konstruktor.incubator import actions
from konstruktor.incubator.errors import AccessDenied, IncubatorError
from konstruktor.incubator.models import InitiativeGroup
from konstruktor.incubator.tests.factories import group, municipality, ngo
from konstruktor.organizations.models import LegalForm, Membership, Organization, TargetGroup
from konstruktor.organizations.tests.factories import ResourceCentreFactory, region
from konstruktor.territories.models import Settlement

pytestmark = pytest.mark.django_db


def _post(g: InitiativeGroup, **overrides: Any) -> dict[str, Any]:
    """The edit form as the page sends it, with the group's current values unless overridden."""
    org = g.organization
    data: dict[str, Any] = {
        "name": g.name, "social_problem": g.social_problem, "planned_services": g.planned_services,
        "target_groups": [t.pk for t in g.target_groups.all()],
        "municipality": org.municipality_ref_id or "", "settlement": org.settlement_id or "",
        "responsible_centre": g.responsible_centre_id or "", "next_step": g.next_step,
        "next_step_due": g.next_step_due.isoformat() if g.next_step_due else "",
        "next_step_owner": g.next_step_owner_id or "",
    }  # fmt: skip
    data.update(overrides)
    return data


def _state(g: InitiativeGroup) -> tuple[Any, ...]:
    g.refresh_from_db()
    g.organization.refresh_from_db()
    return (
        g.name, g.social_problem, g.planned_services, g.next_step, g.organization.full_name,
        g.organization.municipality_ref_id, sorted(g.target_groups.values_list("code", flat=True)),
        change_history(g).count(),
    )  # fmt: skip


def test_consultant_edits_the_core_fields_and_the_history_names_each_change(perm_consultant) -> None:
    g = group(by=perm_consultant)
    elsewhere = municipality(name="Кишертский муниципальный округ")
    youth = TargetGroup.objects.get(code="youth")
    client = login(perm_consultant)
    assert "Изменить" in client.get(g.get_absolute_url()).content.decode()
    assert client.get(reverse("incubator:edit", args=[g.pk])).status_code == 200
    response = client.post(
        reverse("incubator:edit", args=[g.pk]),
        _post(
            g, name="Забота рядом — Кишерть", planned_services="Доставка продуктов",
            target_groups=[youth.pk], municipality=elsewhere.pk, next_step="Собрать учредителей",
            next_step_due="2026-07-01", next_step_owner=perm_consultant.pk,
        ),
    )  # fmt: skip
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.name, g.planned_services, g.next_step, g.next_step_due, g.next_step_owner) == (
        "Забота рядом — Кишерть", "Доставка продуктов", "Собрать учредителей", datetime.date(2026, 7, 1),
        perm_consultant,
    )  # fmt: skip
    org = Organization.objects.get(pk=g.organization_id)
    assert org.full_name == "Инициативная группа «Забота рядом — Кишерть»"
    assert org.municipality_ref == elsewhere and org.municipality == elsewhere.name
    assert list(org.target_groups.values_list("code", flat=True)) == ["youth"]
    assert list(g.target_groups.values_list("code", flat=True)) == ["youth"]
    entry = change_history(g).first()
    assert entry.actor == perm_consultant and entry.action == "update"
    assert set(entry.changes) == {
        "name", "planned_services", "target_groups", "муниципальное образование", "next_step", "next_step_due",
        "next_step_owner",
    }  # fmt: skip
    assert entry.changes["target_groups"] == ["Пожилые люди", "Молодёжь"]
    labels = {row.label for row in change_history_rows(g)[0][1]}
    assert {"название группы", "целевые группы", "следующий шаг", "муниципальное образование"} <= labels
    assert "Забота рядом — Кишерть" in client.get(g.get_absolute_url()).content.decode()


def test_saving_without_changes_writes_no_history(perm_consultant) -> None:
    g = group(by=perm_consultant)
    before = change_history(g).count()
    response = login(perm_consultant).post(reverse("incubator:edit", args=[g.pk]), _post(g))
    assert response.status_code == 302
    assert change_history(g).count() == before


def test_moving_to_a_municipality_with_ngos_refixes_the_white_spot_mark(perm_consultant) -> None:
    g = group(by=perm_consultant)
    assert g.municipality_had_no_ngos
    busy = municipality()
    ngo(municipality_ref=busy)
    actions.group_update(group=g, by=perm_consultant, **{**_fields(g), "municipality": busy})
    g.refresh_from_db()
    assert g.municipality_had_no_ngos is False
    assert change_history(g).first().changes["municipality_had_no_ngos"] == [True, False]
    empty = municipality()
    actions.group_update(group=g, by=perm_consultant, **{**_fields(g), "municipality": empty})
    g.refresh_from_db()
    assert g.municipality_had_no_ngos is True


def _fields(g: InitiativeGroup) -> dict[str, Any]:
    g.refresh_from_db()
    return {
        "name": g.name, "social_problem": g.social_problem, "target_groups": list(g.target_groups.all()),
        "planned_services": g.planned_services, "municipality": g.organization.municipality_ref,
        "settlement": g.organization.settlement, "responsible_centre": g.responsible_centre,
        "next_step": g.next_step, "next_step_due": g.next_step_due, "next_step_owner": g.next_step_owner,
    }  # fmt: skip


def test_a_registered_ngo_keeps_its_registered_name(perm_consultant) -> None:
    g = group(by=perm_consultant)
    g = actions.group_register(
        group=g, by=perm_consultant, ogrn=ogrn_with_check("112590066666"), inn=inn_with_check("590466666"),
        legal_form=LegalForm.objects.get(okopf="71400"), full_name="АНО социального обслуживания «Забота рядом»",
        registration_date=datetime.date(2026, 3, 2),
    )  # fmt: skip
    actions.group_update(group=g, by=perm_consultant, **{**_fields(g), "name": "Забота рядом (после регистрации)"})
    g.refresh_from_db()
    assert g.name == "Забота рядом (после регистрации)"
    assert Organization.objects.get(pk=g.organization_id).full_name == "АНО социального обслуживания «Забота рядом»"


def test_consultant_of_another_region_gets_404_and_nothing_changes(perm_consultant, ugra_consultant) -> None:
    g = group(by=perm_consultant)
    before = _state(g)
    client = login(ugra_consultant)
    assert client.get(reverse("incubator:edit", args=[g.pk])).status_code == 404
    assert client.post(reverse("incubator:edit", args=[g.pk]), _post(g, name="Чужая правка")).status_code == 404
    assert _state(g) == before
    with pytest.raises(AccessDenied):
        actions.group_update(group=g, by=ugra_consultant, **{**_fields(g), "name": "Чужая правка"})
    assert _state(g) == before


def test_a_member_of_the_group_sees_it_but_may_not_edit_it(perm_consultant) -> None:
    g = group(by=perm_consultant)
    member = UserFactory()
    Membership.objects.create(user=member, organization=g.organization, role=Role.NGO_MEMBER)
    before = _state(g)
    client = login(member)
    page = client.get(g.get_absolute_url())
    assert page.status_code == 200
    assert reverse("incubator:edit", args=[g.pk]) not in page.content.decode()
    assert client.get(reverse("incubator:edit", args=[g.pk])).status_code == 403
    assert client.post(reverse("incubator:edit", args=[g.pk]), _post(g, name="Правка участника")).status_code == 403
    assert _state(g) == before


def test_a_municipality_of_another_region_is_refused_in_russian_and_nothing_is_written(perm_consultant) -> None:
    g = group(by=perm_consultant)
    before = _state(g)
    foreign = municipality(fns_code="86")
    response = login(perm_consultant).post(
        reverse("incubator:edit", args=[g.pk]), _post(g, name="Новое имя", municipality=foreign.pk)
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert _state(g) == before
    with pytest.raises(IncubatorError, match="не относится к региону группы"):
        actions.group_update(group=g, by=perm_consultant, **{**_fields(g), "municipality": foreign})
    assert _state(g) == before


def test_a_settlement_outside_the_municipality_is_refused_and_nothing_is_written(perm_consultant) -> None:
    g = group(by=perm_consultant)
    other = municipality()
    town = Settlement.objects.create(name="Кишерть", region=region("59"), municipality=other)
    before = _state(g)
    response = login(perm_consultant).post(reverse("incubator:edit", args=[g.pk]), _post(g, settlement=town.pk))
    assert response.status_code == 200
    assert "Населённый пункт не относится к выбранному муниципальному образованию" in response.content.decode()
    assert _state(g) == before


def test_an_empty_name_and_a_due_date_without_a_step_are_refused(perm_consultant) -> None:
    g = group(by=perm_consultant)
    before = _state(g)
    client = login(perm_consultant)
    response = client.post(
        reverse("incubator:edit", args=[g.pk]), _post(g, name="", next_step="", next_step_due="2026-08-01")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Обязательное поле" in body and "Укажите шаг, у которого есть срок" in body
    assert _state(g) == before


def test_a_resource_centre_of_another_region_cannot_be_made_responsible(perm_consultant) -> None:
    g = group(by=perm_consultant)
    before = _state(g)
    foreign_centre = ResourceCentreFactory(region=region("86"))
    with pytest.raises(IncubatorError, match="ресурсный центр региона группы"):
        actions.group_update(group=g, by=perm_consultant, **{**_fields(g), "responsible_centre": foreign_centre})
    assert _state(g) == before
