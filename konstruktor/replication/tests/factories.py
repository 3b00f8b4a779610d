"""Builders for replication tests: published practices with a passport, territories, NGOs, users."""

from typing import Any

import factory

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.organizations.models import ActivityArea, Membership, Organization, OrganizationStatus, TargetGroup
from konstruktor.organizations.tests.factories import OrganizationFactory, ResourceCentreFactory, region, staff
from konstruktor.practices.models import (
    Component,
    DecisionCategory,
    EvidenceLevel,
    LaunchStep,
    Material,
    MaterialKind,
    Outcome,
    Practice,
    Status,
)
from konstruktor.territories.models import Municipality, MunicipalityKind, Settlement

__all__ = [
    "OrganizationFactory",
    "PracticeFactory",
    "ResourceCentreFactory",
    "area",
    "group",
    "member",
    "municipality",
    "ngo",
    "region",
    "settlement",
    "staff",
]


def group(code: str) -> TargetGroup:
    return TargetGroup.objects.get(code=code)


def area(code: str) -> ActivityArea:
    return ActivityArea.objects.get(code=code)


_oktmo = iter(range(10**6))


def municipality(name: str = "Кунгурский муниципальный округ", *, fns_code: str = "59", **fields: Any) -> Municipality:
    reg = region(fns_code)
    code = f"{reg.oktmo_prefix[:2]}{next(_oktmo):06d}"
    defaults: dict[str, Any] = {"kind": MunicipalityKind.MUNICIPAL_OKRUG, "population": 60000}
    return Municipality.objects.create(
        oktmo=code, name=name, name_normalized=name.lower(), region=reg, **{**defaults, **fields}
    )


def settlement(name: str, *, municipality: Municipality, oktmo: str) -> Settlement:
    return Settlement.objects.create(
        name=name,
        name_normalized=name.lower(),
        kind="город",
        oktmo=oktmo,
        region=municipality.region,
        municipality=municipality,
        population=20000,
    )


def ngo(
    *,
    place: Municipality | None = None,
    groups: tuple[str, ...] = (),
    areas: tuple[str, ...] = (),
    sonko: bool = False,
    fns_code: str | None = None,
    **fields: Any,
) -> Organization:
    """An active NGO linked to a municipality, with target groups and areas of activity."""
    reg = place.region if place is not None else region(fns_code or "59")
    org = OrganizationFactory(region=reg, municipality_ref=place, **fields)
    org.target_groups.set([group(c) for c in groups])
    org.areas.set([area(c) for c in areas])
    if sonko:
        OrganizationStatus.objects.create(organization=org, kind=OrganizationStatus.Kind.SONKO)
    return org


def member(organization: Organization, role: str = Role.NGO_MEMBER) -> Any:
    user = UserFactory()
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice with a full passport: 2 core + 1 adaptable components, 3 launch steps,
    2 outcomes, a manual. Target groups and areas are given as code tuples."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    class Params:
        leader_region = "66"  # the leading organization is from another region than the tests' recipients

    title = factory.Sequence(lambda n: f"Практика {n}: клуб активного долголетия")
    organization = factory.LazyAttribute(lambda o: OrganizationFactory(region=region(o.leader_region)))
    region = factory.LazyAttribute(lambda o: o.organization.region if o.organization else region(o.leader_region))
    contact_name = "Смирнова Анна Петровна"
    logic_model = "Занятия → навыки → меньше одиночества"
    status = Status.PUBLISHED
    evidence_level = EvidenceLevel.L2
    readiness_score = factory.LazyFunction(lambda: 3)
    decision_category = DecisionCategory.RECOMMENDED

    @factory.post_generation
    def groups(self, create: bool, extracted: tuple[str, ...] | None, **kwargs: Any) -> None:
        if create:
            self.target_groups.set([group(c) for c in (extracted if extracted is not None else ("elderly",))])

    @factory.post_generation
    def area_codes(self, create: bool, extracted: tuple[str, ...] | None, **kwargs: Any) -> None:
        if create:
            self.areas.set([area(c) for c in (extracted if extracted is not None else ("31.1-01",))])

    @factory.post_generation
    def passport(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if not create or extracted is False:
            return
        Component.objects.bulk_create(
            [
                Component(practice=self, title="Занятия два раза в неделю", is_core=True, order=0),
                Component(practice=self, title="Наставник из числа участников", is_core=True, order=1),
                Component(practice=self, title="Праздники и выезды", is_core=False, order=2),
            ]
        )
        LaunchStep.objects.bulk_create(
            [
                LaunchStep(practice=self, title="Стажировка у наставника", duration_days=3, responsible="Наставник"),
                LaunchStep(
                    practice=self, title="Согласование с РЦ", duration_days=2, responsible="РЦ региона", order=1
                ),
                LaunchStep(
                    practice=self, title="Набор группы", duration_days=5, responsible="Команда получателя", order=2
                ),
            ]
        )
        Outcome.objects.bulk_create(
            [
                Outcome(practice=self, name="Меньше одиночества", indicator="Шкала одиночества", baseline="60",
                        target="45", unit="баллов", order=0),
                Outcome(practice=self, name="Участники остаются в клубе", indicator="Удержание", baseline="0",
                        target="70", unit="%", order=1),
            ]
        )  # fmt: skip
        Material.objects.create(practice=self, kind=MaterialKind.MANUAL, title="Руководство клуба")
