import io
import re
import zipfile

import pytest
from django.urls import reverse

from konstruktor.core.models import AccessLog
from konstruktor.core.roles import Role
from konstruktor.core.testing import login
from konstruktor.documents.actions import draft_create, draft_save, package_generate
from konstruktor.documents.errors import AccessDenied, BlockingProblems
from konstruktor.documents.models import GeneratedPackage, PackageDraft
from konstruktor.documents.tests.factories import ano_answers, installed, oo_answers
from konstruktor.organizations.models import Membership, Organization, SupportRecord
from konstruktor.organizations.tests.factories import OrganizationFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def ano():  # type: ignore[no-untyped-def]
    return installed("ano-registration")


@pytest.fixture
def group():  # type: ignore[no-untyped-def]
    return OrganizationFactory(
        kind=Organization.Kind.INITIATIVE_GROUP, full_name="Инициативная группа «Забота рядом»", inn="", ogrn=""
    )


def test_consultant_starts_a_draft_prefilled_from_the_region(perm_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).post(reverse("documents:package", args=[ano.slug]), {"organization": group.pk})

    draft = PackageDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:step", args=[draft.pk, 0])
    assert draft.organization == group and draft.created_by == perm_consultant
    assert draft.answers["minjust_office"] == "Управление Министерства юстиции Российской Федерации по Пермскому краю"
    assert draft.answers["address"] == {"region": "Пермский край"}
    assert draft.answers["founders"] == [{"type": "individual"}]


