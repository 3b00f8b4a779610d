"""Handbook test data: articles are made through the actions, so they have versions and are indexed."""

import datetime
from itertools import count
from typing import Any

import factory

from konstruktor.core.roles import Role
from konstruktor.core.testing import UserFactory
from konstruktor.knowledge.actions import article_create
from konstruktor.knowledge.models import Article, Section
from konstruktor.organizations.models import Membership, Organization

_numbers = count(1)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"razdel-{n}")
    title = factory.Sequence(lambda n: f"Раздел {n}")
    order = factory.Sequence(lambda n: n)


def make_article(**fields: Any) -> Article:
    """A published public article unless told otherwise."""
    n = next(_numbers)
    values: dict[str, Any] = {
        "slug": f"statya-{n}",
        "title": f"Вопрос номер {n}?",
        "body": "Короткий ответ.",
        "legal_basis": "7-ФЗ ст. 2",
        "valid_from": datetime.date(2026, 1, 1),
        "status": "published",
        "audience": "public",
    }
    values.update(fields)
    if "section" not in values:
        values["section"] = SectionFactory()
    return article_create(by=fields.pop("by", None), **values)


def ngo_member(organization: Organization) -> Any:
    """A member of an NGO: reads public articles only, edits nothing in the handbook."""
    user = UserFactory()
    Membership.objects.create(user=user, organization=organization, role=Role.NGO_MEMBER)
    return user
