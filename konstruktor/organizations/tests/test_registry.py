import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from konstruktor.core.audit import change_history
from konstruktor.core.identifiers import inn_with_check, ogrn_with_check
from konstruktor.core.models import AccessLog
from konstruktor.core.testing import login
from konstruktor.organizations.models import LegalForm, Organization, OrganizationStatus
from konstruktor.organizations.tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db


def _names(client, **params) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("organizations:list"), params)
    return [o.full_name for o in response.context["page_obj"]]


@pytest.fixture
def named(db):  # type: ignore[no-untyped-def]
    fund = LegalForm.objects.get(okopf="70400")
    roo = LegalForm.objects.get(okopf="20200")
    return {
        "yolka": OrganizationFactory(full_name="Автономная некоммерческая организация «Ёлочка»", short_name="АНО «Ёлочка»"),
        "fund": OrganizationFactory(full_name="Благотворительный фонд “Тёплый дом”", short_name="БФ «Тёплый дом»", legal_form=fund),
        "roo": OrganizationFactory(full_name="Региональная общественная организация инвалидов \"Преодоление\"", short_name="РОО «Преодоление»", legal_form=roo),
    }  # fmt: skip


def test_search_ignores_case_yo_and_quotes(perm_consultant, named) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    assert _names(client, q="ЕЛОЧКА") == [named["yolka"].full_name]
    assert _names(client, q="«теплый дом»") == [named["fund"].full_name]


def test_search_understands_legal_form_words_and_abbreviations(perm_consultant, named) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    assert _names(client, q="АНО елочка") == [named["yolka"].full_name]
    assert _names(client, q="автономная некоммерческая организация Ёлочка") == [named["yolka"].full_name]
    assert _names(client, q="бф теплый") == [named["fund"].full_name]
    assert _names(client, q="общественная организация преодоление") == [named["roo"].full_name]
    assert _names(client, q="РОО инвалидов") == [named["roo"].full_name]
    assert _names(client, q="фонд теплый") == [named["fund"].full_name]
    assert _names(client, q="АНО преодоление") == []


def test_search_by_inn_and_ogrn(perm_consultant, named) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    org = named["fund"]
    assert _names(client, q=org.inn) == [org.full_name]
    assert _names(client, q=org.ogrn) == [org.full_name]


def test_filters_by_legal_form_status_and_area(perm_consultant, named) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    fund_form = LegalForm.objects.get(okopf="70400")
    assert _names(client, legal_form=fund_form.pk) == [named["fund"].full_name]
    OrganizationStatus.objects.create(organization=named["roo"], kind="sonko", since=datetime.date(2020, 1, 1))
    OrganizationStatus.objects.create(
        organization=named["yolka"], kind="sonko", since=datetime.date(2020, 1, 1), until=datetime.date(2021, 1, 1)
    )  # expired
    assert _names(client, status="sonko") == [named["roo"].full_name]


def test_list_page_uses_constant_number_of_queries(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    orgs = OrganizationFactory.create_batch(60)
    for org in orgs[:30]:
        OrganizationStatus.objects.create(organization=org, kind="sonko")
    client = login(perm_consultant)
    counts = []
    for size in (25, 50, 100):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("organizations:list"), {"per_page": size}).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1] == counts[2]


def test_pagination_and_empty_state(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    OrganizationFactory.create_batch(30)
    client = login(perm_consultant)
    page2 = client.get(reverse("organizations:list"), {"page": 2, "per_page": 25})
    assert len(page2.context["page_obj"].object_list) >= 5
    empty = client.get(reverse("organizations:list"), {"q": "несуществующее название"})
    assert "не найдено" in empty.content.decode()


def test_export_csv_and_xlsx_of_filtered_list(perm_consultant, named, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    csv_response = client.get(reverse("organizations:export", args=["csv"]), {"q": "елочка"})
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "Ёлочка" in text and "Тёплый" not in text
    xlsx = client.get(reverse("organizations:export", args=["xlsx"]), {"q": "фонд"})
    path = tmp_path / "out.xlsx"
    path.write_bytes(xlsx.content)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "Тёплый дом" in rows[1][0]


VALID_INN = inn_with_check("590212345")
VALID_OGRN = ogrn_with_check("115595800001")


def _broken(value: str) -> str:
    """The same identifier with a wrong check digit (the check digit is unique)."""
    return value[:-1] + str((int(value[-1]) + 1) % 10)


def _form(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "kind": "ngo", "full_name": "Автономная некоммерческая организация «Новый путь»", "short_name": "АНО «Новый путь»",
        "legal_form": LegalForm.objects.get(okopf="71400").pk, "inn": VALID_INN, "ogrn": VALID_OGRN,
        "region": region("59").pk, "state": "active", "municipality": "г. Пермь",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_consultant_creates_organization_with_history(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).post(reverse("organizations:new"), _form())
    assert response.status_code == 302
    org = Organization.objects.get(inn=VALID_INN)
    assert " ано " in org.search_text and " новый " in org.search_text
    entry = change_history(org).get()
    assert entry.action == "create" and entry.actor == perm_consultant


@pytest.mark.parametrize(
    "overrides,message",
    [({"inn": _broken(VALID_INN)}, "контрольное число ИНН"), ({"ogrn": _broken(VALID_OGRN)}, "контрольное число ОГРН"),
     ({"kpp": "59020100"}, "КПП — 9 знаков"), ({"inn": "", "ogrn": ""}, "Укажите ИНН или ОГРН")],
)  # fmt: skip
def test_wrong_identifiers_are_refused_with_russian_message(perm_consultant, overrides, message) -> None:  # type: ignore[no-untyped-def]
    before = Organization.objects.count()
    response = login(perm_consultant).post(reverse("organizations:new"), _form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organization.objects.count() == before


def test_duplicate_ogrn_is_refused_with_link_to_existing_card(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    data = _form(inn="", ogrn=perm_org.ogrn)
    response = login(perm_consultant).post(reverse("organizations:new"), data)
    body = response.content.decode()
    assert "уже есть в реестре" in body
    assert reverse("organizations:detail", args=[perm_org.pk]) in body
    assert Organization.objects.filter(ogrn=perm_org.ogrn).count() == 1


def test_edit_records_changed_fields_in_history(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    data = _form(inn=perm_org.inn, ogrn=perm_org.ogrn, full_name="АНО «Опора» (новое имя)")
    assert client.post(reverse("organizations:edit", args=[perm_org.pk]), data).status_code == 302
    entry = change_history(perm_org).first()
    assert entry.changes["full_name"][1] == "АНО «Опора» (новое имя)"
    card = client.get(reverse("organizations:detail", args=[perm_org.pk])).content.decode()
    assert "новое имя" in card and "История изменений" in card


def test_opening_a_card_with_contacts_is_logged(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    perm_org.contact_person = "Иванова Мария Петровна"
    perm_org.save()
    login(perm_consultant).get(reverse("organizations:detail", args=[perm_org.pk]))
    assert AccessLog.objects.filter(object_id=perm_org.pk, actor=perm_consultant).count() == 1


def test_registry_filters_by_municipality_and_settlement(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.territories.models import Municipality, Settlement

    district = Municipality.objects.create(oktmo="57701000", name="Пермский городской округ", region=region("59"))
    city = Settlement.objects.create(oktmo="57701000001", name="Пермь", region=region("59"), municipality=district)
    inside = OrganizationFactory(municipality_ref=district, settlement=city)
    OrganizationFactory()
    client = login(perm_consultant)
    assert _names(client, municipality_ref=district.pk) == [inside.full_name]
    assert _names(client, settlement=city.pk) == [inside.full_name]
