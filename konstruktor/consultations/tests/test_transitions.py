"""The status flow новая → в работе → ожидает ответа заявителя → дан ответ → закрыта, and what it refuses."""

import pytest

from konstruktor.consultations import actions
from konstruktor.consultations.errors import AccessDenied, ConsultationError, IllegalTransition
from konstruktor.consultations.models import Consultation, Status
from konstruktor.consultations.tests.factories import in_progress, public_question
from konstruktor.core.audit import change_history
from konstruktor.core.roles import Role
from konstruktor.organizations.models import Membership
from konstruktor.organizations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_public_question_starts_new_without_a_consultant(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    assert c.status == Status.NEW
    assert c.assigned_to is None
    assert [h.action for h in change_history(c)] == ["create"]


def test_the_full_flow_records_every_transition_with_who_did_it(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    c = actions.consultation_take(consultation=c, by=perm_consultant)
    assert (c.status, c.assigned_to) == (Status.IN_PROGRESS, perm_consultant)
    c = actions.consultation_wait_requester(consultation=c, by=perm_consultant)
    assert c.status == Status.WAITING and c.paused_at is not None
    c = actions.consultation_resume(consultation=c, by=perm_consultant)
    assert c.status == Status.IN_PROGRESS and c.paused_at is None
    c = actions.consultation_answer(consultation=c, by=perm_consultant, answer="Нужно не меньше одного учредителя.")
    assert c.status == Status.ANSWERED and c.answered_by == perm_consultant and c.rating_token
    c = actions.consultation_close(consultation=c, by=perm_consultant)
    assert c.status == Status.CLOSED

    history = list(change_history(c).order_by("created_at", "id"))
    statuses = [h.changes["статус"] for h in history]
    assert statuses == [
        [None, "Новая"],
        ["Новая", "В работе"],
        ["В работе", "Ожидает ответа заявителя"],
        ["Ожидает ответа заявителя", "В работе"],
        ["В работе", "Дан ответ"],
        ["Дан ответ", "Закрыта"],
    ]
    assert all(h.actor == perm_consultant for h in history[1:])
    assert history[0].actor is None  # the anonymous visitor


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (actions.consultation_take, Status.IN_PROGRESS),
        (actions.consultation_resume, Status.IN_PROGRESS),
        (actions.consultation_close, Status.IN_PROGRESS),
        (actions.consultation_wait_requester, Status.NEW),
        (actions.consultation_resume, Status.NEW),
        (actions.consultation_close, Status.NEW),
        (actions.consultation_take, Status.ANSWERED),
        (actions.consultation_wait_requester, Status.ANSWERED),
        (actions.consultation_take, Status.CLOSED),
        (actions.consultation_close, Status.CLOSED),
    ],
)
def test_illegal_transitions_are_refused_in_russian_and_change_nothing(perm_consultant, action, status) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    Consultation.objects.filter(pk=c.pk).update(status=status)
    c.refresh_from_db()
    entries = change_history(c).count()

    with pytest.raises(IllegalTransition, match="Сейчас консультация в статусе"):
        action(consultation=c, by=perm_consultant)

    c.refresh_from_db()
    assert c.status == status
    assert change_history(c).count() == entries


def test_a_new_consultation_cannot_be_answered_before_it_is_taken(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    with pytest.raises(IllegalTransition, match="сначала возьмите в работу"):
        actions.consultation_answer(consultation=c, by=perm_consultant, answer="Ответ")
    c.refresh_from_db()
    assert c.status == Status.NEW and c.answer == "" and c.answered_at is None


def test_an_answered_consultation_cannot_be_answered_twice(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant)
    actions.consultation_answer(consultation=c, by=perm_consultant, answer="Первый ответ")
    with pytest.raises(IllegalTransition):
        actions.consultation_answer(consultation=c, by=perm_consultant, answer="Второй ответ")
    c.refresh_from_db()
    assert c.answer == "Первый ответ"


def test_an_empty_answer_is_refused(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant)
    with pytest.raises(ConsultationError, match="Ответ пустой"):
        actions.consultation_answer(consultation=c, by=perm_consultant, answer="   ")
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS


def test_a_consultant_of_another_region_cannot_act(perm_consultant, ugra_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    for action in (actions.consultation_take, actions.consultation_close):
        with pytest.raises(AccessDenied):
            action(consultation=c, by=ugra_consultant)
    with pytest.raises(AccessDenied):
        actions.consultation_note_add(consultation=c, by=ugra_consultant, text="чужая заметка")
    c.refresh_from_db()
    assert c.status == Status.NEW and not c.notes.exists()


def test_an_answer_given_while_waiting_ends_the_pause(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = in_progress(perm_consultant)
    c = actions.consultation_wait_requester(consultation=c, by=perm_consultant)
    c = actions.consultation_answer(consultation=c, by=perm_consultant, answer="Ответ по телефону")
    assert c.status == Status.ANSWERED and c.paused_at is None


def test_a_consultant_assigns_to_themself_but_only_a_manager_assigns_colleagues(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    centre = Membership.objects.get(user=perm_consultant).organization
    colleague, manager = UserFactory(), UserFactory()
    Membership.objects.create(user=colleague, organization=centre, role=Role.RC_CONSULTANT)
    Membership.objects.create(user=manager, organization=centre, role=Role.RC_MANAGER)
    c = public_question()

    with pytest.raises(AccessDenied):
        actions.consultation_assign(consultation=c, by=perm_consultant, assignee=colleague)
    c.refresh_from_db()
    assert c.assigned_to is None

    actions.consultation_assign(consultation=c, by=perm_consultant, assignee=perm_consultant)
    actions.consultation_assign(consultation=c, by=manager, assignee=colleague)
    c.refresh_from_db()
    assert c.assigned_to == colleague and c.status == Status.NEW
    assert change_history(c).filter(note="назначен консультант").count() == 2


def test_a_consultant_of_another_region_cannot_be_assigned(perm_consultant, ugra_consultant, coordinator) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    with pytest.raises(ConsultationError, match="того же региона"):
        actions.consultation_assign(consultation=c, by=coordinator, assignee=ugra_consultant)
    c.refresh_from_db()
    assert c.assigned_to is None


def test_notes_are_kept_with_their_author(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question()
    note = actions.consultation_note_add(consultation=c, by=perm_consultant, text="Перезвонить после 15:00")
    assert note.author == perm_consultant and list(c.notes.all()) == [note]
    with pytest.raises(ConsultationError):
        actions.consultation_note_add(consultation=c, by=perm_consultant, text="  ")
    assert c.notes.count() == 1
