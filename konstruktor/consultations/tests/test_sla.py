"""Due dates in working days by the production calendar; the clock stops while the requester is asked."""

import datetime

import pytest

from konstruktor.consultations import actions, queries
from konstruktor.consultations.models import Consultation, Status
from konstruktor.consultations.tests.factories import aware, public_question
from konstruktor.core.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date
# Friday 6 March 2026. 8 March falls on a Sunday, so Monday 9 March is a day off (ТК РФ ст. 112).
FRIDAY = aware(D(2026, 3, 6))


def test_due_date_counts_working_days_and_skips_the_moved_holiday(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question(at=FRIDAY)  # «Регистрация НКО»: 5 working days
    # 7–8 weekend, 9 day off for 8 March; then 10, 11, 12, 13, 16.
    assert c.due_date == D(2026, 3, 16)


def test_due_date_follows_the_topic_target(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question(at=FRIDAY, topic_name="Отчётность в Минюст")  # 3 working days
    assert c.due_date == D(2026, 3, 12)


def test_a_question_received_on_a_weekend_counts_from_the_next_working_day(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question(at=aware(D(2026, 3, 14), 20))  # Saturday
    assert c.due_date == D(2026, 3, 20)


def test_an_editors_calendar_exception_moves_the_due_date(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    CalendarDay.objects.create(date=D(2026, 3, 13), is_working=False, note="перенос выходного")
    c = public_question(at=FRIDAY)
    assert c.due_date == D(2026, 3, 17)


def test_waiting_for_the_requester_moves_the_due_date_by_the_working_days_paused(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = actions.consultation_take(consultation=public_question(at=FRIDAY), by=perm_consultant)
    c = actions.consultation_wait_requester(consultation=c, by=perm_consultant, at=aware(D(2026, 3, 10), 11))
    assert c.due_date == D(2026, 3, 16)  # unchanged while paused

    c = actions.consultation_resume(consultation=c, by=perm_consultant, at=aware(D(2026, 3, 12), 15))

    assert c.paused_days == 2  # 11 and 12 March
    assert c.due_date == D(2026, 3, 18)
    c = actions.consultation_answer(
        consultation=c, by=perm_consultant, answer="Ответ", at=aware(D(2026, 3, 17), 12), notify_requester=False
    )
    # 10, 11, 12, 13, 16, 17 March = 6 working days, 2 of them paused.
    assert c.working_days_to_answer == 4
    assert not c.answered_late


def test_a_pause_over_a_weekend_only_counts_working_days(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = actions.consultation_take(consultation=public_question(at=FRIDAY), by=perm_consultant)
    c = actions.consultation_wait_requester(consultation=c, by=perm_consultant, at=aware(D(2026, 3, 13), 16))
    c = actions.consultation_resume(consultation=c, by=perm_consultant, at=aware(D(2026, 3, 16), 9))
    assert c.paused_days == 1  # 14–15 are the weekend
    assert c.due_date == D(2026, 3, 17)


def test_a_pause_resumed_the_same_day_changes_nothing(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = actions.consultation_take(consultation=public_question(at=FRIDAY), by=perm_consultant)
    c = actions.consultation_wait_requester(consultation=c, by=perm_consultant, at=aware(D(2026, 3, 10), 9))
    c = actions.consultation_resume(consultation=c, by=perm_consultant, at=aware(D(2026, 3, 10), 17))
    assert (c.paused_days, c.due_date) == (0, D(2026, 3, 16))


def test_overdue_means_the_clock_runs_and_the_due_date_has_passed(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    new = public_question(at=FRIDAY, question="Первый вопрос о регистрации НКО")
    waiting = actions.consultation_wait_requester(
        consultation=actions.consultation_take(
            consultation=public_question(at=FRIDAY, question="Второй вопрос о регистрации НКО"), by=perm_consultant
        ),
        by=perm_consultant,
        at=aware(D(2026, 3, 10)),
    )
    answered = actions.consultation_answer(
        consultation=actions.consultation_take(
            consultation=public_question(at=FRIDAY, question="Третий вопрос о регистрации НКО"), by=perm_consultant
        ),
        by=perm_consultant,
        answer="Ответ",
        at=aware(D(2026, 3, 18)),
    )

    assert not new.is_overdue(D(2026, 3, 16))  # the due date itself is still in time
    assert new.is_overdue(D(2026, 3, 17))
    assert not waiting.is_overdue(D(2026, 3, 30))  # the clock is stopped
    assert not answered.is_overdue(D(2026, 3, 30))
    assert answered.answered_late

    overdue = queries.consultation_filter(
        Consultation.objects.all(),
        queries.ConsultationFilters(overdue=True),
        user=perm_consultant,
        today=D(2026, 3, 17),
    )
    assert list(overdue) == [new]


def test_days_left_are_working_days_and_negative_when_overdue(perm_consultant) -> None:  # type: ignore[no-untyped-def]
    c = public_question(at=FRIDAY)  # due 16 March
    [row] = queries.days_left_annotate([c], today=D(2026, 3, 12))
    assert row.days_left == 2  # 13 and 16 March
    [row] = queries.days_left_annotate([c], today=D(2026, 3, 18))
    assert (row.days_left, row.days_overdue, row.is_late) == (-2, 2, True)
    Consultation.objects.filter(pk=c.pk).update(status=Status.WAITING)
    c.refresh_from_db()
    [row] = queries.days_left_annotate([c], today=D(2026, 3, 18))
    assert row.days_left is None and not row.is_late