def test_answers_are_autosaved_and_resumed_on_the_next_visit(perm_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    client = login(perm_consultant)

    response = client.post(
        reverse("documents:autosave", args=[draft.pk, 0]),
        {"full_name": "Автономная некоммерческая организация «Радуга»", "location": "г. Кунгур"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Сохранено в" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers["full_name"] == "Автономная некоммерческая организация «Радуга»"
    assert draft.answers["founders"] == [{"type": "individual"}]  # other steps are untouched
    page = client.get(reverse("documents:step", args=[draft.pk, 0])).content.decode()
    assert 'value="г. Кунгур"' in page
    assert AccessLog.objects.filter(object_id=draft.pk, purpose__contains="анкеты").exists()


def test_autosave_shows_the_blocking_problem_next_to_the_founders(perm_consultant, ano) -> None:  # type: ignore[no-untyped-def]
    oo = installed("oo-registration")
    org = OrganizationFactory()
    draft = draft_create(package=oo, organization=org, by=perm_consultant)
    post = {"founders.count": "2"}
    for i, name in enumerate(["Иванов", "Петров"]):
        post.update({f"founders.{i}.type": "individual", f"founders.{i}.person.last_name": name})

    response = login(perm_consultant).post(
        reverse("documents:autosave", args=[draft.pk, 1]), post, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert 'id="p-founders" hx-swap-oob="true"' in html
    problems = html[html.index('id="p-founders"') : html.index("</ul>", html.index('id="p-founders"'))]
    assert "F1" in problems and "не менее 3" in problems and "блокирует формирование" in problems


def test_adding_a_founder_appends_an_item_with_defaults(perm_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    login(perm_consultant).post(
        reverse("documents:step", args=[draft.pk, 1]),
        {"founders.count": "1", "founders.0.type": "individual", "founders.0.person.last_name": "Иванов",
         "_action": "add:founders"},
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.answers["founders"] == [
        {"type": "individual", "person": {"last_name": "Иванов"}},
        {"type": "individual"},
    ]


def test_consultant_of_another_region_gets_404_on_a_draft_and_cannot_post(
    perm_consultant, ugra_consultant, group, ano
) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    client = login(ugra_consultant)

    assert client.get(reverse("documents:step", args=[draft.pk, 0])).status_code == 404
    assert client.get(reverse("documents:summary", args=[draft.pk])).status_code == 404
    response = client.post(reverse("documents:autosave", args=[draft.pk, 0]), {"full_name": "Взлом"})
    assert response.status_code == 404
    assert client.post(reverse("documents:generate", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert "full_name" not in draft.answers
    assert not GeneratedPackage.objects.exists()
    assert draft.pk not in [d.pk for d in client.get(reverse("documents:index")).context["drafts"]]


def test_consultant_cannot_start_a_draft_for_another_regions_organization(perm_consultant, ugra_org, ano) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).post(reverse("documents:package", args=[ano.slug]), {"organization": ugra_org.pk})

    assert response.status_code == 200  # the organization is not among the choices
    assert not PackageDraft.objects.exists()
    with pytest.raises(AccessDenied):
        draft_create(package=ano, organization=ugra_org, by=perm_consultant)


def test_ngo_member_fills_and_generates_their_own_organizations_package(perm_org, ano) -> None:  # type: ignore[no-untyped-def]
    member = UserFactory()
    Membership.objects.create(user=member, organization=perm_org, role=Role.NGO_MEMBER)
    draft = draft_create(package=ano, organization=perm_org, by=member)
    draft_save(draft=draft, by=member, answers=ano_answers())

    generated = package_generate(draft=draft, by=member)

    assert generated.number == 1
    assert not SupportRecord.objects.exists()  # support is given by a РЦ, not by the NGO itself
    other = OrganizationFactory(region=region("59"))
    with pytest.raises(AccessDenied):
        draft_create(package=ano, organization=other, by=member)


def test_generation_by_rc_staff_writes_one_support_record(perm_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers())

    first = package_generate(draft=draft, by=perm_consultant)
    package_generate(draft=draft, by=perm_consultant)  # the same day: the same act of support

    record = SupportRecord.objects.get()
    assert record.recipient == group
    assert record.provider == Membership.objects.get(user=perm_consultant).organization
    assert record.service == "documents" and record.source_id == first.pk
    assert "Регистрация автономной некоммерческой организации" in record.description


def test_generation_is_refused_while_a_blocking_problem_remains_and_nothing_is_written(
    perm_consultant, group, ano
) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers(full_name="Благотворительная АНО «Радуга»"))

    with pytest.raises(BlockingProblems) as caught:
        package_generate(draft=draft, by=perm_consultant)

    assert {p.rule for p in caught.value.problems} >= {"N1", "N6"}
    assert not GeneratedPackage.objects.exists() and not SupportRecord.objects.exists()
    response = login(perm_consultant).post(reverse("documents:generate", args=[draft.pk]), follow=True)
    assert "Пакет не сформирован" in response.content.decode()
    assert not GeneratedPackage.objects.exists()


def test_summary_disables_generation_and_lists_problems_with_their_legal_basis(perm_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers(full_name="Благотворительная АНО «Радуга»"))

    html = login(perm_consultant).get(reverse("documents:summary", args=[draft.pk])).content.decode()

    button = html[html.index('action="' + reverse("documents:generate", args=[draft.pk])) :]
    assert re.search(r'<button type="submit" class="primary" disabled[^>]*>Сформировать пакет', button)
    assert "N6" in html and "135-ФЗ ст. 7" in html
    assert f'href="{reverse("documents:step", args=[draft.pk, 0])}#q-full-name"' in html


def test_regenerating_after_a_change_shows_what_changed(perm_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers())
    package_generate(draft=draft, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers(location="г. Кунгур", director_term_years=3))

    second = package_generate(draft=draft, by=perm_consultant)

    assert second.number == 2
    changes = {label: (before, after) for label, before, after in second.changes}
    assert changes["Место нахождения (населённый пункт)"] == ("г. Пермь", "г. Кунгур")
    assert changes["Срок полномочий руководителя, лет"] == (5, 3)
    html = login(perm_consultant).get(reverse("documents:summary", args=[draft.pk])).content.decode()
    assert "Что изменилось по сравнению с версией 1" in html and "г. Кунгур" in html


def test_versions_keep_their_own_files_and_each_document_downloads(perm_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers())
    generated = package_generate(draft=draft, by=perm_consultant)
    client = login(perm_consultant)

    archive = client.get(reverse("documents:download", args=[generated.pk]))
    first_doc = client.get(reverse("documents:document", args=[generated.pk, 1]))

    assert archive["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names[0] == "00 Содержание пакета.docx" and "01 Устав.docx" in names
    assert first_doc["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''01%20" in first_doc["Content-Disposition"]


def test_other_region_cannot_download_a_generated_package(perm_consultant, ugra_consultant, group, ano) -> None:  # type: ignore[no-untyped-def]
    draft = draft_create(package=ano, organization=group, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers())
    generated = package_generate(draft=draft, by=perm_consultant)

    client = login(ugra_consultant)
    assert client.get(reverse("documents:download", args=[generated.pk])).status_code == 404
    assert client.get(reverse("documents:document", args=[generated.pk, 1])).status_code == 404


def test_oo_package_renders_the_protocol_with_the_audit_body(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    oo = installed("oo-registration")
    draft = draft_create(package=oo, organization=perm_org, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=oo_answers())

    generated = package_generate(draft=draft, by=perm_consultant)

    assert [d["title"] for d in generated.documents][:2] == ["Устав", "Протокол учредительного собрания"]
