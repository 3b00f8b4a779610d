"""Builders for expertise tests: experts and managers of a region, open calls, submitted reviews."""

from typing import Any

from django.db.models import QuerySet

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.expertise import actions, rules
from konstruktor.expertise.models import Assignment, Call, CallEntry, Review
from konstruktor.organizations.models import Membership, Organization
from konstruktor.organizations.tests.factories import ResourceCentreFactory, region, staff
from konstruktor.practices.models import Practice, Status
from konstruktor.practices.tests.factories import practice as practice_factory

__all__ = ["expert", "manager", "open_call", "practice_in_review", "review_submit", "staff"]

CODES = ("relevance", "effectiveness", "efficiency", "sustainability", "transferability", "equity", "participation", "innovation")  # fmt: skip
READY = {"materials": 3, "training": 3, "fidelity": 3, "cost": 3}


def expert(fns_code: str = "54", *, username: str | None = None, organization: Organization | None = None) -> Any:
    """A user with the role «эксперт» in an organization of the region (their region for the rules)."""
    user = UserFactory(**({"username": username} if username else {}))
    org = organization or ResourceCentreFactory(region=region(fns_code))
    Membership.objects.create(user=user, organization=org, role=Role.EXPERT)
    return user


def manager(fns_code: str = "59", *, username: str | None = None) -> Any:
    return staff(Role.RC_MANAGER, fns_code=fns_code, username=username)


def open_call(*, by: Any, fns_code: str | None = "59", **thresholds: Any) -> Call:
    call = actions.call_create(
        by=by, title="Отбор практик 2026", region=region(fns_code) if fns_code else None, **thresholds
    )
    return actions.call_open(call=call, by=by)


def practice_in_review(
    *, fns_code: str = "59", evidence_level: int = 2, fidelity: bool = True, **kwargs: Any
) -> Practice:
    materials = [{"kind": "manual", "title": "Методическое пособие", "url": "https://example.ru/m.pdf"}]
    if fidelity:
        materials.append(
            {"kind": "fidelity", "title": "Чек-лист соответствия модели", "url": "https://example.ru/f.pdf"}
        )
    p = practice_factory(status=Status.REVIEW, fns_code=fns_code, materials=materials, **kwargs)
    # The evidence level is computed from evaluations by practices.evidence; tests fix it directly.
    Practice.objects.filter(pk=p.pk).update(evidence_level=evidence_level)
    p.refresh_from_db()
    return p


def review_submit(
    assignment: Assignment,
    scores: dict[str, rules.Value] | rules.Value = 3,
    *,
    readiness: dict[str, int | None] | None = None,
    submit: bool = True,
) -> Review:
    """Declare no conflict (if not yet) and submit the review with the given scores."""
    if assignment.status == "awaiting":
        assignment = actions.assignment_declare(assignment=assignment, by=assignment.expert, has_conflict=False)
    values = scores if isinstance(scores, dict) else dict.fromkeys(CODES, scores)
    return actions.review_save(
        assignment=assignment,
        by=assignment.expert,
        scores={
            code: actions.ScoreInput(str(v), "Не хватает данных о затратах." if v == rules.MORE_INFO else "")
            for code, v in values.items()
        },
        readiness=readiness or READY,
        recommendation="yes",
        summary="Практика описана полно, результаты подтверждены.",
        submit=submit,
    )


def assign(entry: CallEntry, *experts: Any, by: Any) -> list[Assignment]:
    return [actions.assignment_create(entry=entry, expert=e, by=by) for e in experts]


def submitted(entry: CallEntry) -> QuerySet[Review]:
    return Review.objects.filter(assignment__entry=entry, submitted_at__isnull=False)
