"""The whole selection through the pages: a call, its criteria, assignments, reviews, decision."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konstruktor.core.testing import login
from konstruktor.expertise.models import Assignment, Call, CallEntry, Criterion, Decision
from konstruktor.expertise.tests.factories import CODES, assign, expert, practice_in_review, review_submit
from konstruktor.organizations.tests.factories import region
from konstruktor.practices.models import Practice, Status

pytestmark = pytest.mark.django_db
READY = {f"ready_{c}": "3" for c in ("materials", "training", "fidelity", "cost")}


def _call_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Региональный отбор практик Прикамья — 2026",
        "description": "Отбор практик поддержки семей и пожилых людей.",
        "region": region("59").pk,
        "opens_on": "2026-03-01",
        "closes_on": "2026-10-31",
        "recommended_evidence": 2,
        "recommended_merit": "70",
        "recommended_readiness": "2.5",
        "promising_evidence": 1,
        "promising_merit": "60",
        "not_recommended_merit": "50",
        "disagreement_points": 2,
        "disagreement_total": "20",
        "experts_per_entry": 2,
        "experts_top_category": 3,
    }
    data.update(overrides)
    return data


def _criteria_form(call: Call, weights: dict[str, str]) -> dict[str, Any]:
    criteria = list(call.criteria.all())
    data: dict[str, Any] = {
        "form-TOTAL_FORMS": str(len(criteria) + 1),
        "form-INITIAL_FORMS": str(len(criteria)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(criteria):
        data |= {
            f"form-{i}-id": c.pk,
            f"form-{i}-code": c.code,
            f"form-{i}-name": c.name,
            f"form-{i}-description": c.description,
            f"form-{i}-weight": weights.get(c.code, str(c.weight)),
            **{f"form-{i}-anchor_{k}": text for k, text in c.anchors},
        }
    return data


def _review_form(value: str = "3", **overrides: str) -> dict[str, str]:
    data = {f"score_{c}": overrides.get(c, value) for c in CODES} | READY
    return data | {"recommendation": "yes", "summary": "Практика описана полно.", "submit": "1"}


def test_a_regional_manager_runs_a_call_from_creation_to_publication(perm_manager: Any) -> None:
    client = login(perm_manager)
    practice = practice_in_review(fns_code="59", title="Клуб приёмных семей «Вместе»")

    response = client.post("/expertise/calls/new/", _call_form())
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    assert call.criteria.count() == 8 and call.region == region("59")

    # Weights that do not sum to 100 are refused with the sum shown; nothing changes.
    page = client.post(
        f"/expertise/calls/{call.pk}/criteria/", _criteria_form(call, {"relevance": "20"})
    ).content.decode()
    assert "Сумма весов должна быть 100, сейчас 107,5" in page
    assert call.criteria.get(code="relevance").weight == 12.5
    response = client.post(
        f"/expertise/calls/{call.pk}/criteria/", _criteria_form(call, {"relevance": "20", "innovation": "5"})
    )
    assert response.status_code == 302
    assert {c.code: float(c.weight) for c in call.criteria.all()}["innovation"] == 5

    client.post(f"/expertise/calls/{call.pk}/open/")
    call.refresh_from_db()
    assert call.status == "open"

    response = client.post(f"/expertise/calls/{call.pk}/entries/", {"practice": practice.pk})
    entry = CallEntry.objects.get()
    assert response["Location"] == entry.get_absolute_url()

    perm_expert, perm_expert_2, nsk_expert = expert("59"), expert("59"), expert("54")
    client.post(f"/expertise/entries/{entry.pk}/assign/", {"expert": perm_expert.pk})
    response = client.post(f"/expertise/entries/{entry.pk}/assign/", {"expert": perm_expert_2.pk}, follow=True)
    assert "должен быть из другого региона" in response.content.decode()
    client.post(f"/expertise/entries/{entry.pk}/assign/", {"expert": nsk_expert.pk})
    assert entry.assignments.count() == 2

    for user, overrides in ((perm_expert, {"relevance": "1"}), (nsk_expert, {})):
        assignment = Assignment.objects.get(expert=user)
        expert_client = login(user)
        expert_client.post(f"/expertise/assignments/{assignment.pk}/declare/", {"has_conflict": "no", "confirm": "on"})
        # A draft first: saved, not submitted.
        expert_client.post(f"/expertise/assignments/{assignment.pk}/review/", {"score_relevance": "2", "save": "1"})
        assignment.refresh_from_db()
        assert assignment.status == "in_progress"
        response = expert_client.post(f"/expertise/assignments/{assignment.pk}/review/", _review_form(**overrides))
        assert response.status_code == 302
        assignment.refresh_from_db()
        assert assignment.status == "submitted"

    page = client.get(entry.get_absolute_url()).content.decode()
    assert 'class="exp-disagree"' in page and "разница 2" in page
    assert "Решение пока невозможно" in page
    response = client.post(f"/expertise/entries/{entry.pk}/decide/", {}, follow=True)
    assert "расходятся" in response.content.decode() and not Decision.objects.exists()

    consensus = {f"agreed_{c}": "3" for c in CODES} | {"agreed_relevance": "2", "agreed_innovation": "2"}
    consensus["minutes"] = "Онлайн-встреча экспертов 12.05.2026: сошлись на 2 баллах по актуальности и новизне."
    client.post(f"/expertise/entries/{entry.pk}/consensus/", consensus)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Снято консенсусным обсуждением" in page and "Принять решение «Перспективная»" in page

    response = client.post(
        f"/expertise/entries/{entry.pk}/decide/",
        {"strengths": "Понятная модель клуба.", "weaknesses": "Нет данных о затратах.", "comment": ""},
    )
    decision = Decision.objects.get()
    # (20×2 + 12.5×3×6 + 5×2) / 100 / 4 × 100 = 68.75
    assert decision.category == "promising" and float(decision.merit) == 68.8
    practice.refresh_from_db()
    assert practice.status == Status.DECIDED and practice.decision_category == "promising"
    assert practice.decision_explanation[-1] == {"title": "Слабые стороны", "detail": "Нет данных о затратах."}

    client.post(f"/expertise/entries/{entry.pk}/publish/")
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    public = login(expert("77")).get(f"/expertise/results/{call.pk}/").content.decode()
    assert "Клуб приёмных семей «Вместе»" in public and "Перспективная" in public


def test_the_federal_coordinator_creates_a_federal_call_and_takes_practices_of_any_region(
    coordinator: Any,
) -> None:
    client = login(coordinator)
    client.post("/expertise/calls/new/", _call_form(region=""))
    call = Call.objects.get()
    assert call.region is None
    client.post(f"/expertise/calls/{call.pk}/open/")
    ugra = practice_in_review(fns_code="86", title="Практика Югры")
    perm = practice_in_review(fns_code="59", title="Практика Прикамья")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Практика Югры" in page and "Практика Прикамья" in page
    for p in (ugra, perm):
        client.post(f"/expertise/calls/{call.pk}/entries/", {"practice": p.pk})
    assert call.entries.count() == 2


def test_a_manager_sees_a_bad_call_form_with_russian_messages_and_nothing_is_saved(perm_manager: Any) -> None:
    page = (
        login(perm_manager)
        .post("/expertise/calls/new/", _call_form(promising_merit="75", closes_on="2026-01-01"))
        .content.decode()
    )
    assert "по возрастанию" in page or "раньше начала" in page
    assert not Call.objects.exists()


def test_the_review_form_shows_the_anchor_of_every_score(entry: CallEntry, perm_manager: Any, nsk_expert: Any) -> None:
    (a,) = assign(entry, nsk_expert, by=perm_manager)
    client = login(nsk_expert)
    client.post(f"/expertise/assignments/{a.pk}/declare/", {"has_conflict": "no", "confirm": "on"})
    page = client.get(a.get_absolute_url()).content.decode()
    anchor = Criterion.objects.get(call=entry.call, code="effectiveness").anchor_4
    assert anchor in page and "н/п" in page and "Нужно больше информации" in page

    response = client.post(f"/expertise/assignments/{a.pk}/review/", _review_form(effectiveness="more_info"))
    assert response.status_code == 400
    assert "какой информации не хватает" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "in_progress"


def test_a_submitted_review_page_is_read_only(entry: CallEntry, perm_manager: Any, nsk_expert: Any) -> None:
    (a,) = assign(entry, nsk_expert, by=perm_manager)
    review_submit(a, 3)
    client = login(nsk_expert)
    page = client.get(a.get_absolute_url()).content.decode()
    assert "оценка отправлена" in page and "Отправить оценку" not in page
    response = client.post(f"/expertise/assignments/{a.pk}/review/", _review_form("4"))
    assert response.status_code == 400 and "уже отправлена" in response.content.decode()


def test_the_entry_page_and_queue_do_a_bounded_number_of_queries(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any, spb_expert: Any
) -> None:
    assignments = assign(entry, perm_expert, nsk_expert, spb_expert, by=perm_manager)
    for a in assignments:
        review_submit(a, 3)
    client = login(perm_manager)
    client.get(entry.get_absolute_url())
    with CaptureQueriesContext(connection) as q:
        assert client.get(entry.get_absolute_url()).status_code == 200
    # 20 with three reviews; the scores are prefetched, so more reviews add no queries.
    assert len(q) <= 25, [x["sql"] for x in q]
    with CaptureQueriesContext(connection) as q:
        assert client.get("/expertise/").status_code == 200
    assert len(q) <= 10
    other = login(nsk_expert)
    with CaptureQueriesContext(connection) as q:
        assert other.get("/expertise/my/").status_code == 200
    assert len(q) <= 10


def test_the_practice_page_shows_how_the_decision_was_obtained(
    entry: CallEntry, perm_manager: Any, perm_expert: Any, nsk_expert: Any, spb_expert: Any
) -> None:
    from konstruktor.expertise import actions

    for a in assign(entry, perm_expert, nsk_expert, spb_expert, by=perm_manager):
        review_submit(a, 3)
    actions.entry_decide(entry=entry, by=perm_manager)
    actions.entry_publish(entry=entry, by=perm_manager)
    practice = Practice.objects.get(pk=entry.practice_id)
    steps = [s["title"] for s in practice.decision_explanation]
    assert steps[:4] == [
        "Оценки по критериям",
        "Экспертная оценка",
        "Согласованность экспертов",
        "Готовность к тиражированию",
    ]
    assert "75 из 100" in practice.decision_explanation[1]["detail"]
