"""Every page of the module renders for the people who use it."""

import pytest
from django.urls import reverse

from konstruktor.core.testing import login
from konstruktor.documents.actions import draft_create, draft_save, package_generate
from konstruktor.documents.models import DocumentTemplate, PackageDefinition, Question
from konstruktor.documents.queries import questionnaire_for
from konstruktor.documents.shipped.install import shipped_install
from konstruktor.documents.tests.factories import ano_answers

pytestmark = pytest.mark.django_db


def test_every_step_of_every_shipped_package_renders(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    shipped_install(write=lambda _: None)
    client = login(perm_consultant)

    for package in PackageDefinition.objects.all():
        draft = draft_create(package=package, organization=perm_org, by=perm_consultant)
        for step in questionnaire_for(package).steps:
            response = client.get(reverse("documents:step", args=[draft.pk, step.index]))
            assert response.status_code == 200, (package.slug, step.title)
            html = response.content.decode()
            for question in step.questions:
                assert f'id="q-{question.key.replace("_", "-")}"' in html, (package.slug, question.key)
        assert client.get(reverse("documents:summary", args=[draft.pk])).status_code == 200
        assert client.get(reverse("documents:package", args=[package.slug])).status_code == 200


def test_owner_organization_is_prefilled_in_packages_about_an_existing_ngo(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    shipped_install(slugs=["minjust-annual-report"], write=lambda _: None)
    package = PackageDefinition.objects.get(slug="minjust-annual-report")

    draft = draft_create(package=package, organization=perm_org, by=perm_consultant)

    assert draft.answers["ngo"]["full_name"] == perm_org.full_name
    assert draft.answers["ngo"]["inn"] == perm_org.inn


def test_builder_pages_render_for_the_coordinator(coordinator) -> None:  # type: ignore[no-untyped-def]
    shipped_install(slugs=["ano-registration"], write=lambda _: None)
    package = PackageDefinition.objects.get(slug="ano-registration")
    client = login(coordinator)
    question = Question.objects.filter(package=package, kind="group").first()
    template = DocumentTemplate.objects.filter(package=package).first()
    assert question is not None and template is not None
    version = template.versions.first()
    assert version is not None

    urls = [
        reverse("documents:editor"),
        reverse("documents:editor_package", args=[package.slug]),
        reverse("documents:editor_templates", args=[package.slug]),
        reverse("documents:editor_template", args=[package.slug, template.pk]),
        reverse("documents:editor_template_upload", args=[package.slug, template.pk]),
        reverse("documents:editor_question", args=[package.slug, question.pk]),
        reverse("documents:editor_question_new", args=[package.slug, question.step_id]) + f"?parent={question.pk}",
        reverse("documents:editor_step", args=[package.slug, question.step_id]),
        reverse("documents:editor_version_download", args=[package.slug, version.pk]),
        reverse("documents:parameters"),
        reverse("documents:rules"),
        reverse("documents:timeline"),
        reverse("documents:index"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_index_lists_drafts_with_their_versions(perm_consultant, perm_org) -> None:  # type: ignore[no-untyped-def]
    shipped_install(slugs=["ano-registration"], write=lambda _: None)
    draft = draft_create(
        package=PackageDefinition.objects.get(slug="ano-registration"), organization=perm_org, by=perm_consultant
    )
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers())
    package_generate(draft=draft, by=perm_consultant)

    html = login(perm_consultant).get(reverse("documents:index")).content.decode()

    assert reverse("documents:draft", args=[draft.pk]) in html
    assert f'{reverse("documents:summary", args=[draft.pk])}#versions">1</a>' in html


def test_a_package_can_be_started_for_a_preselected_organization(perm_consultant, perm_org, ugra_consultant) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.documents.queries import draft_list_for_organization

    shipped_install(slugs=["ano-registration"], write=lambda _: None)
    url = reverse("documents:package", args=["ano-registration"])

    html = login(perm_consultant).get(url, {"organization": perm_org.pk}).content.decode()

    assert f'<option value="{perm_org.pk}" selected>' in html
    draft = draft_create(
        package=PackageDefinition.objects.get(slug="ano-registration"), organization=perm_org, by=perm_consultant
    )
    assert list(draft_list_for_organization(user=perm_consultant, organization=perm_org)) == [draft]
    assert not draft_list_for_organization(user=ugra_consultant, organization=perm_org).exists()
