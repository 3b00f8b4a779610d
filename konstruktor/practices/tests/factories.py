"""Builders for practice tests: passports created through the actions, users of each side."""

from typing import Any

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.organizations.models import ActivityArea, Membership, Organization, TargetGroup
from konstruktor.organizations.tests.factories import OrganizationFactory, region, staff
from konstruktor.practices import actions
from konstruktor.practices.models import DecisionCategory, Practice, Status

__all__ = ["OrganizationFactory", "ngo_member", "passport", "practice", "region", "staff"]


def ngo_member(organization: Organization, *, role: str = Role.NGO_MEMBER) -> Any:
    user = UserFactory()
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def passport(*, organization: Organization | None = None, fns_code: str = "59", **kwargs: Any) -> actions.PassportData:
    data: dict[str, Any] = {
        "title": "Семейный клуб «Вместе»",
        "region": organization.region if organization else region(fns_code),
        "organization": organization,
        "summary": "Встречи приёмных семей с психологом и наставниками раз в неделю.",
        "social_problem": "Приёмные семьи остаются без поддержки после устройства ребёнка, растёт число возвратов.",
        "target_group_criteria": "Приёмные и опекунские семьи с детьми 3–17 лет.",
        "logic_model": "Встречи и наставничество → навыки родителей → меньше кризисов → меньше возвратов детей.",
        "resources": "Психолог 0,5 ставки, помещение, наставники-волонтёры.",
        "target_groups": list(TargetGroup.objects.all()[:1]),
        "areas": list(ActivityArea.objects.all()[:1]),
        "outcomes": [
            {"name": "Меньше возвратов детей из приёмных семей", "indicator": "Доля возвратов", "is_priority": True},
            {"name": "Родители чувствуют поддержку", "indicator": "Индекс удовлетворённости", "is_priority": False},
        ],
        "components": [
            {"title": "Еженедельные встречи клуба", "is_core": True},
            {"title": "Праздники для семей", "is_core": False},
        ],
        "launch_steps": [{"title": "Найти психолога и помещение", "duration_days": 20}],
        "materials": [{"kind": "manual", "title": "Методическое пособие клуба", "url": "https://example.ru/m.pdf"}],
    }
    data.update(kwargs)
    return actions.PassportData(**data)


def practice(
    *, by: Any = None, organization: Organization | None = None, status: str = Status.DRAFT, **kwargs: Any
) -> Practice:
    """A practice created through the actions and walked to `status` by the platform (by=None)."""
    fns_code = kwargs.pop("fns_code", "59")
    if organization is None and kwargs.pop("with_organization", True):
        organization = OrganizationFactory(region=region(fns_code))
    p = actions.practice_create(by=by, passport=passport(organization=organization, fns_code=fns_code, **kwargs))
    if status == Status.DRAFT:
        return p
    actions.practice_submit(practice=p, by=None)
    if status == Status.MODERATION:
        return p
    if status == Status.REWORK:
        return actions.practice_return(practice=p, by=None, comment="Добавьте материалы.")
    actions.practice_screen(practice=p, by=None, gates={c: (True, "") for c in actions.GATE_CODES})
    if status == Status.REVIEW:
        return p
    actions.practice_record_decision(
        practice=p,
        category=DecisionCategory.RECOMMENDED,
        merit_score=78,
        readiness_score=3,
        explanation=[{"title": "Экспертная оценка", "detail": "78 из 100"}],
        by=None,
    )
    if status == Status.DECIDED:
        return p
    actions.practice_publish(practice=p, by=None)
    if status == Status.PUBLISHED:
        return p
    return actions.practice_withdraw(practice=p, by=None, comment="Организация прекратила работу.")


def rc_staff(fns_code: str = "59", role: str = Role.RC_CONSULTANT) -> Any:
    return staff(role, fns_code=fns_code)
