"""The demo seed of practices: once per practice, through the actions, stopping where it should."""

from typing import Any

import pytest

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.organizations.models import Membership, Organization, OrganizationStatus
from konstruktor.organizations.tests.factories import ResourceCentreFactory
from konstruktor.practices.demo import demo_seed
from konstruktor.practices.demo_data import PRACTICES
from konstruktor.practices.models import (
    Component,
    Evaluation,
    EvaluationResult,
    EvidenceFlag,
    EvidenceLevel,
    LaunchStep,
    Material,
    Outcome,
    Practice,
    PracticeVersion,
    Screening,
    Status,
    StatusChange,
)

pytestmark = pytest.mark.django_db

COUNTED = (
    Practice, Outcome, Component, LaunchStep, Material, Evaluation, EvaluationResult, PracticeVersion,
    StatusChange, Screening, Organization, OrganizationStatus,
)  # fmt: skip
# Where the seed leaves a practice: «published» waits for the expertise demo «на экспертизе».
SEED_STATUS = {
    "published": Status.REVIEW,
    "review": Status.REVIEW,
    "moderation": Status.MODERATION,
    "rework": Status.REWORK,
    "draft": Status.DRAFT,
}


def _coordinator() -> Any:
    user = UserFactory(username="coordinator")
    Membership.objects.create(user=user, organization=ResourceCentreFactory(), role=Role.FEDERAL_COORDINATOR)
    return user


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seed_run_twice_creates_every_practice_and_organization_once() -> None:
    _coordinator()
    lines: list[str] = []
    demo_seed(write=lines.append)
    first = _counts()
    demo_seed(write=lines.append)

    assert _counts() == first
    assert first["Practice"] == len(PRACTICES)
    assert Practice.objects.filter(is_demo=True).count() == len(PRACTICES)
    assert first["Evaluation"] == sum(len(p["evaluations"]) for p in PRACTICES)
    assert Organization.objects.filter(practices__is_demo=True).distinct().count() == len(PRACTICES)
    assert "новых 0" in lines[-1]


def test_seed_leaves_each_practice_where_the_demo_says_with_rule_based_evidence_and_reasons() -> None:
    _coordinator()
    demo_seed(write=lambda line: None)
    practices = {p.source_key: p for p in Practice.objects.select_related("organization", "region")}

    for data in PRACTICES:
        practice = practices[f"demo:{data['key']}"]
        assert practice.status == SEED_STATUS[data["status"]], data["key"]
        assert practice.is_demo and not practice.decision_category, data["key"]
        assert practice.region.name == data["region"] == practice.organization.region.name
        assert practice.outcomes.count() == len(data["outcomes"])
        if data["status"] != "draft":
            assert practice.versions.count() == 1, data["key"]
    employment = practices["demo:supported-employment"]
    assert employment.evidence_level == EvidenceLevel.L4
    assert practices["demo:ngo-mentoring"].evidence_level == EvidenceLevel.L3
    assert practices["demo:respite-care"].evidence_level == EvidenceLevel.L2
    assert practices["demo:palliative-home-visiting"].evidence_level == EvidenceLevel.L1
    family = practices["demo:family-centre-crisis"]
    assert family.evidence_level == EvidenceLevel.L3 and family.evidence_flag == EvidenceFlag.NONE
    assert family.outcomes.get(is_priority=False).evidence_flag == EvidenceFlag.NO_EFFECT
    # An organization's identifiers pass the registry's check digits; statuses carry the law.
    org = employment.organization
    org.full_clean(exclude=["search_text"], validate_unique=False, validate_constraints=False)
    assert set(org.statuses.values_list("kind", flat=True)) == {"social_provider", "iopu"}
    # A practice in rework went back with the failed gates in its history.
    practice = practices["demo:teen-mentoring-kdn"]
    screening = practice.screenings.get()
    assert not screening.passed and screening.gates["ethics"]["passed"] is False
    last = practice.status_changes.order_by("-at", "-id").first()
    assert last is not None and last.to_status == Status.REWORK
    assert "согласия законных представителей" in last.comment


def test_without_a_federal_coordinator_the_seed_says_so_and_writes_nothing() -> None:
    lines: list[str] = []
    demo_seed(write=lines.append)

    assert Practice.objects.count() == 0 and Organization.objects.count() == 0
    assert "нет федерального координатора" in lines[0]
