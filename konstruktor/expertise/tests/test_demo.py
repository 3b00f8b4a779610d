"""The demo seed: the federal call, four experts in four regions, reviews and decisions — idempotent."""

from typing import Any

import pytest

from konstruktor.core.roles import Role
from konstruktor.expertise import demo
from konstruktor.expertise.models import Assignment, Call, CallEntry, Decision, Review
from konstruktor.expertise.tests.factories import CODES, practice_in_review
from konstruktor.organizations.models import Membership
from konstruktor.practices.models import Practice, Status

pytestmark = pytest.mark.django_db


def _expert(region: str, scores: str) -> dict[str, Any]:
    values = [v if v in ("na", "more_info") else int(v) for v in scores.split()]
    return {
        "region": region,
        "scores": dict(zip(CODES, values, strict=True)),
        "comments": {"relevance": "Потребность подтверждена данными района."},
        "summary": "Практика описана полно.",
        "recommendation": "yes",
    }


def _data(key: str, title: str, experts: list[dict[str, Any]], category: str) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "status": "published",
        "review": {
            "experts": experts,
            "readiness": {"materials": 3, "training": 3, "fidelity": 3, "cost": 3},
            "decision_comment": "Решение экспертного совета.",
            "category": category,
        },
    }


@pytest.fixture
def demo_world(coordinator: Any, monkeypatch: pytest.MonkeyPatch) -> list[Practice]:
    coordinator.username = "coordinator"
    coordinator.save()
    top = practice_in_review(fns_code="59", title="Клубы активного долголетия")
    mixed = practice_in_review(fns_code="54", title="Школа приёмных родителей", evidence_level=1)
    waiting = practice_in_review(fns_code="86", title="Практика без оценок")
    for p, key in ((top, "clubs"), (mixed, "school"), (waiting, "waiting")):
        Practice.objects.filter(pk=p.pk).update(source_key=f"demo:{key}", is_demo=True)
    practices = [
        _data(
            "clubs",
            top.title,
            [
                _expert("Пермский край", "3 3 3 3 3 3 3 3"),
                _expert("Новосибирская область", "3 3 3 3 3 3 3 3"),
                _expert("г. Санкт-Петербург", "3 3 3 3 3 3 3 3"),
            ],
            "recommended",
        ),
        # The two experts disagree by two points on relevance: the demo logs a consensus.
        _data(
            "school",
            mixed.title,
            [_expert("Пермский край", "1 3 3 3 3 3 3 3"), _expert("Ярославская область", "3 3 3 3 3 3 3 more_info")],
            "promising",
        ),
        {"key": "waiting", "title": waiting.title, "status": "review", "review": None},
    ]
    monkeypatch.setattr(demo, "_demo_practices", lambda: practices)
    return [top, mixed, waiting]


def test_the_demo_seed_runs_the_federal_call_through_the_actions(demo_world: list[Practice]) -> None:
    lines: list[str] = []
    demo.demo_seed(write=lines.append)
    call = Call.objects.get(title=demo.CALL_TITLE)
    assert call.region is None and call.status == "open" and call.criteria.count() == 8

    experts = Membership.objects.filter(role=Role.EXPERT, user__username__startswith="expert.")
    assert {m.organization.region.name for m in experts} == {r for *_, r in demo.EXPERTS}

    top, mixed, waiting = (Practice.objects.get(pk=p.pk) for p in demo_world)
    assert top.status == Status.PUBLISHED and top.decision_category == "recommended"
    assert mixed.status == Status.PUBLISHED and mixed.decision_category == "promising"
    assert any("консенсусным обсуждением" in s["detail"] for s in mixed.decision_explanation)
    assert waiting.status == Status.REVIEW
    waiting_entry = CallEntry.objects.get(practice=waiting)
    assert waiting_entry.assignments.count() == 2
    assert all(a.status == "awaiting" for a in waiting_entry.assignments.all())
    assert not any("ожидалось" in line for line in lines)
    assert any("expert.spb" in line for line in lines)


def test_the_demo_seed_is_idempotent(demo_world: list[Practice]) -> None:
    demo.demo_seed(write=lambda _: None)
    counts = [m.objects.count() for m in (Call, CallEntry, Assignment, Review, Decision, Membership)]
    demo.demo_seed(write=lambda _: None)
    assert [m.objects.count() for m in (Call, CallEntry, Assignment, Review, Decision, Membership)] == counts


def test_the_demo_seed_skips_quietly_without_a_coordinator(db: Any) -> None:
    lines: list[str] = []
    demo.demo_seed(write=lines.append)
    assert not Call.objects.exists() and "пропущено" in lines[0]
