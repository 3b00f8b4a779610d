"""The write-back contract of practices.actions: workflow, screening, evidence, decisions, versions."""

import pytest

from konstruktor.core.models import ChangeEntry
from konstruktor.core.roles import Role
from konstruktor.core.search import search
from konstruktor.practices import actions
from konstruktor.practices.errors import AccessDenied, PracticeError, TransitionNotAllowed
from konstruktor.practices.models import (
    EvidenceFlag,
    EvidenceLevel,
    Practice,
    PracticeVersion,
    Screening,
    Status,
    StatusChange,
)
from konstruktor.practices.tests.factories import OrganizationFactory, ngo_member, passport, practice, region, staff

pytestmark = pytest.mark.django_db

ALL_PASS = {code: (True, "") for code in actions.GATE_CODES}


def test_every_status_has_a_row_in_the_transitions_table() -> None:
    assert set(actions.TRANSITIONS) == set(Status.values)
    assert all(to in Status.values for targets in actions.TRANSITIONS.values() for to in targets)


def test_ngo_member_creates_a_submitted_draft_of_their_own_organization() -> None:
    org = OrganizationFactory()
    p = actions.practice_create(by=ngo_member(org), passport=passport(organization=org))
    assert (p.status, p.source, p.organization) == (Status.DRAFT, "submitted", org)
    assert p.outcomes.count() == 2 and p.components.filter(is_core=True).count() == 1
    assert ChangeEntry.objects.filter(object_id=p.pk, action="create").exists()


def test_ngo_member_of_another_organization_cannot_create_a_practice_for_it() -> None:
    org = OrganizationFactory()
    with pytest.raises(AccessDenied):
        actions.practice_create(by=ngo_member(OrganizationFactory()), passport=passport(organization=org))
    assert not Practice.objects.exists()


def test_consultant_of_another_region_cannot_enter_a_practice() -> None:
    with pytest.raises(AccessDenied):
        actions.practice_create(by=staff(fns_code="16"), passport=passport(fns_code="59"))
    assert not Practice.objects.exists()


def test_region_must_match_the_organization() -> None:
    org = OrganizationFactory(region=region("59"))
    with pytest.raises(PracticeError, match="Регион практики"):
        actions.practice_create(by=None, passport=passport(organization=org, region=region("16")))


def test_submit_freezes_a_version_and_moves_to_moderation() -> None:
    org = OrganizationFactory()
    member = ngo_member(org)
    p = actions.practice_create(by=member, passport=passport(organization=org))
    actions.practice_submit(practice=p, by=member)
    p.refresh_from_db()
    assert (p.status, p.version_number) == (Status.MODERATION, 1)
    version = PracticeVersion.objects.get(practice=p)
    assert version.data["title"] == "Семейный клуб «Вместе»"
    assert len(version.data["outcomes"]) == 2
    change = StatusChange.objects.get(practice=p)
    assert (change.from_status, change.to_status, change.version_number) == (Status.DRAFT, Status.MODERATION, 1)


def test_submit_without_outcomes_is_refused_and_nothing_changes() -> None:
    p = practice(outcomes=[])
    with pytest.raises(PracticeError, match="ожидаемый результат"):
        actions.practice_submit(practice=p, by=None)
    p.refresh_from_db()
    assert (p.status, p.version_number) == (Status.DRAFT, 0)
    assert not PracticeVersion.objects.exists()


def test_ngo_member_cannot_edit_a_practice_under_moderation() -> None:
    org = OrganizationFactory()
    p = practice(organization=org, status=Status.MODERATION)
    with pytest.raises(AccessDenied):
        actions.practice_update(practice=p, by=ngo_member(org), passport=passport(organization=org, title="Новое"))
    p.refresh_from_db()
    assert p.title == "Семейный клуб «Вместе»"


def test_update_keeps_outcome_rows_by_id_and_logs_the_change() -> None:
    org = OrganizationFactory()
    member = ngo_member(org)
    p = practice(organization=org)
    first = p.outcomes.first()
    assert first is not None
    rows = [{"id": first.pk, "name": "Меньше возвратов", "is_priority": True}]
    actions.practice_update(practice=p, by=member, passport=passport(organization=org, title="Клуб", outcomes=rows))
    assert list(p.outcomes.values_list("pk", "name")) == [(first.pk, "Меньше возвратов")]
    entry = ChangeEntry.objects.filter(object_id=p.pk, action="update").latest("id")
    assert entry.changes["title"] == ["Семейный клуб «Вместе»", "Клуб"]


def test_a_transition_outside_the_table_is_refused() -> None:
    p = practice()
    with pytest.raises(TransitionNotAllowed, match="«Черновик»"):
        actions.practice_status_change(practice=p, to_status=Status.PUBLISHED, by=None)
    p.refresh_from_db()
    assert p.status == Status.DRAFT and not StatusChange.objects.exists()


def test_screening_with_all_gates_passed_sends_to_review() -> None:
    p = practice(status=Status.MODERATION)
    screening = actions.practice_screen(practice=p, by=staff(fns_code="59"), gates=ALL_PASS)
    p.refresh_from_db()
    assert p.status == Status.REVIEW and screening.passed
    assert screening.version.number == 1


