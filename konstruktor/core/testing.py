"""Helpers shared by the test suites of every app."""

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.test import Client


def login(user: Any) -> Client:
    """A test client logged in as the user."""
    client = Client()
    client.force_login(user)
    return client


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Мария"
    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.ru")
    password = factory.django.Password("pass-12345")
