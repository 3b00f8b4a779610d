"""Target groups of registry organizations: the card, the form with its history, filters, the API."""

import json

import pytest
from django.urls import reverse

from konstruktor.core.audit import change_history
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.testing import login
from konstruktor.organizations.models import LegalForm, Organization, TargetGroup
from konstruktor.organizations.tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db


def group(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def _form(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "kind": "ngo", "full_name": "Автономная некоммерческая организация «Тёплый дом»",
        "short_name": "АНО «Тёплый дом»", "legal_form": LegalForm.objects.get(okopf="71400").pk,
        "inn": inn_with_check("590277001"), "ogrn": ogrn_with_check("115595877001"),
        "region": region("59").pk, "state": "active",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_form_saves_target_groups_and_the_card_shows_them(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    response = client.post(
        reverse("organizations:new"), _form(target_groups=[group("elderly").pk, group("disabled").pk])
    )
    assert response.status_code == 302
    org = Organization.objects.get(short_name="АНО «Тёплый дом»")
    assert set(org.target_groups.values_list("code", flat=True)) == {"elderly", "disabled"}
    assert change_history(org).get().changes["target_groups"] == [None, "Люди с инвалидностью, Пожилые люди"]
    card = client.get(org.get_absolute_url()).content.decode()
    assert "Целевые группы" in card and "Пожилые люди" in card and "Люди с инвалидностью" in card


def test_changing_target_groups_is_recorded_in_the_history(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    perm_org.target_groups.set([group("elderly")])
    data = _form(inn=perm_org.inn, ogrn=perm_org.ogrn, target_groups=[group("youth").pk])
    assert login(perm_consultant).post(reverse("organizations:edit", args=[perm_org.pk]), data).status_code == 302
    assert list(perm_org.target_groups.values_list("code", flat=True)) == ["youth"]
    assert change_history(perm_org).first().changes["target_groups"] == ["Пожилые люди", "Молодёжь"]


def test_an_unknown_target_group_is_refused_and_nothing_is_written(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).post(reverse("organizations:new"), _form(target_groups=[999999]))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Organization.objects.filter(short_name="АНО «Тёплый дом»").exists()


def test_the_registry_list_filters_by_target_group(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    elderly = OrganizationFactory()
    elderly.target_groups.set([group("elderly"), group("caregivers")])
    OrganizationFactory().target_groups.set([group("youth")])
    OrganizationFactory()
    response = login(perm_consultant).get(reverse("organizations:list"), {"target_group": group("elderly").pk})
    assert [o.pk for o in response.context["page_obj"]] == [elderly.pk]


def test_the_api_reads_and_writes_target_groups_by_code(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    payload = {"full_name": "АНО «Северный ветер»", "region": region("59").pk, "legal_form": "71400",
               "inn": inn_with_check("590400077"), "target_groups": ["elderly", "svo"]}  # fmt: skip
    created = client.post("/api/v1/organizations", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201, created.content
    assert sorted(created.json()["target_groups"]) == ["elderly", "svo"]
    pk = created.json()["id"]
    # A PATCH that does not send target groups keeps them; one that does replaces them.
    kept = client.patch(f"/api/v1/organizations/{pk}", json.dumps({"website": "veter.example.ru"}), "application/json")
    assert sorted(kept.json()["target_groups"]) == ["elderly", "svo"]
    replaced = client.patch(f"/api/v1/organizations/{pk}", json.dumps({"target_groups": ["youth"]}), "application/json")
    assert replaced.json()["target_groups"] == ["youth"]
    listing = client.get("/api/v1/organizations", {"target_group": "youth"}).json()
    assert [o["id"] for o in listing["results"]] == [pk]
    codes = [t["code"] for t in client.get("/api/v1/organizations/target-groups").json()]
    assert "elderly" in codes and "svo" in codes


def test_the_api_refuses_unknown_target_group_codes_in_russian(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    payload = {"full_name": "АНО «Ошибка»", "region": region("59").pk, "inn": inn_with_check("590400078"),
               "target_groups": ["elderly", "martians"]}  # fmt: skip
    response = client.post("/api/v1/organizations", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert "martians" in response.json()["detail"] and "целевой группы" in response.json()["detail"]
    assert not Organization.objects.filter(full_name="АНО «Ошибка»").exists()
    assert client.get("/api/v1/organizations", {"target_group": "martians"}).status_code == 422


def test_demo_organizations_get_plausible_target_groups(db) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.organizations.demo import demo_seed

    demo_seed(write=lambda _: None)
    elderly_care = Organization.objects.filter(full_name__contains="социальной поддержки пожилых людей")
    assert elderly_care.exists()
    assert all(o.target_groups.filter(code="elderly").exists() for o in elderly_care)
    migrants = Organization.objects.filter(full_name__contains="адаптации мигрантов").first()
    assert migrants is not None and migrants.target_groups.filter(code="migrants").exists()
    before = sorted(Organization.target_groups.through.objects.values_list("organization_id", "targetgroup_id"))
    demo_seed(write=lambda _: None)  # idempotent
    after = sorted(Organization.target_groups.through.objects.values_list("organization_id", "targetgroup_id"))
    assert before == after
