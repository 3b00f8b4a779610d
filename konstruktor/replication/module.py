"""What replication adds to the platform: navigation, indicators and the demo transfers."""

from typing import Any

from konstruktor.core.access import Scope
from konstruktor.core.registry import Indicator, Module, NavItem


def _transfers_completed(region: Any = None) -> int:
    from konstruktor.replication.models import Transfer, TransferStatus

    qs = Transfer.objects.filter(status=TransferStatus.COMPLETED)
    return (qs if region is None else qs.filter(region=region)).count()


def _replications_counted(region: Any = None) -> int:
    from konstruktor.replication.models import Transfer, TransferStatus

    qs = Transfer.objects.filter(status=TransferStatus.COMPLETED, evaluation__isnull=False)
    return (qs if region is None else qs.filter(region=region)).count()


def _works_on_transfers(scope: Scope) -> bool:
    return scope.authenticated and (scope.is_rc_staff or bool(scope.organization_ids or scope.edit_organization_ids))


def _seed(write: Any) -> None:
    from konstruktor.replication.demo import demo_seed

    demo_seed(write=write)


MODULE = Module(
    name="replication",
    label="Тиражирование практик",
    nav=(NavItem("Тиражирование", "replication:list", visible=_works_on_transfers, order=64),),
    indicators=(
        Indicator(
            code="practice_transfers_completed",
            name="Практики перенесены в другие территории (завершённые трансферы)",
            unit="трансферов",
            compute=_transfers_completed,
        ),
        Indicator(
            code="practice_replications_with_comparison",
            name="Тиражирования с данными сравнения, учтённые в доказанности практик",
            unit="трансферов",
            compute=_replications_counted,
        ),
    ),
    seed=_seed,
    # After the practices' demo passports and the expertise seed that decides and publishes them.
    seed_order=80,
)
