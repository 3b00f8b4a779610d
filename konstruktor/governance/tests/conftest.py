import datetime
from typing import Any

import pytest
from django.core.cache import cache

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.governance import actions
from konstruktor.governance.models import GroupMember, ProjectGroup, Roadmap, RoadmapNode
from konstruktor.organizations.models import Membership, Organization
from konstruktor.organizations.tests.factories import OrganizationFactory, region, staff


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def perm_manager(db: Any) -> Any:
    return staff(Role.RC_MANAGER, fns_code="59", username="perm-manager")


@pytest.fixture
def perm_centre(perm_manager: Any) -> Organization:
    return Membership.objects.get(user=perm_manager).organization


@pytest.fixture
def ngo(db: Any) -> Organization:
    return OrganizationFactory(region=region("59"), short_name="АНО «Опора»", email="opora@example.ru")


@pytest.fixture
def ngo_member(ngo: Organization) -> Any:
    user = UserFactory(username="ngo-member", email="member@example.ru")
    Membership.objects.create(user=user, organization=ngo, role=Role.NGO_MEMBER)
    return user


@pytest.fixture
def group(perm_manager: Any, perm_centre: Organization) -> ProjectGroup:
    return actions.group_create(
        by=perm_manager,
        region=region("59"),
        responsible_centre=perm_centre,
        name="Проектная группа по развитию СОНКО",
        kind=ProjectGroup.Kind.PROJECT,
        body_kind=ProjectGroup.BodyKind.MINISTRY,
        body_name="Министерство социального развития Пермского края",
        purpose="Доступ СОНКО к услугам в социальной сфере",
    )


@pytest.fixture
def roadmap(group: ProjectGroup, perm_manager: Any) -> Roadmap:
    return actions.roadmap_create(group=group, by=perm_manager, title="Дорожная карта СОНКО 2026")


@pytest.fixture
def measure(roadmap: Roadmap, perm_manager: Any) -> RoadmapNode:
    goal = actions.node_create(roadmap=roadmap, by=perm_manager, title="Доступ СОНКО к услугам")
    return actions.node_create(roadmap=roadmap, by=perm_manager, parent=goal, title="Реестр поставщиков")


@pytest.fixture
def ngo_item(measure: RoadmapNode, perm_manager: Any, ngo: Organization) -> RoadmapNode:
    return actions.node_create(
        roadmap=measure.roadmap,
        by=perm_manager,
        parent=measure,
        title="Подготовить документы для реестра поставщиков",
        owner_organization=ngo,
        deadline=datetime.date(2026, 12, 15),
    )


def member_of(group: ProjectGroup, user: Any, organization: Organization, *, by: Any) -> GroupMember:
    return actions.member_add(
        group=group, by=by, category=GroupMember.Category.NGO, user=user, organization=organization
    )