def test_a_failed_gate_sends_back_with_the_reason_not_a_score() -> None:
    p = practice(status=Status.MODERATION)
    gates = {**ALL_PASS, "materials": (False, "Нет методического пособия.")}
    screening = actions.practice_screen(practice=p, by=staff(fns_code="59"), gates=gates)
    p.refresh_from_db()
    assert p.status == Status.REWORK and not screening.passed
    assert screening.gates["materials"] == {"passed": False, "comment": "Нет методического пособия."}
    comment = p.status_changes.latest("id").comment
    assert "Минимальный набор материалов: Нет методического пособия." in comment
    assert p.merit_score is None


def test_a_failed_gate_without_a_reason_is_refused_and_nothing_is_written() -> None:
    p = practice(status=Status.MODERATION)
    with pytest.raises(PracticeError, match="Укажите причину"):
        actions.practice_screen(practice=p, by=None, gates={**ALL_PASS, "ethics": (False, " ")})
    assert not Screening.objects.exists()
    p.refresh_from_db()
    assert p.status == Status.MODERATION


def test_consultant_of_another_region_cannot_screen() -> None:
    p = practice(status=Status.MODERATION)
    with pytest.raises(AccessDenied):
        actions.practice_screen(practice=p, by=staff(fns_code="16"), gates=ALL_PASS)
    assert not Screening.objects.exists()


def test_evaluation_record_rerates_the_outcome_and_the_practice() -> None:
    p = practice(status=Status.PUBLISHED)
    priority = p.outcomes.get(is_priority=True)
    actions.evaluation_record(
        practice=p,
        by=None,
        title="Квазиэксперимент 2023",
        design="qed",
        quality="moderate",
        has_comparison=True,
        effects={priority.pk: ("positive", 12)},
    )
    priority.refresh_from_db()
    p.refresh_from_db()
    assert priority.evidence_level == EvidenceLevel.L3
    assert "Квазиэксперимент 2023" in priority.evidence_reasons[0]
    assert p.evidence_level == EvidenceLevel.L3


def test_two_replications_in_other_regions_lift_the_practice_to_l4() -> None:
    p = practice(status=Status.PUBLISHED)
    o = p.outcomes.get(is_priority=True)
    for code in ("16", "66"):
        actions.evaluation_record(
            practice=p,
            by=None,
            title=f"Тиражирование {code}",
            design="monitoring",
            quality="low",
            has_comparison=True,
            independent_replication=True,
            region=region(code),
            effects={o.pk: ("positive", 14)},
        )
    p.refresh_from_db()
    assert p.evidence_level == EvidenceLevel.L4


def test_harm_found_in_an_evaluation_flags_the_practice() -> None:
    p = practice()
    o = p.outcomes.get(is_priority=False)
    actions.evaluation_record(
        practice=p, by=None, title="Опрос", design="opinion", quality="low", effects={o.pk: ("harm", 0)}
    )
    p.refresh_from_db()
    assert (p.evidence_level, p.evidence_flag) == (EvidenceLevel.L0, EvidenceFlag.HARM)


def test_evaluation_with_an_outcome_of_another_practice_is_refused() -> None:
    p, other = practice(), practice()
    with pytest.raises(PracticeError):
        actions.evaluation_record(
            practice=p,
            by=None,
            title="x",
            design="rct",
            quality="high",
            effects={other.outcomes.first().pk: ("positive", 1)},  # type: ignore[union-attr]
        )
    assert not p.evaluations.exists()


def test_decision_moves_to_decided_and_publishing_puts_it_in_the_catalog() -> None:
    p = practice(status=Status.REVIEW)
    actions.practice_record_decision(
        practice=p,
        category="recommended",
        merit_score=81.25,
        readiness_score=3.1,
        explanation=[{"title": "Итог", "detail": "Рекомендована"}],
        by=None,
    )
    p.refresh_from_db()
    assert (p.status, str(p.merit_score), p.decision_explanation[0]["title"]) == (Status.DECIDED, "81.2", "Итог")
    manager = staff(Role.RC_MANAGER, fns_code="59")
    actions.practice_publish(practice=p, by=manager)
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED and p.published_at is not None
    hits = search("семейный клуб", kinds=["practice"], public_only=True)
    assert [h.object_id for h in hits.results] == [p.pk]


def test_a_practice_not_recommended_cannot_be_published() -> None:
    p = practice(status=Status.REVIEW)
    actions.practice_record_decision(
        practice=p, category="not_recommended", merit_score=40, readiness_score=1, explanation=[], by=None
    )
    with pytest.raises(PracticeError, match="Публикуются"):
        actions.practice_publish(practice=p, by=None)
    p.refresh_from_db()
    assert p.status == Status.DECIDED


def test_a_new_negative_decision_withdraws_a_published_practice() -> None:
    p = practice(status=Status.PUBLISHED)
    actions.practice_record_decision(
        practice=p, category="needs_work", merit_score=55, readiness_score=2, explanation=[], by=None
    )
    p.refresh_from_db()
    assert (p.status, p.decision_category) == (Status.WITHDRAWN, "needs_work")


def test_withdraw_needs_a_reason() -> None:
    p = practice(status=Status.PUBLISHED)
    with pytest.raises(PracticeError):
        actions.practice_withdraw(practice=p, by=None, comment="")
    p.refresh_from_db()
    assert p.status == Status.PUBLISHED


def test_material_of_a_forbidden_type_is_refused() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("run.exe", b"MZ")
    with pytest.raises(PracticeError, match="PDF, DOCX"):
        actions.practice_create(by=None, passport=passport(materials=[{"kind": "other", "title": "x", "file": bad}]))
    assert not Practice.objects.exists()
