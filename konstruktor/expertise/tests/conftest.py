from typing import Any

import pytest

from konstruktor.core.roles import Role
from konstruktor.expertise import actions
from konstruktor.expertise.models import Call, CallEntry
from konstruktor.expertise.tests.factories import expert, manager, open_call, practice_in_review, staff
from konstruktor.practices.models import Practice


@pytest.fixture
def perm_manager(db: Any) -> Any:
    return manager("59", username="perm-manager")


@pytest.fixture
def ugra_manager(db: Any) -> Any:
    return manager("86", username="ugra-manager")


@pytest.fixture
def coordinator(db: Any) -> Any:
    return staff(Role.FEDERAL_COORDINATOR, fns_code="77", username="coordinator")


@pytest.fixture
def perm_expert(db: Any) -> Any:
    return expert("59", username="perm-expert")


@pytest.fixture
def nsk_expert(db: Any) -> Any:
    return expert("54", username="nsk-expert")


@pytest.fixture
def spb_expert(db: Any) -> Any:
    return expert("78", username="spb-expert")


@pytest.fixture
def call(perm_manager: Any) -> Call:
    return open_call(by=perm_manager)


@pytest.fixture
def practice(db: Any) -> Practice:
    return practice_in_review(fns_code="59")


@pytest.fixture
def entry(call: Call, practice: Practice, perm_manager: Any) -> CallEntry:
    return actions.entry_add(call=call, practice=practice, by=perm_manager)
