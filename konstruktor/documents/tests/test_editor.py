"""The form builder: editors change questionnaires in the interface, not in code."""

import datetime

import pytest
from django.urls import reverse

from konstruktor.core import registry
from konstruktor.core.testing import login
from konstruktor.documents import queries
from konstruktor.documents.actions import draft_create, draft_save, package_generate, parameter_value_create
from konstruktor.documents.errors import AccessDenied, DocumentsError
from konstruktor.documents.models import ParameterValue, Question, Step
from konstruktor.documents.tests.factories import ano_answers, installed

pytestmark = pytest.mark.django_db


@pytest.fixture
def ano():  # type: ignore[no-untyped-def]
    return installed("ano-registration")


def test_coordinator_adds_a_conditional_question_and_the_wizard_shows_it(
    coordinator, perm_consultant, perm_org, ano
) -> None:  # type: ignore[no-untyped-def]
    step = ano.steps.order_by("order").last()
    response = login(coordinator).post(
        reverse("documents:editor_question_new", args=[ano.slug, step.pk]),
        {"key": "courier_needed", "kind": "boolean", "label": "Нужен курьер для подачи", "required": "",
         "condition": 'route == "paper"', "legal_basis": "", "help_text": "", "choices": "", "options": ""},
    )  # fmt: skip

    assert response.status_code == 302
    question = Question.objects.get(package=ano, key="courier_needed")
    assert question.condition == 'route == "paper"'
    ano.refresh_from_db()
    questionnaire = queries.questionnaire_for(ano)
    assert "courier_needed" in questionnaire.by_key
    draft = draft_create(package=ano, organization=perm_org, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers={**draft.answers, "route": "paper"})
    page = login(perm_consultant).get(reverse("documents:step", args=[draft.pk, len(questionnaire.steps) - 1]))
    assert 'id="q-courier-needed"' in page.content.decode()
    assert 'id="q-courier-needed" hidden' not in page.content.decode()


def test_a_condition_with_an_unknown_variable_is_refused(coordinator, ano) -> None:  # type: ignore[no-untyped-def]
    step = ano.steps.first()
    response = login(coordinator).post(
        reverse("documents:editor_question_new", args=[ano.slug, step.pk]),
        {"key": "extra", "kind": "text", "label": "Ещё", "condition": 'rout == "paper"', "options": ""},
    )

    assert response.status_code == 200
    assert "неизвестные переменные: rout" in response.content.decode()
    assert not Question.objects.filter(key="extra").exists()


def test_choices_are_written_as_code_and_label(coordinator, ano) -> None:  # type: ignore[no-untyped-def]
    step = ano.steps.first()
    login(coordinator).post(
        reverse("documents:editor_question_new", args=[ano.slug, step.pk]),
        {"key": "meeting_form", "kind": "choice", "label": "Форма собрания",
         "choices": "inperson | Очное\nremote | Заочное", "options": ""},
    )  # fmt: skip

    assert Question.objects.get(key="meeting_form").choices == [["inperson", "Очное"], ["remote", "Заочное"]]


def test_a_question_used_by_templates_cannot_be_deleted(coordinator, ano) -> None:  # type: ignore[no-untyped-def]
    question = Question.objects.get(package=ano, key="full_name", parent__isnull=True)

    response = login(coordinator).post(
        reverse("documents:editor_question_delete", args=[ano.slug, question.pk]), follow=True
    )

    assert "используют шаблоны" in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_steps_are_reordered_and_the_wizard_follows(coordinator, ano) -> None:  # type: ignore[no-untyped-def]
    first, second = list(ano.steps.order_by("order", "id"))[:2]

    login(coordinator).post(reverse("documents:editor_step_move", args=[ano.slug, second.pk, "up"]))

    ano.refresh_from_db()
    assert [s.title for s in queries.questionnaire_for(ano).steps][:2] == [second.title, first.title]


