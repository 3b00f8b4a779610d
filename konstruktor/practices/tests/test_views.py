"""The staff and NGO pages through the test client, and access from the other side."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory, login
from konstruktor.organizations.models import Membership, TargetGroup
from konstruktor.practices import actions, queries
from konstruktor.practices.models import Practice, PracticeVersion, Screening, Status
from konstruktor.practices.tests.factories import OrganizationFactory, ngo_member, practice, region, staff

pytestmark = pytest.mark.django_db
FORMSETS = ("outcomes", "components", "launch_steps", "materials", "evaluations")


def management(prefix: str, total: int, initial: int = 0) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def passport_post(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Школа приёмных родителей онлайн",
        "summary": "Подготовка кандидатов в приёмные родители дистанционно.",
        "social_problem": "В сёлах нет школ приёмных родителей, кандидаты не могут пройти подготовку.",
        "logic_model": "Онлайн-занятия → подготовленные кандидаты → больше устроенных детей.",
        "target_groups": [TargetGroup.objects.first().pk],  # type: ignore[union-attr]
        "outcomes-0-name": "Больше детей устроено в семьи",
        "outcomes-0-indicator": "Число устроенных детей",
        "outcomes-0-is_priority": "on",
        "components-0-title": "Онлайн-курс из 12 занятий",
        "components-0-is_core": "on",
        "launch_steps-0-title": "Набрать первую группу",
        "launch_steps-0-duration_days": "15",
        "materials-0-kind": "manual",
        "materials-0-title": "Программа курса",
        "materials-0-url": "https://example.ru/course.pdf",
        # What a browser posts for the untouched extra row of evaluations (the select's default).
        "evaluations-0-quality": "low",
    }
    for prefix in FORMSETS:
        data.update(management(prefix, 1))
    data.update(extra)
    return data


def test_anonymous_visitor_is_sent_to_login() -> None:
    from django.test import Client

    response = Client().get(reverse("practices:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_ngo_member_enters_a_practice_and_submits_it_for_moderation() -> None:
    org = OrganizationFactory()
    client = login(ngo_member(org))
    assert client.get(reverse("practices:new")).status_code == 200
    response = client.post(reverse("practices:new"), passport_post(organization=org.pk))
    p = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == p.get_absolute_url()
    assert (p.organization, p.region, p.source, p.status) == (org, org.region, "submitted", Status.DRAFT)
    assert p.outcomes.get().is_priority and p.materials.get().kind == "manual"
    page = client.get(p.get_absolute_url()).content.decode()
    assert "Отправить на модерацию" in page and "Логическая модель описана в паспорте." not in page
    client.post(reverse("practices:submit", args=[p.pk]))
    p.refresh_from_db()
    assert p.status == Status.MODERATION and p.version_number == 1
    assert "Изменить паспорт" not in client.get(p.get_absolute_url()).content.decode()


def test_passport_form_with_a_forbidden_file_shows_the_reason_and_writes_nothing() -> None:
    org = OrganizationFactory()
    client = login(ngo_member(org))
    data = passport_post(organization=org.pk, **{"materials-0-url": ""})
    data["materials-0-file"] = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("practices:new"), data)
    assert response.status_code == 200
    assert "допустимы PDF, DOCX, XLSX, PPTX, ODT" in response.content.decode()
    assert not Practice.objects.exists()


def test_staff_enter_a_practice_of_an_organization_outside_the_registry() -> None:
    user = staff(fns_code="59")
    data = passport_post(region=region("59").pk, organization_name="Инициативная группа «Свет»")
    response = login(user).post(reverse("practices:new"), data)
    p = Practice.objects.get()
    assert response.status_code == 302
    assert (p.source, p.organization, p.organization_name) == ("entered", None, "Инициативная группа «Свет»")


def test_staff_cannot_choose_a_region_they_do_not_work_in() -> None:
    data = passport_post(region=region("16").pk, organization_name="АНО «Крылья»")
    response = login(staff(fns_code="59")).post(reverse("practices:new"), data)
    assert response.status_code == 200 and not Practice.objects.exists()


def test_editing_records_evaluation_effects_and_rates_the_outcome() -> None:
    org = OrganizationFactory()
    member = ngo_member(org)
    p = practice(organization=org)
    outcomes = list(p.outcomes.all())
    data = passport_post(organization=org.pk, title="Семейный клуб «Вместе»")
    for prefix in FORMSETS:
        data.update(management(prefix, 1))
    data.update(management("outcomes", 2, 2))
    for i, o in enumerate(outcomes):
        data.update({f"outcomes-{i}-id": o.pk, f"outcomes-{i}-name": o.name, f"outcomes-{i}-is_priority": "on"})
    data.update(
        {
            "evaluations-0-title": "Сравнение с семьями без клуба",
            "evaluations-0-design": "qed",
            "evaluations-0-quality": "moderate",
            f"evaluations-0-effect_{outcomes[0].pk}": "positive",
            f"evaluations-0-months_{outcomes[0].pk}": "18",
        }
    )
    response = login(member).post(reverse("practices:edit", args=[p.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    outcomes[0].refresh_from_db()
    assert outcomes[0].evidence_level == 3
    assert "Сравнение с семьями без клуба" in login(member).get(p.get_absolute_url()).content.decode()


def test_staff_return_a_practice_with_a_comment_and_the_organization_sees_it() -> None:
    org = OrganizationFactory()
    p = practice(organization=org, status=Status.MODERATION)
    client = login(staff(fns_code="59"))
    client.post(reverse("practices:return", args=[p.pk]), {"comment": "Опишите критерии включения."})
    p.refresh_from_db()
    assert p.status == Status.REWORK
    page = login(ngo_member(org)).get(p.get_absolute_url()).content.decode()
    assert "Опишите критерии включения." in page and "Изменить паспорт" in page


def test_return_without_a_comment_is_refused_with_a_message() -> None:
    p = practice(status=Status.MODERATION)
    response = login(staff(fns_code="59")).post(reverse("practices:return", args=[p.pk]), {"comment": ""}, follow=True)
    p.refresh_from_db()
    assert p.status == Status.MODERATION
    assert "Напишите, что нужно доработать" in response.content.decode()


def gates_post(**failed: str) -> dict[str, str]:
    data = {}
    for code in actions.GATE_CODES:
        data[f"{code}_passed"] = "no" if code in failed else "yes"
        data[f"{code}_comment"] = failed.get(code, "")
    return data


def test_screening_page_passes_the_practice_to_review() -> None:
    p = practice(status=Status.MODERATION)
    client = login(staff(fns_code="59"))
    assert "Минимальный набор материалов" in client.get(reverse("practices:screen", args=[p.pk])).content.decode()
    client.post(reverse("practices:screen", args=[p.pk]), gates_post())
    p.refresh_from_db()
    assert p.status == Status.REVIEW


def test_screening_page_requires_a_reason_for_a_failed_gate() -> None:
    p = practice(status=Status.MODERATION)
    response = login(staff(fns_code="59")).post(reverse("practices:screen", args=[p.pk]), gates_post(ethics=""))
    assert "Укажите, почему фильтр не пройден" in response.content.decode()
    assert not Screening.objects.exists()


def test_failed_screening_shows_the_reasons_on_the_practice_page() -> None:
    p = practice(status=Status.MODERATION)
    client = login(staff(fns_code="59"))
    client.post(reverse("practices:screen", args=[p.pk]), gates_post(materials="Нет пособия."))
    page = client.get(p.get_absolute_url()).content.decode()
    assert "✗ Минимальный набор материалов — Нет пособия." in page


def test_manager_publishes_after_the_decision_and_the_page_shows_how_it_was_reached() -> None:
    p = practice(status=Status.DECIDED)
    client = login(staff(Role.RC_MANAGER, fns_code="59"))
    page = client.get(p.get_absolute_url()).content.decode()
    assert "Как получено решение" in page and "78 из 100" in page
    client.post(reverse("practices:publish", args=[p.pk]))
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED


def test_version_diff_shows_what_changed_between_submissions() -> None:
    org = OrganizationFactory()
    member = ngo_member(org)
    p = practice(organization=org, status=Status.REWORK)
    from konstruktor.practices.tests.factories import passport

    actions.practice_update(practice=p, by=member, passport=passport(organization=org, title="Клуб приёмных семей"))
    actions.practice_submit(practice=p, by=member)
    response = login(member).get(reverse("practices:version_diff", args=[p.pk]), {"a": 1, "b": 2})
    page = response.content.decode()
    assert '<del class="diff-line">Семейный клуб «Вместе»</del>' in page
    assert '<ins class="diff-line">Клуб приёмных семей</ins>' in page
    assert PracticeVersion.objects.filter(practice=p).count() == 2


def test_list_filters_by_status_and_search_and_exports_xlsx() -> None:
    user = staff(fns_code="59")
    practice(title="Клуб активного долголетия", status=Status.MODERATION)
    practice(title="Передышка для семей")
    client = login(user)
    page = client.get(reverse("practices:list"), {"q": "долголет"}).content.decode()
    assert "Клуб активного долголетия" in page and "Передышка для семей" not in page
    page = client.get(reverse("practices:list"), {"status": "draft"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Передышка для семей" in page and "Клуб активного" not in page and "<h1>" not in page
    response = client.get(reverse("practices:export"), {"status": "draft"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Передышка для семей"]


def test_list_page_runs_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    user = staff(fns_code="59")
    for i in range(12):
        practice(title=f"Практика {i}")
    client = login(user)
    client.get(reverse("practices:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("practices:list"))


# ---------------------------------------------------------------- access from the other side


def test_consultant_of_another_region_gets_404_on_a_draft_and_its_actions() -> None:
    p = practice(status=Status.MODERATION)
    client = login(staff(fns_code="16"))
    assert client.get(p.get_absolute_url()).status_code == 404
    assert client.post(reverse("practices:edit", args=[p.pk]), passport_post()).status_code == 404
    assert client.post(reverse("practices:screen", args=[p.pk]), gates_post()).status_code == 404
    assert client.post(reverse("practices:return", args=[p.pk]), {"comment": "x"}).status_code == 404
    p.refresh_from_db()
    assert p.status == Status.MODERATION


def test_consultant_of_another_region_sees_a_published_practice_but_cannot_withdraw_it() -> None:
    p = practice(status=Status.PUBLISHED)
    client = login(staff(fns_code="16"))
    assert client.get(p.get_absolute_url()).status_code == 200
    assert client.post(reverse("practices:withdraw", args=[p.pk]), {"comment": "x"}).status_code == 404
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED


def test_ngo_member_of_another_organization_gets_404() -> None:
    p = practice()
    client = login(ngo_member(OrganizationFactory()))
    assert client.get(p.get_absolute_url()).status_code == 404
    assert client.post(reverse("practices:submit", args=[p.pk])).status_code == 404
    p.refresh_from_db()
    assert p.status == Status.DRAFT


def test_ngo_member_cannot_screen_or_publish_their_own_practice() -> None:
    org = OrganizationFactory()
    p = practice(organization=org, status=Status.MODERATION)
    client = login(ngo_member(org))
    assert client.post(reverse("practices:screen", args=[p.pk]), gates_post()).status_code == 403
    p.refresh_from_db()
    assert p.status == Status.MODERATION


def test_anonymous_visitor_cannot_post_to_the_workflow() -> None:
    from django.test import Client

    p = practice(status=Status.MODERATION)
    response = Client().post(reverse("practices:screen", args=[p.pk]), gates_post())
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.MODERATION


def expert() -> Any:
    user = UserFactory()
    Membership.objects.create(user=user, organization=OrganizationFactory(region=region("16")), role=Role.EXPERT)
    return user


def test_expert_not_assigned_gets_404_and_an_assigned_one_sees_the_passport() -> None:
    p = practice(status=Status.REVIEW)
    assigned, other = expert(), expert()
    provider = lambda user: [p.pk] if user.pk == assigned.pk else []  # noqa: E731
    queries.register_assigned_practices(provider)
    try:
        assert login(other).get(p.get_absolute_url()).status_code == 404
        assert login(assigned).get(p.get_absolute_url()).status_code == 200
        assert login(assigned).post(reverse("practices:return", args=[p.pk]), {"comment": "x"}).status_code == 404
    finally:
        queries._assigned_providers.remove(provider)


def test_official_of_the_region_sees_only_published_practices() -> None:
    draft, published = practice(title="Черновик клуба"), practice(title="Опубликованный клуб", status=Status.PUBLISHED)
    client = login(staff(Role.OFFICIAL, fns_code="59"))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 200
