"""Statistics by topic, channel, region and month, and the XLSX export of the filtered list."""

import datetime
import statistics as pystats
from io import BytesIO

import pytest
from openpyxl import load_workbook

from konstruktor.consultations import actions, queries
from konstruktor.consultations.models import Channel, Consultation
from konstruktor.consultations.tests.factories import aware, public_question, topic
from konstruktor.core.testing import login
from konstruktor.organizations.tests.factories import region

pytestmark = pytest.mark.django_db
D = datetime.date


def _answered(by, *, received, answered, **kwargs):  # type: ignore[no-untyped-def]
    c = actions.consultation_take(consultation=public_question(at=aware(received), **kwargs), by=by)
    return actions.consultation_answer(
        consultation=c, by=by, answer="Ответ", at=aware(answered, 15), notify_requester=False
    )


@pytest.fixture
def world(perm_consultant, ugra_consultant):  # type: ignore[no-untyped-def]
    # Perm: three answered (one late), one open; Ugra: one answered.
    a = _answered(perm_consultant, received=D(2026, 3, 6), answered=D(2026, 3, 12), question="Вопрос А о регистрации")
    b = _answered(
        perm_consultant, received=D(2026, 3, 6), answered=D(2026, 3, 17), question="Вопрос Б об отчётности",
        topic_name="Отчётность в Минюст",
    )  # fmt: skip
    c = actions.consultation_intake(
        by=perm_consultant, channel=Channel.PHONE, topic=topic(), region=region("59"),
        question="Вопрос В по телефону", received_at=aware(D(2026, 4, 1)),
    )  # fmt: skip
    c = actions.consultation_answer(consultation=c, by=perm_consultant, answer="Ответ", at=aware(D(2026, 4, 2), 12))
    d = public_question(at=aware(D(2026, 4, 2)), question="Вопрос Г пока без ответа")
    e = _answered(
        ugra_consultant, received=D(2026, 4, 3), answered=D(2026, 4, 6), question="Вопрос Д из Югры", fns_code="86"
    )
    actions.consultation_rate(token=a.rating_token, rating=5)
    actions.consultation_rate(token=b.rating_token, rating=2)
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_time_to_answer_is_counted_in_working_days_without_pauses(world) -> None:  # type: ignore[no-untyped-def]
    assert world["a"].working_days_to_answer == 3  # 10, 11, 12 March (9 March is a day off)
    assert world["b"].working_days_to_answer == 6
    assert world["c"].working_days_to_answer == 1
    assert world["e"].working_days_to_answer == 1  # Friday → Monday
    assert world["b"].answered_late and not world["a"].answered_late


def test_statistics_match_the_counts_of_the_consultants_region(world, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    visible = list(Consultation.objects.filter(region=region("59")))
    answered = [c for c in visible if c.answered_at]
    days = [c.working_days_to_answer for c in answered]
    in_time = [c for c in answered if not c.answered_late]

    stats = queries.consultation_statistics(
        qs=queries.consultation_list_visible(user=perm_consultant), today=D(2026, 4, 20)
    )

    o = stats.overall
    assert (o.total, o.answered) == (len(visible), len(answered)) == (4, 3)
    assert o.median_days == pystats.median(days) == 3
    assert o.mean_days == round(pystats.fmean(days), 1) == 3.3
    assert o.within_sla_share == round(100 * len(in_time) / len(answered), 1) == 66.7
    assert (stats.open_count, stats.overdue_count) == (1, 1)  # «Г» was due 9 April
    assert (stats.rated, stats.mean_rating) == (2, 3.5)
    topics = {b.label: (b.total, b.answered, b.median_days) for b in stats.by_topic}
    assert topics == {"Регистрация НКО": (3, 2, 2.0), "Отчётность в Минюст": (1, 1, 6)}
    assert {b.label: b.total for b in stats.by_channel} == {"Форма на сайте": 3, "Телефон": 1}
    assert [(b.label, b.total, b.answered) for b in stats.by_month] == [("03.2026", 2, 2), ("04.2026", 2, 1)]
    assert [b.label for b in stats.by_region] == ["Пермский край"]


def test_the_coordinator_gets_every_region(world, coordinator) -> None:  # type: ignore[no-untyped-def]
    stats = queries.consultation_statistics(qs=queries.consultation_list_visible(user=coordinator))
    assert stats.overall.total == Consultation.objects.count() == 5
    assert {b.label: b.total for b in stats.by_region} == {
        "Пермский край": 4,
        "Ханты-Мансийский автономный округ — Югра": 1,
    }


def test_the_statistics_page_filters_by_period(world, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    body = login(perm_consultant).get("/consultations/statistics/?received_from=2026-04-01").content.decode()
    assert 'data-stat="total">2<' in body
    assert 'data-stat="answered">1<' in body
    assert "Регистрация НКО" in body


def test_the_xlsx_export_is_readable_and_carries_no_personal_data(world, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).get("/consultations/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == queries.EXPORT_COLUMNS
    assert len(rows) == 1 + 4
    by_number = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    b = by_number[world["b"].pk]
    assert b["Тема"] == "Отчётность в Минюст" and b["Статус"] == "Дан ответ"
    assert b["Рабочих дней до ответа"] == 6 and b["В срок"] == "нет" and b["Оценка"] == 2
    cells = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "anna@example.ru" not in cells and "Анна Петрова" not in cells and "+7 912" not in cells
    assert "Вопрос Д из Югры" not in cells and world["e"].pk not in by_number


def test_the_export_follows_the_filters(world, perm_consultant) -> None:  # type: ignore[no-untyped-def]
    response = login(perm_consultant).get(f"/consultations/export.xlsx?topic={topic('Отчётность в Минюст').pk}")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [world["b"].pk]


def test_the_indicator_counts_answered_consultations(world) -> None:  # type: ignore[no-untyped-def]
    from konstruktor.core import registry

    [indicator] = [i for i in registry.indicators() if i.code == "consultations_answered"]
    assert indicator.name == "Консультаций дано"
    assert indicator.compute() == 4
    assert indicator.compute(region=region("86")) == 1
