"""The demo seed: priorities, transfers at different stages, one completed with comparison data."""

import pytest

from konstruktor.organizations.demo import demo_seed as registry_seed
from konstruktor.organizations.models import SupportRecord
from konstruktor.practices.models import Evaluation
from konstruktor.replication.demo import demo_seed
from konstruktor.replication.models import (
    Adaptation,
    FidelityCheck,
    FitAssessment,
    RegionalPriority,
    ReplicationRequest,
    Stage,
    Transfer,
    TransferStatus,
)
from konstruktor.replication.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

KEYS = ["active-ageing-clubs", "indigenous-crafts-youth", "respite-care", "supported-employment", "rural-social-taxi"]


def counts() -> dict[str, int]:
    models = (RegionalPriority, Transfer, ReplicationRequest, FidelityCheck, Adaptation, FitAssessment, Evaluation)
    return {m.__name__: m.objects.count() for m in models} | {"support": SupportRecord.objects.count()}


def test_without_published_practices_the_seed_sets_only_the_priorities() -> None:
    registry_seed(write=lambda _: None)
    lines: list[str] = []
    demo_seed(write=lines.append)
    assert RegionalPriority.objects.values("region").distinct().count() == 3
    assert not Transfer.objects.exists()
    assert any("опубликованных демо-практик пока нет" in line for line in lines)


def test_the_seed_builds_transfers_at_different_stages_and_runs_twice_without_changes() -> None:
    registry_seed(write=lambda _: None)
    for key in KEYS:
        PracticeFactory(source_key=f"demo:{key}", is_demo=True)

    demo_seed(write=lambda _: None)
    first = counts()
    demo_seed(write=lambda _: None)

    assert counts() == first
    assert first["Transfer"] == 4
    stages = sorted((t.stage, t.status) for t in Transfer.objects.all())
    assert stages == sorted(
        [
            (Stage.PILOT, TransferStatus.ACTIVE),
            (Stage.INTERNSHIP, TransferStatus.ACTIVE),
            (Stage.EVALUATION, TransferStatus.COMPLETED),
            (Stage.ADAPTATION, TransferStatus.ACTIVE),
        ]
    )
    completed = Transfer.objects.get(status=TransferStatus.COMPLETED)
    assert completed.evaluation is not None and completed.evaluation.independent_replication
    assert Adaptation.objects.filter(changes_core=True).exists()
    assert ReplicationRequest.objects.filter(status="new").count() == 1
    assert FitAssessment.objects.count() == 1
