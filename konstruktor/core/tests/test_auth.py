import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from konstruktor.core.testing import UserFactory

pytestmark = pytest.mark.django_db


def test_login_and_logout(client) -> None:  # type: ignore[no-untyped-def]
    UserFactory(username="masha")
    response = client.post(reverse("login"), {"username": "masha", "password": "pass-12345"})
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302


def test_failed_logins_are_throttled_even_with_the_right_password(client) -> None:  # type: ignore[no-untyped-def]
    UserFactory(username="masha")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "masha", "password": "wrong"})
        assert "Неверное имя пользователя или пароль" in response.content.decode()
    blocked = client.post(reverse("login"), {"username": "masha", "password": "pass-12345"})
    assert blocked.status_code == 200
    assert "Слишком много неудачных попыток" in blocked.content.decode()


def test_password_reset_sends_a_russian_email(client) -> None:  # type: ignore[no-untyped-def]
    UserFactory(username="masha", email="masha@example.ru")
    client.post(reverse("password_reset"), {"email": "masha@example.ru"})
    assert len(mail.outbox) == 1
    assert "Восстановление пароля" in mail.outbox[0].subject
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change_requires_login(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("password_change")).status_code == 302


def test_deploy_check_passes_with_production_settings(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "DEBUG", "KONSTRUKTOR_TESTING", "DJANGO_ALLOW"))
    }
    env.update(
        DEBUG="0", SECRET_KEY="x" * 60 + "production-like-secret-key", ALLOWED_HOSTS="konstruktor.example.ru",
        KONSTRUKTOR_VAR_DIR=str(tmp_path),
    )  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "konstruktor.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[3], check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_start_without_secret_key_in_production(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "DEBUG", "KONSTRUKTOR_TESTING", "SECRET_KEY"))
    }
    env.update(DEBUG="0", KONSTRUKTOR_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "konstruktor.manage", "check"],
        env=env, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[3], check=False,
    )  # fmt: skip
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