def test_consultant_may_read_the_builder_but_not_change_the_questionnaire(perm_consultant, ano) -> None:  # type: ignore[no-untyped-def]
    client = login(perm_consultant)
    step = ano.steps.first()

    assert client.get(reverse("documents:editor_package", args=[ano.slug])).status_code == 200
    response = client.post(reverse("documents:editor_step_new", args=[ano.slug]), {"title": "Лишний шаг"})
    assert response.status_code == 403
    assert not Step.objects.filter(title="Лишний шаг").exists()
    assert client.post(reverse("documents:editor_step_delete", args=[ano.slug, step.pk])).status_code == 403


def test_ngo_member_has_no_builder(perm_org, ano) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.core.roles import Role
    from konstruktor.organizations.models import Membership
    from konstruktor.organizations.tests.factories import UserFactory

    member = UserFactory()
    Membership.objects.create(user=member, organization=perm_org, role=Role.NGO_MEMBER)

    assert login(member).get(reverse("documents:editor")).status_code == 403


# --- parameters with dates of effect -----------------------------------------------------------


def test_a_new_duty_amount_applies_from_its_date_of_effect(coordinator, perm_consultant, perm_org, ano) -> None:  # type: ignore[no-untyped-def]
    parameter_value_create(
        by=coordinator, key="registration_duty_rub", value="5000", valid_from=datetime.date(2026, 4, 1),
        source="НК РФ ст. 333.33 (новая редакция)", confidence="H",
    )  # fmt: skip
    before = queries.package_check(package=ano, answers=ano_answers(route="paper", filing_date="2026-03-20"))
    after = queries.package_check(
        package=ano, answers=ano_answers(route="paper", decision_date="2026-03-20", filing_date="2026-04-02")
    )

    assert "4\u00a0000 ₽" in next(p for p in before.problems if p.rule == "D1").message
    assert "5\u00a0000 ₽" in next(p for p in after.problems if p.rule == "D1").message


def test_only_the_coordinator_changes_parameters(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccessDenied):
        parameter_value_create(
            by=perm_consultant, key="registration_duty_rub", value="1", valid_from=datetime.date(2027, 1, 1)
        )
    response = login(perm_consultant).post(
        reverse("documents:parameters"),
        {"key": "registration_duty_rub", "value": "1", "valid_from": "2027-01-01", "confidence": "H"},
    )
    assert response.status_code == 403
    assert not ParameterValue.objects.filter(value="1").exists()


def test_a_parameter_value_of_the_wrong_type_is_refused(coordinator) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DocumentsError):
        parameter_value_create(
            by=coordinator, key="registration_duty_rub", value="четыре тысячи", valid_from=datetime.date(2027, 1, 1)
        )


def test_parameters_page_shows_current_and_upcoming_values(coordinator, ano) -> None:  # type: ignore[no-untyped-def]
    parameter_value_create(
        by=coordinator, key="registration_duty_rub", value="5000", valid_from=datetime.date(2099, 1, 1)
    )

    html = login(coordinator).get(reverse("documents:parameters")).content.decode()

    assert "Госпошлина за регистрацию НКО при создании" in html
    assert "требует проверки" in html and "с 01.01.2099" in html


# --- the module in the platform ------------------------------------------------------------------


def test_module_adds_navigation_and_counts_generated_packages(perm_consultant, perm_org, ano) -> None:  # type: ignore[no-untyped-def]
    indicator = next(i for i in registry.indicators() if i.code == "document_packages_generated")
    draft = draft_create(package=ano, organization=perm_org, by=perm_consultant)
    draft_save(draft=draft, by=perm_consultant, answers=ano_answers())
    package_generate(draft=draft, by=perm_consultant)

    assert indicator.name == "пакетов документов сформировано"
    assert indicator.compute() == 1
    assert indicator.compute(region=perm_org.region_id) == 1
    home = login(perm_consultant).get("/").content.decode()
    assert f'href="{reverse("documents:index")}"' in home


def test_rules_page_lists_rules_with_basis_and_date(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    html = login(perm_consultant).get(reverse("documents:rules")).content.decode()

    assert 'id="rule-F1"' in html and "82-ФЗ ст. 18" in html and "01.09.2014" in html
