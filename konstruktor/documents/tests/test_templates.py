import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.documents.actions import draft_create, draft_save, package_generate, template_version_upload
from konstruktor.documents.errors import AccessDenied, TemplateRejected
from konstruktor.documents.models import DocumentTemplate, TemplateVersion
from konstruktor.documents.rendering import zip_members
from konstruktor.documents.shipped.dsl import Center, P, Title, build_docx
from konstruktor.documents.tests.factories import ano_answers, installed
from konstruktor.organizations.tests.factories import OrganizationFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def ano():  # type: ignore[no-untyped-def]
    return installed("ano-registration")


@pytest.fixture
def charter(ano):  # type: ignore[no-untyped-def]
    return DocumentTemplate.objects.get(package=ano, filename="Устав")


def docx_with(*texts: str) -> bytes:
    return build_docx([Title("УСТАВ"), *[P(t) for t in texts]], title="Проверка")


def test_a_template_with_a_syntax_error_is_refused_with_the_place_and_nothing_is_saved(coordinator, charter) -> None:  # type: ignore[no-untyped-def]
    before = TemplateVersion.objects.count()
    data = docx_with("Первый абзац.", "{% if founders %}Учредители есть.", "Конец.")

    with pytest.raises(TemplateRejected) as caught:
        template_version_upload(template=charter, by=coordinator, data=data, original_name="устав.docx")

    issue = caught.value.issues[0]
    assert issue.message == "Синтаксическая ошибка: не закрыт блок {% if %}: не хватает тега {% endif %}."
    assert issue.place == "основной текст, абзац 3 «{% if founders %}Учредители есть.»"
    assert TemplateVersion.objects.count() == before


def test_an_unknown_variable_is_refused_with_its_paragraph(coordinator, charter) -> None:  # type: ignore[no-untyped-def]
    data = docx_with("Наименование: {{ org.full_name }}.", "Председатель: {{ chairman_name }}.")

    with pytest.raises(TemplateRejected) as caught:
        template_version_upload(template=charter, by=coordinator, data=data)

    (issue,) = caught.value.issues
    assert "«chairman_name» не определена в анкете" in issue.message
    assert "абзац 3" in issue.place and "Председатель" in issue.place


def test_a_misspelt_field_of_a_founder_is_refused(coordinator, charter) -> None:  # type: ignore[no-untyped-def]
    data = docx_with("{% for f in founders %}{{ f.persn.full_name }}{% endfor %}")

    with pytest.raises(TemplateRejected) as caught:
        template_version_upload(template=charter, by=coordinator, data=data)

    assert "f.persn" in caught.value.issues[0].message


def test_a_file_that_is_not_docx_is_refused(coordinator, charter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TemplateRejected) as caught:
        template_version_upload(template=charter, by=coordinator, data=b"%PDF-1.4 not a docx")

    assert "не является документом DOCX" in caught.value.issues[0].message


def test_upload_page_shows_the_refusal_and_saves_nothing(coordinator, charter) -> None:  # type: ignore[no-untyped-def]
    before = TemplateVersion.objects.count()
    upload = SimpleUploadedFile("устав.docx", docx_with("{{ unknown_thing }}"))

    response = login(coordinator).post(
        reverse("documents:editor_template_upload", args=[charter.package.slug, charter.pk]), {"file": upload}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Шаблон не принят — ничего не сохранено" in html and "unknown_thing" in html
    assert TemplateVersion.objects.count() == before


def test_a_valid_template_becomes_the_current_federal_version(coordinator, charter) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(
        "устав.docx", docx_with("Устав {{ org.full_name }}; учредителей: {{ founders|length }}.")
    )

    response = login(coordinator).post(
        reverse("documents:editor_template_upload", args=[charter.package.slug, charter.pk]),
        {"file": upload, "comment": "Новая редакция раздела 1"},
    )

    assert response.status_code == 302
    current = charter.versions.get(is_current=True, region__isnull=True)
    assert current.number == 2 and current.uploaded_by == coordinator
    assert set(current.variables) == {"org", "founders"}
    assert charter.versions.filter(is_current=True).count() == 1


def test_consultant_may_not_replace_the_federal_version(perm_consultant, charter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        template_version_upload(template=charter, by=perm_consultant, data=docx_with("{{ org.full_name }}"))


def test_consultant_may_not_upload_a_variant_for_another_region(perm_consultant, charter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        template_version_upload(template=charter, by=perm_consultant, data=docx_with("x"), region=region("86"))
    assert not charter.versions.filter(region__isnull=False).exists()


def test_regional_variant_overrides_the_federal_one_only_in_its_region(
    perm_consultant, ugra_consultant, ano, charter
) -> None:  # type: ignore[no-untyped-def]
    variant = build_docx([Title("УСТАВ"), Center("Пермский вариант: {{ org.full_name }}")], title="Устав")
    template_version_upload(template=charter, by=perm_consultant, data=variant, region=region("59"))

    def charter_text(consultant, fns):  # type: ignore[no-untyped-def]
        org = OrganizationFactory(region=region(fns))
        draft = draft_create(package=ano, organization=org, by=consultant)
        draft_save(draft=draft, by=consultant, answers=ano_answers())
        generated = package_generate(draft=draft, by=consultant)
        with generated.file.open("rb") as handle:
            members = zip_members(handle.read())
        return "\n".join(p.text for p in docx.Document(io.BytesIO(members["01 Устав.docx"])).paragraphs)

    assert "Пермский вариант: Автономная некоммерческая организация" in charter_text(perm_consultant, "59")
    ugra = charter_text(ugra_consultant, "86")
    assert "Пермский вариант" not in ugra and "1. Общие положения" in ugra


def test_an_earlier_version_can_be_made_current_again(coordinator, charter) -> None:  # type: ignore[no-untyped-def]
    first = charter.versions.get()
    template_version_upload(template=charter, by=coordinator, data=docx_with("{{ org.full_name }}"))

    login(coordinator).post(reverse("documents:editor_version_activate", args=[charter.package.slug, first.pk]))

    assert charter.versions.get(is_current=True) == first
